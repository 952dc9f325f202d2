"""Joining without Telegram: where a link leads, the wrong-code brake, consent, how to appear."""

from __future__ import annotations

import datetime as dt

import pytest

from flows import dialogue, invites, joining, leaving, newcomers, sessions
from flows.access import Actor
from flows.brake import FREE_TRIES, WrongCodeBrake
from flows.errors import InvalidInput
from flows.invites import Route
from flows.joining import Consented, Welcome
from flows.model import DisplayMode, Perspective
from flows.people import identify
from flows.sessions import Invites
from sandbox.clock import ManualClock
from storage import Database
from storage.records import Identity


async def _session(db: Database, clock: ManualClock) -> Invites:
    owner = Actor(Identity("telegram", "1"), None, True, "nl")
    return await sessions.create_session(
        db, clock, owner, title="Samen terug", theme="Jeugdhulp", perspectives=[Perspective.PARENT]
    )


async def _someone(db: Database, number: int) -> Actor:
    return await identify(db, "telegram", str(number), "nl", is_admin=False)


async def test_a_link_leads_where_its_code_says(db: Database, clock: ManualClock) -> None:
    made = await _session(db, clock)
    brake = WrongCodeBrake(db, clock)
    asker = await _someone(db, 50)
    parent_code = made.participant_codes[Perspective.PARENT]
    opened = await invites.open_link(db, clock, asker, parent_code, brake)
    assert opened.route is Route.PARTICIPANT
    assert opened.view is not None and opened.view.session is not None
    assert opened.view.session.id == made.session.id
    organiser = await invites.open_link(db, clock, asker, made.organiser_code, brake)
    assert organiser.route is Route.ORGANISER
    owner = Actor(Identity("telegram", "1"), None, True, "nl")
    co_code = await invites.co_facilitator_link(db, clock, owner, made.session.id)
    assert (await invites.open_link(db, clock, asker, co_code, brake)).route is (
        Route.CO_FACILITATOR
    )
    new_code = await sessions.create_facilitator_invite(db, clock, owner)
    assert (await invites.open_link(db, clock, asker, new_code, brake)).route is (
        Route.FACILITATOR
    )
    assert (await invites.open_link(db, clock, asker, "nope", brake)).route is Route.UNKNOWN


async def test_a_one_person_link_someone_else_opened_is_taken(
    db: Database, clock: ManualClock
) -> None:
    made = await _session(db, clock)
    brake = WrongCodeBrake(db, clock)
    first = await _someone(db, 60)
    await joining.join_as_organiser(db, clock, first, made.organiser_code)
    second = await _someone(db, 61)
    taken = await invites.open_link(db, clock, second, made.organiser_code, brake)
    assert taken.route is Route.TAKEN
    first = await _someone(db, 60)  # now with the row they got by opening it
    again = await invites.open_link(db, clock, first, made.organiser_code, brake)
    assert again.route is Route.ORGANISER


async def test_wrong_codes_brake_until_the_wait_is_over(db: Database, clock: ManualClock) -> None:
    made = await _session(db, clock)
    brake = WrongCodeBrake(db, clock)
    guesser = await _someone(db, 70)
    for n in range(FREE_TRIES + 1):
        opened = await invites.open_link(db, clock, guesser, f"guess{n}", brake)
        assert opened.route is Route.UNKNOWN
    code = made.participant_codes[Perspective.PARENT]
    braked = await invites.open_link(db, clock, guesser, code, brake)
    assert braked.route is Route.BRAKED
    assert braked.wait is not None and braked.wait > dt.timedelta(0)
    # Someone else is not slowed down by the guesser.
    someone_else = await _someone(db, 71)
    assert (await invites.open_link(db, clock, someone_else, code, brake)).route is (
        Route.PARTICIPANT
    )
    clock.advance(braked.wait)
    assert (await invites.open_link(db, clock, guesser, code, brake)).route is (Route.PARTICIPANT)


async def test_welcome_consent_display_and_summary_wish(db: Database, clock: ManualClock) -> None:
    made = await _session(db, clock)
    code = made.participant_codes[Perspective.PARENT]
    newcomer = await _someone(db, 80)
    view = await joining.look_up(db, clock, newcomer, code)
    assert view is not None
    assert await joining.welcome(db, newcomer, view) is Welcome.ASK_CONSENT

    agreed = await joining.agree(db, clock, newcomer, code)
    assert agreed.next is Consented.ASK_DISPLAY
    parent = await _someone(db, 80)
    # A second tap on the same button, before the choices are made, asks nothing again.
    assert (await joining.agree(db, clock, parent, code)).next is Consented.REPEATED

    participant_id = agreed.joined.participant.id
    await joining.ask_pseudonym(db, clock, parent, participant_id)
    waiting = await dialogue.current(db, await _someone(db, 80))
    assert waiting is not None and waiting.flow == joining.PSEUDONYM
    chosen = await joining.choose_pseudonym(db, parent, participant_id, "  Moeder   van drie ")
    assert (chosen.display_mode, chosen.display_name) == (DisplayMode.PSEUDONYM, "Moeder van drie")
    assert await dialogue.current(db, await _someone(db, 80)) is None

    joined = await joining.set_summary_wish(db, clock, participant_id, True)
    assert not joined.already and joined.participant.wants_summary
    parent = await _someone(db, 80)
    assert (await joining.agree(db, clock, parent, code)).next is Consented.ALREADY_SET_UP
    view = await joining.look_up(db, clock, parent, code)
    assert view is not None
    assert await joining.welcome(db, parent, view) is Welcome.ALREADY_JOINED


async def test_closed_doors_and_removal_keep_newcomers_out(
    db: Database, clock: ManualClock
) -> None:
    made = await _session(db, clock)
    code = made.participant_codes[Perspective.PARENT]
    member = await _someone(db, 90)
    joined = (await joining.agree(db, clock, member, code)).joined
    await invites.set_joins_open(db, clock, made.session.id, False)
    late = await _someone(db, 91)
    view = await joining.look_up(db, clock, late, code)
    assert view is not None
    assert await joining.welcome(db, late, view) is Welcome.JOINS_CLOSED
    member = await _someone(db, 90)
    assert await joining.welcome(db, member, view) is Welcome.ALREADY_JOINED

    await invites.set_joins_open(db, clock, made.session.id, True)
    await newcomers.remove(db, clock, joined.participant.id)
    view = await joining.look_up(db, clock, member, code)
    assert view is not None
    assert await joining.welcome(db, member, view) is Welcome.JOINS_CLOSED


async def test_no_to_consent_stores_only_the_refusal(db: Database, clock: ManualClock) -> None:
    made = await _session(db, clock)
    code = made.participant_codes[Perspective.PARENT]
    doubter = await _someone(db, 95)
    declined = await joining.decline(db, clock, doubter, code)
    assert declined.session is not None and not declined.already_joined
    assert (await _someone(db, 95)).person is None  # nothing stored about them
    member = await _someone(db, 96)
    await joining.agree(db, clock, member, code)
    member = await _someone(db, 96)
    assert (await joining.decline(db, clock, member, code)).already_joined


async def test_a_name_it_cannot_take_keeps_the_step_and_a_left_session_ends_it(
    db: Database, clock: ManualClock
) -> None:
    made = await _session(db, clock)
    code = made.participant_codes[Perspective.PARENT]
    parent = await _someone(db, 85)
    participant_id = (await joining.agree(db, clock, parent, code)).joined.participant.id
    parent = await _someone(db, 85)  # now with the row joining gave them
    await joining.ask_pseudonym(db, clock, parent, participant_id)
    # Words it cannot take as a name: the step waits for better ones.
    with pytest.raises(InvalidInput):
        await joining.choose_pseudonym(db, parent, participant_id, "   ")
    assert await dialogue.current(db, parent) is not None
    # The participation went meanwhile: the step can no longer be finished. It ends, and
    # the words are plain typed words again.
    await leaving.leave(db, clock, participant_id, keep_answers=False)
    assert await joining.choose_pseudonym(db, parent, participant_id, "KB") is None
    assert await dialogue.current(db, parent) is None


async def test_leaving_ends_a_step_about_that_session_only(
    db: Database, clock: ManualClock
) -> None:
    first, second = await _session(db, clock), await _session(db, clock)
    parent = await _someone(db, 88)
    north = await joining.agree(db, clock, parent, first.participant_codes[Perspective.PARENT])
    parent = await _someone(db, 88)
    south = await joining.agree(db, clock, parent, second.participant_codes[Perspective.PARENT])
    north_id, south_id = north.joined.participant.id, south.joined.participant.id
    await joining.ask_pseudonym(db, clock, parent, south_id)
    # Leaving the other session keeps the step of this one.
    await leaving.leave(db, clock, north_id, keep_answers=True)
    assert await dialogue.current(db, parent) is not None
    # Leaving this one ends it: nothing of it stays stored.
    await leaving.leave(db, clock, south_id, keep_answers=True)
    assert await dialogue.current(db, parent) is None
