"""A session's settings and its round's deadline through flows only: no Telegram."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from flows import sessions, settings
from flows.access import Actor
from flows.clock import DEFAULT_TZ
from flows.errors import Gone, InvalidInput, WrongPhase
from flows.model import Perspective
from flows.people import with_person
from sandbox.clock import ManualClock
from storage import Database
from storage.records import Identity

NOW = dt.datetime(2026, 11, 24, 10, tzinfo=ZoneInfo(DEFAULT_TZ))


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
async def session_id(db: Database, clock: ManualClock) -> int:
    actor = await with_person(db, Actor(Identity("telegram", "1"), None, True, "nl"), clock)
    made = await sessions.create_session(
        db, clock, actor, title="Evaluatie", theme="Jeugdhulp", perspectives=list(Perspective)
    )
    return made.session.id


async def test_quiet_hours_on_and_off(db: Database, clock: ManualClock, session_id: int) -> None:
    now = await settings.set_quiet_hours(db, clock, session_id, "off")
    assert (now.session_id, now.quiet_hours, now.tz) == (session_id, False, DEFAULT_TZ)
    assert (await settings.set_quiet_hours(db, clock, session_id, "on")).quiet_hours
    with pytest.raises(Gone):
        await settings.set_quiet_hours(db, clock, session_id, "maybe")


async def test_each_reminder_mode(db: Database, clock: ManualClock, session_id: int) -> None:
    for mode in settings.ReminderMode:
        now = await settings.choose_reminders(db, clock, session_id, mode.value)
        assert now.reminders == settings.REMINDER_MODES[mode]
    assert now.reminders == ()
    with pytest.raises(Gone):
        await settings.choose_reminders(db, clock, session_id, "x" * 10_000)


async def test_a_deadline_from_a_choice_and_pushed_further(
    db: Database, clock: ManualClock, session_id: int
) -> None:
    with pytest.raises(WrongPhase, match="no_round_open"):
        await settings.set_deadline(db, clock, session_id, "1d", extend=False)
    await sessions.open_next_round(db, clock, session_id, None)
    closes = await settings.set_deadline(db, clock, session_id, "1d", extend=False)
    assert closes == NOW + dt.timedelta(days=1)
    pushed = await settings.set_deadline(db, clock, session_id, "1h", extend=True)
    assert pushed == NOW + dt.timedelta(days=1, hours=1)
    with pytest.raises(Gone):  # a week is a first choice, not a push
        await settings.set_deadline(db, clock, session_id, "1w", extend=True)
    with pytest.raises(Gone):
        await settings.set_deadline(db, clock, session_id, "forever", extend=False)


async def test_a_choice_for_a_round_closed_since_leaves_the_open_round_alone(
    db: Database, clock: ManualClock, session_id: int
) -> None:
    first = await sessions.open_next_round(db, clock, session_id, None)
    closes = await settings.set_deadline(
        db, clock, session_id, "1d", extend=False, round_id=first.round.id
    )
    assert closes == NOW + dt.timedelta(days=1)
    await sessions.close_current_round(db, clock, session_id)
    with pytest.raises(Gone, match="round_over"):  # and none open
        await sessions.close_current_round(db, clock, session_id, round_id=first.round.id)
    second = await sessions.open_next_round(db, clock, session_id, None)
    with pytest.raises(Gone, match="round_over"):
        await settings.set_deadline(
            db, clock, session_id, "1h", extend=True, round_id=first.round.id
        )
    with pytest.raises(Gone, match="round_over"):
        await sessions.close_current_round(db, clock, session_id, round_id=first.round.id)
    now = await sessions.current_round(db, session_id)
    assert now is not None and now.id == second.round.id and now.closes_at is None
    closed = await sessions.close_current_round(db, clock, session_id, round_id=second.round.id)
    assert closed.round.id == second.round.id


def test_how_long_a_round_stays_open_as_typed() -> None:
    assert settings.round_length("") is None
    assert settings.round_length("2d") == dt.timedelta(days=2)
    assert settings.round_length("2 dagen 4 uur") == dt.timedelta(days=2, hours=4)
    with pytest.raises(InvalidInput, match="duration_out_of_range"):
        settings.round_length("0m")
    with pytest.raises(InvalidInput, match="duration_unreadable"):
        settings.round_length("1" * 10_000)
    # Past what a computer's clock can add: as long a wait as any other too long one.
    for typed in ("99999999999 weken", "9" * 30 + "m", "10000000 dagen", "999999w " * 200):
        with pytest.raises(InvalidInput, match="duration_out_of_range"):
            settings.round_length(typed)
