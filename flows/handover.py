"""Handing an agreed action to a person in the bot: from then on they get its follow-up.

The facilitator makes a one-time link for one action and gives it to whoever does
the work. Opening it shows the action; only a tap on "yes" stores anything.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from flows import timers
from flows.access import Actor
from flows.clock import Clock, local_today
from flows.errors import Gone
from flows.lookup import session_or_gone
from flows.model import InviteKind
from flows.people import ensure_person
from flows.sessions import new_code
from storage import Database, Tx
from storage.outbox import Outgoing
from storage.records import Action, Session

# The recorder hears that their action was taken over, or handed back; whoever had
# taken it before hears that someone else has it now.
ACTION_TAKEN = "action_taken"
ACTION_RETURNED = "action_returned"
ACTION_PASSED_ON = "action_passed_on"


@dataclass(frozen=True, slots=True)
class Offer:
    """An action someone may take over, with its session."""

    action: Action
    session: Session


async def offer(db: Database, clock: Clock, actor: Actor, action_id: int) -> str:
    """A one-time code to take over the action; an earlier unused one stops working."""
    now = clock.now()
    async with db.transaction() as tx:
        action = await tx.actions.get(action_id)
        if action is None:
            raise Gone()
        session = await session_or_gone(tx, action.session_id)
        await tx.sessions.revoke_action_invites(action.id, now)
        invite = await tx.sessions.add_invite(
            code=new_code(), kind=InviteKind.ACTION, session_id=session.id, perspective=None,
            created_by=actor.person_id, now=now, action_id=action.id,
        )  # fmt: skip
    return invite.code


async def look_up(db: Database, code: str) -> Offer | None:
    """The action behind a code, if the code still works and the action is not done."""
    async with db.read() as tx:
        return await _look_up(tx, code)


async def take(db: Database, clock: Clock, actor: Actor, code: str) -> Offer:
    """Make the actor the one who is asked how the action goes; tell its recorder."""
    async with db.transaction() as tx:
        found = await _look_up(tx, code)
        if found is None or not await tx.sessions.use_invite(code, clock.now()):
            raise Gone("invite_invalid")
        person = await ensure_person(tx, actor, clock)
        await tx.actions.set_owner_person(found.action.id, person.id)
        await _tell(tx, clock, found, ACTION_TAKEN, found.action.created_by, person.id)
        await _tell(tx, clock, found, ACTION_PASSED_ON, found.action.owner_person_id, person.id)
    return Offer(replace(found.action, owner_person_id=person.id), found.session)


async def give_back(db: Database, clock: Clock, actor: Actor, action_id: int) -> Offer:
    """The actor no longer takes the action: its follow-up goes to the recorder again."""
    async with db.transaction() as tx:
        action = await tx.actions.get(action_id)
        if action is None or action.owner_person_id != actor.person_id:
            raise Gone()  # given back already, or taken by someone else since
        session = await session_or_gone(tx, action.session_id)
        await tx.actions.set_owner_person(action.id, None)
        found = Offer(action, session)
        await _tell(tx, clock, found, ACTION_RETURNED, action.created_by, actor.person_id)
        due = action.due_on is not None and action.due_on <= local_today(clock, session.tz)
        if due and action.status != "done":
            # Its question was already asked of the one handing it back: ask the recorder now.
            await _tell(
                tx, clock, found, timers.ACTION_FOLLOW_UP, action.created_by, actor.person_id
            )
    return found


async def _look_up(tx: Tx, code: str) -> Offer | None:
    invite = await tx.sessions.invite(code)
    if (
        invite is None
        or invite.kind != InviteKind.ACTION
        or invite.action_id is None
        or invite.used_at is not None
        or invite.revoked_at is not None
    ):
        return None
    action = await tx.actions.get(invite.action_id)
    if action is None or action.status == "done":
        return None
    session = await tx.sessions.get(action.session_id)
    return None if session is None else Offer(action, session)


async def _tell(
    tx: Tx, clock: Clock, found: Offer, kind: str, to: int | None, but_not: int | None
) -> None:
    """Queue a message of `kind` about the action for `to`, unless that is the actor."""
    if to is not None and to != but_not:
        await timers.enqueue(tx, clock, found.session, [Outgoing(to, kind, found.action.id)])
