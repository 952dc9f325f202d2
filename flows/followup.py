"""What became of an agreed action: its owner reports, the organisers hear it."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from flows import dialogue, timers
from flows.access import Actor
from flows.clock import Clock, local_today
from flows.errors import Gone
from flows.guided import Guided, Next, ProgressStep
from flows.lookup import session_or_gone
from flows.model import ACTION_MAX
from storage import Database
from storage.outbox import Outgoing
from storage.records import Action

ACTION_STATUS = "action_status"

# What a channel gets back from a report: the action as it is now.
Reported = Action


class Progress(StrEnum):
    DONE = "done"
    ON_TRACK = "on_track"
    STUCK = "stuck"


async def report(
    db: Database,
    clock: Clock,
    actor: Actor,
    action_id: int,
    progress: Progress,
    note: str | None = None,
) -> Action:
    """Record how the action is doing; tell the organisers, the leaders and its recorder."""
    note = " ".join((note or "").split())[:ACTION_MAX] or None
    async with db.transaction() as tx:
        action = await tx.actions.get(action_id)
        if action is None:
            raise Gone()
        session = await session_or_gone(tx, action.session_id)
        await tx.actions.set_status(action.id, progress.value, note, clock.now())
        updated = await tx.actions.get(action.id)
        if updated is None:
            raise Gone()
        readers = [o.id for o in await tx.participation.organisers_of(session.id)]
        readers += [session.owner_id, *await tx.sessions.co_facilitators(session.id)]
        readers += [p for p in (action.created_by, action.owner_person_id) if p is not None]
        readers = [p for p in dict.fromkeys(readers) if p != actor.person_id]
        await timers.enqueue(
            tx, clock, session, [Outgoing(p, ACTION_STATUS, action.id) for p in readers]
        )
        # Not done yet: ask again in a week (done: the pending question is retired).
        await timers.plan_follow_up(tx, clock, session, updated, again=True)
        return updated


async def choose_status(
    db: Database, clock: Clock, actor: Actor, action_id: int, status: str
) -> Next:
    """Keep the chosen status; next, an optional note (typed, or none with a button)."""
    try:
        progress = Progress(status)
    except ValueError as error:
        raise Gone() from error
    data = {"action_id": action_id, "status": progress.value}
    await dialogue.begin(db, clock, actor, Guided.PROGRESS_NOTE, ProgressStep.NOTE, data)
    return Next(Guided.PROGRESS_NOTE, ProgressStep.NOTE)


async def give_note(
    db: Database, clock: Clock, actor: Actor, note: str | None, *, action_id: int | None = None
) -> Action:
    """Report the chosen status with the note (None: without one) and end the dialogue.

    `action_id`: the action a pressed button is about; a button of another action is old.
    """
    current = await dialogue.expect(db, actor, Guided.PROGRESS_NOTE, ProgressStep.NOTE)
    if action_id is not None and current.data["action_id"] != action_id:
        raise Gone()
    action = await report(
        db, clock, actor, current.data["action_id"], Progress(current.data["status"]), note
    )
    await dialogue.end(db, actor)
    return action


def overdue(actions: list[Action], today: dt.date) -> list[Action]:
    return [a for a in actions if a.due_on is not None and a.due_on < today and a.status != "done"]


async def overdue_in(db: Database, clock: Clock, session_id: int) -> list[Action]:
    async with db.transaction() as tx:
        session = await session_or_gone(tx, session_id)
        actions = await tx.actions.of_session(session_id)
    return overdue(actions, local_today(clock, session.tz))
