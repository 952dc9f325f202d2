"""How an action goes, with an optional note: the follow-up dialogue through flows only."""

from __future__ import annotations

import pytest

from flows import actions, dialogue, followup, sessions
from flows.access import Actor
from flows.errors import Gone
from flows.guided import Guided, ProgressStep
from flows.model import ACTION_MAX, Perspective
from flows.people import with_person
from sandbox.clock import ManualClock
from storage import Database
from storage.records import Identity


@pytest.fixture
async def actor(db: Database, clock: ManualClock) -> Actor:
    return await with_person(db, Actor(Identity("telegram", "1"), None, True, "nl"), clock)


@pytest.fixture
async def action_id(db: Database, clock: ManualClock, actor: Actor) -> int:
    made = await sessions.create_session(
        db, clock, actor, title="Evaluatie", theme="Jeugdhulp", perspectives=list(Perspective)
    )
    action = await actions.add(
        db, clock, actor, made.session.id, what="Een folder", owner="Gemeente", due_on=None
    )
    return action.id


async def test_a_status_with_a_note(
    db: Database, clock: ManualClock, actor: Actor, action_id: int
) -> None:
    asked = await followup.choose_status(db, clock, actor, action_id, "stuck")
    assert (asked.dialogue, asked.step) == (Guided.PROGRESS_NOTE, ProgressStep.NOTE)
    reported = await followup.give_note(db, clock, actor, "  Wacht op   de drukker ")
    assert (reported.status, reported.status_note) == ("stuck", "Wacht op de drukker")
    assert await dialogue.current(db, actor) is None


async def test_a_status_without_a_note(
    db: Database, clock: ManualClock, actor: Actor, action_id: int
) -> None:
    await followup.choose_status(db, clock, actor, action_id, "done")
    with pytest.raises(Gone):  # the No-note button of another action
        await followup.give_note(db, clock, actor, None, action_id=action_id + 1)
    reported = await followup.give_note(db, clock, actor, None, action_id=action_id)
    assert (reported.status, reported.status_note) == ("done", None)


async def test_a_long_note_is_cut_and_an_empty_one_is_none(
    db: Database, clock: ManualClock, actor: Actor, action_id: int
) -> None:
    await followup.choose_status(db, clock, actor, action_id, "on_track")
    reported = await followup.give_note(db, clock, actor, "z" * 10_000)
    assert reported.status_note == "z" * ACTION_MAX
    await followup.choose_status(db, clock, actor, action_id, "on_track")
    reported = await followup.give_note(db, clock, actor, " \n ")
    assert reported.status_note is None


async def test_unknown_status_or_no_dialogue_is_old(
    db: Database, clock: ManualClock, actor: Actor, action_id: int
) -> None:
    with pytest.raises(Gone):
        await followup.choose_status(db, clock, actor, action_id, "abandoned")
    with pytest.raises(Gone):
        await followup.give_note(db, clock, actor, "Een note zonder status")
    assert (await actions.get(db, action_id)).status is None
