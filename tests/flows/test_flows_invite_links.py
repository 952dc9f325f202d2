"""Invite links and sessions without Telegram: renewing links, how long they work, the
links that make a facilitator or co-host, a facilitator's list of sessions and choosing one,
and asking whether a newcomer can still be removed."""

from __future__ import annotations

import datetime as dt

import pytest

from flows import invites as invites_flow
from flows import joining, newcomers, sessions
from flows.access import Actor
from flows.errors import Gone, InvalidInput
from flows.model import INVITE_VALIDITY, Perspective
from flows.people import identify
from flows.sessions import Invites
from sandbox.clock import ManualClock
from storage import Database


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(dt.datetime(2026, 11, 24, 10, tzinfo=dt.UTC))


async def _person(db: Database, number: int, *, admin: bool = False) -> Actor:
    return await identify(db, "telegram", str(number), "nl", is_admin=admin)


async def _session(db: Database, clock: ManualClock, owner: Actor, title: str) -> Invites:
    return await sessions.create_session(
        db, clock, owner, title=title, theme="Jeugdhulp", perspectives=[Perspective.PARENT]
    )


async def test_renewed_links_replace_the_old_ones_and_start_their_time_afresh(
    db: Database, clock: ManualClock
) -> None:
    owner = await _person(db, 1, admin=True)
    made = await _session(db, clock, owner, "Samen terug")
    old_code = made.participant_codes[Perspective.PARENT]
    clock.advance(dt.timedelta(days=3))
    renewed = await invites_flow.renew(db, clock, owner, made.session.id)
    new_code = renewed.participant_codes[Perspective.PARENT]
    assert new_code != old_code and renewed.organiser_code != made.organiser_code
    asker = await _person(db, 50)
    assert await joining.look_up(db, clock, asker, old_code) is None
    assert await joining.look_up(db, clock, asker, made.organiser_code) is None
    assert await joining.look_up(db, clock, asker, new_code) is not None
    assert renewed.session.invites_expire_at == clock.now() + INVITE_VALIDITY


async def test_links_renewed_since_they_were_shown_are_not_renewed_again(
    db: Database, clock: ManualClock
) -> None:
    owner = await _person(db, 1, admin=True)
    made = await _session(db, clock, owner, "Samen terug")
    first = await invites_flow.renew_shown(db, clock, owner, made.session.id, made.generation)
    assert first.renewed and first.invites.generation != made.generation
    # The same links again (a double tap, an older message): the renewed ones stay.
    again = await invites_flow.renew_shown(db, clock, owner, made.session.id, made.generation)
    assert not again.renewed and again.invites == first.invites
    code = first.invites.participant_codes[Perspective.PARENT]
    assert await joining.look_up(db, clock, await _person(db, 50), code) is not None


async def test_links_work_a_week_four_weeks_or_until_the_session_closes(
    db: Database, clock: ManualClock
) -> None:
    owner = await _person(db, 1, admin=True)
    made = await _session(db, clock, owner, "Samen terug")
    week = await invites_flow.set_validity(db, clock, made.session.id, "1w")
    assert week.invites_expire_at == clock.now() + dt.timedelta(weeks=1)
    four = await invites_flow.set_validity(db, clock, made.session.id, "4w")
    assert four.invites_expire_at == clock.now() + dt.timedelta(weeks=4)
    end = await invites_flow.set_validity(db, clock, made.session.id, "end")
    assert end.invites_expire_at is None
    with pytest.raises(InvalidInput):
        await invites_flow.set_validity(db, clock, made.session.id, "2y")
    # A week on, a one-week link no longer leads anywhere.
    await invites_flow.set_validity(db, clock, made.session.id, "1w")
    clock.advance(dt.timedelta(weeks=1, minutes=1))
    code = made.participant_codes[Perspective.PARENT]
    assert await joining.look_up(db, clock, await _person(db, 50), code) is None


async def test_a_facilitator_link_makes_its_opener_a_facilitator_and_no_one_else(
    db: Database, clock: ManualClock
) -> None:
    admin = await _person(db, 1, admin=True)
    code = await sessions.create_facilitator_invite(db, clock, admin)
    await joining.become_facilitator(db, clock, await _person(db, 30), code)
    became = await _person(db, 30)
    assert became.person is not None and became.person.is_facilitator
    # Its claimant may open it again; someone else finds it used.
    await joining.become_facilitator(db, clock, became, code)
    with pytest.raises(Gone):
        await joining.become_facilitator(db, clock, await _person(db, 31), code)
    other = await _person(db, 31)
    assert other.person is None or not other.person.is_facilitator


async def test_a_co_host_link_shares_the_session_and_it_shows_in_their_list(
    db: Database, clock: ManualClock
) -> None:
    owner = await _person(db, 1, admin=True)
    first = await _session(db, clock, owner, "Eerste")
    second = await _session(db, clock, owner, "Tweede")
    owner = await _person(db, 1, admin=True)  # a person now, made by the first session
    assert [s.id for s in await sessions.sessions_of(db, owner)] == [
        second.session.id,
        first.session.id,
    ]
    co = await _person(db, 40)
    assert await sessions.sessions_of(db, co) == []
    code = await invites_flow.co_facilitator_link(db, clock, owner, first.session.id)
    shared = await invites_flow.become_co_facilitator(db, clock, co, code)
    assert shared.id == first.session.id
    co = await _person(db, 40)
    assert [s.id for s in await sessions.sessions_of(db, co)] == [first.session.id]
    assert co.person is not None and co.person.active_session_id == first.session.id
    with pytest.raises(Gone):
        await invites_flow.become_co_facilitator(db, clock, await _person(db, 41), code)
    # A participant link is no co-host link.
    with pytest.raises(Gone):
        await invites_flow.become_co_facilitator(
            db, clock, await _person(db, 42), first.participant_codes[Perspective.PARENT]
        )


async def test_choosing_a_session_makes_it_the_active_one(
    db: Database, clock: ManualClock
) -> None:
    owner = await _person(db, 1, admin=True)
    first = await _session(db, clock, owner, "Eerste")
    await _session(db, clock, owner, "Tweede")
    owner = await _person(db, 1, admin=True)
    chosen = await sessions.select(db, owner, first.session.id)
    assert chosen.title == "Eerste"
    again = await _person(db, 1, admin=True)
    assert again.person is not None and again.person.active_session_id == first.session.id
    with pytest.raises(Gone):
        await sessions.select(db, owner, 9999)


async def test_the_invite_links_of_a_session_are_its_working_codes(
    db: Database, clock: ManualClock
) -> None:
    owner = await _person(db, 1, admin=True)
    made = await _session(db, clock, owner, "Samen terug")
    shown = await sessions.invites(db, clock, made.session.id)
    assert shown.participant_codes == made.participant_codes
    assert shown.organiser_code == made.organiser_code


async def test_a_newcomer_can_be_removed_but_not_twice(db: Database, clock: ManualClock) -> None:
    owner = await _person(db, 1, admin=True)
    made = await _session(db, clock, owner, "Samen terug")
    joined = await joining.consent(
        db, clock, await _person(db, 60), made.participant_codes[Perspective.PARENT]
    )
    found = await newcomers.check_removable(db, joined.participant.id)
    assert found.participant.id == joined.participant.id
    assert found.session.id == made.session.id
    await newcomers.remove(db, clock, joined.participant.id)
    with pytest.raises(Gone):
        await newcomers.check_removable(db, joined.participant.id)
