"""Approving the summary: nothing goes out before; each sent version is stored with who
approved it and when; a correction is a new version; those who did not want it hear that the
session ended; actions go on; an erasure rewrites every stored version."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from flows import actions, leaving, outbox
from flows import summary as summary_flow
from flows.synthesis import APPROVED, Synthesis
from sandbox.clock import ManualClock
from storage import Database
from tests.flows.crafted_session import LEFT_OUT, _person, _sql, crafted


async def _queued(db: Database, clock: ManualClock) -> list[tuple[str, str | None]]:
    """What the summary queued: the summary itself and the "session ended" messages."""
    kinds = {summary_flow.SUMMARY, summary_flow.SESSION_ENDED}
    due = await outbox.due(db, clock, channel="telegram")
    return sorted((i.kind, i.external_id) for i in due if i.kind in kinds)


async def _sent(db: Database, clock: ManualClock, path: Path, *, versions: int) -> None:
    """The crafted session with its summary approved and sent; a second version changes the
    opening."""
    session_id, _ = await crafted(db, clock, path)
    owner = await _person(db, 1)
    await summary_flow.approve_and_send(db, clock, owner, session_id)
    if versions == 2:
        await summary_flow.set_draft_facts(db, clock, session_id, opening="Dank voor jullie tijd.")
        await summary_flow.approve_and_send(db, clock, owner, session_id)


async def _erased_and_stored(
    db: Database, clock: ManualClock, path: Path, number: int
) -> Synthesis | None:
    """Participant `number` leaves, erasing everything; the one stored version's synthesis."""
    [membership] = await leaving.memberships(db, await _person(db, number))
    await leaving.leave(db, clock, membership.participant.id, keep_answers=False)
    (snapshot,) = _sql(path, "SELECT snapshot FROM summaries")[0]
    return summary_flow.Summary.from_dict(json.loads(snapshot)).synthesis


async def test_approving_sends_the_version_and_a_correction_is_the_next(
    db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    path = tmp_path / "flows.db"
    session_id, ids = await crafted(db, clock, path)
    # Participant 10 wants the summary; the others did not ask for it.
    _sql(path, "UPDATE participants SET wants_summary = 1 WHERE id = (SELECT p.id FROM"
         " participants p JOIN identities i ON i.person_id = p.person_id"
         " WHERE i.external_id = '10')")  # fmt: skip
    draft = await summary_flow.preview(db, clock, session_id)
    assert draft.synthesis is not None and [t.name for t in draft.synthesis.kern] == [
        "Luisteren",
        "Snelheid",
    ]
    assert not [k for k, _ in await _queued(db, clock) if k == summary_flow.SUMMARY]
    assert _sql(path, "SELECT COUNT(*) FROM summaries") == [(0,)]

    owner = await _person(db, 1)
    clock.advance(dt.timedelta(hours=1))
    first = await summary_flow.approve_and_send(db, clock, owner, session_id)
    assert (first.record.version, first.record.corrects) == (1, None)
    assert first.record.approved_by == owner.person_id
    assert first.record.approved_at == clock.now()
    stored = summary_flow.Summary.from_dict(first.record.snapshot)
    assert stored.synthesis is not None
    assert (stored.synthesis.cover.status, stored.synthesis.cover.version) == (APPROVED, 1)
    assert not stored.correction
    assert LEFT_OUT not in json.dumps(first.record.snapshot, ensure_ascii=False)
    # The summary to who asked; the three others hear only that the session ended.
    assert await _queued(db, clock) == [
        (summary_flow.SESSION_ENDED, "11"),
        (summary_flow.SESSION_ENDED, "20"),
        (summary_flow.SESSION_ENDED, "30"),
        (summary_flow.SUMMARY, "10"),
    ]
    for item in await outbox.due(db, clock, channel="telegram"):
        await outbox.delivered(db, clock, item.id)
    closed_at = _sql(path, "SELECT closed_at FROM sessions")

    # Actions go on after sending.
    added = await actions.add(
        db, clock, owner, session_id, what="Terugkomavond", owner="Gemeente", due_on=None
    )
    await actions.change(db, clock, added.id, owner="Buurtteam")

    # A correction: the left-out answer back in, approved again.
    await summary_flow.leave_out(db, clock, session_id, ids[LEFT_OUT], False)
    clock.advance(dt.timedelta(days=1))
    second = await summary_flow.approve_and_send(db, clock, owner, session_id)
    assert (second.record.version, second.record.corrects) == (2, first.record.id)
    corrected = summary_flow.Summary.from_dict(second.record.snapshot)
    assert corrected.correction
    assert corrected.synthesis is not None and corrected.synthesis.cover.version == 2
    assert [(a.what, a.owner) for a in corrected.synthesis.actions][-1] == (
        "Terugkomavond",
        "Buurtteam",
    )
    assert LEFT_OUT in json.dumps(second.record.snapshot, ensure_ascii=False)
    # Only the summary again: the "session ended" message went with the first version.
    assert await _queued(db, clock) == [(summary_flow.SUMMARY, "10")]
    # The keep-until clock still runs from the first sending.
    assert _sql(path, "SELECT closed_at FROM sessions") == closed_at


async def test_an_erasure_after_sending_rewrites_every_version(
    db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    path = tmp_path / "flows.db"
    await _sent(db, clock, path, versions=2)
    # Anna (parent 10) leaves and takes her words with her.
    anna = await _person(db, 10)
    assert anna.person is not None
    [membership] = await leaving.memberships(db, anna)
    await leaving.leave(db, clock, membership.participant.id, keep_answers=False)

    hers = "De gezinswerker luisterde goed naar ons gezin"
    for (snapshot,) in _sql(path, "SELECT snapshot FROM summaries ORDER BY id"):
        assert hers not in snapshot and "Anna" not in snapshot
        s = summary_flow.Summary.from_dict(json.loads(snapshot)).synthesis
        assert s is not None
        # Luisteren keeps two answers of two perspectives; another quote stands for it.
        assert [(t.name, t.answers) for t in s.kern] == [("Luisteren", 2), ("Snelheid", 2)]
        assert s.kern[0].quote.text == "Wij luisterden goed naar het gezin en de ouders"
        assert [(c.answers, c.people) for c in s.grid[0].cells] == [(1, 1), (1, 1), (0, 0)]
        parents = s.response[0]
        assert (parents.perspective, parents.joined, parents.answered) == ("parent", 1, 1)
        assert hers not in [r.quote.text for r in s.recognised]
        # What she recognised is not counted any more either (in a perspective of one or
        # two people, a count points at who gave it); decided again on who is left.
        (item,) = [r for r in s.recognised if r.quote.text.startswith("Wij luisterden")]
        assert item.by_perspective == {"parent": 1, "partner": 1}
        assert item.broadly and s.audience == {"parent": 1, "partner": 1, "worker": 1}
        assert s.grid[0].recognitions == {"parent": 1, "partner": 1}


async def test_an_erasure_leaves_marks_made_after_a_version_out_of_that_version(
    db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    path = tmp_path / "flows.db"
    session_id, ids = await crafted(db, clock, path)
    listened = "Wij luisterden goed naar het gezin en de ouders"
    anna = "SELECT p.id FROM participants p JOIN identities i ON i.person_id = p.person_id" \
        " WHERE i.external_id = '10'"  # fmt: skip
    # Anna (parent 10) has not marked it yet when the first version is approved.
    _sql(path, f"DELETE FROM recognitions WHERE contribution_id = ? AND participant_id = ({anna})",
         (ids[listened],))  # fmt: skip
    owner = await _person(db, 1)
    await summary_flow.approve_and_send(db, clock, owner, session_id)
    # She marks it after it went out, and then leaves, erasing everything.
    clock.advance(dt.timedelta(hours=1))
    _sql(path, f"INSERT INTO recognitions SELECT ?, ({anna}), 'parent', ?",
         (ids[listened], clock.now().isoformat()))  # fmt: skip
    s = await _erased_and_stored(db, clock, path, 10)
    assert s is not None
    # Her mark was never in this version: the other parent's stays counted.
    (item,) = [r for r in s.recognised if r.quote.text == listened]
    assert item.by_perspective == {"parent": 1, "partner": 1}


async def test_an_erasure_takes_its_marks_out_of_a_version_stored_before_the_audience_was(
    db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    path = tmp_path / "flows.db"
    await _sent(db, clock, path, versions=1)
    # A version as it was stored before: no audience, and only the most recognised item.
    (snapshot,) = _sql(path, "SELECT snapshot FROM summaries")[0]
    old = json.loads(snapshot)
    del old["synthesis"]["audience"]
    old["synthesis"]["recognised"] = old["synthesis"]["recognised"][:1]
    _sql(path, "UPDATE summaries SET snapshot = ?", (json.dumps(old),))
    before = summary_flow.Summary.from_dict(old).synthesis
    assert before is not None
    assert {r.name: r.recognitions for r in before.grid}["Administratie"] == {"partner": 1}
    # The one partner (30) leaves and takes her words and her marks with her.
    s = await _erased_and_stored(db, clock, path, 30)
    assert s is not None and s.audience is None
    # Her mark is taken off; with no partner mark left it is no longer broadly recognised.
    assert [(r.quote.text, r.by_perspective, r.broadly) for r in s.recognised] == [
        ("Wij luisterden goed naar het gezin en de ouders", {"parent": 2}, False)
    ]
    rows = {r.name: r for r in s.grid}
    assert rows["Luisteren"].recognitions == {"parent": 3}
    assert rows["Luisteren"].broadly_recognised == 0
    # A theme whose items the old version did not list loses her mark from its count (the
    # worker's mark on their own answer was never in it).
    assert rows["Administratie"].recognitions == {}
    # Juf Ria (worker 20) too: the theme's one answer was hers, so nothing in it is counted.
    s = await _erased_and_stored(db, clock, path, 20)
    assert s is not None
    rows = {r.name: r for r in s.grid}
    assert (rows["Administratie"].answers, rows["Administratie"].recognitions) == (0, {})


async def test_leaving_with_answers_kept_unsigns_them_in_every_version(
    db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    path = tmp_path / "flows.db"
    await _sent(db, clock, path, versions=2)
    [membership] = await leaving.memberships(db, await _person(db, 10))
    await leaving.leave(db, clock, membership.participant.id, keep_answers=True)

    hers = "De gezinswerker luisterde goed naar ons gezin"
    for (snapshot,) in _sql(path, "SELECT snapshot FROM summaries ORDER BY id"):
        assert "Anna" not in snapshot
        s = summary_flow.Summary.from_dict(json.loads(snapshot)).synthesis
        assert s is not None
        # Her words stay, by perspective only.
        assert (s.kern[0].quote.text, s.kern[0].quote.signed) == (hers, None)
