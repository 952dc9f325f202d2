"""The synthesis on a crafted session: rode draden and verschillen exactly as expected, quotes
signed as their authors chose, the most recognised across perspectives, response per
perspective, and a left-out answer nowhere."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

from flows import summary as summary_flow
from flows.synthesis import DRAFT, synthesise
from sandbox.clock import ManualClock
from storage import Database
from tests.flows.crafted_session import LEFT_OUT, crafted


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
    # Recognised by every perspective that saw it: broadly, and first. The worker's marks
    # on their own answers count nowhere, and the worker (the only one) has no say in them.
    assert [(r.quote.text, r.by_perspective, r.broadly) for r in s.recognised] == [
        ("Wij luisterden goed naar het gezin en de ouders", {"parent": 2, "partner": 1}, True),
        ("Veel papierwerk en formulieren", {"partner": 1}, False),
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
    assert s.grid[0].recognitions == {"parent": 3, "partner": 1}
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
    # Recognised by everyone but its writer: broadly, and first. Every perspective has
    # someone else who recognised it; the first answer's writer is the only worker, and a
    # perspective with nobody to ask counts one half.
    assert [(r.quote.text, r.broadly) for r in s.recognised[:2]] == [
        (LEFT_OUT, True),
        ("Wij luisterden goed naar het gezin en de ouders", True),
    ]


async def test_a_theme_none_of_whose_answers_was_shared_says_so(
    db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    """Zero recognitions of a theme nobody was shown mean "not asked", not "not recognised"."""
    path = tmp_path / "flows.db"
    session_id, _ids = await crafted(db, clock, path)
    # The second round ("hurt") was never mirrored, so nothing of it was recognised.
    with sqlite3.connect(path) as conn:
        conn.execute(
            "DELETE FROM recognitions WHERE contribution_id IN (SELECT c.id FROM contributions c"
            " JOIN rounds r ON r.id = c.round_id WHERE r.kind = 'hurt')"
        )
        conn.execute(
            "DELETE FROM mirrors WHERE round_id = (SELECT id FROM rounds WHERE kind = 'hurt')"
        )
    s = await synthesise(db, clock, session_id)
    # Luisteren and Snelheid have answers of the shared first round; Administratie and the
    # unsorted answer come from the second round only.
    assert [(r.name, r.shared) for r in s.grid] == [
        ("Luisteren", True), ("Snelheid", True), ("Administratie", False), ("", False),
    ]  # fmt: skip
    assert type(s).from_dict(json.loads(json.dumps(s.to_dict()))) == s


async def test_an_erased_answer_leaves_no_recognitions_behind_in_a_stored_version(
    db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    """A sent version rewritten without an answer: its recognitions leave the theme's counts
    with it, also when it was not among the few most recognised the summary lists."""
    path = tmp_path / "flows.db"
    session_id, ids = await crafted(db, clock, path)
    s = await synthesise(db, clock, session_id)
    # Every recognised answer is kept (the summary shows the first few), so a rewrite can
    # take any of them out of its theme's numbers.
    assert len(s.recognised) == 3
    gone = ids["Veel papierwerk en formulieren"]
    row = next(r for r in s.grid if r.name == "Administratie")
    assert row.recognitions == {"partner": 1}

    after = s.without({gone}, {})
    row = next(r for r in after.grid if r.name == "Administratie")
    assert (row.answers, row.recognitions, row.broadly_recognised) == (0, {}, 0)
    listening = next(r for r in after.grid if r.name == "Luisteren")
    assert listening.recognitions == {"parent": 3, "partner": 1}  # untouched
    assert listening.broadly_recognised == 1
    # The broadly recognised answer going takes its broad recognition with it.
    broad = ids["Wij luisterden goed naar het gezin en de ouders"]
    listening = next(r for r in s.without({broad}, {}).grid if r.name == "Luisteren")
    assert (listening.recognitions, listening.broadly_recognised) == ({"parent": 1}, 0)


async def test_a_rewrite_takes_out_an_answer_beyond_the_few_the_summary_lists(
    db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    path = tmp_path / "flows.db"
    session_id, ids = await crafted(db, clock, path)
    # Four more answers recognised once by a parent: seven recognised in all.
    with sqlite3.connect(path) as conn:
        (parent,) = conn.execute(
            "SELECT id FROM participants WHERE perspective = 'parent' ORDER BY id LIMIT 1"
        ).fetchone()
        for text in (
            "Snelle hulp bij de eerste vraag", "De wachttijd was veel te lang voor hulp",
            "Ik moest steeds opnieuw mijn verhaal vertellen", "Onduidelijk wie wat doet",
        ):  # fmt: skip
            conn.execute(
                "INSERT INTO recognitions VALUES (?, ?, 'parent', '2026-11-24T12:00:00+00:00')",
                (ids[text], parent),
            )
    s = await synthesise(db, clock, session_id)
    assert (len(s.recognised), len(s.top_recognised)) == (7, 5)
    last = [r for r in s.recognised if r.theme is not None][-1]  # in a theme's row
    assert last not in s.top_recognised
    row = next(r for r in s.grid if any(
        q.contribution_id == last.quote.contribution_id for c in r.cells for q in c.quotes
    ))  # fmt: skip
    after = next(r for r in s.without({last.quote.contribution_id}, {}).grid
                 if r.theme_id == row.theme_id)  # fmt: skip
    assert sum(after.recognitions.values()) == sum(row.recognitions.values()) - last.total
