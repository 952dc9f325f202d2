"""What the exports read: a session's answers, themes, recognitions and actions, as rows.

Left-out answers (`left_out_at`) are read by none of these queries; erased answers are gone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from storage.base import Repository
from storage.records import Action, ThemeRecord
from storage.timestamps import from_db


@dataclass(frozen=True, slots=True)
class ParticipantRow:
    id: int
    perspective: str


@dataclass(frozen=True, slots=True)
class AnswerRow:
    id: int
    round_kind: str
    participant_id: int
    perspective: str
    body: str
    written_at: dt.datetime
    theme_id: int | None


@dataclass(frozen=True, slots=True)
class RecognitionRow:
    contribution_id: int
    perspective: str


@dataclass(frozen=True, slots=True)
class MirrorRow:
    round_kind: str
    perspectives: tuple[str, ...]


# The answers an export may show: of this session, not left out of the summary.
SHOWN = (
    " FROM contributions c JOIN rounds r ON r.id = c.round_id"
    " JOIN participants p ON p.id = c.participant_id"
    " LEFT JOIN theme_answers ta ON ta.contribution_id = c.id"
    " WHERE r.session_id = ? AND c.left_out_at IS NULL"
)


class Exports(Repository):
    async def participants(self, session_id: int) -> list[ParticipantRow]:
        """Everyone who took part, in the order they joined (the pseudonyms count on it): by
        id, as the time of consent moves when someone agrees to a new consent text."""
        rows = await self._all(
            "SELECT id, perspective FROM participants WHERE session_id = ? ORDER BY id",
            (session_id,),
        )
        return [ParticipantRow(row["id"], row["perspective"]) for row in rows]

    async def answers(self, session_id: int) -> list[AnswerRow]:
        rows = await self._all(
            "SELECT c.id, r.kind, c.participant_id, p.perspective, c.body, c.created_at,"
            " ta.theme_id" + SHOWN + " ORDER BY r.opened_at, c.created_at, c.id",
            (session_id,),
        )
        return [
            AnswerRow(
                id=row["id"],
                round_kind=row["kind"],
                participant_id=row["participant_id"],
                perspective=row["perspective"],
                body=row["body"],
                written_at=_at(row["created_at"]),
                theme_id=row["theme_id"],
            )
            for row in rows
        ]

    async def themes(self, session_id: int) -> list[ThemeRecord]:
        rows = await self._all(
            "SELECT * FROM themes WHERE session_id = ? ORDER BY id", (session_id,)
        )
        return [ThemeRecord.from_row(row) for row in rows]

    async def recognitions(self, session_id: int) -> list[RecognitionRow]:
        """One row per mark on a shown answer, with the perspective of who marked it (an
        author's mark on their own answer, possible before that was refused, left out)."""
        rows = await self._all(
            "SELECT rc.contribution_id, rc.perspective FROM recognitions rc"
            " JOIN contributions written ON written.id = rc.contribution_id"
            " WHERE written.participant_id != rc.participant_id"
            " AND rc.contribution_id IN (SELECT c.id" + SHOWN + ")",
            (session_id,),
        )
        return [RecognitionRow(row["contribution_id"], row["perspective"]) for row in rows]

    async def mirrors(self, session_id: int) -> list[MirrorRow]:
        rows = await self._all(
            "SELECT r.kind, m.perspectives FROM mirrors m JOIN rounds r ON r.id = m.round_id"
            " WHERE r.session_id = ?",
            (session_id,),
        )
        return [
            MirrorRow(row["kind"], tuple(p for p in row["perspectives"].split(",") if p))
            for row in rows
        ]

    async def actions(self, session_id: int) -> list[Action]:
        rows = await self._all(
            "SELECT * FROM actions WHERE session_id = ? ORDER BY due_on IS NULL, due_on, id",
            (session_id,),
        )
        return [Action.from_row(row) for row in rows]


def _at(text: str) -> dt.datetime:
    moment = from_db(text)
    if moment is None:
        raise ValueError("a required time is missing")
    return moment
