"""The personal-details guard with deduce in a worker process of its own.

deduce is pure Python: about 0.7 ms of CPU per short answer. In the bot's own process it
holds the interpreter lock that whole time, inline or in a thread, and the event loop
waits (benchmark (a) measured 0.86 of the echo bot's rate with it, 1.12 without). In a
worker process it runs on the other core. Answers that arrive while the worker is busy go
together in its next trip, the way answers share a commit: one trip for a whole burst.

While the worker starts and reads deduce's cache, or after it fell over, answers get the
structured checks in this process (`find(text, names=False)`): nobody waits for deduce,
and no answer is ever lost to it. A worker that falls over is started again; one whose
cache is refused is not (it would be refused again).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import signal
import time
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import structlog

from flows.pii import Finding, PersonalDetailsGuard

log = structlog.get_logger()

READY = "ready"
FAILED = "failed"
# How long a trip may take before the worker counts as hung: deduce takes about a
# millisecond for a short answer and some tens for Telegram's longest message.
TRIP_SECONDS = 10.0
TRIP_SECONDS_PER_TEXT = 0.1
# After a fall, the next start waits this long, doubling while it keeps falling.
FIRST_PAUSE = 1.0
LONGEST_PAUSE = 300.0
# A worker that ran this long before it fell starts again after the first pause.
RAN_WELL_SECONDS = 600.0


def serve(conn: Connection, cache_dir: Path | None, rebuild: bool) -> None:
    """The worker: load deduce, then answer each list of texts with their findings.

    Answers None for a text the guard failed on (the bot checks that one itself). Ends
    when the bot closes its end of the pipe, or goes away.
    """
    # Ctrl-C in a terminal reaches the whole process group: the bot stops the worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    guard = PersonalDetailsGuard(cache_dir, rebuild=rebuild)
    try:
        guard.load()
    except Exception as error:  # noqa: BLE001 - told to the bot, which goes on without
        _tell(conn, (FAILED, type(error).__name__))
        return
    if not _tell(conn, (READY, None)):
        return
    while True:
        try:
            texts: list[str] = conn.recv()
        except EOFError:
            return  # the bot has stopped
        if not _tell(conn, [_find(guard, text) for text in texts]):
            return


def _tell(conn: Connection, message: object) -> bool:
    """Send `message` to the bot; False when it has gone (then so does the worker)."""
    try:
        conn.send(message)
    except OSError:
        return False
    return True


def _find(guard: PersonalDetailsGuard, text: str) -> list[Finding] | None:
    try:
        return guard.find(text)
    except Exception:  # noqa: BLE001 - one odd text must not cost the others their trip
        return None


class WorkerGone(Exception):
    """The worker stopped, hung, or could not be reached."""


class DeduceWorker(PersonalDetailsGuard):
    """The guard for the running bot: deduce in one worker process, fed in batches.

    `start()` (in the event loop) starts the worker; `found()` is what to await for an
    answer's findings; `close()` stops the worker. Until the worker is ready, `found()`
    is the in-process guard's: the structured checks, as deduce is not loaded here.
    """

    def __init__(
        self,
        cache_dir: Path | None = None,
        *,
        rebuild: bool = True,
        first_pause: float = FIRST_PAUSE,
    ) -> None:
        super().__init__(cache_dir, rebuild=rebuild)
        self._first_pause = first_pause
        self._waiting: list[tuple[str, asyncio.Future[list[Finding]]]] = []
        self._arrived: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self._process: BaseProcess | None = None
        self._serving = False
        self._closed = False
        self._settled = asyncio.Event()  # the worker is ready, or will not be
        self.starts = 0  # worker processes started so far
        self.trips = 0  # batches sent to a worker so far

    @property
    def ready(self) -> bool:
        return self._serving or super().ready

    @property
    def pid(self) -> int | None:
        """The worker's process id while it runs."""
        return self._process.pid if self._process is not None else None

    def start(self) -> None:
        """Start the worker; answers get the structured checks until it is ready."""
        if self._task is not None:
            return
        self._closed = False
        self._arrived = asyncio.Event()
        self._task = asyncio.get_running_loop().create_task(
            self._keep_running(), name="personal-details-worker"
        )

    async def wait_ready(self) -> bool:
        """Wait until the worker has loaded deduce (True) or cannot (False)."""
        await self._settled.wait()
        return self._serving

    async def found(self, text: str) -> list[Finding]:
        """The findings in `text`: from the worker once it is ready, else the structured ones."""
        if not self._serving or self._arrived is None:
            return await super().found(text)
        future: asyncio.Future[list[Finding]] = asyncio.get_running_loop().create_future()
        self._waiting.append((text, future))
        self._arrived.set()
        return await future

    def close(self) -> None:
        """Stop the worker at once; answers waiting for it get the structured checks."""
        self._closed = True
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self._stop_process()
        self._settle_waiting()
        self._settled.set()

    async def _keep_running(self) -> None:
        pause = self._first_pause
        while True:
            started = time.monotonic()
            try:
                await self._run_worker()
                return  # it could not load deduce: starting it again would not help
            except WorkerGone as gone:
                log.warning("personal_details_worker_stopped", reason=str(gone))
            except Exception as error:  # noqa: BLE001 - answers go on with the structured checks
                log.error("personal_details_worker_failed", error=type(error).__name__)
            if time.monotonic() - started > RAN_WELL_SECONDS:
                pause = self._first_pause
            await asyncio.sleep(pause)
            pause = min(pause * 2, LONGEST_PAUSE)

    async def _run_worker(self) -> None:
        # A fresh interpreter, not a fork of one that runs threads (SQLite's, the PDFs').
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        process = context.Process(
            target=serve,
            args=(theirs, self._cache_dir, self._rebuild),
            name="personal-details-worker",
            daemon=True,  # also ended when this process exits without closing the guard
        )
        started = time.monotonic()
        process.start()
        theirs.close()
        self._process = process
        self.starts += 1
        loop = asyncio.get_running_loop()
        # Its sentinel becomes readable when the worker ends: noticed even while idle.
        assert self._arrived is not None
        sentinel = process.sentinel
        loop.add_reader(sentinel, self._arrived.set)
        try:
            status, error = await self._receive(ours, None)
            if status == FAILED:
                self.failed = True
                log.error("personal_details_guard_unavailable", error=error)
                self._settled.set()
                return
            self._serving = True
            log.info("personal_details_guard_ready", seconds=round(time.monotonic() - started, 1))
            self._settled.set()
            await self._serve(ours, process)
        finally:
            self._serving = False
            if not (self.failed or self._closed):
                self._settled.clear()  # until the next worker is ready
            loop.remove_reader(sentinel)
            ours.close()
            self._stop_process()
            self._settle_waiting()

    async def _serve(self, conn: Connection, process: BaseProcess) -> None:
        """One trip at a time, with every text that arrived since the last one."""
        assert self._arrived is not None
        while True:
            await self._arrived.wait()
            self._arrived.clear()
            if not process.is_alive():
                raise WorkerGone(f"exit code {process.exitcode}")
            batch, self._waiting = self._waiting, []
            if not batch:
                continue
            try:
                try:
                    conn.send([text for text, _ in batch])
                except OSError as error:
                    raise WorkerGone(type(error).__name__) from None
                self.trips += 1
                timeout = TRIP_SECONDS + TRIP_SECONDS_PER_TEXT * len(batch)
                results: list[list[Finding] | None] = await self._receive(conn, timeout)
            except BaseException:
                self._waiting[:0] = batch  # settled with the structured checks on the way out
                raise
            for (text, future), found in zip(batch, results, strict=True):
                if found is None:
                    log.warning("personal_details_guard_failed", error="worker")
                    found = self.find(text, names=False)
                if not future.done():  # its handler may have been cancelled meanwhile
                    future.set_result(found)

    async def _receive(self, conn: Connection, within: float | None) -> Any:
        """The worker's next message, waited for without holding up the event loop."""
        loop = asyncio.get_running_loop()
        readable: asyncio.Future[None] = loop.create_future()

        def wake() -> None:
            if not readable.done():
                readable.set_result(None)

        loop.add_reader(conn.fileno(), wake)
        try:
            async with asyncio.timeout(within):
                await readable
            return conn.recv()
        except TimeoutError:
            raise WorkerGone("no answer in time") from None
        except (EOFError, OSError) as error:
            raise WorkerGone(type(error).__name__) from None
        finally:
            loop.remove_reader(conn.fileno())

    def _stop_process(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.is_alive():
            process.kill()
        process.join(timeout=5)
        if process.exitcode is not None:
            process.close()

    def _settle_waiting(self) -> None:
        waiting, self._waiting = self._waiting, []
        for text, future in waiting:
            if not future.done():
                future.set_result(self.find(text, names=False))
