"""The themes a session's answers are grouped into, and which answer went where."""

from __future__ import annotations

from storage.base import Repository
from storage.records import ThemeRecord


class Themes(Repository):
    async def get(self, theme_id: int) -> ThemeRecord | None:
        row = await self._one("SELECT * FROM themes WHERE id = ?", (theme_id,))
        return None if row is None else ThemeRecord.from_row(row)

    async def of_session(self, session_id: int) -> list[ThemeRecord]:
        rows = await self._all(
            "SELECT * FROM themes WHERE session_id = ? ORDER BY id", (session_id,)
        )
        return [ThemeRecord.from_row(row) for row in rows]
