"""The synthesis on a crafted session: rode draden and verschillen exactly as expected, quotes
signed as their authors chose, the most recognised across perspectives, response per
perspective, and a left-out answer nowhere."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

from flows import actions, answering, joining, sessions
from flows import summary as summary_flow
from flows.access import Actor
from flows.model import DisplayMode, Perspective
from flows.people import identify
from flows.synthesis import DRAFT, synthesise
from sandbox.clock import ManualClock
from storage import Database

PARENT, WORKER, PARTNER = Perspective.PARENT, Perspective.WORKER, Perspective.PARTNER
LEFT_OUT = "Mijn buurvrouw wist er alles van"


async def _person(db: Database, number: int) -> Actor:
    return await identify(db, "telegram", str(number), "nl", is_admin=number == 1)


def _sql(path: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return list(conn.execute(sql, params))


async def crafted(db: Database, clock: ManualClock, path: Path) -> tuple[int, dict[str, int]]:
    """Three perspectives, two rounds, three themes; returns the session and answer ids by text."""
    owner = await _person(db, 1)
    made = await sessions.create_session(
        db, clock, owner, title="Samen verder", theme="Jeugdhulp",
        perspectives=[PARENT, WORKER, PARTNER],
    )  # fmt: skip
    people = {}
    for number, perspective, mode, name in (
        (10, PARENT, DisplayMode.NAME, "Anna"),
        (11, PARENT, DisplayMode.ANONYMOUS, None),
        (20, WORKER, DisplayMode.PSEUDONYM, "Juf Ria"),
        (30, PARTNER, DisplayMode.ANONYMOUS, None),
    ):
        actor = await _person(db, number)
        joined = await joining.consent(db, clock, actor, made.participant_codes[perspective])
        await joining.set_display(db, joined.participant.id, mode, name)
        people[number] = await _person(db, number)  # now a person who takes part
    await joining.refuse(db, clock, made.participant_codes[PARTNER])
    said = (
        (
            (10, "De gezinswerker luisterde goed naar ons gezin"),
            (20, "Wij luisterden goed naar het gezin en de ouders"),
            (11, "Snelle hulp bij de eerste vraag"),
        ),
        (
            (30, "De wachttijd was veel te lang voor hulp"),
            (20, "Veel papierwerk en formulieren"),
            (11, "Ik moest steeds opnieuw mijn verhaal vertellen"),
            (10, LEFT_OUT),
            (30, "Onduidelijk wie wat doet"),
        ),
    )
    for round_said in said:
        await sessions.open_next_round(db, clock, made.session.id)
        for number, text in round_said:
            clock.advance(dt.timedelta(minutes=1))
            await answering.receive(db, clock, people[number], text, f"m:{text}")
        await sessions.close_current_round(db, clock, made.session.id)
    ids = {text: cid for cid, text in _sql(path, "SELECT id, body FROM contributions")}
    sid = made.session.id
    now = "2026-11-24T12:00:00+00:00"
    for name, texts in (
        ("Luisteren", said[0][:2] + said[1][2:3]),
        ("Snelheid", said[0][2:] + said[1][:1]),
        ("Administratie", said[1][1:2]),
    ):
        tid = _sql(
            path, "INSERT INTO themes (session_id, name, created_at) VALUES (?, ?, ?)"
            " RETURNING id", (sid, name, now),
        )[0][0]  # fmt: skip
        for _, text in texts:
            _sql(path, "INSERT INTO theme_answers VALUES (?, ?, ?)", (ids[text], tid, now))
    _sql(path, "INSERT INTO theme_answers VALUES (?, NULL, ?)", (ids[LEFT_OUT], now))
    rounds = dict(_sql(path, "SELECT kind, id FROM rounds"))
    for kind in ("went_well", "hurt"):
        _sql(path, "INSERT INTO mirrors (round_id, perspectives, shared_at) VALUES (?, ?, ?)",
             (rounds[kind], "parent,worker,partner", now))  # fmt: skip
    parts = dict(_sql(path, "SELECT person_id, id FROM participants"))
    perspective_of = {10: "parent", 11: "parent", 20: "worker", 30: "partner"}
    marks = {
        "Wij luisterden goed naar het gezin en de ouders": (10, 11, 20, 30),
        "De gezinswerker luisterde goed naar ons gezin": (11,),
        "Veel papierwerk en formulieren": (20, 30),
        LEFT_OUT: (10, 11, 20, 30),
    }
    person_ids = {
        int(ext): pid for ext, pid in _sql(path, "SELECT external_id, person_id FROM identities")
    }
    for text, numbers in marks.items():
        for number in numbers:
            _sql(path, "INSERT INTO recognitions VALUES (?, ?, ?, ?)",
                 (ids[text], parts[person_ids[number]], perspective_of[number], now))  # fmt: skip
    _sql(path, "UPDATE session_perspectives SET invited = 3 WHERE perspective = 'parent'")
    await actions.add(
        db, clock, owner, sid, what="Vaste contactpersoon", owner="Buurtteam", due_on=None
    )
    _sql(path, "UPDATE actions SET theme_id = (SELECT id FROM themes WHERE name = 'Luisteren')")
    await summary_flow.set_draft_facts(
        db, clock, sid, municipality="Nijmegen", area="Dukenburg", opening="Dank voor uw tijd."
    )
    await summary_flow.leave_out(db, clock, sid, ids[LEFT_OUT], True)
    return sid, ids


async def test_the_synthesis_of_a_crafted_session(
    db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    session_id, ids = await crafted(db, clock, tmp_path / "flows.db")
    s = await synthesise(db, clock, session_id)

    assert s.perspectives == ["parent", "worker", "partner"]
    # Rode draden: both raised by two perspectives, the one with more answers first.
    assert [(t.name, t.perspectives, t.answers) for t in s.kern] == [
        ("Luisteren", ["parent", "worker"], 3),
        ("Snelheid", ["parent", "partner"], 2),
    ]
    # The most typical answer stands for the theme, signed as its author chose.
    assert s.kern[0].quote.text == "De gezinswerker luisterde goed naar ons gezin"
    assert s.kern[0].quote.signed == "Anna"
    assert s.kern[1].quote.text == "Snelle hulp bij de eerste vraag"
    assert s.kern[1].quote.signed is None
    assert [(d.name, d.kind, d.perspectives) for d in s.differences] == [
        ("Luisteren", "differ", ["parent", "worker"]),
        ("Snelheid", "differ", ["parent", "partner"]),
        ("Administratie", "only_one", ["worker"]),
    ]
    # Recognised by every perspective that saw it: broadly, and first.
    assert [(r.quote.text, r.by_perspective, r.broadly) for r in s.recognised] == [
        (
            "Wij luisterden goed naar het gezin en de ouders",
            {"parent": 2, "partner": 1, "worker": 1},
            True,
        ),
        ("Veel papierwerk en formulieren", {"partner": 1, "worker": 1}, False),
        ("De gezinswerker luisterde goed naar ons gezin", {"parent": 1}, False),
    ]
    assert s.recognised[0].quote.signed == "Juf Ria"
    # Side by side: a row per theme and one for the unsorted answers.
    assert [(r.name, [c.answers for c in r.cells]) for r in s.grid] == [
        ("Luisteren", [2, 1, 0]),
        ("Snelheid", [1, 0, 1]),
        ("Administratie", [0, 1, 0]),
        ("", [0, 0, 1]),
    ]
    assert s.grid[0].recognitions == {"parent": 3, "partner": 1, "worker": 1}
    assert s.grid[0].broadly_recognised == 1
    assert [q.text for q in s.grid[3].cells[2].quotes] == ["Onduidelijk wie wat doet"]
    assert [(a.what, a.owner, a.theme) for a in s.actions] == [
        ("Vaste contactpersoon", "Buurtteam", "Luisteren")
    ]
    assert [(r.perspective, r.invited, r.joined, r.answered, r.refused) for r in s.response] == [
        ("parent", 3, 2, 2, 0),
        ("worker", None, 1, 1, 0),
        ("partner", None, 1, 1, 1),
    ]
    assert (s.cover.municipality, s.cover.area, s.cover.facilitator) == (
        "Nijmegen", "Dukenburg", None,
    )  # fmt: skip
    assert (s.cover.status, s.cover.version) == (DRAFT, 1)
    assert s.cover.period_from == s.cover.period_to == dt.date(2026, 11, 24)
    assert s.opening == "Dank voor uw tijd." and s.closing is None
    # The left-out answer is in no part of it, recognitions included.
    everything = json.dumps(s.to_dict(), ensure_ascii=False)
    assert LEFT_OUT not in everything
    assert ids[LEFT_OUT] not in {
        q.contribution_id for row in s.grid for c in row.cells for q in c.quotes
    }
    # Stored and read back, it is the same synthesis.
    assert type(s).from_dict(json.loads(everything)) == s


async def test_taking_a_left_out_answer_back_puts_it_in_again(
    db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    session_id, ids = await crafted(db, clock, tmp_path / "flows.db")
    await summary_flow.leave_out(db, clock, session_id, ids[LEFT_OUT], False)
    s = await synthesise(db, clock, session_id)
    assert LEFT_OUT in json.dumps(s.to_dict(), ensure_ascii=False)
    # Recognised by everyone, as much as the first: broadly, second on the tie.
    assert [(r.quote.text, r.broadly) for r in s.recognised[:2]] == [
        ("Wij luisterden goed naar het gezin en de ouders", True),
        (LEFT_OUT, True),
    ]
