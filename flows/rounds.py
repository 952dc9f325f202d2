"""Closing a round: by the facilitator's /sluit or by its deadline, the same way."""

from __future__ import annotations

from flows.clock import Clock
from flows.lifecycle import Event, transition
from flows.model import Phase, RoundKind
from flows.proposal_invites import invite_in
from storage import Tx
from storage.records import Round, Session


async def close_round_in(tx: Tx, clock: Clock, session: Session, round_: Round) -> Phase:
    """Close `round_` and move the session on; return its new phase."""
    phase = transition(Phase(session.phase), Event.CLOSE_ROUND, round_.is_open)
    await tx.rounds.close(round_.id, clock.now())
    await tx.sessions.set_phase(session.id, phase)
    if phase == Phase.ACTIONS and round_.kind == RoundKind.NEEDED:
        # What is needed is heard: now everyone may propose actions in their own words.
        # Once: the extra round, when held, closes into the same phase.
        await invite_in(tx, clock, session)
    return phase
