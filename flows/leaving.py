"""Leaving a session (/stop): the answers stay anonymised, or go."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import structlog

from flows import dialogue
from flows.access import Actor
from flows.clock import Clock
from flows.errors import Gone
from flows.lookup import session_or_gone
from flows.summary import SESSION_ENDED, SUMMARY, erase_from_summaries, unsign_in_summaries
from storage import Database
from storage.records import Participant, Session

log = structlog.get_logger()


@dataclass(frozen=True, slots=True)
class Membership:
    participant: Participant
    session: Session


@dataclass(frozen=True, slots=True)
class Left:
    session: Session
    kept: int
    erased: int
    # Approved summaries rewritten: without the words, or without the name.
    summaries_changed: int = 0
    # The database file and its WAL hold no copy of what went (see Database.scrub).
    scrubbed: bool = True
    # They chose to leave their answers, without their name (else the answers went too).
    answers_stay: bool = True


class Stopping(StrEnum):
    """What /stop asks first."""

    NOTHING = "nothing"  # they take part in no session
    WHICH = "which"  # several sessions: which one to leave
    HOW = "how"  # one session: what happens to their answers


@dataclass(frozen=True, slots=True)
class StopChoice:
    next: Stopping
    memberships: list[Membership]
    # The titles of the sessions whose summary and report they receive as an organiser:
    # with nothing to leave, they still hear how that stops.
    organises: tuple[str, ...] = ()


async def stop(db: Database, actor: Actor) -> StopChoice:
    """The first question of leaving: which session, or how to leave the only one."""
    items = await memberships(db, actor)
    if not items:
        return StopChoice(Stopping.NOTHING, items, await _organised(db, actor))
    return StopChoice(Stopping.WHICH if len(items) > 1 else Stopping.HOW, items)


async def _organised(db: Database, actor: Actor) -> tuple[str, ...]:
    if actor.person is None:
        return ()
    async with db.read() as tx:
        organising = await tx.personal.organising(actor.person.id)
    return tuple(str(row["session"]) for row in organising)


async def memberships(db: Database, actor: Actor) -> list[Membership]:
    """The sessions the actor takes part in now."""
    if actor.person is None:
        return []
    async with db.transaction() as tx:
        return [
            Membership(p, await session_or_gone(tx, p.session_id))
            for p in await tx.participation.participations_of(actor.person.id)
        ]


async def membership(db: Database, participant_id: int) -> Membership:
    async with db.transaction() as tx:
        participant = await tx.participation.participant(participant_id)
        if participant is None or participant.left_at is not None:
            raise Gone()
        return Membership(participant, await session_or_gone(tx, participant.session_id))


async def leave(db: Database, clock: Clock, participant_id: int, *, keep_answers: bool) -> Left:
    """Stop taking part. Kept answers lose every link to the person and any name, also in
    summaries already approved; erased answers leave those summaries too."""
    now = clock.now()
    async with db.transaction() as tx:
        participant = await tx.participation.participant(participant_id)
        if participant is None or participant.left_at is not None:
            raise Gone()
        session = await session_or_gone(tx, participant.session_id)
        words = {c.id for c in await tx.contributions.of_participants([participant.id])}
        if keep_answers:
            changed = await unsign_in_summaries(tx, session.id, {participant.id})
            await tx.participation.leave_anonymised(participant.id, now)
        else:
            changed = await erase_from_summaries(
                tx, session.id, words, {participant.id: participant.perspective}
            )
            await tx.participation.leave_erased(participant.id)
        person_id = participant.person_id
        if person_id is not None:
            # A summary still queued for them is not theirs to receive any more, nor is
            # the "session ended" note for those who did not want it.
            summaries = [r.id for r in await tx.summaries.of_session(session.id)]
            await tx.outbox.drop_refs_for_person(person_id, SUMMARY, summaries, now, "left")
            await tx.outbox.drop_refs_for_person(
                person_id, SESSION_ENDED, [session.id], now, "left"
            )
            if not await tx.participation.participations_of(person_id):
                # Words waiting for a session choice have nowhere left to go.
                await tx.contributions.drop_pending_of(person_id)
            step = await tx.dialogues.get(person_id)
            if step is not None and dialogue.about_taking_part(step, participant.id, words):
                await tx.dialogues.clear(person_id)
    scrubbed = await db.scrub()
    # Questions still queued for this session are dropped by delivery: they left.
    kept, erased = (len(words), 0) if keep_answers else (0, len(words))
    # After the write, for every channel alike: counts only, never who or what.
    log.info(
        "participant_left",
        session_id=session.id,
        answers_kept=kept,
        answers_erased=erased,
        summaries_changed=changed,
        scrubbed=scrubbed,
    )
    return Left(session, kept, erased, changed, scrubbed, keep_answers)
