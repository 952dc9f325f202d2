"""Personal links to the session view and the organiser's claim, driven through flows."""

from __future__ import annotations

import pytest

from flows import joining, sessions, web_links
from flows.access import Actor
from flows.brake import WrongCodeBrake
from flows.errors import NotAllowed
from flows.invites import Route
from flows.model import Perspective
from flows.people import identify
from sandbox.clock import ManualClock
from storage import Database
from storage.records import Identity


async def person(db: Database, channel: str, external_id: str) -> Actor:
    return await identify(db, channel, external_id, "nl", is_admin=False)


async def made_session(db: Database, clock: ManualClock) -> sessions.Invites:
    owner = Actor(Identity("telegram", "1"), None, True, "nl")
    return await sessions.create_session(
        db, clock, owner, title="Oost", theme="Jeugdhulp", perspectives=[Perspective.PARENT]
    )


async def identities(db: Database, person_id: int) -> list[Identity]:
    async with db.read() as tx:
        return await tx.people.identities(person_id)


async def test_a_personal_link_names_the_same_person_and_replaces_the_one_before(
    db: Database, clock: ManualClock
) -> None:
    await made_session(db, clock)
    owner = await person(db, "telegram", "1")
    assert owner.person is not None
    first = await web_links.personal_link(db, owner)
    second = await web_links.personal_link(db, owner)
    assert first is not None and second is not None and first != second
    known = await identities(db, owner.person.id)
    assert known == sorted(
        [Identity("telegram", "1"), Identity("web", web_links.link_external_id(second))],
        key=lambda i: (i.channel, i.external_id),
    )
    on_the_web = await person(db, "web", web_links.link_external_id(second))
    assert on_the_web.person_id == owner.person.id
    assert (await person(db, "web", web_links.link_external_id(first))).person is None
    view = await web_links.session_view(db, clock, on_the_web)
    assert view.session.title == "Oost" and view.leads


async def test_no_personal_link_for_someone_who_follows_no_session(
    db: Database, clock: ManualClock
) -> None:
    made = await made_session(db, clock)
    stranger = await person(db, "telegram", "2")
    assert await web_links.personal_link(db, stranger) is None
    await joining.consent(db, clock, stranger, made.participant_codes[Perspective.PARENT])
    parent = await person(db, "telegram", "2")
    assert parent.person is not None
    assert await web_links.personal_link(db, parent) is None
    assert await identities(db, parent.person.id) == [Identity("telegram", "2")]
    with pytest.raises(NotAllowed):
        await web_links.session_view(db, clock, parent)
    with pytest.raises(NotAllowed):
        await web_links.session_view(db, clock, parent, made.session.id)


async def test_an_organiser_claim_has_one_effect_and_one_claimant(
    db: Database, clock: ManualClock
) -> None:
    made = await made_session(db, clock)
    brake = WrongCodeBrake(db, clock)
    tried_by = Actor(Identity("web-address", "a"), None, False, "nl")
    first = await person(db, "web", "first")
    opened = await web_links.claim_organiser(
        db, clock, tried_by, first, made.organiser_code, brake
    )
    assert opened.route is Route.ORGANISER
    again = await web_links.claim_organiser(
        db, clock, tried_by, await person(db, "web", "first"), made.organiser_code, brake
    )
    assert again.route is Route.ORGANISER
    other = await web_links.claim_organiser(
        db, clock, tried_by, await person(db, "web", "second"), made.organiser_code, brake
    )
    assert other.route is Route.TAKEN
    async with db.read() as tx:
        assert len(await tx.participation.organisers_of(made.session.id)) == 1
    assert (await person(db, "web", "second")).person is None
    organiser = await person(db, "web", "first")
    view = await web_links.session_view(db, clock, organiser)
    assert view.session.id == made.session.id and not view.leads
