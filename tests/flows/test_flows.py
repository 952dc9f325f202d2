"""The domain in flows/, without Telegram: lifecycle, dates, answers, sessions."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from flows import answering, joining, sessions
from flows.access import Actor
from flows.clock import SystemClock
from flows.dates import DuePreset, add_months, due_from_preset, parse_due
from flows.errors import InvalidInput, WrongPhase
from flows.lifecycle import TRANSITIONS, Event, transition
from flows.model import Perspective, Phase
from flows.people import Identity, identify
from storage import Database

CLOCK = SystemClock()


def tg(user_id: int) -> Identity:
    """How the Telegram channel knows someone with this user id."""
    return Identity("telegram", str(user_id))


FACILITATOR = Actor(tg(1), None, True, "nl")


def test_the_rounds_follow_in_order() -> None:
    phase = Phase.DRAFT
    seen = []
    for _ in range(3):
        phase = transition(phase, Event.OPEN_ROUND, round_open=False)
        seen.append(phase)
        phase = transition(phase, Event.CLOSE_ROUND, round_open=True)
    assert seen == [Phase.WENT_WELL, Phase.HURT, Phase.NEEDED]
    assert phase is Phase.ACTIONS
    assert transition(phase, Event.SEND_SUMMARY, round_open=False) is Phase.CLOSED


@pytest.mark.parametrize(
    ("phase", "event", "round_open", "reason"),
    [
        (Phase.DRAFT, Event.CLOSE_ROUND, False, "no_round_open"),
        (Phase.WENT_WELL, Event.OPEN_ROUND, True, "round_still_open"),
        (Phase.ACTIONS, Event.OPEN_ROUND, False, "all_rounds_done"),
        (Phase.DRAFT, Event.SEND_SUMMARY, False, "nothing_to_summarise"),
        (Phase.HURT, Event.SEND_SUMMARY, True, "close_round_first"),
        (Phase.CLOSED, Event.OPEN_ROUND, False, "session_closed"),
        (Phase.CLOSED, Event.CLOSE_ROUND, False, "session_closed"),
    ],
)
def test_what_does_not_fit_is_refused_with_a_reason(
    phase: Phase, event: Event, round_open: bool, reason: str
) -> None:
    with pytest.raises(WrongPhase) as refused:
        transition(phase, event, round_open)
    assert refused.value.code == reason


def test_every_transition_leads_to_a_known_phase() -> None:
    assert {target for target in TRANSITIONS.values()} <= set(Phase)
    # Once the summary was sent, only a corrected summary can follow.
    assert {(event, target) for (phase, event, _), target in TRANSITIONS.items()
            if phase is Phase.CLOSED} == {(Event.SEND_SUMMARY, Phase.CLOSED)}  # fmt: skip


def test_due_dates_the_dutch_way() -> None:
    today = dt.date(2026, 11, 23)
    assert parse_due("15-1-2027", today) == dt.date(2027, 1, 15)
    assert parse_due("15 januari", today) == dt.date(2027, 1, 15)
    assert parse_due("over 3 weken", today) == dt.date(2026, 12, 14)
    with pytest.raises(InvalidInput, match="date_in_past"):
        parse_due("1-1-2020", today)
    with pytest.raises(InvalidInput, match="date_unreadable"):
        parse_due("als het af is", today)
    assert due_from_preset(DuePreset.TWO_WEEKS, today) == dt.date(2026, 12, 7)
    assert add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)


async def test_invite_codes_are_random_and_reveal_nothing(db: Database) -> None:
    made = await sessions.create_session(
        db, CLOCK, FACILITATOR, title="T", theme="Th", perspectives=list(Perspective)
    )
    codes = [*made.participant_codes.values(), made.organiser_code]
    assert len(set(codes)) == 5
    for code in codes:
        assert len(code) == 22 and code.replace("-", "").replace("_", "").isalnum()
        # Nothing but 128 random bits: no session number, no perspective in it.
        assert len(base64.urlsafe_b64decode(code + "==")) == 16


async def test_a_session_needs_a_title_and_perspectives(db: Database) -> None:
    with pytest.raises(InvalidInput, match="empty"):
        await sessions.create_session(db, CLOCK, FACILITATOR, title="  ", theme="x",
                                      perspectives=[Perspective.PARENT])  # fmt: skip
    with pytest.raises(InvalidInput, match="no_perspectives"):
        await sessions.create_session(db, CLOCK, FACILITATOR, title="T", theme="x",
                                      perspectives=[])  # fmt: skip


async def test_answers_go_to_the_open_round_or_are_explained(db: Database) -> None:
    made = await sessions.create_session(
        db, CLOCK, FACILITATOR, title="T", theme="Th", perspectives=[Perspective.WORKER]
    )
    stranger = await identify(db, "telegram", str(77), "nl", is_admin=False)
    assert await answering.receive(db, CLOCK, stranger, "hoi", "s1") == answering.NotNow(
        "not_participant", []
    )
    await joining.consent(db, CLOCK, stranger, made.participant_codes[Perspective.WORKER])
    worker = await identify(db, "telegram", str(77), "nl", is_admin=False)
    waiting = await answering.receive(db, CLOCK, worker, "te vroeg", "s2")
    assert isinstance(waiting, answering.NotNow) and waiting.reason == "no_open_round"
    await sessions.open_next_round(db, CLOCK, made.session.id)
    stored = await answering.receive(db, CLOCK, worker, "  op tijd  ", "s3")
    assert isinstance(stored, answering.Stored)
    assert (stored.contribution.body, stored.own_count, stored.new) == ("op tijd", 1, True)
    again = await answering.receive(db, CLOCK, worker, "op tijd", "s3")
    assert isinstance(again, answering.Stored) and not again.new
    with pytest.raises(InvalidInput):
        await answering.receive(db, CLOCK, worker, "   ", "s4")


async def test_answers_arriving_together_are_stored_together(db: Database, tmp_path: Path) -> None:
    first, second = [
        await sessions.create_session(
            db, CLOCK, FACILITATOR, title=title, theme="Th", perspectives=[Perspective.PARENT]
        )
        for title in ("Eerste", "Tweede")
    ]
    for tg_id in range(100, 110):
        actor = Actor(tg(tg_id), None, False, "nl")
        await joining.consent(db, CLOCK, actor, first.participant_codes[Perspective.PARENT])
    # 108 takes part in both sessions; 109 agreed to an older privacy text.
    await joining.consent(
        db, CLOCK, Actor(tg(108), None, False, "nl"), second.participant_codes[Perspective.PARENT]
    )
    with sqlite3.connect(db.path) as other:
        other.execute(
            "UPDATE participants SET consent_version = '0' WHERE person_id ="
            " (SELECT person_id FROM identities WHERE external_id = '109')"
        )
    for made in (first, second):
        await sessions.open_next_round(db, CLOCK, made.session.id)
    first_parent = await identify(db, "telegram", str(100), "nl", is_admin=False)
    await answering.receive(db, CLOCK, first_parent, "Eerder", "m0")
    statements: list[str] = []
    await db._conn.set_trace_callback(statements.append)
    results = await asyncio.gather(
        # 100 sends m0 again (a repeat); 101 a second answer straight away.
        *(answering.answer_at_once(db, CLOCK, tg(tg_id), "nl", f"Antwoord {n}", f"m{n}", is_admin=False)
          for n, tg_id in enumerate(range(100, 110))),
        answering.answer_at_once(db, CLOCK, tg(101), "nl", "Nog een", "m1b", is_admin=False),
    )  # fmt: skip
    await db._conn.set_trace_callback(None)

    # The repeat and the two people with something to settle first go the long way.
    repeat, *stored, both_sessions, old_consent, second_answer = results
    assert (repeat, both_sessions, old_consent) == (None, None, None)
    assert [
        (int(r[0].identity.external_id), r[1].own_count, r[1].new) for r in stored if r is not None
    ] == [(tg_id, 1, True) for tg_id in range(101, 108)]
    assert second_answer is not None
    assert (second_answer[1].contribution.body, second_answer[1].own_count) == ("Nog een", 2)
    # Eleven answers, three statements filing them: the first alone (nothing else had
    # arrived yet), then the nine waiting meanwhile, then the second answer of parents[1],
    # which must not share a statement with their first (its count depends on it).
    filing = [s for s in statements if s.startswith("WITH new")]
    assert [s.count("'Antwoord ") for s in filing] == [1, 9, 0], filing
    assert "'Nog een'" in filing[2]
    with sqlite3.connect(db.path) as other:
        bodies = [row[0] for row in other.execute("SELECT body FROM contributions ORDER BY id")]
    assert sorted(bodies) == sorted(["Eerder", "Nog een", *(f"Antwoord {n}" for n in range(1, 8))])


async def test_an_answer_is_one_committed_insert(db: Database, tmp_path: Path) -> None:
    made = await sessions.create_session(
        db, CLOCK, FACILITATOR, title="T", theme="Th", perspectives=[Perspective.PARENT]
    )
    newcomer = Actor(tg(78), None, False, "nl")
    await joining.consent(db, CLOCK, newcomer, made.participant_codes[Perspective.PARENT])
    await sessions.open_next_round(db, CLOCK, made.session.id)
    statements: list[str] = []
    await db._conn.set_trace_callback(statements.append)
    filed = await answering.answer_at_once(
        db, CLOCK, tg(78), "nl", "Fijn gesprek", "s1", is_admin=False
    )
    await db._conn.set_trace_callback(None)
    assert filed is not None
    actor, stored = filed
    assert actor.identity == tg(78) and actor.person is not None
    # Each statement is a trip to SQLite's thread, the hot path's main cost: no lookup first,
    # no BEGIN, no COMMIT.
    assert len(statements) == 1 and "INSERT INTO contributions" in statements[0]
    assert (stored.round.kind, stored.own_count, stored.new) == ("went_well", 1, True)
    with sqlite3.connect(db.path) as other:  # committed, and no lock left held
        other.execute("BEGIN IMMEDIATE")
        assert other.execute("SELECT body FROM contributions").fetchall() == [("Fijn gesprek",)]
    # Counting the author's answers reads theirs only, not the whole round (a round can
    # hold thousands): SQLite finds them by round and author together.
    with sqlite3.connect(db.path) as other:
        plan = [row[3] for row in other.execute("EXPLAIN QUERY PLAN " + statements[0])]
    reads = [step for step in plan if step.startswith(("SCAN", "SEARCH"))]
    assert all("contributions" not in step or "participant_id=?" in step for step in reads), plan
