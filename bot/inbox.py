"""The inbox: every update is committed to SQLite before Telegram hears it arrived.

PTB's polling confirms updates with its next getUpdates call, before any handler
has run, so a crash there would lose them. Here getUpdates first commits what it
fetched; the application marks an update handled when its handlers are done; at
start-up whatever the inbox still holds is handled first. An update that comes
twice (a restart, a webhook retry) is recognised by its id and has one effect.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import structlog
from telegram import Update
from telegram.ext import Application, ExtBot

from flows import inbox
from flows.clock import Clock
from storage import Database

log = structlog.get_logger()

Keep = Callable[[list[dict[str, Any]]], Awaitable[set[int]]]


class InboxBot(ExtBot[None]):
    """An ExtBot whose getUpdates commits what it fetched before returning it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        with self._unfrozen():
            self._keep: Keep | None = None
            # Updates this process took into the inbox and has yet to handle. Polling must
            # still pass on repeats (or its offset would not move on): they are skipped here.
            self.to_handle: set[int] = set()

    def keep_updates_with(self, keep: Keep) -> None:
        with self._unfrozen():
            self._keep = keep

    async def get_updates(self, *args: Any, **kwargs: Any) -> tuple[Update, ...]:
        updates = await super().get_updates(*args, **kwargs)
        if updates and self._keep is not None:
            self.to_handle.update(await self._keep([update.to_dict() for update in updates]))
        return updates


class InboxApplication(Application):  # type: ignore[type-arg]
    """Handles each update once: skips repeats, marks each when done."""

    async def process_update(self, update: object) -> None:
        services = self.bot_data.get("services")
        if (
            not isinstance(update, Update)
            or services is None
            or not isinstance(self.bot, InboxBot)
        ):
            await super().process_update(update)
            return
        if update.update_id not in self.bot.to_handle:
            log.info("duplicate_update", update_id=update.update_id)
            return
        self.bot.to_handle.discard(update.update_id)
        await super().process_update(update)
        await inbox.handled(services.db, services.clock, update.update_id)


def keeper(db: Database, clock: Clock) -> Keep:
    async def keep(updates: list[dict[str, Any]]) -> set[int]:
        return await inbox.accept(db, clock, updates)

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
