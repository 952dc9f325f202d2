"""Agreed actions: what, who, by when."""

from __future__ import annotations

import datetime as dt

from storage.base import Repository
from storage.records import Action
from storage.timestamps import date_to_db, to_db


class Actions(Repository):
    async def add(
        self,
        *,
        session_id: int,
        what: str,
        owner: str,
        due_on: dt.date | None,
        created_by: int | None,
        now: dt.datetime,
    ) -> Action:
        action_id = await self._insert(
            "INSERT INTO actions (session_id, what, owner, due_on, created_by, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (session_id, what, owner, date_to_db(due_on), created_by, to_db(now), to_db(now)),
        )
        action = await self.get(action_id)
        if action is None:
            raise RuntimeError("action vanished during creation")
        return action

    async def get(self, action_id: int) -> Action | None:
        row = await self._one("SELECT * FROM actions WHERE id = ?", (action_id,))
        return None if row is None else Action.from_row(row)

    async def of_session(self, session_id: int) -> list[Action]:
        rows = await self._all(
            "SELECT * FROM actions WHERE session_id = ? ORDER BY id", (session_id,)
        )
        return [Action.from_row(row) for row in rows]

    async def update(
        self, action_id: int, *, what: str, owner: str, due_on: dt.date | None, now: dt.datetime
    ) -> None:
        await self._run(
            "UPDATE actions SET what = ?, owner = ?, due_on = ?, updated_at = ? WHERE id = ?",
            (what, owner, date_to_db(due_on), to_db(now), action_id),
        )

    async def set_status(
        self, action_id: int, status: str, note: str | None, now: dt.datetime
    ) -> None:
        await self._run(
            "UPDATE actions SET status = ?, status_note = ?, status_at = ? WHERE id = ?",
            (status, note, to_db(now), action_id),
        )

    async def set_owner_person(self, action_id: int, person_id: int | None) -> None:
        await self._run(
            "UPDATE actions SET owner_person_id = ? WHERE id = ?", (person_id, action_id)
        )

    async def taken_by(self, person_id: int) -> list[Action]:
        """The actions this person took over from a facilitator."""
        rows = await self._all(
            "SELECT * FROM actions WHERE owner_person_id = ? ORDER BY id", (person_id,)
        )
        return [Action.from_row(row) for row in rows]

    async def release_taken_by(self, person_id: int) -> int:
        """Hand the person's actions back to their recorders; return how many."""
        return await self._run(
            "UPDATE actions SET owner_person_id = NULL WHERE owner_person_id = ?", (person_id,)
        )

    async def delete(self, action_id: int) -> bool:
        return await self._run("DELETE FROM actions WHERE id = ?", (action_id,)) == 1

    async def set_theme(self, action_id: int, theme_id: int | None) -> None:
        """The theme an agreed action comes from (None: none)."""
        await self._run("UPDATE actions SET theme_id = ? WHERE id = ?", (theme_id, action_id))

    async def theme_of(self, action_id: int) -> int | None:
        value = await self._scalar("SELECT theme_id FROM actions WHERE id = ?", (action_id,))
        return None if value is None else int(value)
