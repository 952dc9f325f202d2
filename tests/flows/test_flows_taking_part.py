"""What a second channel needs from the flows: where a participant stands, words meant for
a round that closed, the answer limit, the guard that never costs an answer, and the brake
counting against a key the channel names."""

from __future__ import annotations

import pytest

from flows import answering, invites, screening, sessions, taking_part
from flows.access import Actor
from flows.brake import WrongCodeBrake
from flows.errors import InvalidInput
from flows.model import ANSWER_MAX
from flows.people import Identity
from flows.pii import Finding
from sandbox.clock import ManualClock
from storage import Database
from tests.flows.parents import parent_in_open_round


async def test_standing_shows_the_open_round_and_only_ones_own_answers(
    db: Database, clock: ManualClock
) -> None:
    sanne = await parent_in_open_round(db, clock, 11, "Oost")
    kees = await parent_in_open_round(db, clock, 12, "West")
    await answering.receive(db, clock, sanne, "Van Sanne", "s1")
    await answering.receive(db, clock, kees, "Van Kees", "k1")
    (standing,) = await taking_part.standing(db, sanne)
    assert standing.session.title == "Oost"
    assert standing.open_round is not None and standing.open_round.kind == "went_well"
    assert [c.body for c in standing.answers] == ["Van Sanne"]
    assert standing.last_closed is None
    stranger = Actor(Identity("web", "nobody"), None, False, "nl")
    assert await taking_part.standing(db, stranger) == []


async def test_words_meant_for_a_closed_round_are_not_filed_under_the_next(
    db: Database, clock: ManualClock
) -> None:
    sanne = await parent_in_open_round(db, clock, 11, "Oost")
    (before,) = await taking_part.standing(db, sanne)
    assert before.open_round is not None
    first = before.open_round.id
    stored = await answering.receive(db, clock, sanne, "Eerst", "f1", meant_for=first)
    assert isinstance(stored, answering.Stored)
    await sessions.close_current_round(db, clock, before.session.id)
    await sessions.open_next_round(db, clock, before.session.id)
    late = await answering.receive(db, clock, sanne, "Te laat", "f2", meant_for=first)
    assert isinstance(late, answering.NotNow) and late.reason == "round_closed"
    assert late.closed is not None and late.closed.id == first
    again = await answering.receive(db, clock, sanne, "Eerst", "f1", meant_for=first)
    assert isinstance(again, answering.Stored) and not again.new  # the same form twice
    (after,) = await taking_part.standing(db, sanne)
    assert after.answers == []


def test_an_answer_is_at_most_one_telegram_message_long() -> None:
    assert answering.clean_answer("x" * ANSWER_MAX) == "x" * ANSWER_MAX
    with pytest.raises(InvalidInput) as refused:
        answering.clean_answer("x" * (ANSWER_MAX + 1))
    assert refused.value.code == "too_long"
    assert refused.value.details["limit"] == ANSWER_MAX


class BrokenGuard:
    async def found(self, text: str) -> list[Finding]:
        raise RuntimeError("deduce fell over")


async def test_the_finder_never_costs_an_answer() -> None:
    assert await screening.finder(None)("Bel 06 12345678") == []
    assert await screening.finder(BrokenGuard())("Bel 06 12345678") == []  # type: ignore[arg-type]


async def test_the_brake_counts_against_the_key_the_channel_names(
    db: Database, clock: ManualClock
) -> None:
    brake = WrongCodeBrake(db, clock)
    address = Identity("web-address", "hash-of-an-address")
    for n in range(4):
        # A new stranger each time, as on the web: the key is what they share.
        visitor = Actor(Identity("web", f"visit{n}"), None, False, "nl")
        opened = await invites.open_link(db, clock, visitor, f"guess{n}", brake, address)
        assert opened.route is invites.Route.UNKNOWN
    newcomer = Actor(Identity("web", "visit9"), None, False, "nl")
    braked = await invites.open_link(db, clock, newcomer, "guess9", brake, address)
    assert braked.route is invites.Route.BRAKED
    assert (await invites.open_link(db, clock, newcomer, "guess9", brake)).route is (
        invites.Route.UNKNOWN
    ), "without the shared key they would not be braked"
