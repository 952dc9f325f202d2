"""The inbox: every update is committed to SQLite before Telegram hears it arrived.

PTB's polling confirms updates with its next getUpdates call, before any handler
has run, so a crash there would lose them. Here getUpdates first commits what it
fetched; the application marks an update handled when its handlers are done; at
start-up whatever the inbox still holds is handled first. An update that comes
twice (a restart, a webhook retry) is recognised by its id and has one effect.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import structlog
from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import Application, ExtBot

from bot import keyboards
from flows import inbox
from flows.clock import Clock
from storage import Database

log = structlog.get_logger()

Keep = Callable[[list[dict[str, Any]]], Awaitable[set[int]]]


class InboxBot(ExtBot[None]):
    """An ExtBot whose getUpdates commits what it fetched before returning it, and which
    can send a message without reading Telegram's copy of it back."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        with self._unfrozen():
            self._keep: Keep | None = None
            preview = self.defaults.link_preview_options if self.defaults else None
            self._link_preview = preview.to_dict() if preview is not None else None
            # Updates this process took into the inbox and has yet to handle. Polling must
            # still pass on repeats (or its offset would not move on): they are skipped here.
            self.to_handle: set[int] = set()

    def keep_updates_with(self, keep: Keep) -> None:
        with self._unfrozen():
            self._keep = keep

    async def send_html(
        self,
        chat_id: int,
        text: str,
        keyboard: InlineKeyboardMarkup | None = None,
        reply_to: int | None = None,
    ) -> None:
        """Send an HTML message; Telegram's answer is not made into a `Message`.

        Building that Message (with the quoted message and the buttons inside) costs more
        than storing the answer being acknowledged, and no reply of ours reads it. The
        parameters go as the plain dicts PTB would make of them, for the same reason.
        """
        reply = None
        if reply_to is not None:
            reply = {"message_id": reply_to, "allow_sending_without_reply": True}
        await self._post(
            "sendMessage",
            {
                "chat_id": chat_id,
                "text": text,
                "parse_mode": ParseMode.HTML,
                "reply_markup": keyboards.as_dict(keyboard) if keyboard is not None else None,
                "reply_parameters": reply,
                "link_preview_options": self._link_preview,
            },
        )

    async def _do_post(self, endpoint: str, data: Any, **kwargs: Any) -> Any:
        # Keep getUpdates' answer as Telegram sent it, before PTB parses it: the inbox then
        # holds what arrived (also fields PTB does not know) without re-encoding it.
        result = await super()._do_post(endpoint, data, **kwargs)
        if endpoint == "getUpdates" and result and self._keep is not None:
            self.to_handle.update(await self._keep(result))
        return result


def inbox_bot(bot: object) -> InboxBot:
    """The application's bot as the InboxBot that build_application makes it."""
    if not isinstance(bot, InboxBot):
        raise TypeError("the application's bot is the InboxBot that build_application makes")
    return bot


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
    """Handles each update once: skips repeats, marks each when done."""

    marks: HandledMarks | None = None

    def use_inbox(self, db: Database, clock: Clock) -> None:
        """Commit fetched updates to `db` and mark them there when handled."""
        self.marks = HandledMarks(db, clock)
        if isinstance(self.bot, InboxBot):
            self.bot.keep_updates_with(keeper(db, clock, self.marks))

    async def process_update(self, update: object) -> None:
        if (
            not isinstance(update, Update)
            or self.marks is None
            or not isinstance(self.bot, InboxBot)
        ):
            await super().process_update(update)
            return
        if update.update_id not in self.bot.to_handle:
            log.info("duplicate_update", update_id=update.update_id)
            return
        self.bot.to_handle.discard(update.update_id)
        erasures = self.marks.erasures()
        await super().process_update(update)
        self.marks.add(update.update_id, erased=self.marks.erasures() != erasures)


def keeper(db: Database, clock: Clock, marks: HandledMarks) -> Keep:
    async def keep(updates: list[dict[str, Any]]) -> set[int]:
        handled, scrub = marks.take()
        try:
            return await inbox.accept(db, clock, updates, handled, scrub=scrub)
        except BaseException:
            marks.give_back(handled, scrub)
            raise

    return keep


async def replay(app: Application, db: Database) -> int:  # type: ignore[type-arg]
    """Queue the updates that arrived but were never handled (the bot stopped or crashed)."""
    pending: Sequence[dict[str, Any]] = await inbox.pending(db)
    for raw in pending:
        update = Update.de_json(raw, app.bot)
        if update is not None:
            if isinstance(app.bot, InboxBot):
                app.bot.to_handle.add(update.update_id)
            await app.update_queue.put(update)
    if pending:
        log.info("inbox_replayed", updates=len(pending))
    return len(pending)
