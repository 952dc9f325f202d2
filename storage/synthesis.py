"""What a synthesis reads: answers with their theme, recognitions, the cover facts, response.

Left-out answers are never read here: what the facilitator left out is in nothing made from it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from storage.base import Repository
from storage.participation import TOOK_PART
from storage.timestamps import date_from_db, from_db, to_db


@dataclass(frozen=True, slots=True)
class SortedAnswer:
    contribution_id: int
    round_id: int
    round_kind: str
    participant_id: int
    perspective: str
    display_mode: str
    display_name: str | None
    body: str
    theme_id: int | None


@dataclass(frozen=True, slots=True)
class ThemedAction:
    what: str
    owner: str
    due_on: dt.date | None
    status: str | None
    theme: str | None


@dataclass(frozen=True, slots=True)
class DraftFacts:
    municipality: str | None
    area: str | None
    facilitator_name: str | None
    opening: str | None
    closing: str | None


@dataclass(frozen=True, slots=True)
class PerspectiveResponse:
    perspective: str
    invited: int | None
    joined: int
    refused: int


class SynthesisData(Repository):
    async def answers(self, session_id: int) -> list[SortedAnswer]:
        """The session's answers that are not left out, each with its theme (None: unsorted)."""
        rows = await self._all(
            "SELECT c.id, r.id, r.kind, c.participant_id, p.perspective, p.display_mode,"
            " p.display_name, c.body, ta.theme_id FROM contributions c"
            " JOIN rounds r ON r.id = c.round_id"
            " JOIN participants p ON p.id = c.participant_id"
            " LEFT JOIN theme_answers ta ON ta.contribution_id = c.id"
            " WHERE r.session_id = ? AND c.left_out_at IS NULL ORDER BY c.id",
            (session_id,),
        )
        return [SortedAnswer(*row) for row in rows]

    async def recognitions(self, session_id: int) -> dict[int, dict[str, int]]:
        """Recognitions of the session's answers: contribution -> perspective -> count (an
        author's mark on their own answer, possible before that was refused, not counted)."""
        rows = await self._all(
            "SELECT rc.contribution_id, rc.perspective, COUNT(*) FROM recognitions rc"
            " JOIN contributions c ON c.id = rc.contribution_id"
            " JOIN rounds r ON r.id = c.round_id"
            " WHERE r.session_id = ? AND rc.participant_id != c.participant_id"
            " GROUP BY rc.contribution_id, rc.perspective",
            (session_id,),
        )
        found: dict[int, dict[str, int]] = {}
        for contribution_id, perspective, count in rows:
            found.setdefault(contribution_id, {})[perspective] = count
        return found

    async def mirrored(self, session_id: int) -> dict[int, list[str]]:
        """Per round shared as a mirror: the perspectives it was shared with."""
        rows = await self._all(
            "SELECT m.round_id, m.perspectives FROM mirrors m"
            " JOIN rounds r ON r.id = m.round_id WHERE r.session_id = ?",
            (session_id,),
        )
        return {
            round_id: [p for p in perspectives.split(",") if p] for round_id, perspectives in rows
        }

    async def response(self, session_id: int) -> list[PerspectiveResponse]:
        """Per perspective of the session: invited, joined (who took part, see `TOOK_PART`)
        and refused consent."""
        rows = await self._all(
            "SELECT sp.perspective, sp.invited,"
            " (SELECT COUNT(*) FROM participants WHERE participants.session_id = sp.session_id"
            f"  AND participants.perspective = sp.perspective AND {TOOK_PART}),"
            " (SELECT COUNT(*) FROM consent_refusals cr WHERE cr.session_id = sp.session_id"
            "  AND cr.perspective = sp.perspective)"
            " FROM session_perspectives sp WHERE sp.session_id = ?",
            (session_id,),
        )
        return [PerspectiveResponse(*row) for row in rows]

    async def actions(self, session_id: int) -> list[ThemedAction]:
        rows = await self._all(
            "SELECT a.what, a.owner, a.due_on, a.status, t.name FROM actions a"
            " LEFT JOIN themes t ON t.id = a.theme_id WHERE a.session_id = ? ORDER BY a.id",
            (session_id,),
        )
        return [
            ThemedAction(what, owner, date_from_db(due), status, theme)
            for what, owner, due, status, theme in rows
        ]

    async def period(self, session_id: int) -> tuple[dt.datetime | None, dt.datetime | None]:
        """When the first round opened and the last one closed."""
        row = await self._one(
            "SELECT MIN(opened_at), MAX(closed_at) FROM rounds WHERE session_id = ?",
            (session_id,),
        )
        return (None, None) if row is None else (from_db(row[0]), from_db(row[1]))

    async def draft(self, session_id: int) -> DraftFacts:
        row = await self._one(
            "SELECT municipality, area, facilitator_name, opening, closing"
            " FROM summary_drafts WHERE session_id = ?",
            (session_id,),
        )
        return DraftFacts(None, None, None, None, None) if row is None else DraftFacts(*row)

    async def set_draft(self, session_id: int, now: dt.datetime, **facts: str | None) -> None:
        """Set some of the draft's facts (municipality, area, facilitator_name, opening,
        closing); the others stay."""
        current = await self.draft(session_id)
        merged = {
            "municipality": current.municipality,
            "area": current.area,
            "facilitator_name": current.facilitator_name,
            "opening": current.opening,
            "closing": current.closing,
        }
        unknown = set(facts) - set(merged)
        if unknown:
            raise ValueError(f"not a draft fact: {sorted(unknown)}")
        merged.update(facts)
        await self._run(
            "INSERT INTO summary_drafts (session_id, municipality, area, facilitator_name,"
            " opening, closing, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (session_id) DO UPDATE SET municipality = excluded.municipality,"
            " area = excluded.area, facilitator_name = excluded.facilitator_name,"
            " opening = excluded.opening, closing = excluded.closing,"
            " updated_at = excluded.updated_at",
            (session_id, *merged.values(), to_db(now)),
        )

    async def set_left_out(self, contribution_id: int, now: dt.datetime | None) -> None:
        """Leave an answer out of the summary (now) or take it back in (None)."""
        await self._run(
            "UPDATE contributions SET left_out_at = ? WHERE id = ?", (to_db(now), contribution_id)
        )

    async def left_out(self, session_id: int) -> set[int]:
        rows = await self._all(
            "SELECT c.id FROM contributions c JOIN rounds r ON r.id = c.round_id"
            " WHERE r.session_id = ? AND c.left_out_at IS NOT NULL",
            (session_id,),
        )
        return {row[0] for row in rows}

    async def set_invited(self, session_id: int, perspective: str, invited: int | None) -> None:
        await self._run(
            "UPDATE session_perspectives SET invited = ? WHERE session_id = ? AND perspective = ?",
            (invited, session_id, perspective),
        )
