"""Timers: deadlines, reminders and follow-ups, waiting in the database for their moment."""

from __future__ import annotations

import datetime as dt

import aiosqlite

from storage.base import Repository
from storage.changes import TIMERS, Changes
from storage.records import Timer
from storage.timestamps import to_db


class Timers(Repository):
    """Adding a timer notes it, so the scheduler arms it on commit. A retired one needs
    nothing: when its job fires, it finds the timer done and does nothing."""

    def __init__(self, conn: aiosqlite.Connection, changes: Changes) -> None:
        super().__init__(conn)
        self._changes = changes

    async def add(self, kind: str, ref_id: int, due_at: dt.datetime, now: dt.datetime) -> Timer:
        timer_id = await self._insert(
            "INSERT INTO timers (kind, ref_id, due_at, created_at) VALUES (?, ?, ?, ?)",
            (kind, ref_id, to_db(due_at), to_db(now)),
        )
        self._changes.note(TIMERS)
        return Timer(timer_id, kind, ref_id, due_at)

    async def pending(self) -> list[Timer]:
        rows = await self._all("SELECT * FROM timers WHERE done_at IS NULL ORDER BY due_at, id")
        return [Timer.from_row(row) for row in rows]

    async def due(self, now: dt.datetime) -> list[Timer]:
        rows = await self._all(
            "SELECT * FROM timers WHERE done_at IS NULL AND due_at <= ? ORDER BY due_at, id",
            (to_db(now),),
        )
        return [Timer.from_row(row) for row in rows]

    async def done(self, timer_id: int, now: dt.datetime) -> bool:
        """Mark a timer done; False when it already was (it never runs twice)."""
        changed = await self._run(
            "UPDATE timers SET done_at = ? WHERE id = ? AND done_at IS NULL",
            (to_db(now), timer_id),
        )
        return changed == 1

    async def cancel(self, kind: str, ref_id: int, now: dt.datetime) -> int:
        """Retire the pending timers of this kind for this row (they are replaced)."""
        return await self._run(
            "UPDATE timers SET done_at = ? WHERE kind = ? AND ref_id = ? AND done_at IS NULL",
            (to_db(now), kind, ref_id),
        )
