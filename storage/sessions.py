"""Sessions, the perspectives they invite, and their invite codes."""

from __future__ import annotations

import datetime as dt
import sqlite3

from storage.base import Repository
from storage.records import Invite, Session
from storage.timestamps import to_db


class Sessions(Repository):
    async def create(
        self,
        *,
        owner_id: int,
        title: str,
        theme: str,
        lang: str,
        perspectives: tuple[str, ...],
        now: dt.datetime,
    ) -> Session:
        session_id = await self._insert(
            "INSERT INTO sessions (owner_id, title, theme, lang, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (owner_id, title, theme, lang, to_db(now)),
        )
        await self._many(
            "INSERT INTO session_perspectives (session_id, perspective) VALUES (?, ?)",
            [(session_id, p) for p in perspectives],
        )
        session = await self.get(session_id)
        if session is None:
            raise RuntimeError("session vanished during creation")
        return session

    async def get(self, session_id: int) -> Session | None:
        row = await self._one("SELECT * FROM sessions WHERE id = ?", (session_id,))
        return None if row is None else await self._with_perspectives(row)

    async def owned_by(self, person_id: int) -> list[Session]:
        rows = await self._all(
            "SELECT * FROM sessions WHERE owner_id = ? ORDER BY id DESC", (person_id,)
        )
        return [await self._with_perspectives(row) for row in rows]

    async def set_phase(
        self, session_id: int, phase: str, *, closed_at: dt.datetime | None = None
    ) -> None:
        await self._run(
            "UPDATE sessions SET phase = ?, closed_at = COALESCE(?, closed_at) WHERE id = ?",
            (phase, to_db(closed_at), session_id),
        )

    async def _with_perspectives(self, row: sqlite3.Row) -> Session:
        rows = await self._all(
            "SELECT perspective FROM session_perspectives WHERE session_id = ?", (row["id"],)
        )
        return Session.from_row(row, tuple(r["perspective"] for r in rows))

    # Invites

    async def add_invite(
        self,
        *,
        code: str,
        kind: str,
        session_id: int | None,
        perspective: str | None,
        created_by: int | None,
        now: dt.datetime,
    ) -> Invite:
        await self._run(
            "INSERT INTO invites (code, kind, session_id, perspective, created_by, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (code, kind, session_id, perspective, created_by, to_db(now)),
        )
        invite = await self.invite(code)
        if invite is None:
            raise RuntimeError("invite vanished during creation")
        return invite

    async def invite(self, code: str) -> Invite | None:
        row = await self._one("SELECT * FROM invites WHERE code = ?", (code,))
        return None if row is None else Invite.from_row(row)

    async def invites_for(self, session_id: int) -> list[Invite]:
        rows = await self._all(
            "SELECT * FROM invites WHERE session_id = ? AND revoked_at IS NULL ORDER BY rowid",
            (session_id,),
        )
        return [Invite.from_row(row) for row in rows]

    async def use_invite(self, code: str, now: dt.datetime) -> bool:
        """Mark a one-time invite used; False when it already was."""
        changed = await self._run(
            "UPDATE invites SET used_at = ? WHERE code = ? AND used_at IS NULL",
            (to_db(now), code),
        )
        return changed == 1
