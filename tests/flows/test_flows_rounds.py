"""Rounds without Telegram: a facilitator opens one, reminds who has not answered, closes
it, and asks how the session is doing."""

from __future__ import annotations

import datetime as dt

import pytest

from flows import answering, joining, sessions, status
from flows.access import Actor
from flows.errors import WrongPhase
from flows.model import Perspective
from flows.people import identify
from flows.sessions import Invites
from sandbox.clock import ManualClock
from storage import Database


@pytest.fixture
def clock() -> ManualClock:
    # A Tuesday at eleven in Amsterdam: no quiet hours hold anything back.
    return ManualClock(dt.datetime(2026, 11, 24, 10, tzinfo=dt.UTC))


async def _person(db: Database, number: int, *, admin: bool = False) -> Actor:
    return await identify(db, "telegram", str(number), "nl", is_admin=admin)


async def _session_with_two_parents(db: Database, clock: ManualClock) -> Invites:
    owner = await _person(db, 1, admin=True)
    made = await sessions.create_session(
        db, clock, owner, title="Samen terug", theme="Jeugdhulp", perspectives=[Perspective.PARENT]
    )
    code = made.participant_codes[Perspective.PARENT]
    for number in (10, 11):
        await joining.consent(db, clock, await _person(db, number), code)
    return made


async def test_a_round_opens_with_a_deadline_and_closes_with_what_it_brought(
    db: Database, clock: ManualClock
) -> None:
    made = await _session_with_two_parents(db, clock)
    opened = await sessions.open_next_round(db, clock, made.session.id, dt.timedelta(days=2))
    assert opened.recipients == 2
    assert opened.round.is_open
    assert opened.round.closes_at == clock.now() + dt.timedelta(days=2)
    await answering.receive(db, clock, await _person(db, 10), "Fijn gesprek gehad", "r:1")
    await answering.receive(db, clock, await _person(db, 10), "En nog iets", "r:2")
    clock.advance(dt.timedelta(hours=1))
    closed = await sessions.close_current_round(db, clock, made.session.id)
    assert closed.round.kind == opened.round.kind
    assert (closed.people, closed.contributions) == (1, 2)
    assert not closed.round.is_open


async def test_closing_or_reminding_without_an_open_round_says_why(
    db: Database, clock: ManualClock
) -> None:
    made = await _session_with_two_parents(db, clock)
    with pytest.raises(WrongPhase):
        await sessions.close_current_round(db, clock, made.session.id)
    with pytest.raises(WrongPhase):
        await sessions.remind_now(db, clock, made.session.id)


async def test_a_reminder_goes_only_to_who_has_not_answered(
    db: Database, clock: ManualClock
) -> None:
    made = await _session_with_two_parents(db, clock)
    await sessions.open_next_round(db, clock, made.session.id)
    assert (await sessions.remind_now(db, clock, made.session.id)).recipients == 2
    await answering.receive(db, clock, await _person(db, 11), "Mijn antwoord", "r:1")
    reminded = await sessions.remind_now(db, clock, made.session.id)
    assert reminded.recipients == 1
    assert reminded.held_until == clock.now()


async def test_the_status_counts_who_joined_and_who_answered(
    db: Database, clock: ManualClock
) -> None:
    made = await _session_with_two_parents(db, clock)
    await joining.join_as_organiser(db, clock, await _person(db, 20), made.organiser_code)
    await sessions.open_next_round(db, clock, made.session.id)
    await answering.receive(db, clock, await _person(db, 10), "Eerste", "r:1")
    await answering.receive(db, clock, await _person(db, 10), "Tweede", "r:2")
    st = await status.status(db, clock, made.session.id)
    assert st.session.id == made.session.id
    assert st.joined == {Perspective.PARENT.value: 2}
    assert st.organisers == 1
    current = st.current_round
    assert current is not None and current.is_open
    progress = next(r for r in st.rounds if r.round is not None and r.round.is_open)
    assert progress.answered[Perspective.PARENT.value] == (1, 2)
