"""Typed due dates: one day is taken as typed, a period is asked back, never guessed."""

from __future__ import annotations

import datetime as dt

import pytest

from bot import callback_data as cb
from flows.dates import DueReading, Guess, confirmed_due, read_due
from flows.errors import InvalidInput
from sandbox import scenario
from sandbox.world import World
from tests.conftest import rows

TODAY = dt.date(2026, 11, 24)  # the test world's day (conftest.daytime)


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("15-1-2027", dt.date(2027, 1, 15)),
        ("15 januari", dt.date(2027, 1, 15)),
        ("15 January 2027", dt.date(2027, 1, 15)),
        ("over 3 weken", dt.date(2026, 12, 15)),
        ("in 3 weeks", dt.date(2026, 12, 15)),
        ("morgen", dt.date(2026, 11, 25)),
    ],
)
def test_a_typed_day_is_taken_as_it_is(typed: str, day: dt.date) -> None:
    assert read_due(typed, TODAY) == DueReading(day)


@pytest.mark.parametrize(
    ("typed", "day", "guess"),
    [
        ("Q1 2027", dt.date(2027, 3, 31), Guess.PERIOD),  # was silently 28 February
        ("q1", dt.date(2027, 3, 31), Guess.PERIOD),
        ("eerste kwartaal 2027", dt.date(2027, 3, 31), Guess.PERIOD),
        ("Q4 2026", dt.date(2026, 12, 31), Guess.PERIOD),
        ("maart 2027", dt.date(2027, 3, 31), Guess.PERIOD),
        ("2027", dt.date(2027, 12, 31), Guess.PERIOD),
        ("week 12", dt.date(2027, 3, 26), Guess.PERIOD),
        ("volgende week", dt.date(2026, 12, 4), Guess.PERIOD),  # its Friday
        ("eind maart", dt.date(2027, 3, 31), Guess.END),
        ("Eind maart.", dt.date(2027, 3, 31), Guess.END),
        ("end of March", dt.date(2027, 3, 31), Guess.END),
        ("eind november", dt.date(2026, 11, 30), Guess.END),
        ("eind van het jaar", dt.date(2026, 12, 31), Guess.END),
        ("begin april", dt.date(2027, 4, 1), Guess.START),
        ("half maart", dt.date(2027, 3, 15), Guess.MIDDLE),
        ("voor de zomer", dt.date(2027, 7, 1), Guess.BEFORE_SUMMER),
        ("before the summer holidays", dt.date(2027, 7, 1), Guess.BEFORE_SUMMER),
        ("na de zomervakantie", dt.date(2027, 9, 1), Guess.AFTER_SUMMER),
    ],
)
def test_a_typed_period_proposes_a_day_to_confirm(typed: str, day: dt.date, guess: Guess) -> None:
    reading = read_due(typed, TODAY)
    assert (reading.day, reading.guess, reading.sure) == (day, guess, False)


@pytest.mark.parametrize(
    ("typed", "today", "day"),
    [
        ("maart", dt.date(2027, 3, 15), dt.date(2027, 3, 31)),  # this March, not the next
        ("eind maart", dt.date(2027, 3, 31), dt.date(2027, 3, 31)),
        ("begin maart", dt.date(2027, 3, 15), dt.date(2028, 3, 1)),  # this one has passed
        ("volgende maand", dt.date(2026, 12, 20), dt.date(2027, 1, 31)),
        ("voor de zomer", dt.date(2027, 8, 1), dt.date(2028, 7, 1)),
    ],
)
def test_a_period_without_a_year_is_the_first_one_still_to_come(
    typed: str, today: dt.date, day: dt.date
) -> None:
    assert read_due(typed, today).day == day


def test_what_cannot_be_read_or_has_passed_is_refused() -> None:
    with pytest.raises(InvalidInput, match="date_unreadable"):
        read_due("als het af is", TODAY)
    with pytest.raises(InvalidInput, match="date_in_past"):
        read_due("1-1-2020", TODAY)
    with pytest.raises(InvalidInput, match="date_in_past"):
        read_due("Q1 2026", TODAY)
    for no_year in ("Q1 0000", "eerste kwartaal 0000", "4e kwartaal van 0000"):
        with pytest.raises(InvalidInput, match="date_unreadable"):  # it crashed the step
            read_due(no_year, TODAY)
    with pytest.raises(InvalidInput, match="date_in_past"):
        confirmed_due("2026-11-23", TODAY)
    with pytest.raises(InvalidInput, match="date_unreadable"):
        confirmed_due("2027-02-30", TODAY)


async def test_a_quarter_is_asked_back_and_saved_once_confirmed(world: World) -> None:
    facilitator = world.admin()
    await scenario.create_session(facilitator)
    await scenario.add_action(facilitator, "Wachtlijst halveren", "gemeente", "Q1 2027")
    asked = facilitator.last
    assert asked.text == (
        "Welke dag bedoel je? Zal ik 31 maart 2027 nemen?\nZo niet, typ dan de dag die je bedoelt."
    )
    assert asked.labels == ["✅ Ja, 31 maart 2027", "✏️ Nee, ik typ de dag"]
    assert rows(world.db_path, "SELECT * FROM actions") == []  # nothing guessed
    await facilitator.press("Ja, 31 maart 2027")
    assert "Wie: gemeente · Uiterlijk: 31 maart 2027" in facilitator.last.text
    assert [r["due_on"] for r in rows(world.db_path, "SELECT due_on FROM actions")] == [
        "2027-03-31"
    ]


async def test_another_day_can_be_typed_instead_of_the_proposed_one(world: World) -> None:
    facilitator = world.admin()
    await scenario.create_session(facilitator)
    await scenario.add_action(facilitator, "Folder maken", "buurtteam", "voor de zomer")
    assert facilitator.last.text.startswith(
        "Voor de zomer: zal ik 1 juli 2027 nemen? Dat is voor de zomervakantie van de scholen."
    )
    await facilitator.press("Nee, ik typ de dag")
    assert facilitator.last.text == "Typ dan de dag, bijvoorbeeld 15 maart 2027."
    await facilitator.send("eind juni")
    assert facilitator.last.text.startswith("Bedoel je 30 juni 2027?")
    await facilitator.send("25-6-2027")
    assert "Uiterlijk: 25 juni 2027" in facilitator.last.text


async def test_a_confirm_button_for_a_past_day_is_refused(world: World) -> None:
    """The day travels in the button's data: it is checked again, never trusted."""
    facilitator = world.admin()
    await scenario.create_session(facilitator)
    await scenario.add_action(facilitator, "Iets", "gemeente", "eind maart")
    session_id = rows(world.db_path, "SELECT id FROM sessions")[0]["id"]
    await facilitator.press_data(cb.encode(cb.ACTION_DUE, session_id, "2020-01-01"))
    assert facilitator.toasts[-1].startswith("Die datum is al voorbij.")
    assert rows(world.db_path, "SELECT * FROM actions") == []


async def test_the_english_prompt_gives_english_examples(world: World) -> None:
    facilitator = world.admin(lang="en")
    await facilitator.send("/new")
    await facilitator.send("Evaluation East")
    await facilitator.press("Safety and complex cases")
    await facilitator.press("Done")
    await facilitator.send("/action")
    await facilitator.send("Halve the waiting list")
    await facilitator.press("municipality")
    assert facilitator.last.text == (
        "By when? Choose, or type a date (for example 15 January, in 3 weeks or end of March)."
    )
    await facilitator.send("end of March")
    assert facilitator.last.text.startswith("Did you mean 31 March 2027?")


async def test_changing_a_due_date_to_a_period_asks_it_back_too(world: World) -> None:
    facilitator = world.admin()
    await scenario.create_session(facilitator)
    await scenario.add_action(facilitator, "Wachtlijst halveren", "gemeente", "2 weken")
    await facilitator.press("Verander 1")
    await facilitator.press("Klaar op")
    await facilitator.send("Q2 2027")
    assert facilitator.last.labels == ["✅ Ja, 30 juni 2027", "✏️ Nee, ik typ de dag"]
    assert [r["due_on"] for r in rows(world.db_path, "SELECT due_on FROM actions")] == [
        "2026-12-08"
    ]
    await facilitator.press("Ja, 30 juni 2027")
    assert "✓ Afspraak veranderd." in facilitator.texts
    assert [r["due_on"] for r in rows(world.db_path, "SELECT due_on FROM actions")] == [
        "2027-06-30"
    ]
