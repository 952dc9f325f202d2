"""Who joins is no secret to the facilitator: each newcomer is announced, and can be removed.

A forwarded parent link could let a stranger in. The facilitator hears of every new
participant (perspective and the name they chose to appear with) and may take them out,
answers and all, as long as the summary has not gone out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flows import dialogue, timers
from flows.clock import Clock
from flows.errors import Gone, WrongPhase
from flows.lookup import session_or_gone
from flows.model import Phase
from storage import Database, Tx
from storage.outbox import Outgoing
from storage.records import Participant, Session

# Outbox kinds: to the leaders, about a participant; to the removed person, about the session.
NEW_PARTICIPANT = "new_participant"
UNFINISHED_PARTICIPANT = "new_participant_unfinished"
REMOVED = "participant_removed"
# Someone who said yes but chose no name yet can already answer: the leaders hear of them
# after this long, unless they finished joining (and were announced) meanwhile.
UNFINISHED_AFTER = dt.timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class Newcomer:
    participant: Participant
    session: Session


@dataclass(frozen=True, slots=True)
class Removed:
    session: Session
    participant: Participant
    answers: int


async def announce(tx: Tx, clock: Clock, session: Session, participant: Participant) -> None:
    """Tell the session's owner and co-facilitators that someone finished joining."""
    leaders = [session.owner_id, *await tx.sessions.co_facilitators(session.id)]
    await timers.enqueue(
        tx,
        clock,
        session,
        [Outgoing(person_id, NEW_PARTICIPANT, participant.id) for person_id in leaders],
    )


async def announce_if_unfinished(
    tx: Tx, clock: Clock, session: Session, participant: Participant
) -> None:
    """Queue a notice for the leaders that goes out only if joining is still unfinished then."""
    leaders = [session.owner_id, *await tx.sessions.co_facilitators(session.id)]
    later = clock.now() + UNFINISHED_AFTER  # held for the morning in quiet hours
    await timers.enqueue(
        tx,
        clock,
        session,
        [Outgoing(p, UNFINISHED_PARTICIPANT, participant.id, not_before=later) for p in leaders],
    )


async def newcomer(
    db: Database, participant_id: int, *, unfinished: bool = False
) -> Newcomer | None:
    """The newcomer to announce; None when they left or were removed meanwhile, or (for the
    `unfinished` notice) finished joining and were announced then."""
    async with db.read() as tx:
        participant = await tx.participation.participant(participant_id)
        if participant is None or participant.left_at is not None:
            return None
        if unfinished and participant.setup_done:
            return None
        session = await tx.sessions.get(participant.session_id)
    return None if session is None else Newcomer(participant, session)


async def check_removable(db: Database, participant_id: int) -> Newcomer:
    """The participant the facilitator asks to remove, if that can still be done."""
    async with db.read() as tx:
        participant, session = await _removable(tx, participant_id)
    return Newcomer(participant, session)


async def remove(db: Database, clock: Clock, participant_id: int) -> Removed:
    """Take a participant out of the session with their answers; they cannot rejoin by link."""
    now = clock.now()
    async with db.transaction() as tx:
        participant, session = await _removable(tx, participant_id)
        words = {c.id for c in await tx.contributions.of_participants([participant.id])}
        answers = len(words)
        # Deleting the participation deletes their answers with it (ON DELETE CASCADE).
        await tx.participation.leave_erased(participant.id)
        person_id = participant.person_id
        if person_id is not None:
            await tx.participation.mark_removed(session.id, person_id, now)
            if not await tx.participation.participations_of(person_id):
                await tx.contributions.drop_pending_of(person_id)
            # A step about this participation (a pseudonym, an edit) is about a row that is
            # gone; a step of theirs elsewhere (leading their own session) goes on.
            step = await tx.dialogues.get(person_id)
            if step is not None and dialogue.about_taking_part(step, participant.id, words):
                await tx.dialogues.clear(person_id)
            await timers.enqueue(tx, clock, session, [Outgoing(person_id, REMOVED, session.id)])
    await db.scrub()  # their words are gone from the database files too
    return Removed(session, participant, answers)


async def session_of_removal(db: Database, session_id: int) -> Session | None:
    """The session someone was taken out of, for the message telling them."""
    async with db.read() as tx:
        return await tx.sessions.get(session_id)


async def _removable(tx: Tx, participant_id: int) -> tuple[Participant, Session]:
    participant = await tx.participation.participant(participant_id)
    if participant is None or participant.left_at is not None:
        raise Gone()
    session = await session_or_gone(tx, participant.session_id)
    # Once the summary is out, their words are in it: removing them here would not reach it.
    if session.phase == Phase.CLOSED or await tx.summaries.latest_for(session.id) is not None:
        raise WrongPhase("summary_sent")
    return participant, session
