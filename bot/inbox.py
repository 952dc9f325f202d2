"""The inbox: every update is committed to SQLite before Telegram hears it arrived.

The intake is ours, as in PTB's custom-webhook example (an application without an
updater, fed through its update queue): long polling here asks getUpdates for
Telegram's raw updates, commits them, and only then confirms them to Telegram (with
the next call's offset) and queues them; the webhook commits before it answers 200.
The application marks an update handled when its handlers are done; at start-up
whatever the inbox still holds is handled first. An update that comes twice (a
restart, a webhook retry) is recognised by its id and queued once.
"""

from __future__ import annotations

import asyncio
import contextlib
import warnings
from collections.abc import Sequence
from typing import Any

import structlog
from telegram import Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application
from telegram.warnings import PTBUserWarning

from flows import inbox
from flows.clock import Clock
from flows.records import Database

log = structlog.get_logger()

# Long polling: Telegram holds the request open until an update arrives; the read
# waits a little longer than that.
POLL_TIMEOUT = 10
POLL_READ_TIMEOUT = 20.0
RETRY_FIRST = 1.0  # seconds after a failed poll; doubling up to RETRY_MOST
RETRY_MOST = 30.0

# do_api_request warns on every call of an endpoint that has its own method: getUpdates
# is called through it on purpose, for Telegram's raw dicts (see Intake.poll).
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.getUpdates'", category=PTBUserWarning)


class HandledMarks:
    """Marks of handled updates, committed with the next fetch or a second later.

    Riding along with the transaction that keeps the next updates costs no trip of its
    own. A mark lost in a crash only means that update is handled once more at start,
    which the stores recognise (each message becomes at most one answer).
    """

    LATER = 1.0  # seconds: how long a handled update's text may stay in the inbox

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock
        self._ids: list[int] = []
        self._scrub = False  # one of the marked updates erased something
        self._timer: asyncio.TimerHandle | None = None
        self._task: asyncio.Task[None] | None = None

    def add(self, update_id: int, *, erased: bool = False) -> None:
        self._ids.append(update_id)
        self._scrub = self._scrub or erased
        if self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(self.LATER, self._flush_later)

    def take(self) -> tuple[list[int], bool]:
        """The marks not yet committed, and whether to scrub after committing them; the
        caller commits them (or gives them back)."""
        ids, scrub = self._ids, self._scrub
        self._ids, self._scrub = [], False
        return ids, scrub

    def give_back(self, ids: list[int], scrub: bool) -> None:
        self._ids[:0] = ids
        self._scrub = self._scrub or scrub

    def erasures(self) -> int:
        return self._db.erasures

    async def drain(self) -> None:
        """Commit every mark so far."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._task is not None:
            await self._task
        await self._flush()

    def _flush_later(self) -> None:
        self._timer = None
        if self._ids and (self._task is None or self._task.done()):
            self._task = asyncio.create_task(self._flush(), name="inbox-handled")

    async def _flush(self) -> None:
        # Marks added while a flush is under way go in the next turn of the loop.
        while True:
            ids, scrub = self.take()
            if not ids:
                return
            try:
                await inbox.accept(self._db, self._clock, [], handled=ids, scrub=scrub)
            except Exception:
                # Not lost: unmarked updates are handled again, once, at the next start.
                log.exception("inbox_mark_failed", updates=len(ids))
                return


class InboxApplication(Application):  # type: ignore[type-arg]
    """Marks each update in the inbox once its handlers are done."""

    marks: HandledMarks | None = None

    async def process_update(self, update: object) -> None:
        if not isinstance(update, Update) or self.marks is None:
            await super().process_update(update)
            return
        erasures = self.marks.erasures()
        await super().process_update(update)
        self.marks.add(update.update_id, erased=self.marks.erasures() != erasures)


class Intake:
    """Takes Telegram's updates into the inbox, then hands the new ones to the application."""

    def __init__(self, app: Application, db: Database, clock: Clock) -> None:  # type: ignore[type-arg]
        self._app = app
        self._db = db
        self._clock = clock
        self.marks = HandledMarks(db, clock)
        if isinstance(app, InboxApplication):
            app.marks = self.marks
        self._polling: asyncio.Task[None] | None = None

    async def receive(self, raw: list[dict[str, Any]]) -> None:
        """Commit `raw` (Telegram's updates as sent) with the marks so far; queue the new."""
        handled, scrub = self.marks.take()
        try:
            fresh = await inbox.accept(self._db, self._clock, raw, handled, scrub=scrub)
        except BaseException:
            self.marks.give_back(handled, scrub)
            raise
        for data in raw:
            if data["update_id"] not in fresh:
                log.info("duplicate_update", update_id=data["update_id"])
                continue
            await self._queue(data)

    async def replay(self) -> int:
        """Queue the updates that arrived but were never handled (the bot stopped or crashed)."""
        pending: Sequence[dict[str, Any]] = await inbox.pending(self._db)
        for raw in pending:
            await self._queue(raw)
        if pending:
            log.info("inbox_replayed", updates=len(pending))
        return len(pending)

    async def _queue(self, data: dict[str, Any]) -> None:
        try:
            update = Update.de_json(data, self._app.bot)
        except (TypeError, KeyError, ValueError) as error:
            # A shape the library cannot read (newer than it, or malformed) would fail the
            # whole batch at every try and hold up the updates after it: it is marked
            # handled and left, logged by its id only.
            log.warning(
                "update_unreadable", update_id=data["update_id"], reason=type(error).__name__
            )
            self.marks.add(data["update_id"])
            return
        if update is not None:
            await self._app.update_queue.put(update)

    async def start_polling(self) -> None:
        # A webhook left from an earlier run would refuse getUpdates (409).
        await self._app.bot.delete_webhook()
        self._polling = asyncio.create_task(self.poll(), name="intake-polling")

    async def stop_polling(self) -> None:
        """Stop asking; updates already fetched are committed and queued first."""
        if self._polling is None:
            return
        self._polling.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._polling
        self._polling = None

    async def poll(self) -> None:
        """Long polling, until cancelled.

        `do_api_request` is PTB's public call for any endpoint: with no return type it
        gives Telegram's dicts as they came, so the inbox holds what arrived (also fields
        PTB does not know) without re-encoding it. The offset that confirms a batch goes
        out with the next call, after the batch is committed.
        """
        offset: int | None = None
        failures = 0
        while True:
            try:
                raw: list[dict[str, Any]] = await self._app.bot.do_api_request(
                    "getUpdates",
                    api_kwargs={
                        "offset": offset,
                        "timeout": POLL_TIMEOUT,
                        "allowed_updates": Update.ALL_TYPES,
                    },
                    return_type=None,
                    read_timeout=POLL_READ_TIMEOUT,
                )
            except InvalidToken:
                # The token was revoked while running: asking again will not help.
                log.error("polling_refused")
                return
            except TelegramError as error:
                # Telegram unreachable, or another process still polling this bot (409).
                failures += 1
                wait = self._retry_in(failures)
                # The type only: an error's text may hold the token (it is in request URLs).
                log.warning("polling_failed", error=type(error).__name__, retry_in_seconds=wait)
                await asyncio.sleep(wait)
                continue
            if not raw:
                failures = 0
                continue
            # Once fetched, a batch is committed and queued even when stopping meanwhile:
            # stopping waits for it rather than leave it to the next start's replay.
            handing = asyncio.create_task(self.receive(raw), name="intake-commit")
            try:
                await asyncio.shield(handing)
            except asyncio.CancelledError:
                with contextlib.suppress(Exception):
                    await handing  # its failure is the next start's replay
                raise
            except Exception:
                # Not confirmed to Telegram (the offset stays): the batch comes again.
                log.exception("inbox_commit_failed", updates=len(raw))
                failures += 1
                await asyncio.sleep(self._retry_in(failures))
                continue
            failures = 0
            offset = raw[-1]["update_id"] + 1

    @staticmethod
    def _retry_in(failures: int) -> float:
        return min(RETRY_MOST, RETRY_FIRST * 2 ** min(failures - 1, 16))
