"""The agreed-action dialogues (new, and changing one) through flows only: no Telegram."""

from __future__ import annotations

import datetime as dt

import pytest

from flows import action_dialogue, actions, dialogue, sessions
from flows.access import Actor
from flows.action_dialogue import Outcome
from flows.dates import Guess
from flows.errors import Gone, InvalidInput, WrongPhase
from flows.guided import ActionStep, Guided
from flows.model import ACTION_MAX, OWNER_MAX, Perspective
from flows.people import with_person
from sandbox.clock import ManualClock
from storage import Database
from storage.records import Identity

TODAY = dt.date(2026, 11, 24)


@pytest.fixture
async def actor(db: Database, clock: ManualClock) -> Actor:
    return await with_person(db, Actor(Identity("telegram", "1"), None, True, "nl"), clock)


@pytest.fixture
async def session_id(db: Database, clock: ManualClock, actor: Actor) -> int:
    made = await sessions.create_session(
        db, clock, actor, title="Evaluatie", theme="Jeugdhulp", perspectives=list(Perspective)
    )
    return made.session.id


async def at(db: Database, actor: Actor) -> tuple[str, str] | None:
    current = await dialogue.current(db, actor)
    return None if current is None else (current.flow, current.step)


async def up_to_due(db: Database, clock: ManualClock, actor: Actor, session_id: int) -> None:
    await action_dialogue.start(db, clock, actor, session_id)
    await action_dialogue.give_what(db, clock, actor, "Een folder over de wachtlijst")
    await action_dialogue.give_owner(db, clock, actor, "Gemeente")


async def test_an_action_is_recorded_step_by_step(
    db: Database, clock: ManualClock, actor: Actor, session_id: int
) -> None:
    started = await action_dialogue.start(db, clock, actor, session_id)
    assert (started.dialogue, started.outcome) == (Guided.NEW_ACTION, Outcome.ASK_WHAT)
    asked = await action_dialogue.give_what(db, clock, actor, " Een folder  over de wachtlijst ")
    assert asked.outcome is Outcome.ASK_OWNER
    assert await at(db, actor) == (Guided.NEW_ACTION, ActionStep.WHO)
    asked = await action_dialogue.give_owner(db, clock, actor, "Gemeente")
    assert (asked.outcome, asked.session_id) == (Outcome.ASK_DUE, session_id)
    saved = await action_dialogue.type_due(db, clock, actor, "15 januari 2027")
    assert saved.outcome is Outcome.SAVED
    assert saved.action is not None
    assert (saved.action.what, saved.action.owner, saved.action.due_on) == (
        "Een folder over de wachtlijst",
        "Gemeente",
        dt.date(2027, 1, 15),
    )
    assert [a.id for a in await actions.of_session(db, session_id)] == [saved.action.id]
    assert await at(db, actor) is None


async def test_a_period_is_asked_back_and_confirmed(
    db: Database, clock: ManualClock, actor: Actor, session_id: int
) -> None:
    await up_to_due(db, clock, actor, session_id)
    asked = await action_dialogue.type_due(db, clock, actor, "Q1 2027")
    assert asked.outcome is Outcome.ASK_BACK
    assert asked.reading is not None
    assert (asked.reading.day, asked.reading.guess) == (dt.date(2027, 3, 31), Guess.PERIOD)
    assert await at(db, actor) == (Guided.NEW_ACTION, ActionStep.DUE)  # nothing saved yet
    assert await actions.of_session(db, session_id) == []

    retype = await action_dialogue.choose_due(db, clock, actor, session_id, "retype")
    assert retype.outcome is Outcome.RETYPE
    saved = await action_dialogue.choose_due(db, clock, actor, session_id, "2027-03-31")
    assert saved.action is not None and saved.action.due_on == dt.date(2027, 3, 31)


async def test_quick_choices_and_no_date(
    db: Database, clock: ManualClock, actor: Actor, session_id: int
) -> None:
    await up_to_due(db, clock, actor, session_id)
    saved = await action_dialogue.choose_due(db, clock, actor, session_id, "2w")
    assert saved.action is not None and saved.action.due_on == TODAY + dt.timedelta(weeks=2)
    await up_to_due(db, clock, actor, session_id)
    saved = await action_dialogue.choose_due(db, clock, actor, session_id, "none")
    assert saved.action is not None and saved.action.due_on is None


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("1-1-2020", "date_in_past"),
        ("23 november 2026", "date_in_past"),
        ("als het af is", "date_unreadable"),
        ("", "date_unreadable"),
        ("9" * 10_000, "date_unreadable"),
    ],
)
async def test_a_bad_due_date_is_refused_and_asked_again(
    db: Database, clock: ManualClock, actor: Actor, session_id: int, typed: str, code: str
) -> None:
    await up_to_due(db, clock, actor, session_id)
    with pytest.raises(InvalidInput) as refused:
        await action_dialogue.type_due(db, clock, actor, typed)
    assert refused.value.code == code
    assert await at(db, actor) == (Guided.NEW_ACTION, ActionStep.DUE)
    assert await actions.of_session(db, session_id) == []


async def test_a_day_confirmed_too_late_is_checked_again(
    db: Database, clock: ManualClock, actor: Actor, session_id: int
) -> None:
    await up_to_due(db, clock, actor, session_id)
    asked = await action_dialogue.type_due(db, clock, actor, "eind november")
    assert asked.reading is not None and asked.reading.day == dt.date(2026, 11, 30)
    clock.advance(dt.timedelta(days=10))  # the button is pressed after that day
    with pytest.raises(InvalidInput, match="date_in_past"):
        await action_dialogue.choose_due(db, clock, actor, session_id, "2026-11-30")
    with pytest.raises(Gone):  # a made-up choice
        await action_dialogue.choose_due(db, clock, actor, session_id, "someday")


@pytest.mark.parametrize(
    ("what", "owner", "code", "field"),
    [
        ("", "Gemeente", "empty", "what"),
        ("x" * 10_000, "Gemeente", "too_long", "what"),
        ("x" * (ACTION_MAX + 1), "Gemeente", "too_long", "what"),
        ("Een folder", " ", "empty", "owner"),
        ("Een folder", "y" * 10_000, "too_long", "owner"),
        ("Een folder", "y" * (OWNER_MAX + 1), "too_long", "owner"),
    ],
)
async def test_bad_texts_are_refused(
    db: Database,
    clock: ManualClock,
    actor: Actor,
    session_id: int,
    what: str,
    owner: str,
    code: str,
    field: str,
) -> None:
    await action_dialogue.start(db, clock, actor, session_id)
    with pytest.raises(InvalidInput) as refused:
        await action_dialogue.give_what(db, clock, actor, what)
        await action_dialogue.give_owner(db, clock, actor, owner)
    assert (refused.value.code, refused.value.details["field"]) == (code, field)
    step = ActionStep.WHAT if field == "what" else ActionStep.WHO
    assert await at(db, actor) == (Guided.NEW_ACTION, step)


async def test_a_button_of_another_session_or_step_is_old(
    db: Database, clock: ManualClock, actor: Actor, session_id: int
) -> None:
    await action_dialogue.start(db, clock, actor, session_id)
    with pytest.raises(Gone):  # the owner before what was agreed
        await action_dialogue.give_owner(db, clock, actor, "Gemeente", session_id=session_id)
    await action_dialogue.give_what(db, clock, actor, "Een folder")
    with pytest.raises(Gone):
        await action_dialogue.give_owner(db, clock, actor, "Gemeente", session_id=session_id + 1)
    await action_dialogue.give_owner(db, clock, actor, "Gemeente", session_id=session_id)
    with pytest.raises(Gone):
        await action_dialogue.choose_due(db, clock, actor, session_id + 1, "2w")


async def test_one_part_of_an_action_is_changed(
    db: Database, clock: ManualClock, actor: Actor, session_id: int
) -> None:
    await up_to_due(db, clock, actor, session_id)
    saved = await action_dialogue.type_due(db, clock, actor, "15-1-2027")
    assert saved.action is not None
    action_id = saved.action.id

    asked = await action_dialogue.choose_field(db, clock, actor, action_id, "owner")
    assert (asked.dialogue, asked.outcome) == (Guided.EDIT_ACTION, Outcome.ASK_OWNER)
    changed = await action_dialogue.give_owner(db, clock, actor, "Het wijkteam")
    assert changed.outcome is Outcome.CHANGED
    assert changed.action is not None and changed.action.owner == "Het wijkteam"
    assert changed.action.what == "Een folder over de wachtlijst"
    assert await at(db, actor) is None

    await action_dialogue.choose_field(db, clock, actor, action_id, "what")
    with pytest.raises(InvalidInput, match="empty"):  # an empty text never wipes it
        await action_dialogue.give_what(db, clock, actor, "  ")
    changed = await action_dialogue.give_what(db, clock, actor, "Twee folders")
    assert changed.action is not None and changed.action.what == "Twee folders"

    await action_dialogue.choose_field(db, clock, actor, action_id, "due")
    with pytest.raises(InvalidInput, match="date_in_past"):
        await action_dialogue.type_due(db, clock, actor, "1-1-2020")
    changed = await action_dialogue.choose_due(db, clock, actor, session_id, "none")
    assert changed.action is not None and changed.action.due_on is None
    assert changed.action.owner == "Het wijkteam"

    with pytest.raises(Gone):
        await action_dialogue.choose_field(db, clock, actor, action_id, "colour")
    with pytest.raises(Gone):
        await action_dialogue.choose_field(db, clock, actor, action_id + 99, "what")


async def test_a_step_overtaken_ends_and_one_used_well_goes_on(
    db: Database, clock: ManualClock, actor: Actor, session_id: int
) -> None:
    await up_to_due(db, clock, actor, session_id)
    # A period is asked back: the step goes on, waiting for the day to be confirmed.
    asked = await action_dialogue.typed(
        db, actor, action_dialogue.type_due(db, clock, actor, "Q1 2027")
    )
    assert asked.outcome is Outcome.ASK_BACK
    assert await at(db, actor) == (Guided.NEW_ACTION, ActionStep.DUE)
    # The session's keep-until term ended before the day was typed: no action can be added
    # any more. The step ends and says why (a leader's words are kept nowhere).
    async with db.transaction() as tx:
        await tx.sessions.mark_purged(session_id, clock.now())
    with pytest.raises(WrongPhase, match="session_closed"):
        await action_dialogue.typed(
            db, actor, action_dialogue.type_due(db, clock, actor, "15 januari 2027")
        )
    assert await at(db, actor) is None
    assert await actions.of_session(db, session_id) == []
