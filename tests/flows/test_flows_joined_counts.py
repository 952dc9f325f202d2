"""Someone who leaves and keeps their answers: no output reads more people answered than joined.

The report and the summary count them as having taken part; the live counts ("X of Y
answered", on the board and in /status) count who is still in on both sides.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from flows import board, leaving, status, summary
from flows.synthesis import synthesise
from sandbox.clock import ManualClock
from storage import Database
from tests.flows.crafted_session import crafted


def _participant_of(path: Path, external_id: str) -> int:
    with sqlite3.connect(path) as conn:
        return int(
            conn.execute(
                "SELECT participants.id FROM participants"
                " JOIN identities ON identities.person_id = participants.person_id"
                " WHERE identities.external_id = ?",
                (external_id,),
            ).fetchone()[0]
        )


async def test_a_parent_who_left_keeping_their_answers_is_counted_alike_everywhere(
    db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    path = tmp_path / "flows.db"
    session_id, _ = await crafted(db, clock, path)
    # Parent 11 answered both rounds (nothing of theirs left out), then leaves keeping them.
    await leaving.leave(db, clock, _participant_of(path, "11"), keep_answers=True)

    # The report: the two parents took part and both answered.
    s = await synthesise(db, clock, session_id)
    parent = next(r for r in s.response if r.perspective == "parent")
    assert (parent.joined, parent.answered) == (2, 2)
    # The summary's counts say the same.
    draft = await summary.preview(db, clock, session_id)
    counted = next(c for c in draft.counts if c.perspective == "parent")
    assert (counted.joined, counted.answered, counted.contributions) == (2, 2, 3)

    # Live: of the one parent still in, one answered the first round; the answers of the
    # one who left still count as answers.
    now = await status.status(db, clock, session_id)
    assert now.joined["parent"] == 1
    went_well = next(r for r in now.rounds if r.kind == "went_well")
    assert went_well.answered["parent"] == (1, 2)
    shown = await board.show(db, await board.new_link(db, clock, session_id))
    assert shown.joined["parent"] == 1
    for progress in shown.rounds:
        people, _answers = progress.answered["parent"]
        assert people <= shown.joined["parent"]
    assert next(r for r in shown.rounds if r.kind == "went_well").answered["parent"] == (1, 2)
