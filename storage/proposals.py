"""Actions participants propose in their own words, and who backs them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from storage.base import Repository, placeholders
from storage.records import ProposalRecord
from storage.timestamps import to_db


class Proposals(Repository):
    async def get(self, proposal_id: int) -> ProposalRecord | None:
        row = await self._one("SELECT * FROM proposals WHERE id = ?", (proposal_id,))
        return None if row is None else ProposalRecord.from_row(row)

    async def add(
        self, session_id: int, participant_id: int, body: str, now: dt.datetime
    ) -> ProposalRecord:
        proposal_id = await self._insert(
            "INSERT INTO proposals (session_id, participant_id, body, created_at)"
            " VALUES (?, ?, ?, ?)",
            (session_id, participant_id, body, to_db(now)),
        )
        found = await self.get(proposal_id)
        if found is None:
            raise RuntimeError("proposal vanished within its transaction")
        return found

    async def of_session(self, session_id: int) -> list[Endorsed]:
        """The session's proposals with how many back them, most backed first."""
        rows = await self._all(
            "SELECT proposals.*, COUNT(endorsements.participant_id) AS endorsements"
            " FROM proposals LEFT JOIN endorsements ON endorsements.proposal_id = proposals.id"
            " WHERE proposals.session_id = ? GROUP BY proposals.id"
            " ORDER BY endorsements DESC, proposals.id",
            (session_id,),
        )
        return [Endorsed(ProposalRecord.from_row(row), row["endorsements"]) for row in rows]

    async def made_by(self, participant_id: int) -> list[ProposalRecord]:
        """The proposals one participant wrote, oldest first."""
        rows = await self._all(
            "SELECT * FROM proposals WHERE participant_id = ? ORDER BY id", (participant_id,)
        )
        return [ProposalRecord.from_row(row) for row in rows]

    async def endorsed_by(self, participant_id: int) -> set[int]:
        rows = await self._all(
            "SELECT proposal_id FROM endorsements WHERE participant_id = ?", (participant_id,)
        )
        return {row[0] for row in rows}

    async def endorse(self, proposal_id: int, participant_id: int, now: dt.datetime) -> None:
        await self._run(
            "INSERT INTO endorsements (proposal_id, participant_id, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (proposal_id, participant_id, to_db(now)),
        )

    async def withdraw(self, proposal_id: int, participant_id: int) -> None:
        await self._run(
            "DELETE FROM endorsements WHERE proposal_id = ? AND participant_id = ?",
            (proposal_id, participant_id),
        )

    async def agreed(self, proposal_id: int, action_id: int) -> None:
        await self._run(
            "UPDATE proposals SET action_id = ? WHERE id = ?", (action_id, proposal_id)
        )

    async def forget_of(self, participant_ids: list[int]) -> int:
        """Their proposals (their words) and their endorsements go with their answers."""
        if not participant_ids:
            return 0
        marks = placeholders(len(participant_ids))
        await self._run(
            f"DELETE FROM endorsements WHERE participant_id IN ({marks})", participant_ids
        )
        return await self._run(
            f"DELETE FROM proposals WHERE participant_id IN ({marks})", participant_ids
        )

    async def purge_session(self, session_id: int) -> int:
        """The session's proposals go with its answers when its retention term ends."""
        return await self._run("DELETE FROM proposals WHERE session_id = ?", (session_id,))


@dataclass(frozen=True, slots=True)
class Endorsed:
    proposal: ProposalRecord
    endorsements: int
