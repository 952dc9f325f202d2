"""A round's anonymised overview shared with the participants, and what they recognise."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from storage.base import Repository, placeholders
from storage.timestamps import from_db, to_db


@dataclass(frozen=True, slots=True)
class MirrorRecord:
    id: int
    round_id: int
    perspectives: list[str]
    shared_at: dt.datetime


@dataclass(frozen=True, slots=True)
class MirrorItem:
    """One answer as the mirror shows it: words only, with its theme and its author's
    perspective (never a name)."""

    contribution_id: int
    round_id: int
    round_kind: str
    body: str
    perspective: str
    theme_id: int | None
    theme: str | None
    # Who wrote it (a participant, never shown): nobody recognises their own answer.
    author_id: int


# The answers of a round as the mirror shows them: themes in their order, then the
# answers nobody sorted (or skipped); left-out answers never.
_ITEMS = (
    "SELECT contributions.id AS contribution_id, contributions.round_id, rounds.kind,"
    " contributions.body, participants.perspective, contributions.participant_id AS author_id,"
    " themes.id AS theme_id, themes.name AS theme"
    " FROM contributions JOIN rounds ON rounds.id = contributions.round_id"
    " JOIN participants ON participants.id = contributions.participant_id"
    " LEFT JOIN theme_answers ON theme_answers.contribution_id = contributions.id"
    " LEFT JOIN themes ON themes.id = theme_answers.theme_id"
    " WHERE contributions.left_out_at IS NULL"
)
_ORDER = " ORDER BY themes.id IS NULL, themes.id, contributions.id"


class Mirrors(Repository):
    async def add(self, round_id: int, perspectives: list[str], now: dt.datetime) -> bool:
        """Record the round's mirror; False when it was shared before (it stays as it was)."""
        changed = await self._run(
            "INSERT INTO mirrors (round_id, perspectives, shared_at) VALUES (?, ?, ?)"
            " ON CONFLICT (round_id) DO NOTHING",
            (round_id, ",".join(perspectives), to_db(now)),
        )
        return changed == 1

    async def get(self, mirror_id: int) -> MirrorRecord | None:
        row = await self._one("SELECT * FROM mirrors WHERE id = ?", (mirror_id,))
        return None if row is None else _mirror(row)

    async def of_round(self, round_id: int) -> MirrorRecord | None:
        row = await self._one("SELECT * FROM mirrors WHERE round_id = ?", (round_id,))
        return None if row is None else _mirror(row)

    async def of_session(self, session_id: int) -> list[MirrorRecord]:
        rows = await self._all(
            "SELECT mirrors.* FROM mirrors JOIN rounds ON rounds.id = mirrors.round_id"
            " WHERE rounds.session_id = ? ORDER BY mirrors.id",
            (session_id,),
        )
        return [_mirror(row) for row in rows]

    async def items(self, round_id: int) -> list[MirrorItem]:
        rows = await self._all(_ITEMS + " AND contributions.round_id = ?" + _ORDER, (round_id,))
        return [_item(row) for row in rows]

    async def item(self, contribution_id: int) -> MirrorItem | None:
        row = await self._one(_ITEMS + " AND contributions.id = ?", (contribution_id,))
        return None if row is None else _item(row)

    async def recognise(
        self, contribution_id: int, participant_id: int, perspective: str, now: dt.datetime
    ) -> None:
        await self._run(
            "INSERT INTO recognitions (contribution_id, participant_id, perspective, created_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (contribution_id, participant_id, perspective, to_db(now)),
        )

    async def unrecognise(self, contribution_id: int, participant_id: int) -> None:
        await self._run(
            "DELETE FROM recognitions WHERE contribution_id = ? AND participant_id = ?",
            (contribution_id, participant_id),
        )

    async def recognised_by(self, participant_id: int) -> set[int]:
        rows = await self._all(
            "SELECT contribution_id FROM recognitions WHERE participant_id = ?",
            (participant_id,),
        )
        return {row[0] for row in rows}

    async def marks_of(self, participant_id: int) -> list[tuple[int, dt.datetime]]:
        """What this participant recognises: each answer, and since when."""
        rows = await self._all(
            "SELECT contribution_id, created_at FROM recognitions WHERE participant_id = ?"
            " ORDER BY contribution_id",
            (participant_id,),
        )
        return [(row[0], from_db(row[1])) for row in rows]

    async def counts(self, session_id: int) -> dict[int, dict[str, int]]:
        """Recognitions per item and perspective of those recognising, over the session's
        answers that are not left out; an author's mark on their own answer not counted."""
        rows = await self._all(
            "SELECT recognitions.contribution_id, recognitions.perspective, COUNT(*) AS n"
            " FROM recognitions"
            " JOIN contributions ON contributions.id = recognitions.contribution_id"
            " JOIN rounds ON rounds.id = contributions.round_id"
            " WHERE rounds.session_id = ? AND contributions.left_out_at IS NULL"
            " AND recognitions.participant_id != contributions.participant_id"
            " GROUP BY recognitions.contribution_id, recognitions.perspective",
            (session_id,),
        )
        counts: dict[int, dict[str, int]] = {}
        for row in rows:
            counts.setdefault(row[0], {})[row[1]] = row[2]
        return counts

    async def audience(self, session_id: int) -> dict[int, str]:
        """The people a mirror reaches, each (participant id) with their perspective: those
        who have not left, and those who left but recognised something before (so no count
        exceeds its group)."""
        rows = await self._all(
            "SELECT id, perspective FROM participants WHERE session_id = ?"
            " AND (left_at IS NULL OR EXISTS (SELECT 1 FROM recognitions"
            " JOIN contributions ON contributions.id = recognitions.contribution_id"
            " WHERE recognitions.participant_id = participants.id"
            " AND contributions.participant_id != participants.id))"
            " ORDER BY id",
            (session_id,),
        )
        return {row[0]: row[1] for row in rows}

    async def forget_of(self, participant_ids: list[int]) -> int:
        """What these participants recognised goes with their answers."""
        if not participant_ids:
            return 0
        marks = placeholders(len(participant_ids))
        return await self._run(
            f"DELETE FROM recognitions WHERE participant_id IN ({marks})", participant_ids
        )


def _mirror(row: sqlite3.Row) -> MirrorRecord:
    return MirrorRecord(
        id=row["id"],
        round_id=row["round_id"],
        perspectives=[p for p in row["perspectives"].split(",") if p],
        shared_at=from_db(row["shared_at"]),
    )


def _item(row: sqlite3.Row) -> MirrorItem:
    return MirrorItem(
        contribution_id=row["contribution_id"],
        round_id=row["round_id"],
        round_kind=row["kind"],
        body=row["body"],
        perspective=row["perspective"],
        theme_id=row["theme_id"],
        theme=row["theme"],
        author_id=row["author_id"],
    )
