"""Nobody recognises their own answer: "Recognisable" says others see it too. The author has
no button for it, a forged mark is refused, one stored before that rule counts nowhere, and
the author is not among the people whose marks a broad recognition needs."""

from __future__ import annotations

import sqlite3

import pytest

from flows import answering, joining, mirror, sessions
from flows import summary as summary_flow
from flows.access import Actor
from flows.errors import NotAllowed
from flows.model import Perspective
from flows.people import identify
from flows.recognition import consensus, shown_to
from flows.sessions import Invites
from flows.synthesis import synthesise
from sandbox.clock import ManualClock
from storage import Database
from tests.conftest import rows

MINE = "De gezinswerker kwam gewoon bij ons thuis"
THEIRS = "Wij konden snel schakelen met school"


async def _person(db: Database, number: int) -> Actor:
    return await identify(db, "telegram", str(number), "nl", is_admin=number == 1)


async def _mirrored(db: Database, clock: ManualClock) -> tuple[Invites, dict[str, int]]:
    """Two parents (10 wrote MINE) and one family worker (12 wrote THEIRS); the round shared."""
    made = await sessions.create_session(
        db, clock, await _person(db, 1), title="Eigen antwoord", theme="Jeugdhulp",
        perspectives=[Perspective.PARENT, Perspective.WORKER],
    )  # fmt: skip
    for number, perspective in ((10, Perspective.PARENT), (11, Perspective.PARENT)):
        await joining.consent(
            db, clock, await _person(db, number), made.participant_codes[perspective]
        )
    await joining.consent(
        db, clock, await _person(db, 12), made.participant_codes[Perspective.WORKER]
    )
    await sessions.open_next_round(db, clock, made.session.id)
    await answering.receive(db, clock, await _person(db, 10), MINE, "10:1")
    await answering.receive(db, clock, await _person(db, 12), THEIRS, "12:1")
    await sessions.close_current_round(db, clock, made.session.id)
    await mirror.share(db, clock, made.session.id, without_themes=True)
    ids = {r["body"]: r["id"] for r in rows(db.path, "SELECT id, body FROM contributions")}
    return made, ids


async def test_the_author_cannot_mark_their_own_answer_and_sees_which_is_theirs(
    db: Database, clock: ManualClock
) -> None:
    _, ids = await _mirrored(db, clock)
    author = await _person(db, 10)
    with pytest.raises(NotAllowed) as refused:
        await mirror.toggle(db, clock, author, ids[MINE], want=True)
    assert refused.value.code == "own_answer"
    assert rows(db.path, "SELECT * FROM recognitions") == []
    # Someone else's answer they can mark; the view tells their own apart.
    view = await mirror.toggle(db, clock, author, ids[THEIRS])
    assert view.mine == {ids[THEIRS]} and view.written == {ids[MINE]}


async def test_a_mark_on_ones_own_answer_stored_before_counts_nowhere(
    db: Database, clock: ManualClock
) -> None:
    made, ids = await _mirrored(db, clock)
    # The other parent and the worker recognise the parent's answer: broadly, as the author
    # is not among those who could.
    for number in (11, 12):
        await mirror.toggle(db, clock, await _person(db, number), ids[MINE])
    # The author's own mark, as it could be stored before it was refused.
    (author,) = rows(db.path, "SELECT id FROM participants WHERE perspective = 'parent' LIMIT 1")
    with sqlite3.connect(db.path) as conn:
        conn.execute(
            "INSERT INTO recognitions VALUES (?, ?, 'parent', '2026-11-24T10:00:00+00:00')",
            (ids[MINE], author["id"]),
        )
    s = await synthesise(db, clock, made.session.id)
    (item,) = [r for r in s.recognised if r.quote.contribution_id == ids[MINE]]
    assert item.by_perspective == {"parent": 1, "worker": 1}
    assert item.broadly and item.author_counted
    async with db.read() as tx:
        (found,) = [
            r for r in await mirror.recognition_of(tx, made.session.id)
            if r.quote.contribution_id == ids[MINE]
        ]  # fmt: skip
    assert found.by_perspective == {"parent": 1, "worker": 1} and found.broadly


def test_the_author_is_not_among_the_people_whose_marks_are_needed() -> None:
    sizes = {"parent": 2, "worker": 1}
    # The worker's answer: the one worker wrote it, so workers have no say in it.
    assert shown_to(sizes, ["parent", "worker"], "worker", True) == {"parent": 2, "worker": 0}
    # An author who left (and is no longer counted) takes no one else's place.
    assert shown_to(sizes, ["parent", "worker"], "parent", False) == {"parent": 2, "worker": 1}
    # A group with nobody who can recognise the item counts as knowing nothing: one half.
    assert consensus({"parent": 2}, {"parent": 2, "worker": 0}) == pytest.approx(3 / 4 / 2)


async def test_someone_who_left_with_only_a_mark_on_their_own_answer_is_not_counted(
    db: Database, clock: ManualClock
) -> None:
    """A leaver stays counted only for a mark on someone else's answer (so no count exceeds
    its group); their own answer's old mark counted nowhere, and keeps nobody counted."""
    made, ids = await _mirrored(db, clock)
    (author,) = rows(db.path, "SELECT id FROM participants WHERE perspective = 'parent' LIMIT 1")
    with sqlite3.connect(db.path) as conn:
        conn.execute(
            "INSERT INTO recognitions VALUES (?, ?, 'parent', '2026-11-24T10:00:00+00:00')",
            (ids[MINE], author["id"]),
        )
        conn.execute(
            "UPDATE participants SET left_at = '2026-11-24T11:00:00+00:00' WHERE id = ?",
            (author["id"],),
        )
    async with db.read() as tx:
        audience = await tx.mirrors.audience(made.session.id)
    assert sorted(audience.values()) == ["parent", "worker"]  # the other parent, the worker
    # The worker's answer: the other parent recognises it, and that is all parents now.
    await mirror.toggle(db, clock, await _person(db, 11), ids[THEIRS])
    s = await synthesise(db, clock, made.session.id)
    (item,) = [r for r in s.recognised if r.quote.contribution_id == ids[THEIRS]]
    assert item.broadly


async def test_a_version_stored_before_authors_were_counted_apart_says_the_same(
    db: Database, clock: ManualClock
) -> None:
    """Approving an unchanged draft again after the update sends no correction: how a mark
    was counted is not what a version says."""
    made, ids = await _mirrored(db, clock)
    await mirror.toggle(db, clock, await _person(db, 11), ids[MINE])
    for _ in range(2):  # through the rounds to where a summary can go out
        await sessions.open_next_round(db, clock, made.session.id)
        await sessions.close_current_round(db, clock, made.session.id)
    owner = await _person(db, 1)
    sent = await summary_flow.approve_and_send(db, clock, owner, made.session.id)
    stored = sent.summary.to_dict()
    for item in stored["synthesis"]["recognised"]:
        del item["author_counted"]  # as a version stored before it was kept
    draft = await summary_flow.preview(db, clock, made.session.id)
    assert summary_flow._says_the_same(draft, summary_flow.Summary.from_dict(stored))
