"""Handing an action over without Telegram: the recorder makes a one-time code, someone
takes the action with it, and gives it back; who hears what is in the outbox. Dropping an
action is here too, as the other act on one action."""

from __future__ import annotations

import datetime as dt

import pytest

from flows import actions, handover, outbox, sessions, timers
from flows.access import Actor
from flows.errors import Gone
from flows.model import Perspective
from flows.people import identify
from sandbox.clock import ManualClock
from storage import Database

CHANNEL = "telegram"


async def _person(db: Database, number: int, *, admin: bool = False) -> Actor:
    return await identify(db, CHANNEL, str(number), "nl", is_admin=admin)


async def _recorder_and_action(
    db: Database, clock: ManualClock, due_on: dt.date | None = None
) -> tuple[Actor, int]:
    recorder = await _person(db, 1, admin=True)
    made = await sessions.create_session(
        db,
        clock,
        recorder,
        title="Evaluatie",
        theme="Jeugdhulp",
        perspectives=[Perspective.PARENT],
    )
    recorder = await _person(db, 1, admin=True)
    action = await actions.add(
        db, clock, recorder, made.session.id, what="Een folder", owner="Gemeente", due_on=due_on
    )
    return recorder, action.id


async def _told(db: Database, clock: ManualClock) -> list[tuple[str | None, str]]:
    return sorted((i.external_id, i.kind) for i in await outbox.due(db, clock, channel=CHANNEL))


async def test_a_taken_action_is_followed_up_with_its_taker_and_the_recorder_hears(
    db: Database, clock: ManualClock
) -> None:
    _, action_id = await _recorder_and_action(db, clock)
    recorder = await _person(db, 1, admin=True)
    code = await handover.offer(db, clock, recorder, action_id)
    looked = await handover.look_up(db, code)
    assert looked is not None and looked.action.id == action_id
    taker = await _person(db, 30)
    taken = await handover.take(db, clock, taker, code)
    assert taken.action.id == action_id
    taker = await _person(db, 30)
    assert taker.person is not None
    assert (await actions.get(db, action_id)).owner_person_id == taker.person.id
    assert await _told(db, clock) == [("1", handover.ACTION_TAKEN)]
    # The code works once.
    with pytest.raises(Gone):
        await handover.take(db, clock, await _person(db, 31), code)


async def test_a_new_code_ends_the_earlier_one(db: Database, clock: ManualClock) -> None:
    recorder, action_id = await _recorder_and_action(db, clock)
    first = await handover.offer(db, clock, recorder, action_id)
    second = await handover.offer(db, clock, recorder, action_id)
    assert await handover.look_up(db, first) is None
    assert await handover.look_up(db, second) is not None
    with pytest.raises(Gone):
        await handover.offer(db, clock, recorder, action_id + 1)


async def test_taking_it_from_someone_else_tells_them_too(
    db: Database, clock: ManualClock
) -> None:
    recorder, action_id = await _recorder_and_action(db, clock)
    for taker in (30, 31):
        code = await handover.offer(db, clock, recorder, action_id)
        await handover.take(db, clock, await _person(db, taker), code)
    told = await _told(db, clock)
    assert ("30", handover.ACTION_PASSED_ON) in told
    assert told.count(("1", handover.ACTION_TAKEN)) == 2


async def test_given_back_the_recorder_is_asked_again_once_it_is_due(
    db: Database, clock: ManualClock
) -> None:
    today = clock.now().date()
    recorder, action_id = await _recorder_and_action(db, clock, due_on=today)
    taker = await _person(db, 30)
    await handover.take(db, clock, taker, await handover.offer(db, clock, recorder, action_id))
    taker = await _person(db, 30)
    with pytest.raises(Gone):  # only who has it gives it back
        await handover.give_back(db, clock, await _person(db, 31), action_id)
    back = await handover.give_back(db, clock, taker, action_id)
    assert back.action.id == action_id
    assert (await actions.get(db, action_id)).owner_person_id is None
    told = await _told(db, clock)
    assert ("1", handover.ACTION_RETURNED) in told
    assert ("1", timers.ACTION_FOLLOW_UP) in told
    with pytest.raises(Gone):  # given back already
        await handover.give_back(db, clock, taker, action_id)


async def test_a_dropped_action_is_gone(db: Database, clock: ManualClock) -> None:
    _, action_id = await _recorder_and_action(db, clock)
    dropped = await actions.drop(db, action_id)
    assert dropped.id == action_id
    with pytest.raises(Gone):
        await actions.get(db, action_id)
    with pytest.raises(Gone):
        await actions.drop(db, action_id)
