"""The messages the bot sends on its own: what is due, and what became of each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flows.clock import Clock
from storage import Database, Tx
from storage.records import Action, OutboxItem, Participant, Round, Session


@dataclass(frozen=True, slots=True)
class Question:
    """A round's question for one participant."""

    session: Session
    round: Round
    perspective: str
    # The session's own wording for this perspective; None: the catalogue's question.
    wording: str | None = None


async def due(db: Database, clock: Clock, *, channel: str, limit: int = 100) -> list[OutboxItem]:
    """What is due, each with the person's id on `channel` (who to send it to there)."""
    async with db.transaction() as tx:
        return await tx.outbox.due(clock.now(), limit, channel)


async def next_due_at(db: Database, *, channel: str) -> dt.datetime | None:
    """When the next message for someone `channel` knows falls due."""
    async with db.transaction() as tx:
        return await tx.outbox.next_due_at(channel)


async def pending_count(db: Database) -> int:
    async with db.transaction() as tx:
        return await tx.outbox.pending_count()


async def delivered(db: Database, clock: Clock, item_id: int) -> None:
    async with db.transaction() as tx:
        await tx.outbox.mark_sent(item_id, clock.now())


async def advanced(db: Database, item_id: int, part: int, not_before: dt.datetime) -> None:
    async with db.transaction() as tx:
        await tx.outbox.advance(item_id, part, not_before)


async def retry_later(db: Database, item_id: int, not_before: dt.datetime, reason: str) -> None:
    async with db.transaction() as tx:
        await tx.outbox.retry_later(item_id, not_before, reason)


async def dropped(db: Database, clock: Clock, item_id: int, reason: str) -> None:
    async with db.transaction() as tx:
        await tx.outbox.drop(item_id, clock.now(), reason)


async def unreachable(db: Database, clock: Clock, person_id: int) -> int:
    """The person blocked the bot: mark them and drop what still waits for them."""
    now = clock.now()
    async with db.transaction() as tx:
        await tx.people.mark_unreachable(person_id, now)
        return await tx.outbox.drop_for_person(person_id, now, "unreachable")


async def question(db: Database, round_id: int, person_id: int) -> Question | None:
    """The question to send, or None when the round closed or they left meanwhile."""
    async with db.read() as tx:
        return await question_in(tx, round_id, person_id)


async def question_in(tx: Tx, round_id: int, person_id: int) -> Question | None:
    """`question`, within a transaction the caller holds."""
    found = await _open_round_of(tx, round_id, person_id)
    if found is None:
        return None
    round_, participant = found
    session = await tx.sessions.get(round_.session_id)
    if session is None:
        return None
    wording = await tx.questions.wording(session.id, round_.kind, participant.perspective)
    return Question(session, round_, participant.perspective, wording)


@dataclass(frozen=True, slots=True)
class Reminder:
    session: Session
    round: Round
    answered: int
    participants: int


@dataclass(frozen=True, slots=True)
class ActionNews:
    session: Session
    action: Action


async def reminder(db: Database, round_id: int, person_id: int) -> Reminder | None:
    """A reminder still worth sending: the round is open and the person has not answered."""
    async with db.read() as tx:
        return await reminder_in(tx, round_id, person_id)


async def reminder_in(tx: Tx, round_id: int, person_id: int) -> Reminder | None:
    """`reminder`, within a transaction the caller holds."""
    found = await _open_round_of(tx, round_id, person_id)
    if found is None:
        return None
    round_, participant = found
    answered = await tx.contributions.answered_participants(round_.id)
    if participant.id in answered:
        return None
    session = await tx.sessions.get(round_.session_id)
    everyone = await tx.participation.participants_in(round_.session_id)
    if session is None:
        return None
    return Reminder(session, round_, len(answered), len(everyone))


async def action_news(db: Database, action_id: int, *, unless_done: bool) -> ActionNews | None:
    """The action and its session; None when gone (or, if asked, when already done)."""
    async with db.transaction() as tx:
        return await action_news_in(tx, action_id, unless_done=unless_done)


async def action_news_in(tx: Tx, action_id: int, *, unless_done: bool) -> ActionNews | None:
    """`action_news`, within a transaction the caller holds."""
    action = await tx.actions.get(action_id)
    if action is None or (unless_done and action.status == "done"):
        return None
    session = await tx.sessions.get(action.session_id)
    return None if session is None else ActionNews(session, action)


async def _open_round_of(
    tx: Tx, round_id: int, person_id: int
) -> tuple[Round, Participant] | None:
    """The round if it is still open, with the person's participation if they have not left."""
    round_ = await tx.rounds.get(round_id)
    if round_ is None or not round_.is_open:
        return None
    participant = await tx.participation.participant_for(round_.session_id, person_id)
    if participant is None or participant.left_at is not None:
        return None
    return round_, participant
