"""Opening an invite link: consent or refusal, how to appear, the summary wish."""

from __future__ import annotations

from dataclasses import dataclass

from flows import model
from flows.access import Actor
from flows.clock import Clock
from flows.errors import Gone, InvalidInput
from flows.model import PSEUDONYM_MAX, DisplayMode, InviteKind, Phase
from flows.people import ensure_person
from storage import Database, Tx
from storage.records import Invite, Participant, Round, Session


@dataclass(frozen=True, slots=True)
class InviteView:
    invite: Invite
    session: Session | None


@dataclass(frozen=True, slots=True)
class Joined:
    participant: Participant
    session: Session
    open_round: Round | None
    already: bool


async def look_up(db: Database, code: str) -> InviteView | None:
    """The invite behind a code, if it still admits anyone."""
    async with db.transaction() as tx:
        return await _look_up(tx, code)


async def _look_up(tx: Tx, code: str) -> InviteView | None:
    invite = await tx.sessions.invite(code)
    if invite is None or invite.revoked_at is not None or invite.kind == InviteKind.ACTION:
        return None  # an action's link is not a way into the session (see flows.handover)
    if invite.kind == InviteKind.FACILITATOR:
        if invite.used_at is not None:
            return None
        if invite.session_id is None:
            return InviteView(invite, None)
    if invite.session_id is None:
        return None
    session = await tx.sessions.get(invite.session_id)
    if session is None or session.phase == Phase.CLOSED:
        return None
    return InviteView(invite, session)


async def consent(db: Database, clock: Clock, actor: Actor, code: str) -> Joined:
    """Record consent for the invite's session and perspective."""
    async with db.transaction() as tx:
        view = await _look_up(tx, code)
        if view is None or view.session is None or view.invite.kind != InviteKind.PARTICIPANT:
            raise Gone("invite_invalid")
        session = view.session
        person = await ensure_person(tx, actor, clock)
        existing = await tx.participation.participant_for(session.id, person.id)
        if (
            existing is not None
            and existing.left_at is None
            and existing.consent_version == model.CONSENT_VERSION
        ):
            participant, already = existing, True
        elif existing is None and session.joins_closed_at is not None:
            raise Gone("joins_closed")
        else:
            participant = await tx.participation.add_participant(
                session_id=session.id,
                person_id=person.id,
                perspective=view.invite.perspective or "",
                consent_version=model.CONSENT_VERSION,
                now=clock.now(),
            )
            already = False
        open_round = await tx.rounds.current(session.id)
    return Joined(participant, session, open_round, already)


async def refuse(db: Database, clock: Clock, code: str) -> Session:
    """Remember only that someone of this perspective said no."""
    async with db.transaction() as tx:
        view = await _look_up(tx, code)
        if view is None or view.session is None or view.invite.kind != InviteKind.PARTICIPANT:
            raise Gone("invite_invalid")
        await tx.participation.add_refusal(
            session_id=view.session.id,
            perspective=view.invite.perspective or "",
            consent_version=model.CONSENT_VERSION,
            now=clock.now(),
        )
        return view.session


def clean_pseudonym(text: str) -> str:
    value = " ".join(text.split())
    if not value:
        raise InvalidInput("empty", field="pseudonym")
    if len(value) > PSEUDONYM_MAX:
        raise InvalidInput("too_long", field="pseudonym", limit=PSEUDONYM_MAX)
    return value


async def set_display(
    db: Database, participant_id: int, mode: DisplayMode, name: str | None = None
) -> Participant:
    """Choose how one's answers are signed: first name, pseudonym or perspective only."""
    if mode is DisplayMode.ANONYMOUS:
        name = None
    elif mode is DisplayMode.PSEUDONYM:
        name = clean_pseudonym(name or "")
    else:
        name = " ".join((name or "").split())[:PSEUDONYM_MAX] or None
        if name is None:
            mode = DisplayMode.ANONYMOUS
    async with db.transaction() as tx:
        await tx.participation.set_display(participant_id, mode.value, name)
        participant = await tx.participation.participant(participant_id)
    if participant is None:
        raise Gone()
    return participant


async def set_summary_wish(db: Database, participant_id: int, wants: bool) -> Joined:
    """Record whether the participant wants the summary; setup is then complete."""
    async with db.transaction() as tx:
        await tx.participation.set_wants_summary(participant_id, wants)
        participant = await tx.participation.participant(participant_id)
        if participant is None:
            raise Gone()
        session = await tx.sessions.get(participant.session_id)
        if session is None:
            raise Gone()
        open_round = await tx.rounds.current(session.id)
    return Joined(participant, session, open_round, already=False)


async def join_as_organiser(
    db: Database, clock: Clock, actor: Actor, code: str
) -> tuple[Session, bool]:
    """Register the organiser; return the session and whether they were new."""
    async with db.transaction() as tx:
        view = await _look_up(tx, code)
        if view is None or view.session is None or view.invite.kind != InviteKind.ORGANISER:
            raise Gone("invite_invalid")
        if view.session.joins_closed_at is not None:
            raise Gone("joins_closed")
        person = await ensure_person(tx, actor, clock)
        new = await tx.participation.add_organiser(view.session.id, person.id, clock.now())
        return view.session, new


async def become_facilitator(db: Database, clock: Clock, actor: Actor, code: str) -> None:
    """Use a one-time facilitator invite."""
    async with db.transaction() as tx:
        view = await _look_up(tx, code)
        if view is None or view.invite.kind != InviteKind.FACILITATOR or view.session is not None:
            raise Gone("invite_invalid")
        if not await tx.sessions.use_invite(code, clock.now()):
            raise Gone("invite_invalid")
        person = await ensure_person(tx, actor, clock)
        await tx.people.set_facilitator(person.id, True)


async def own_participation(db: Database, actor: Actor, session_id: int) -> Participant | None:
    """The actor's participation in a session, if they take part now."""
    if actor.person is None:
        return None
    async with db.transaction() as tx:
        participant = await tx.participation.participant_for(session_id, actor.person.id)
    if participant is None or participant.left_at is not None:
        return None
    return participant
