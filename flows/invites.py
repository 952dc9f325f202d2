"""Managing a session's invites: renew them (old ones stop working), close the door, co-lead."""

from __future__ import annotations

from flows.access import Actor
from flows.clock import Clock
from flows.errors import Gone
from flows.lookup import session_or_gone
from flows.model import InviteKind
from flows.people import ensure_person
from flows.sessions import Invites, _invites, new_code
from storage import Database
from storage.records import Session

CO_FACILITATOR = "co_facilitator"


async def renew(db: Database, clock: Clock, actor: Actor, session_id: int) -> Invites:
    """New codes for every perspective and for organisers; the old ones stop working."""
    now = clock.now()
    async with db.transaction() as tx:
        session = await session_or_gone(tx, session_id)
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
        return await _invites(tx, session)


async def set_joins_open(db: Database, clock: Clock, session_id: int, open_: bool) -> Session:
    """Open or close the session to people who have not joined yet."""
    async with db.transaction() as tx:
        await tx.sessions.set_joins_closed(session_id, None if open_ else clock.now())
        return await session_or_gone(tx, session_id)


async def co_facilitator_link(db: Database, clock: Clock, actor: Actor, session_id: int) -> str:
    """A one-time code that makes whoever opens it a co-facilitator of this session."""
    async with db.transaction() as tx:
        session = await session_or_gone(tx, session_id)
        invite = await tx.sessions.add_invite(
            code=new_code(), kind=InviteKind.FACILITATOR, session_id=session.id,
            perspective=None, created_by=actor.person_id, now=clock.now(),
            session_role=CO_FACILITATOR,
        )  # fmt: skip
    return invite.code


async def become_co_facilitator(db: Database, clock: Clock, actor: Actor, code: str) -> Session:
    async with db.transaction() as tx:
        invite = await tx.sessions.invite(code)
        if (
            invite is None
            or invite.session_role != CO_FACILITATOR
            or invite.session_id is None
            or invite.revoked_at is not None
            or not await tx.sessions.use_invite(code, clock.now())
        ):
            raise Gone("invite_invalid")
        session = await session_or_gone(tx, invite.session_id)
        person = await ensure_person(tx, actor, clock)
        await tx.sessions.add_co_facilitator(session.id, person.id, clock.now())
        await tx.people.set_active_session(person.id, session.id)
        return session
