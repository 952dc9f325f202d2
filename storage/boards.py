"""The live board's link per session, and the counts it shows (never who, never what)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from storage.base import Repository
from storage.timestamps import to_db


@dataclass(frozen=True, slots=True)
class ThemeCount:
    """How many answers of one perspective went into a theme (0 rows: an empty theme)."""

    theme_id: int
    name: str
    perspective: str | None
    answers: int


@dataclass(frozen=True, slots=True)
class ProposalCount:
    proposals: int
    backings: int
    agreed: int


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

    async def themes(self, session_id: int) -> list[ThemeCount]:
        """Answers per theme and perspective, themes in the order they were made; answers
        left out are not counted."""
        rows = await self._all(
            "SELECT themes.id, themes.name, participants.perspective,"
            " COUNT(contributions.id) AS n"
            " FROM themes"
            " LEFT JOIN theme_answers ON theme_answers.theme_id = themes.id"
            " LEFT JOIN contributions ON contributions.id = theme_answers.contribution_id"
            " AND contributions.left_out_at IS NULL"
            " LEFT JOIN participants ON participants.id = contributions.participant_id"
            " WHERE themes.session_id = ?"
            " GROUP BY themes.id, participants.perspective ORDER BY themes.id",
            (session_id,),
        )
        return [ThemeCount(row[0], row[1], row[2], int(row[3])) for row in rows]

    async def sorting(self, session_id: int) -> tuple[int, int]:
        """(answers looked at while sorting, answers to sort): those of the closed rounds
        that are not left out."""
        row = await self._one(
            "SELECT COUNT(theme_answers.sorted_at), COUNT(*) FROM contributions"
            " JOIN rounds ON rounds.id = contributions.round_id"
            " LEFT JOIN theme_answers ON theme_answers.contribution_id = contributions.id"
            " WHERE rounds.session_id = ? AND rounds.closed_at IS NOT NULL"
            " AND contributions.left_out_at IS NULL",
            (session_id,),
        )
        return (0, 0) if row is None else (int(row[0]), int(row[1]))

    async def proposals(self, session_id: int) -> ProposalCount:
        """The session's proposals, the backings they got and how many became actions."""
        row = await self._one(
            "SELECT COUNT(*), COUNT(action_id),"
            " (SELECT COUNT(*) FROM endorsements"
            "  JOIN proposals AS p ON p.id = endorsements.proposal_id WHERE p.session_id = ?)"
            " FROM proposals WHERE session_id = ?",
            (session_id, session_id),
        )
        return ProposalCount(0, 0, 0) if row is None else ProposalCount(row[0], row[2], row[1])
