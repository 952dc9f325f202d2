"""The live board's link per session, and the counts it shows (never who, never what)."""

from __future__ import annotations

import datetime as dt

from storage.base import Repository
from storage.timestamps import to_db


class Boards(Repository):
    async def replace(self, session_id: int, secret_hash: str, now: dt.datetime) -> None:
        """The session's board link is this one from now on; the one before stops working."""
        await self._run(
            "INSERT INTO boards (session_id, secret_hash, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT (session_id) DO UPDATE SET"
            " secret_hash = excluded.secret_hash, created_at = excluded.created_at",
            (session_id, secret_hash, to_db(now)),
        )

    async def session_of(self, secret_hash: str) -> int | None:
        """The session a board link shows, if the link is the session's current one."""
        found = await self._scalar(
            "SELECT session_id FROM boards WHERE secret_hash = ?", (secret_hash,)
        )
        return None if found is None else int(found)

    async def joined(self, session_id: int) -> dict[str, int]:
        """How many take part, per perspective (who left is not counted)."""
        rows = await self._all(
            "SELECT perspective, COUNT(*) AS n FROM participants"
            " WHERE session_id = ? AND left_at IS NULL GROUP BY perspective",
            (session_id,),
        )
        return {row["perspective"]: int(row["n"]) for row in rows}
