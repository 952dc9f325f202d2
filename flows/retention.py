"""Keeping raw answers no longer than needed: purged a set time after a session closes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flows.clock import Clock
from storage import Database

DEFAULT_DAYS = 90
# Handled updates are kept this long, only to recognise a repeat delivery.
INBOX_DAYS = 7
# Answers waiting for a session choice nobody made.
PENDING_DAYS = 30


@dataclass(frozen=True, slots=True)
class Purged:
    sessions: int
    contributions: int
    pending: int
    inbox: int


async def purge(db: Database, clock: Clock, days: int = DEFAULT_DAYS) -> Purged:
    """Delete raw answers of sessions closed `days` ago or earlier; summaries stay."""
    now = clock.now()
    sessions = contributions = 0
    async with db.transaction() as tx:
        for session in await tx.sessions.closed_before(now - dt.timedelta(days=days)):
            contributions += await tx.contributions.purge_session(session.id)
            await tx.sessions.mark_purged(session.id, now)
            sessions += 1
        pending = await tx.contributions.prune_pending(now - dt.timedelta(days=PENDING_DAYS))
        inbox = await tx.inbox.prune(now - dt.timedelta(days=INBOX_DAYS))
    return Purged(sessions, contributions, pending, inbox)
