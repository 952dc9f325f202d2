"""The personal-details guard's worker process: the same findings, off the bot's core."""

from __future__ import annotations

import asyncio
import json
import os
import pickle
import select
import signal
import subprocess
import sys
from pathlib import Path

from flows import deduce_cache
from flows.pii import Finding, PersonalDetailsGuard
from flows.pii_worker import DeduceWorker

ROOT = Path(__file__).resolve().parent.parent.parent
TEXTS = [
    json.loads(line)["text"]
    for name in ("personal_details_first.jsonl", "personal_details_fresh.jsonl")
    for line in (ROOT / "tests" / "data" / name).read_text().splitlines()
]
ANSWER = "Jan de Vries belde me op 06-12345678."


def kinds(found: list[Finding]) -> list[str]:
    return [f.kind.value for f in found]


def ended(pid: int) -> bool:
    """True when the process is gone (or a zombie nobody reaped: it runs no more)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


async def test_the_worker_finds_what_the_guard_finds_with_one_trip_per_batch(
    loaded_guard: PersonalDetailsGuard,
) -> None:
    worker = DeduceWorker()
    worker.start()
    try:
        # While the worker reads deduce's cache: the structured checks, at once.
        assert not worker.ready
        assert kinds(await worker.found(ANSWER)) == ["phone"]
        assert await worker.wait_ready()
        # Every labelled sentence at once, as in a burst of answers: one trip for all.
        found = await asyncio.gather(*(worker.found(text) for text in TEXTS))
        assert worker.trips == 1
        assert found == [loaded_guard.find(text) for text in TEXTS]
        assert kinds(await worker.found(ANSWER)) == ["name", "phone"]
        assert worker.trips == 2
    finally:
        worker.close()


async def test_a_worker_that_falls_over_is_started_again_and_no_answer_is_lost() -> None:
    worker = DeduceWorker(first_pause=0.1)
    worker.start()
    try:
        assert await worker.wait_ready()
        first = worker.pid
        assert first is not None
        os.kill(first, signal.SIGKILL)
        # Asked while the worker falls: the answer gets the structured checks, no error.
        assert kinds(await worker.found(ANSWER)) == ["phone"]
        assert await worker.wait_ready()
        assert worker.starts == 2
        assert worker.pid not in (None, first)
        assert kinds(await worker.found(ANSWER)) == ["name", "phone"]
    finally:
        worker.close()
    assert ended(first)


class Planted:
    """What someone who can write the cache folder might leave there."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return (Path.touch, (self.marker,))


async def test_a_refused_cache_leaves_the_structured_checks_and_is_not_retried(
    tmp_path: Path,
) -> None:
    folder, marker = tmp_path / "deduce-cache", tmp_path / "code-ran"
    (folder / deduce_cache.PICKLE).parent.mkdir(parents=True)
    (folder / deduce_cache.PICKLE).write_bytes(pickle.dumps(Planted(marker)))
    worker = DeduceWorker(folder, rebuild=False, first_pause=0.01)
    worker.start()
    try:
        assert not await worker.wait_ready()
        assert worker.failed and not worker.ready
        assert kinds(await worker.found(ANSWER)) == ["phone"]
        await asyncio.sleep(0.1)  # ten first pauses: a worker started again would show
        assert worker.starts == 1
    finally:
        worker.close()
    assert not marker.exists()


# A bot that dies without closing its guard (killed), right after its worker is ready.
KILLED_BOT = """
import asyncio, os, signal
from flows.pii_worker import DeduceWorker

async def main():
    worker = DeduceWorker()
    worker.start()
    assert await worker.wait_ready()
    print(worker.pid, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)

asyncio.run(main())
"""


def test_the_worker_ends_when_the_bot_is_killed(tmp_path: Path) -> None:
    printed = tmp_path / "pid"
    with printed.open("w") as out:  # a file, not a pipe: the worker would hold a pipe open
        bot = subprocess.run([sys.executable, "-c", KILLED_BOT], cwd=ROOT, stdout=out, check=False)
    assert bot.returncode == -signal.SIGKILL
    pid = int(printed.read_text().split()[-1])  # the last line; logs come before it
    try:
        handle = os.pidfd_open(pid)
    except ProcessLookupError:
        return  # ended and reaped already
    try:
        ended_in_time, _, _ = select.select([handle], [], [], 30)  # readable once it ends
        assert ended_in_time
    finally:
        os.close(handle)
