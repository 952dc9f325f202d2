"""The new-session dialogue driven through flows only: a real database file, the test clock."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows import dialogue, new_session
from flows.access import Actor
from flows.clock import DEFAULT_TZ
from flows.errors import Gone, InvalidInput
from flows.guided import Guided, NewSessionStep
from flows.model import TITLE_MAX, Perspective
from flows.people import identify, with_person
from sandbox.clock import ManualClock
from storage import Database
from storage.records import Identity


async def facilitator(db: Database, clock: ManualClock) -> Actor:
    """An admin (admins may make sessions) with their person row."""
    return await with_person(db, Actor(Identity("telegram", "1"), None, True, "nl"), clock)


async def step_of(db: Database, actor: Actor) -> tuple[str, str] | None:
    current = await dialogue.current(db, actor)
    return None if current is None else (current.flow, current.step)


async def test_a_session_is_made_step_by_step(db: Database, clock: ManualClock) -> None:
    actor = await facilitator(db, clock)
    asked = await new_session.start(db, clock, actor)
    assert asked.step is NewSessionStep.TITLE
    assert await step_of(db, actor) == (Guided.NEW_SESSION, NewSessionStep.TITLE)

    asked = await new_session.give_title(db, clock, actor, "  Evaluatie   wijkteams Oost ")
    assert asked.step is NewSessionStep.THEME
    perspectives = await new_session.give_theme(db, clock, actor, "Jeugdhulp")
    assert perspectives.chosen == list(Perspective)  # all on to begin with

    toggled = await new_session.toggle_perspective(db, clock, actor, Perspective.PARENT.value)
    assert Perspective.PARENT not in toggled.chosen
    toggled = await new_session.toggle_perspective(db, clock, actor, Perspective.PARENT.value)
    assert Perspective.PARENT in toggled.chosen
    await new_session.toggle_perspective(db, clock, actor, Perspective.PARENT.value)

    created = await new_session.create(db, clock, actor, tz=DEFAULT_TZ)
    assert created.session.title == "Evaluatie wijkteams Oost"
    assert created.session.theme == "Jeugdhulp"
    assert set(created.participant_codes) == set(Perspective) - {Perspective.PARENT}
    assert created.session.owner_id == actor.person_id
    assert await step_of(db, actor) is None  # the dialogue is over


async def test_a_step_survives_a_restart(clock: ManualClock, tmp_path: Path) -> None:
    path = tmp_path / "restart.db"
    first = await Database.open(path)
    actor = await facilitator(first, clock)
    await new_session.start(first, clock, actor)
    await new_session.give_title(first, clock, actor, "Evaluatie")
    await first.close()
    again = await Database.open(path)
    try:
        await new_session.give_theme(again, clock, actor, "Onderwijs")
        created = await new_session.create(again, clock, actor)
    finally:
        await again.close()
    assert (created.session.title, created.session.theme) == ("Evaluatie", "Onderwijs")


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("", "empty"),
        ("   \n ", "empty"),
        ("x" * 10_000, "too_long"),
        ("x" * (TITLE_MAX + 1), "too_long"),
    ],
)
async def test_a_bad_title_is_refused_and_asked_again(
    db: Database, clock: ManualClock, title: str, code: str
) -> None:
    actor = await facilitator(db, clock)
    await new_session.start(db, clock, actor)
    with pytest.raises(InvalidInput) as refused:
        await new_session.give_title(db, clock, actor, title)
    assert refused.value.code == code
    assert refused.value.details["field"] == "title"
    assert await step_of(db, actor) == (Guided.NEW_SESSION, NewSessionStep.TITLE)
    # The longest title that fits is taken.
    assert (await new_session.give_title(db, clock, actor, "x" * TITLE_MAX)).step is (
        NewSessionStep.THEME
    )


async def test_a_bad_theme_is_refused(db: Database, clock: ManualClock) -> None:
    actor = await facilitator(db, clock)
    await new_session.start(db, clock, actor)
    await new_session.give_title(db, clock, actor, "Evaluatie")
    for theme, code in (("", "empty"), ("y" * 10_000, "too_long")):
        with pytest.raises(InvalidInput, match=code):
            await new_session.give_theme(db, clock, actor, theme)
    assert await step_of(db, actor) == (Guided.NEW_SESSION, NewSessionStep.THEME)


async def test_steps_out_of_turn_are_old(db: Database, clock: ManualClock) -> None:
    actor = await facilitator(db, clock)
    with pytest.raises(Gone):  # no dialogue at all
        await new_session.give_title(db, clock, actor, "Evaluatie")
    await new_session.start(db, clock, actor)
    with pytest.raises(Gone):  # a theme while the title is asked
        await new_session.give_theme(db, clock, actor, "Onderwijs")
    with pytest.raises(Gone):  # Done before the perspectives
        await new_session.create(db, clock, actor)
    await new_session.give_title(db, clock, actor, "Evaluatie")
    await new_session.give_theme(db, clock, actor, "Onderwijs")
    with pytest.raises(Gone):  # no such perspective
        await new_session.toggle_perspective(db, clock, actor, "aliens")


async def test_nobody_invited_is_refused(db: Database, clock: ManualClock) -> None:
    actor = await facilitator(db, clock)
    await new_session.start(db, clock, actor)
    await new_session.give_title(db, clock, actor, "Evaluatie")
    await new_session.give_theme(db, clock, actor, "Onderwijs")
    for perspective in Perspective:
        await new_session.toggle_perspective(db, clock, actor, perspective.value)
    with pytest.raises(InvalidInput, match="no_perspectives"):
        await new_session.create(db, clock, actor)
    assert await step_of(db, actor) == (Guided.NEW_SESSION, NewSessionStep.PERSPECTIVES)


async def test_an_admin_without_a_row_gets_one_when_starting(
    db: Database, clock: ManualClock
) -> None:
    asked = await new_session.start(db, clock, Actor(Identity("telegram", "7"), None, True, "en"))
    assert asked.step is NewSessionStep.TITLE
    known = await identify(db, "telegram", str(7), "en", is_admin=True)
    assert await step_of(db, known) == (Guided.NEW_SESSION, NewSessionStep.TITLE)
