"""Consent that means something: versioned, asked again when the text changes."""

from __future__ import annotations

from flows import model
from flows.clock import Clock
from flows.errors import Gone
from storage import Database
from storage.records import Participant


def is_current(participant: Participant) -> bool:
    return participant.consent_version == model.CONSENT_VERSION


async def renew(db: Database, clock: Clock, participant_id: int) -> Participant:
    """Record that the participant agreed to the current consent text."""
    async with db.transaction() as tx:
        await tx.participation.renew_consent(participant_id, model.CONSENT_VERSION, clock.now())
        participant = await tx.participation.participant(participant_id)
    if participant is None:
        raise Gone()
    return participant
