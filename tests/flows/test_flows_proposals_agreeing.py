"""Agreeing a proposal: one action, whoever agrees it and however many at the same moment."""

from __future__ import annotations

import asyncio

import pytest

from flows import joining, proposals, sessions, themes
from flows.access import Actor
from flows.errors import Gone
from flows.model import Perspective
from flows.people import identify
from sandbox.clock import ManualClock
from storage import Database
from tests.conftest import rows


async def _person(db: Database, number: int, *, admin: bool = False) -> Actor:
    return await identify(db, "telegram", str(number), "nl", is_admin=admin)


async def _proposed(db: Database, clock: ManualClock) -> tuple[int, int]:
    """A session gathering its actions, with one proposal of a parent; (session, proposal)."""
    made = await sessions.create_session(
        db, clock, await _person(db, 1, admin=True), title="Afspraken", theme="Jeugdhulp",
        perspectives=[Perspective.PARENT, Perspective.WORKER],
    )  # fmt: skip
    sanne = await joining.consent(
        db, clock, await _person(db, 10), made.participant_codes[Perspective.PARENT]
    )
    for _ in range(3):
        await sessions.open_next_round(db, clock, made.session.id)
        await sessions.close_current_round(db, clock, made.session.id)
    proposal = await proposals.propose(
        db, clock, await _person(db, 10), sanne.participant.id, "Een vaste contactpersoon"
    )
    return made.session.id, proposal.id


async def test_two_leaders_agreeing_one_proposal_at_once_make_one_action(
    db: Database, clock: ManualClock
) -> None:
    session_id, proposal_id = await _proposed(db, clock)
    leader = await _person(db, 1, admin=True)
    outcomes = await asyncio.gather(
        *(
            proposals.agree(
                db,
                clock,
                leader,
                proposal_id,
                what="Een vaste contactpersoon",
                owner=owner,
                due="",
                theme_id=None,
            )
            for owner in ("Buurtteam", "Gemeente")
        ),
        return_exceptions=True,
    )
    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], Gone)
    assert refused[0].code == "proposal_agreed"
    (action,) = rows(db.path, "SELECT id FROM actions WHERE session_id = ?", (session_id,))
    (linked,) = rows(db.path, "SELECT action_id FROM proposals")
    assert linked["action_id"] == action["id"]


async def test_a_theme_of_another_session_leaves_no_action_behind(
    db: Database, clock: ManualClock
) -> None:
    _, proposal_id = await _proposed(db, clock)
    other = await sessions.create_session(
        db, clock, await _person(db, 1, admin=True), title="Elders", theme="Wonen",
        perspectives=[Perspective.PARENT],
    )  # fmt: skip
    (elsewhere,) = (await themes.add_themes(db, clock, other.session.id, "Elders")).added
    with pytest.raises(Gone):
        await proposals.agree(
            db, clock, await _person(db, 1, admin=True), proposal_id,
            what="Een vaste contactpersoon", owner="Buurtteam", due="", theme_id=elsewhere.id,
        )  # fmt: skip
    assert rows(db.path, "SELECT * FROM actions") == []
    assert rows(db.path, "SELECT action_id FROM proposals")[0]["action_id"] is None


async def test_the_agreed_action_keeps_the_theme_it_comes_from(
    db: Database, clock: ManualClock
) -> None:
    session_id, proposal_id = await _proposed(db, clock)
    (theme,) = (await themes.add_themes(db, clock, session_id, "Vast contact")).added
    action = await proposals.agree(
        db, clock, await _person(db, 1, admin=True), proposal_id,
        what="Een vaste contactpersoon", owner="Buurtteam", due="", theme_id=theme.id,
    )  # fmt: skip
    assert action.theme_id == theme.id
    (stored,) = rows(db.path, "SELECT theme_id FROM actions WHERE id = ?", (action.id,))
    assert stored["theme_id"] == theme.id
