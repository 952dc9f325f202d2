"""Managing a session's invites: renew them (old ones stop working), how long they work,
close the door, co-lead."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from flows import handover
from flows.access import Actor
from flows.brake import WrongCodeBrake
from flows.clock import Clock
from flows.errors import Gone, InvalidInput, WrongPhase
from flows.handover import Offer
from flows.joining import InviteView, claim, look_up, look_up_in
from flows.lookup import session_or_gone
from flows.model import (
    INVITE_VALIDITY,
    INVITE_VALIDITY_CHOICES,
    ONE_TIME_VALIDITY,
    InviteKind,
    Phase,
)
from flows.sessions import Invites, _invites, new_code
from storage import Database, Tx
from storage.records import Identity, Session

CO_FACILITATOR = "co_facilitator"


class Route(StrEnum):
    """Where an opened link leads."""

    BRAKED = "braked"  # too many wrong codes: wait before the next is looked up
    UNKNOWN = "unknown"  # no such code, or it no longer works
    TAKEN = "taken"  # a one-person link someone else already opened
    PARTICIPANT = "participant"  # welcome, then consent (flows.joining)
    ORGANISER = "organiser"
    FACILITATOR = "facilitator"
    CO_FACILITATOR = "co_facilitator"
    HANDOVER = "handover"  # an action someone may take over (flows.handover)


@dataclass(frozen=True, slots=True)
class Opened:
    route: Route
    view: InviteView | None = None
    offer: Offer | None = None
    # BRAKED: how long until a code is looked up again.
    wait: dt.timedelta | None = None


async def open_link(
    db: Database,
    clock: Clock,
    actor: Actor,
    code: str,
    brake: WrongCodeBrake,
    tries_key: Identity | None = None,
) -> Opened:
    """Where the code of an opened link leads; wrong codes slow the asker down.

    The brake counts wrong codes per identity: someone who only looks around has no row
    of ours yet. `tries_key`: whom to count them against when the asker has no lasting
    identity yet (a channel where each visit is a stranger, e.g. per network address).
    """
    tries_key = tries_key or actor.identity
    wait = await brake.wait(tries_key)
    if wait is not None:
        return Opened(Route.BRAKED, wait=wait)
    view = await look_up(db, clock, actor, code)
    if view is None:
        offer = await handover.look_up(db, code)
        if offer is None:
            await brake.failed(tries_key)
            return Opened(Route.UNKNOWN)
        await brake.succeeded(tries_key)
        return Opened(Route.HANDOVER, offer=offer)
    await brake.succeeded(tries_key)
    if view.taken:
        return Opened(Route.TAKEN, view)
    return Opened(_route(view), view)


def _route(view: InviteView) -> Route:
    if view.invite.kind == InviteKind.PARTICIPANT:
        return Route.PARTICIPANT
    if view.invite.kind == InviteKind.ORGANISER:
        return Route.ORGANISER
    if view.session is not None:
        return Route.CO_FACILITATOR
    return Route.FACILITATOR


@dataclass(frozen=True, slots=True)
class Renewal:
    invites: Invites  # the links that work now
    renewed: bool  # False: the links meant were renewed before; these are the newer ones


async def renew(db: Database, clock: Clock, actor: Actor, session_id: int) -> Invites:
    """New codes for every perspective and for organisers; the old ones stop working.

    Links that would end have their time started afresh: new links that no longer work
    would help nobody.
    """
    async with db.transaction() as tx:
        return await _renew(tx, clock, actor, await _renewable(tx, session_id))


async def renew_shown(
    db: Database, clock: Clock, actor: Actor, session_id: int, generation: str
) -> Renewal:
    """Renew the links someone was shown (`generation`, see `Invites.generation`), as `renew`.

    Links renewed since (a double tap, a button under an older message) are left working:
    they may be forwarded or printed already. Then nothing changes, and the links that work
    now are returned."""
    async with db.transaction() as tx:
        session = await _renewable(tx, session_id)
        now = await _invites(tx, clock, session.id)
        if now.generation != generation:
            return Renewal(now, renewed=False)
        return Renewal(await _renew(tx, clock, actor, session), renewed=True)


async def _renewable(tx: Tx, session_id: int) -> Session:
    session = await session_or_gone(tx, session_id)
    if session.phase == Phase.CLOSED:
        # Nobody can join once the summary went out: new links would not work.
        raise WrongPhase("session_closed")
    return session


async def _renew(tx: Tx, clock: Clock, actor: Actor, session: Session) -> Invites:
    now = clock.now()
    await tx.sessions.revoke_invites(
        session.id, (InviteKind.PARTICIPANT.value, InviteKind.ORGANISER.value), now
    )
    for perspective in session.perspectives:
        await tx.sessions.add_invite(
            code=new_code(), kind=InviteKind.PARTICIPANT, session_id=session.id,
            perspective=perspective, created_by=actor.person_id, now=now,
        )  # fmt: skip
    await tx.sessions.add_invite(
        code=new_code(), kind=InviteKind.ORGANISER, session_id=session.id,
        perspective=None, created_by=actor.person_id, now=now,
    )  # fmt: skip
    if session.invites_expire_at is not None:
        await tx.sessions.set_invites_expire_at(session.id, now + INVITE_VALIDITY)
    return await _invites(tx, clock, session.id)


async def set_validity(db: Database, clock: Clock, session_id: int, choice: str) -> Session:
    """Let the session's links work for a week or four from now, or until it closes."""
    if choice not in INVITE_VALIDITY_CHOICES:
        raise InvalidInput("unknown_choice", field="validity")
    until = None if choice == "end" else clock.now() + dt.timedelta(weeks=int(choice[:-1]))
    async with db.transaction() as tx:
        await tx.sessions.set_invites_expire_at(session_id, until)
        return await session_or_gone(tx, session_id)


async def set_joins_open(db: Database, clock: Clock, session_id: int, open_: bool) -> Session:
    """Open or close the session to people who have not joined yet."""
    async with db.transaction() as tx:
        await tx.sessions.set_joins_closed(session_id, None if open_ else clock.now())
        return await session_or_gone(tx, session_id)


async def co_facilitator_link(db: Database, clock: Clock, actor: Actor, session_id: int) -> str:
    """A code that makes the first person who opens it a co-facilitator of this session."""
    now = clock.now()
    async with db.transaction() as tx:
        session = await session_or_gone(tx, session_id)
        invite = await tx.sessions.add_invite(
            code=new_code(), kind=InviteKind.FACILITATOR, session_id=session.id,
            perspective=None, created_by=actor.person_id, now=now,
            session_role=CO_FACILITATOR, expires_at=now + ONE_TIME_VALIDITY,
        )  # fmt: skip
    return invite.code


async def become_co_facilitator(db: Database, clock: Clock, actor: Actor, code: str) -> Session:
    """Use a co-facilitator link; its claimant may open it again, nobody else."""
    async with db.transaction() as tx:
        view = await look_up_in(tx, clock.now(), code, actor.person_id)
        if (
            view is None
            or view.session is None
            or view.invite.session_role != CO_FACILITATOR
            or view.invite.kind != InviteKind.FACILITATOR
        ):
            raise Gone("invite_invalid")
        person = await claim(tx, clock, actor, view)
        await tx.sessions.add_co_facilitator(view.session.id, person.id, clock.now())
        await tx.people.set_active_session(person.id, view.session.id)
        return view.session
