"""The themes a session's answers are grouped into, and which answer went where."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from storage.base import Repository
from storage.records import ThemeRecord
from storage.timestamps import to_db


@dataclass(frozen=True, slots=True)
class SortableAnswer:
    """An answer of a closed round, as the sorting needs it: its words and where it went."""

    id: int
    round_id: int
    body: str
    sorted: bool  # looked at: put in a theme or skipped
    theme_id: int | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> SortableAnswer:
        return cls(
            id=row["id"],
            round_id=row["round_id"],
            body=row["body"],
            sorted=row["sorted_at"] is not None,
            theme_id=row["theme_id"],
        )


@dataclass(frozen=True, slots=True)
class RoundToSort:
    """A closed round with answers waiting to be sorted."""

    round_id: int
    session_id: int
    under_way: bool  # the session has answers sorted (put in a theme or skipped) already
    closed_at: dt.datetime


# The answers of one session that can be sorted: in a closed round, not left out.
_SORTABLE = """
    SELECT contributions.id, contributions.round_id, contributions.body,
           theme_answers.sorted_at, theme_answers.theme_id
    FROM contributions
    JOIN rounds ON rounds.id = contributions.round_id
    LEFT JOIN theme_answers ON theme_answers.contribution_id = contributions.id
    WHERE rounds.session_id = ? AND rounds.closed_at IS NOT NULL
      AND contributions.left_out_at IS NULL
"""


class Themes(Repository):
    async def get(self, theme_id: int) -> ThemeRecord | None:
        row = await self._one("SELECT * FROM themes WHERE id = ?", (theme_id,))
        return None if row is None else ThemeRecord.from_row(row)

    async def of_session(self, session_id: int) -> list[ThemeRecord]:
        rows = await self._all(
            "SELECT * FROM themes WHERE session_id = ? ORDER BY id", (session_id,)
        )
        return [ThemeRecord.from_row(row) for row in rows]

    async def named(self, session_id: int, name: str) -> ThemeRecord | None:
        """The session's theme of this name, whatever its capitals."""
        row = await self._one(
            "SELECT * FROM themes WHERE session_id = ? AND lower(name) = lower(?)",
            (session_id, name),
        )
        return None if row is None else ThemeRecord.from_row(row)

    async def add(self, session_id: int, name: str, now: dt.datetime) -> ThemeRecord:
        theme_id = await self._insert(
            "INSERT INTO themes (session_id, name, created_at) VALUES (?, ?, ?)",
            (session_id, name, to_db(now)),
        )
        return ThemeRecord(theme_id, session_id, name, now)

    async def rename(self, theme_id: int, name: str) -> None:
        await self._run("UPDATE themes SET name = ? WHERE id = ?", (name, theme_id))

    async def merge(self, theme_id: int, into_id: int) -> None:
        """Move every answer of `theme_id` to `into_id`, then drop `theme_id`."""
        await self._run(
            "UPDATE theme_answers SET theme_id = ? WHERE theme_id = ?", (into_id, theme_id)
        )
        await self._run("UPDATE actions SET theme_id = ? WHERE theme_id = ?", (into_id, theme_id))
        await self._run("DELETE FROM themes WHERE id = ?", (theme_id,))

    async def place(self, contribution_id: int, theme_id: int | None, now: dt.datetime) -> None:
        """Put an answer in a theme; None: looked at and skipped."""
        await self._run(
            "INSERT INTO theme_answers (contribution_id, theme_id, sorted_at) VALUES (?, ?, ?)"
            " ON CONFLICT (contribution_id) DO UPDATE"
            " SET theme_id = excluded.theme_id, sorted_at = excluded.sorted_at",
            (contribution_id, theme_id, to_db(now)),
        )

    async def sortable(self, session_id: int) -> list[SortableAnswer]:
        """Every answer of the session's closed rounds that is not left out, oldest first."""
        rows = await self._all(_SORTABLE + " ORDER BY contributions.id", (session_id,))
        return [SortableAnswer.from_row(row) for row in rows]

    async def rounds_to_sort(self) -> list[RoundToSort]:
        """The closed rounds with answers nobody looked at yet (not left out), in sessions
        not closed; the round that closed last first."""
        rows = await self._all(
            "SELECT rounds.id, rounds.session_id, rounds.closed_at, EXISTS ("
            "   SELECT 1 FROM theme_answers"
            "   JOIN contributions ON contributions.id = theme_answers.contribution_id"
            "   JOIN rounds AS sorted ON sorted.id = contributions.round_id"
            "   WHERE sorted.session_id = rounds.session_id"
            " ) AS under_way"
            " FROM rounds JOIN sessions ON sessions.id = rounds.session_id"
            " WHERE rounds.closed_at IS NOT NULL AND sessions.phase != 'closed' AND EXISTS ("
            "   SELECT 1 FROM contributions"
            "   LEFT JOIN theme_answers ON theme_answers.contribution_id = contributions.id"
            "   WHERE contributions.round_id = rounds.id AND contributions.left_out_at IS NULL"
            "   AND theme_answers.sorted_at IS NULL"
            " )"
            " ORDER BY rounds.closed_at DESC, rounds.id DESC"
        )
        return [
            RoundToSort(row[0], row[1], bool(row[3]), dt.datetime.fromisoformat(row[2]))
            for row in rows
        ]

    async def sortable_answer(
        self, session_id: int, contribution_id: int
    ) -> SortableAnswer | None:
        row = await self._one(
            _SORTABLE + " AND contributions.id = ?", (session_id, contribution_id)
        )
        return None if row is None else SortableAnswer.from_row(row)
