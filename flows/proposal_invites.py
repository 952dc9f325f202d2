"""When "what is needed" closes, every participant is invited to propose actions."""

from __future__ import annotations

from flows.clock import Clock
from flows.quiet import next_allowed
from storage import Tx
from storage.outbox import Outgoing
from storage.records import Session

# The invitation, queued per participant (ref: their participant row).
PROPOSALS_OPEN = "proposals_open"


async def invite_in(tx: Tx, clock: Clock, session: Session) -> int:
    """Invite every participant who has not left to propose (quiet hours kept)."""
    now = clock.now()
    at = next_allowed(now, session)
    invited = [
        Outgoing(p.person_id, PROPOSALS_OPEN, p.id, not_before=at, wanted_at=now)
        for p in await tx.participation.participants_in(session.id)
        if p.person_id is not None
    ]
    return await tx.outbox.enqueue(invited, now, session.id)
