"""Agreed actions: who does what, by when, each from their own responsibility."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from flows import timers
from flows.access import Actor
from flows.clock import Clock
from flows.errors import Gone, WrongPhase
from flows.lookup import session_or_gone
from flows.model import ACTION_MAX, OWNER_MAX
from flows.sessions import clean_text
from storage import Database, Tx
from storage.records import Action, Session


async def add(
    db: Database,
    clock: Clock,
    actor: Actor,
    session_id: int,
    *,
    what: str,
    owner: str,
    due_on: dt.date | None,
    proposal_id: int | None = None,
    theme_id: int | None = None,
) -> Action:
    """Add an agreed action, with the proposal it comes from and its theme (both may be
    none), in one transaction: two leaders agreeing the same proposal at the same moment
    make one action, and the other is told it was agreed already."""
    what = clean_text(what, limit=ACTION_MAX, field="what")
    owner = clean_text(owner, limit=OWNER_MAX, field="owner")
    async with db.transaction() as tx:
        session = await session_or_gone(tx, session_id)
        _still_open_for_actions(session)
        proposal = None if proposal_id is None else await tx.proposals.get(proposal_id)
        if proposal_id is not None and (proposal is None or proposal.session_id != session.id):
            raise Gone()
        if proposal is not None and proposal.action_id is not None:
            raise Gone("proposal_agreed")
        # Checked before the action is written: a refused theme leaves no action behind.
        await check_theme(tx, session.id, theme_id)
        action = await tx.actions.add(
            session_id=session.id,
            what=what,
            owner=owner,
            due_on=due_on,
            created_by=actor.person_id,
            now=clock.now(),
        )
        if theme_id is not None:
            await tx.actions.set_theme(action.id, theme_id)
        if proposal is not None:
            await tx.proposals.agreed(proposal.id, action.id)
        await timers.plan_follow_up(tx, clock, session, action)
    return replace(action, theme_id=theme_id)


async def check_theme(tx: Tx, session_id: int, theme_id: int | None) -> None:
    """Refuse a theme that is gone or belongs to another session (None: no theme)."""
    if theme_id is not None:
        theme = await tx.themes.get(theme_id)
        if theme is None or theme.session_id != session_id:
            raise Gone("no_such_theme")


async def change(
    db: Database,
    clock: Clock,
    action_id: int,
    *,
    what: str | None = None,
    owner: str | None = None,
    due_on: dt.date | None = None,
    clear_due: bool = False,
) -> Action:
    """Change one or more fields of an action; the others stay."""
    async with db.transaction() as tx:
        action = await tx.actions.get(action_id)
        if action is None:
            raise Gone()
        session = await session_or_gone(tx, action.session_id)
        _still_open_for_actions(session)
        await tx.actions.update(
            action.id,
            what=clean_text(what, limit=ACTION_MAX, field="what") if what else action.what,
            owner=clean_text(owner, limit=OWNER_MAX, field="owner") if owner else action.owner,
            due_on=None if clear_due else (due_on or action.due_on),
            now=clock.now(),
        )
        updated = await tx.actions.get(action.id)
        if updated is None:
            raise Gone()
        await timers.plan_follow_up(tx, clock, session, updated)
    return updated


async def drop(db: Database, action_id: int) -> Action:
    async with db.transaction() as tx:
        action = await tx.actions.get(action_id)
        if action is None:
            raise Gone()
        session = await session_or_gone(tx, action.session_id)
        _still_open_for_actions(session)
        await tx.actions.delete(action.id)
        return action


async def of_session(db: Database, session_id: int) -> list[Action]:
    async with db.transaction() as tx:
        return await tx.actions.of_session(session_id)


async def get(db: Database, action_id: int) -> Action:
    async with db.transaction() as tx:
        action = await tx.actions.get(action_id)
    if action is None:
        raise Gone()
    return action


def _still_open_for_actions(session: Session) -> None:
    """Actions go on after the summary was sent (their follow-up is the point of it), until
    the session's raw answers are deleted at the end of its keep-until term."""
    if session.purged_at is not None:
        raise WrongPhase("session_closed")
