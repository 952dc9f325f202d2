"""Agreed actions: who does what, by when, each from their own responsibility."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from flows import timers
from flows.access import Actor
from flows.clock import Clock
from flows.errors import Gone, WrongPhase
from flows.lookup import session_or_gone
from flows.model import ACTION_MAX, OWNER_MAX
from flows.paging import Page, cut_by_size, page_at, pick, text_units
from flows.sessions import clean_text
from storage import Database, Tx
from storage.records import Action, Session

# Actions on one page of the list, each with its three buttons (change, drop, hand over):
# far below Telegram's 100 buttons a keyboard. Fewer when their words are long, so that a
# page always fits one message.
ACTIONS_PER_PAGE = 10
# What an action's line takes besides its words, its owner and its theme: its number, "Who",
# a due date, "Theme" and the line saying it was taken over.
ACTION_OVERHEAD = 140


@dataclass(frozen=True, slots=True)
class ActionList:
    """One page of a session's agreed actions, in the order they were recorded."""

    session_id: int
    shown: Page[Action]
    themes: dict[int, str]  # the session's themes by id, to name an action's


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


async def listed(
    db: Database, session_id: int, page: int = 0, *, at: int | None = None
) -> ActionList:
    """One page of the session's actions. `at`: an action's id instead of a page: the page
    that holds it (one just recorded or changed), or held it (one just dropped)."""
    async with db.read() as tx:
        session = await session_or_gone(tx, session_id)
        every = await tx.actions.of_session(session.id)
        themes = {t.id: t.name for t in await tx.themes.of_session(session.id)}

    def measure(action: Action) -> int:
        theme = themes.get(action.theme_id, "") if action.theme_id is not None else ""
        words = action.what + action.owner + theme
        return text_units(words) + ACTION_OVERHEAD

    pages = cut_by_size(every, measure, most=ACTIONS_PER_PAGE)
    if at is not None:
        page = page_at(pages, sum(1 for action in every if action.id < at))
    return ActionList(session.id, pick(pages, page), themes)


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
