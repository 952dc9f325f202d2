"""Answering without Telegram: one rule decides whether typed words are stored as an
answer, it grants what the access table says about `Act.ANSWER`, and people are known by
their identity on a channel."""

from __future__ import annotations

import datetime as dt

import pytest

from flows import answering, joining, leaving, sessions
from flows.access import POLICY, Act, Actor, Role
from flows.dialogue import begin
from flows.model import Perspective
from flows.people import Identity, identify
from sandbox.clock import ManualClock
from storage import Database

CHANNEL = "web"  # any channel: the domain does not care which


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC))


def someone(external_id: str, *, admin: bool = False) -> Actor:
    return Actor(Identity(CHANNEL, external_id), None, admin, "nl")


async def who(db: Database, external_id: str) -> Actor:
    return await identify(db, CHANNEL, external_id, "nl", is_admin=False)


async def at_once(
    db: Database, clock: ManualClock, external_id: str, text: str, ref: str
) -> tuple[Actor, answering.Stored] | None:
    return await answering.answer_at_once(
        db, clock, Identity(CHANNEL, external_id), "nl", text, ref, is_admin=False
    )


async def test_only_participants_answer_as_the_access_table_says(
    db: Database, clock: ManualClock
) -> None:
    assert POLICY[Act.ANSWER] == frozenset({Role.PARTICIPANT})
    owner = someone("owner", admin=True)
    made = await sessions.create_session(
        db, clock, owner, title="T", theme="Th", perspectives=[Perspective.PARENT]
    )
    code = made.participant_codes[Perspective.PARENT]
    await joining.consent(db, clock, someone("parent"), code)
    leaver = await joining.consent(db, clock, someone("leaver"), code)
    await joining.join_as_organiser(db, clock, someone("organiser"), made.organiser_code)
    await leaving.leave(db, clock, leaver.participant.id, keep_answers=True)
    await sessions.open_next_round(db, clock, made.session.id)

    for nobody in ("owner", "organiser", "leaver", "stranger"):
        assert await at_once(db, clock, nobody, "Mijn mening", f"r:{nobody}") is None
        result = await answering.receive(db, clock, await who(db, nobody), "Mijn mening", "r")
        assert isinstance(result, answering.NotNow), nobody
    filed = await at_once(db, clock, "parent", "Fijn gesprek", "r:parent")
    assert filed is not None
    actor, stored = filed
    assert actor.identity == Identity(CHANNEL, "parent") and actor.person is not None
    assert (stored.contribution.body, stored.own_count, stored.new) == ("Fijn gesprek", 1, True)


async def test_an_identified_person_s_answer_is_stored_by_the_same_single_statement(
    db: Database, clock: ManualClock
) -> None:
    made = await sessions.create_session(
        db, clock, someone("owner", admin=True), title="T", theme="Th",
        perspectives=[Perspective.WORKER],
    )  # fmt: skip
    await joining.consent(db, clock, someone("w"), made.participant_codes[Perspective.WORKER])
    await sessions.open_next_round(db, clock, made.session.id)
    worker = await who(db, "w")
    # A guided dialogue the typed text is no step of: the fast path stays away (looking the
    # person up first decides what the text is), but the words are still an answer.
    await begin(db, clock, worker, "some_flow", "some_step", {})
    assert await at_once(db, clock, "w", "Eerste", "m1") is None
    worker = await who(db, "w")
    statements: list[str] = []
    await db._conn.set_trace_callback(statements.append)
    stored = await answering.receive(db, clock, worker, "Eerste", "m1")
    await db._conn.set_trace_callback(None)
    assert isinstance(stored, answering.Stored) and stored.new and stored.own_count == 1
    assert len(statements) == 1 and "INSERT INTO contributions" in statements[0]
    again = await answering.receive(db, clock, worker, "Eerste", "m1")
    assert isinstance(again, answering.Stored) and not again.new
    assert again.contribution.id == stored.contribution.id and again.own_count == 1


async def test_a_person_is_known_by_each_channel_s_own_id(
    db: Database, clock: ManualClock
) -> None:
    made = await sessions.create_session(
        db, clock, someone("owner", admin=True), title="T", theme="Th",
        perspectives=[Perspective.PARENT],
    )  # fmt: skip
    await joining.consent(db, clock, someone("42"), made.participant_codes[Perspective.PARENT])
    await sessions.open_next_round(db, clock, made.session.id)
    # The same id on another channel is somebody else, unknown to us.
    other = await identify(db, "telegram", "42", "nl", is_admin=False)
    assert other.person is None
    assert (
        await answering.answer_at_once(
            db, clock, Identity("telegram", "42"), "nl", "Hoi", "x", is_admin=False
        )
        is None
    )
    assert (await who(db, "42")).person is not None
