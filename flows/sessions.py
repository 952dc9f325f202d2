"""What a facilitator does with a session: create it, invite, pick it, run its rounds."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from flows import questions, timers
from flows.access import Actor
from flows.clock import DEFAULT_TZ, Clock
from flows.errors import Gone, InvalidInput, WrongPhase
from flows.lifecycle import Event, round_for, transition
from flows.lookup import session_or_gone
from flows.model import (
    INVITE_VALIDITY,
    ONE_TIME_VALIDITY,
    TITLE_MAX,
    InviteKind,
    Perspective,
    Phase,
    RoundKind,
)
from flows.paging import Page, page_of
from flows.people import ensure_person
from flows.quiet import next_allowed
from flows.rounds import close_round_in
from flows.visible import shows_nothing
from storage import Database, Tx
from storage.outbox import Outgoing
from storage.records import Invite, Round, Session

ROUND_QUESTION = "round_question"
# Sessions on one page of a facilitator's list, newest first: one button each, short enough
# to scan on a phone and far below Telegram's 100 buttons a keyboard.
SESSIONS_PER_PAGE = 20
# Hex digits naming a set of invite links (see `Invites.generation`).
GENERATION_LENGTH = 12


def new_code() -> str:
    """An invite code: 128 random bits, URL-safe, saying nothing about the session."""
    return secrets.token_urlsafe(16)


@dataclass(frozen=True, slots=True)
class Invites:
    session: Session
    participant_codes: dict[Perspective, str]
    organiser_code: str

    @property
    def generation(self) -> str:
        """Names this set of participant links, for a button that would replace them: a short
        digest of their codes that gives none of them away. Renewed links are another set;
        an organiser link made anew once claimed leaves the set as it was."""
        codes = "\n".join(sorted(self.participant_codes.values()))
        return hashlib.sha256(codes.encode()).hexdigest()[:GENERATION_LENGTH]


@dataclass(frozen=True, slots=True)
class RoundOpened:
    session: Session
    round: Round
    recipients: int
    held_until: dt.datetime  # the questions go out then (later than now in the quiet hours)


@dataclass(frozen=True, slots=True)
class Reminded:
    recipients: int
    held_until: dt.datetime


@dataclass(frozen=True, slots=True)
class RoundClosed:
    session: Session
    round: Round
    people: int
    contributions: int
    participants: int


def clean_text(text: str, *, limit: int, field: str) -> str:
    """Trim and check a short text typed by a facilitator."""
    value = " ".join(text.split())
    if shows_nothing(value):
        raise InvalidInput("empty", field=field)
    if len(value) > limit:
        raise InvalidInput("too_long", field=field, limit=limit)
    return value


async def create_session(
    db: Database,
    clock: Clock,
    actor: Actor,
    *,
    title: str,
    theme: str,
    perspectives: list[Perspective],
    tz: str = DEFAULT_TZ,
) -> Invites:
    """Create a session with one invite per perspective and one for organisers.

    `tz`: the time zone its quiet hours and dates are kept in.
    """
    title = clean_text(title, limit=TITLE_MAX, field="title")
    theme = clean_text(theme, limit=TITLE_MAX, field="theme")
    chosen = tuple(p for p in Perspective if p in perspectives)
    if not chosen:
        raise InvalidInput("no_perspectives", field="perspectives")
    now = clock.now()
    async with db.transaction() as tx:
        owner = await ensure_person(tx, actor, clock)
        session = await tx.sessions.create(
            owner_id=owner.id,
            title=title,
            theme=theme,
            lang=actor.lang,
            perspectives=tuple(p.value for p in chosen),
            now=now,
            tz=tz,
        )
        for perspective in chosen:
            await tx.sessions.add_invite(
                code=new_code(),
                kind=InviteKind.PARTICIPANT,
                session_id=session.id,
                perspective=perspective,
                created_by=owner.id,
                now=now,
            )
        await tx.sessions.add_invite(
            code=new_code(),
            kind=InviteKind.ORGANISER,
            session_id=session.id,
            perspective=None,
            created_by=owner.id,
            now=now,
        )
        await tx.sessions.set_invites_expire_at(session.id, now + INVITE_VALIDITY)
        await tx.people.set_active_session(owner.id, session.id)
        return await _invites(tx, clock, session.id)


async def invites(db: Database, clock: Clock, session_id: int) -> Invites:
    async with db.transaction() as tx:
        return await _invites(tx, clock, session_id)


async def _invites(tx: Tx, clock: Clock, session_id: int) -> Invites:
    """The session's links. An organiser link works for one person: once it is claimed,
    a new one is made for the next organiser."""
    session = await session_or_gone(tx, session_id)
    rows: list[Invite] = await tx.sessions.invites_for(session.id)
    codes = {
        Perspective(i.perspective): i.code
        for i in rows
        if i.kind == InviteKind.PARTICIPANT and i.perspective
    }
    # In the usual order of the perspectives: renewed codes are made in the database's order.
    participant_codes = {p: codes[p] for p in Perspective if p in codes}
    organiser = next(
        (i.code for i in rows if i.kind == InviteKind.ORGANISER and i.used_at is None), None
    )
    if organiser is None:
        made = await tx.sessions.add_invite(
            code=new_code(), kind=InviteKind.ORGANISER, session_id=session.id,
            perspective=None, created_by=session.owner_id, now=clock.now(),
        )  # fmt: skip
        organiser = made.code
    return Invites(session, participant_codes, organiser)


@dataclass(frozen=True, slots=True)
class SessionList:
    """One page of the sessions a person runs (owns or co-leads), newest first."""

    shown: Page[Session]
    active_id: int | None  # the person's active session, wherever it is in the list


async def listed(db: Database, actor: Actor, page: int = 0) -> SessionList:
    """One page of the sessions the person runs, newest first."""
    every = await sessions_of(db, actor)
    active = actor.person.active_session_id if actor.person is not None else None
    return SessionList(page_of(every, page, SESSIONS_PER_PAGE), active)


async def sessions_of(db: Database, actor: Actor) -> list[Session]:
    if actor.person is None:
        return []
    async with db.transaction() as tx:
        return await tx.sessions.run_by(actor.person.id)


async def select(db: Database, actor: Actor, session_id: int) -> Session:
    if actor.person is None:
        raise Gone()
    async with db.transaction() as tx:
        session = await session_or_gone(tx, session_id)
        await tx.people.set_active_session(actor.person.id, session.id)
        return session


async def open_next_round(
    db: Database, clock: Clock, session_id: int, duration: dt.timedelta | None = None
) -> RoundOpened:
    """Open the next round (with a deadline, if given) and queue its question for everyone.

    In the quiet hours the questions wait for the morning, and a deadline that would fall
    in them moves to their end.
    """
    now = clock.now()
    async with db.transaction() as tx:
        session = await session_or_gone(tx, session_id)
        current = await tx.rounds.current(session.id)
        phase = transition(
            Phase(session.phase),
            Event.OPEN_ROUND,
            current is not None,
            extra_due=await questions.extra_due(tx, session.id),
        )
        kind = round_for(phase)
        if kind is None:
            raise RuntimeError(f"phase {phase} has no round")
        closes_at = None if duration is None else timers.deadline(session, now + duration)
        opened = await tx.rounds.open(session.id, kind, now, closes_at)
        await tx.sessions.set_phase(session.id, phase)
        await timers.plan_round(tx, clock, session, opened)
        recipients = await _reachable_participants(tx, session.id)
        await timers.enqueue(
            tx, clock, session, [Outgoing(p, ROUND_QUESTION, opened.id) for p in recipients]
        )
        session = await session_or_gone(tx, session.id)
    return RoundOpened(session, opened, len(recipients), held_until=next_allowed(now, session))


async def close_current_round(
    db: Database, clock: Clock, session_id: int, *, round_id: int | None = None
) -> RoundClosed:
    """Close the open round and count what it brought.

    `round_id`: the round a button was shown for; when that is no longer the open round,
    nothing closes (a button of a round closed since never closes the next one)."""
    async with db.transaction() as tx:
        session = await session_or_gone(tx, session_id)
        current = await tx.rounds.current(session.id)
        _still_open(current, round_id)
        if current is None:
            transition(Phase(session.phase), Event.CLOSE_ROUND, round_open=False)  # says why
            raise RuntimeError("transition allowed closing without a round")
        await close_round_in(tx, clock, session, current)
        return await _closed(tx, current.id)


async def current_round(db: Database, session_id: int) -> Round | None:
    async with db.transaction() as tx:
        return await tx.rounds.current(session_id)


async def extra_round_next(db: Database, session_id: int) -> bool:
    """Whether `/open` would open the extra round now: what the next-step hints point to."""
    return await next_round_kind(db, session_id) == RoundKind.EXTRA


async def next_round_kind(db: Database, session_id: int) -> RoundKind | None:
    """The round `/open` would open now, or None when it would be refused."""
    async with db.transaction() as tx:
        session = await session_or_gone(tx, session_id)
        current = await tx.rounds.current(session_id)
        due = await questions.extra_due(tx, session_id)
    try:
        return round_for(
            transition(Phase(session.phase), Event.OPEN_ROUND, current is not None, extra_due=due)
        )
    except WrongPhase:
        return None


async def create_facilitator_invite(db: Database, clock: Clock, actor: Actor) -> str:
    """A one-time code that makes whoever opens it a facilitator."""
    async with db.transaction() as tx:
        admin = await ensure_person(tx, actor, clock)
        invite = await tx.sessions.add_invite(
            code=new_code(),
            kind=InviteKind.FACILITATOR,
            session_id=None,
            perspective=None,
            created_by=admin.id,
            now=clock.now(),
            expires_at=clock.now() + ONE_TIME_VALIDITY,
        )
    return invite.code


async def _reachable_participants(tx: Tx, session_id: int) -> list[int]:
    people = []
    for participant in await tx.participation.participants_in(session_id):
        person = await tx.people.get(participant.person_id)
        if person is not None and person.unreachable_since is None:
            people.append(person.id)
    return people


async def round_result(db: Database, round_id: int) -> RoundClosed:
    """What a closed round brought (for the message when its deadline closed it)."""
    async with db.transaction() as tx:
        return await _closed(tx, round_id)


async def set_deadline(
    db: Database,
    clock: Clock,
    session_id: int,
    duration: dt.timedelta,
    *,
    extend: bool = False,
    round_id: int | None = None,
) -> Round:
    """Give the open round a deadline `duration` from now, or push its deadline further.

    `round_id`: the round a button was shown for; only while it is the open round."""
    now = clock.now()
    async with db.transaction() as tx:
        session = await session_or_gone(tx, session_id)
        current = await tx.rounds.current(session.id)
        _still_open(current, round_id)
        if current is None:
            raise WrongPhase("no_round_open")
        base = current.closes_at if extend and current.closes_at is not None else now
        await tx.rounds.set_closes_at(
            current.id, timers.deadline(session, max(base, now) + duration)
        )
        updated = await tx.rounds.get(current.id)
        if updated is None:
            raise Gone()
        await timers.plan_round(tx, clock, session, updated)
        return updated


def _still_open(current: Round | None, round_id: int | None) -> None:
    """Refuse a button's round (`round_id`) that is not the open round (any longer)."""
    if round_id is not None and (current is None or current.id != round_id):
        raise Gone("round_over")


async def remind_now(db: Database, clock: Clock, session_id: int) -> Reminded:
    """Remind everyone who has not answered the open round yet (at most two per round)."""
    async with db.transaction() as tx:
        session = await session_or_gone(tx, session_id)
        current = await tx.rounds.current(session.id)
        if current is None:
            # Say what can happen instead, as /open would.
            if session.phase == Phase.CLOSED:
                raise WrongPhase("session_closed")
            if session.phase == Phase.ACTIONS and not await questions.extra_due(tx, session.id):
                raise WrongPhase("all_rounds_done")
            raise WrongPhase("no_round_open")
        if current.reminders_sent >= timers.MAX_REMINDERS:
            raise WrongPhase("reminders_used")
        sent = await timers.remind_in(tx, clock, session, current)
        await timers.plan_round(tx, clock, session, current)  # fewer automatic ones left
        return Reminded(sent, held_until=next_allowed(clock.now(), session))


async def set_quiet_hours(db: Database, clock: Clock, session_id: int, on: bool) -> Session:
    """Switch quiet hours on or off, and re-time the messages and reminders that wait."""
    async with db.transaction() as tx:
        await tx.sessions.set_quiet_hours(session_id, on)
        session = await session_or_gone(tx, session_id)
        await timers.retime_waiting(tx, clock, session)
        current = await tx.rounds.current(session.id)
        if current is not None:
            await timers.plan_round(tx, clock, session, current)
        return session


async def set_reminders(
    db: Database, clock: Clock, session_id: int, kinds: tuple[str, ...]
) -> Session:
    async with db.transaction() as tx:
        await tx.sessions.set_reminders(session_id, kinds)
        session = await session_or_gone(tx, session_id)
        current = await tx.rounds.current(session.id)
        if current is not None:
            await timers.plan_round(tx, clock, session, current)
        return session


async def _closed(tx: Tx, round_id: int) -> RoundClosed:
    closed = await tx.rounds.get(round_id)
    if closed is None:
        raise Gone()
    session = await session_or_gone(tx, closed.session_id)
    contributions = await tx.contributions.of_round(closed.id)
    participants = await tx.participation.participants_in(session.id)
    # "X of Y answered": of those still taking part. The answers of someone who left and
    # kept them still count among the answers.
    still_in = {p.id for p in participants}
    return RoundClosed(
        session=session,
        round=closed,
        people=len({c.participant_id for c in contributions} & still_in),
        contributions=len(contributions),
        participants=len(participants),
    )
