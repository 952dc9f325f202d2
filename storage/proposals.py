"""Actions participants propose in their own words, and who backs them."""

from __future__ import annotations

from storage.base import Repository
from storage.records import ProposalRecord


class Proposals(Repository):
    async def get(self, proposal_id: int) -> ProposalRecord | None:
        row = await self._one("SELECT * FROM proposals WHERE id = ?", (proposal_id,))
        return None if row is None else ProposalRecord.from_row(row)
