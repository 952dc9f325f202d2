"""Deadlines, reminders and follow-ups: planned as rows, run when due, each exactly once.

A timer is marked done in the same transaction as its effect, so a restart neither
loses one that fell due while the bot was down nor runs one twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from flows.clock import Clock
from flows.quiet import next_allowed
from flows.rounds import close_round_in
from storage import Database, Tx
from storage.outbox import Outgoing
from storage.records import Action, Round, Session, Timer

CLOSE_ROUND = "close_round"
REMIND = "remind"
FOLLOW_UP = "follow_up"

# Outbox kinds these timers produce.
ROUND_CLOSED = "round_closed"
REMINDER = "reminder"
ACTION_FOLLOW_UP = "action_follow_up"

MAX_REMINDERS = 2
HOUR = dt.timedelta(hours=1)
# A reminder closer than this to the deadline (or to the other reminder) is not worth sending.
MARGIN = dt.timedelta(minutes=10)
FOLLOW_UP_AT = dt.time(9, 0)
FOLLOW_UP_AGAIN = dt.timedelta(weeks=1)


@dataclass(frozen=True, slots=True)
class Fired:
    timer: Timer
    effect: str  # what happened: closed, reminded, asked, or nothing (obsolete)


def reminder_times(
    opened: dt.datetime, closes: dt.datetime, kinds: tuple[str, ...]
) -> list[dt.datetime]:
    """When a round's automatic reminders are due: halfway, and an hour before the deadline."""
    times = []
    if "halfway" in kinds:
        times.append(opened + (closes - opened) / 2)
    if "hour_before" in kinds and closes - HOUR > opened + MARGIN:
        times.append(closes - HOUR)
    times.sort()
    kept: list[dt.datetime] = []
    for moment in times:
        if not kept or moment - kept[-1] > MARGIN:
            kept.append(moment)
    return kept[:MAX_REMINDERS]


def deadline(session: Session, moment: dt.datetime) -> dt.datetime:
    """A deadline that would fall in the quiet hours moves to their end."""
    return next_allowed(moment, session)


async def plan_round(tx: Tx, clock: Clock, session: Session, round_: Round) -> None:
    """(Re)plan the round's closing and its reminders from its current deadline."""
    now = clock.now()
    await tx.timers.cancel(CLOSE_ROUND, round_.id, now)
    await tx.timers.cancel(REMIND, round_.id, now)
    if round_.closes_at is None:
        return
    await tx.timers.add(CLOSE_ROUND, round_.id, round_.closes_at, now)
    left = MAX_REMINDERS - round_.reminders_sent
    for moment in reminder_times(round_.opened_at, round_.closes_at, session.reminders):
        due = next_allowed(max(moment, now), session)
        if left > 0 and moment > now and due < round_.closes_at - MARGIN:
            await tx.timers.add(REMIND, round_.id, due, now)
            left -= 1


async def plan_follow_up(
    tx: Tx, clock: Clock, session: Session, action: Action, *, again: bool = False
) -> None:
    """Ask about the action on its due date, at nine in the session's time zone; `again`:
    a week after the last answer (it was on track or stuck, not done)."""
    now = clock.now()
    await tx.timers.cancel(FOLLOW_UP, action.id, now)
    if action.due_on is None or action.status == "done":
        return
    zone = ZoneInfo(session.tz)
    day = now.astimezone(zone).date() + FOLLOW_UP_AGAIN if again else action.due_on
    moment = dt.datetime.combine(day, FOLLOW_UP_AT, tzinfo=zone)
    await tx.timers.add(FOLLOW_UP, action.id, moment.astimezone(dt.UTC), now)


async def pending(db: Database) -> list[Timer]:
    async with db.transaction() as tx:
        return await tx.timers.pending()


async def run_due(db: Database, clock: Clock) -> list[Fired]:
    """Run every timer that is due, each in its own transaction with its effect."""
    async with db.transaction() as tx:
        due = await tx.timers.due(clock.now())
    # Reminders missed while the bot was down: only the latest of a round is worth sending.
    latest: dict[int, Timer] = {}
    for timer in due:
        if timer.kind == REMIND:
            latest[timer.ref_id] = timer
    fired = []
    for timer in due:
        if timer.kind == REMIND and latest[timer.ref_id] is not timer:
            async with db.transaction() as tx:
                await tx.timers.done(timer.id, clock.now())
            fired.append(Fired(timer, "nothing"))
            continue
        async with db.transaction() as tx:
            if not await tx.timers.done(timer.id, clock.now()):
                continue  # another run got it first
            effect = await _RUN[timer.kind](tx, clock, timer)
        fired.append(Fired(timer, effect))
    return fired


async def _close_round(tx: Tx, clock: Clock, timer: Timer) -> str:
    round_ = await tx.rounds.get(timer.ref_id)
    if round_ is None or not round_.is_open or round_.closes_at is None:
        return "nothing"
    if round_.closes_at > clock.now():
        return "nothing"  # extended since: a newer timer closes it
    session = await tx.sessions.get(round_.session_id)
    if session is None:
        return "nothing"
    await close_round_in(tx, clock, session, round_)
    facilitators = [session.owner_id, *await tx.sessions.co_facilitators(session.id)]
    await enqueue(tx, clock, session, [Outgoing(p, ROUND_CLOSED, round_.id) for p in facilitators])
    return "closed"


async def _remind(tx: Tx, clock: Clock, timer: Timer) -> str:
    round_ = await tx.rounds.get(timer.ref_id)
    if round_ is None or not round_.is_open or round_.reminders_sent >= MAX_REMINDERS:
        return "nothing"
    session = await tx.sessions.get(round_.session_id)
    if session is None:
        return "nothing"
    await remind_in(tx, clock, session, round_)
    return "reminded"


async def _follow_up(tx: Tx, clock: Clock, timer: Timer) -> str:
    action = await tx.actions.get(timer.ref_id)
    if action is None or action.status == "done":
        return "nothing"
    session = await tx.sessions.get(action.session_id)
    asked = await _who_to_ask(tx, action)
    if session is None or asked is None:
        return "nothing"
    await enqueue(tx, clock, session, [Outgoing(asked, ACTION_FOLLOW_UP, action.id)])
    return "asked"


async def _who_to_ask(tx: Tx, action: Action) -> int | None:
    """Whoever took the action over; its recorder when they cannot be reached."""
    if action.owner_person_id is not None:
        owner = await tx.people.get(action.owner_person_id)
        if owner is not None and owner.unreachable_since is None:
            return owner.id
    return action.created_by


async def remind_in(tx: Tx, clock: Clock, session: Session, round_: Round) -> int:
    """Queue a reminder for everyone in the round who has not answered; return how many."""
    answered = await tx.contributions.answered_participants(round_.id)
    waiting = []
    for participant in await tx.participation.participants_in(session.id):
        if participant.id in answered or participant.person_id is None:
            continue
        person = await tx.people.get(participant.person_id)
        if person is not None and person.unreachable_since is None:
            waiting.append(person.id)
    await enqueue(tx, clock, session, [Outgoing(p, REMINDER, round_.id) for p in waiting])
    await tx.rounds.count_reminder(round_.id)
    return len(waiting)


async def enqueue(tx: Tx, clock: Clock, session: Session, items: list[Outgoing]) -> None:
    """Queue messages of the bot's own accord, each at its own moment (`not_before`, or
    now); what falls in the quiet hours waits for the morning."""
    now = clock.now()
    await tx.outbox.enqueue(
        (
            replace(i, not_before=next_allowed(own, session), wanted_at=own)
            for i in items
            for own in [i.not_before or now]
        ),
        now,
        session.id,
    )


async def retime_waiting(tx: Tx, clock: Clock, session: Session) -> int:
    """The session's quiet hours changed: what waits for it goes when it now may.

    Off: what waited for the morning goes now. On in the quiet hours: what has not gone
    yet waits for the morning. Return how many messages were re-timed.
    """
    now = clock.now()
    if not session.quiet_hours:
        return await tx.outbox.release(session.id, now)
    until = next_allowed(now, session)
    return await tx.outbox.hold(session.id, until) if until > now else 0


_RUN = {CLOSE_ROUND: _close_round, REMIND: _remind, FOLLOW_UP: _follow_up}
