"""A session's own wording of its questions, for every perspective ('') or for one."""

from __future__ import annotations

import datetime as dt

from storage.base import Repository
from storage.timestamps import to_db

# The perspective of a wording meant for every perspective.
EVERYONE = ""


class Questions(Repository):
    async def of_session(self, session_id: int) -> dict[tuple[str, str], str]:
        """(round kind, perspective or '') -> the session's wording."""
        rows = await self._all(
            "SELECT round_kind, perspective, text FROM session_questions WHERE session_id = ?",
            (session_id,),
        )
        return {(row[0], row[1]): row[2] for row in rows}

    async def wording(self, session_id: int, kind: str, perspective: str) -> str | None:
        """The perspective's own wording, else the one for everyone, else None."""
        row = await self._one(
            "SELECT text FROM session_questions WHERE session_id = ? AND round_kind = ?"
            " AND perspective IN (?, '') ORDER BY perspective = '' LIMIT 1",
            (session_id, kind, perspective),
        )
        return None if row is None else str(row[0])

    async def put(
        self, session_id: int, kind: str, perspective: str, text: str, now: dt.datetime
    ) -> None:
        await self._run(
            "INSERT INTO session_questions (session_id, round_kind, perspective, text, updated_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (session_id, round_kind, perspective)"
            " DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
            (session_id, kind, perspective, text, to_db(now)),
        )

    async def remove(self, session_id: int, kind: str) -> int:
        """Back to the defaults: every wording of the round (for everyone and per perspective)."""
        return await self._run(
            "DELETE FROM session_questions WHERE session_id = ? AND round_kind = ?",
            (session_id, kind),
        )
