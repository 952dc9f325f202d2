"""A person's own data holds what they did with the shared result: proposals, backing, marks."""

from __future__ import annotations

from flows import answering, joining, mirror, mydata, proposals, sessions
from flows.access import Actor
from flows.model import Perspective
from flows.people import identify
from sandbox.clock import ManualClock
from storage import Database


async def _person(db: Database, number: int, *, admin: bool = False) -> Actor:
    return await identify(db, "telegram", str(number), "nl", is_admin=admin)


async def test_my_data_holds_my_proposals_and_counts_what_i_backed_and_recognised(
    db: Database, clock: ManualClock
) -> None:
    made = await sessions.create_session(
        db,
        clock,
        await _person(db, 1, admin=True),
        title="Mijn gegevens",
        theme="Jeugdhulp",
        perspectives=[Perspective.PARENT, Perspective.WORKER],
    )
    sanne = await joining.consent(
        db, clock, await _person(db, 10), made.participant_codes[Perspective.PARENT]
    )
    wim = await joining.consent(
        db, clock, await _person(db, 11), made.participant_codes[Perspective.WORKER]
    )
    for number in range(3):
        await sessions.open_next_round(db, clock, made.session.id)
        await answering.receive(db, clock, await _person(db, 11), "Eén vast contact", f"w{number}")
        await sessions.close_current_round(db, clock, made.session.id)
    await mirror.share(db, clock, made.session.id, without_themes=True)
    (item,) = [
        i.contribution_id for i in (await mirror.of_person(db, await _person(db, 10)))[0].items
    ]
    await mirror.toggle(db, clock, await _person(db, 10), item)
    mine = await proposals.propose(
        db, clock, await _person(db, 10), sanne.participant.id, "Een vaste contactpersoon"
    )
    theirs = await proposals.propose(
        db, clock, await _person(db, 11), wim.participant.id, "Terugbellen binnen een dag"
    )
    await proposals.endorse(db, clock, await _person(db, 10), theirs.id)

    document = await mydata.export(db, await _person(db, 10))
    assert document is not None
    (taking_part,) = document["taking_part"]
    assert [p["text"] for p in taking_part["your_proposals"]] == [mine.body]
    assert taking_part["your_proposals"][0]["made_an_agreed_action"] is False
    assert taking_part["proposals_you_backed"] == 1
    assert taking_part["answers_you_recognised"] == 1
    # Another's words are not in my document.
    assert "Terugbellen binnen een dag" not in str(document)
