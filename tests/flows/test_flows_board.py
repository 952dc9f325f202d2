"""The live board without a browser: its secret link, what it counts, and how it follows
changes (one look per link however many screens show it; it ends when the link stops)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator

import pytest

from flows import answering, board, joining, mirror, proposals, sessions, summary, themes
from flows.access import Actor
from flows.board import Board, LiveBoards
from flows.errors import Gone
from flows.model import Perspective
from flows.people import identify
from flows.sessions import Invites
from flows.similarity import Similarity
from reports.board import board_live
from sandbox.clock import ManualClock
from storage import Database
from tests.conftest import rows

FAST = 0.01  # seconds between looks, so the tests need not wait


async def _person(db: Database, number: int, *, admin: bool = False) -> Actor:
    return await identify(db, "telegram", str(number), "nl", is_admin=admin)


async def _session(db: Database, clock: ManualClock) -> Invites:
    """Two parents and a family worker joined; the municipality was invited, nobody came."""
    made = await sessions.create_session(
        db,
        clock,
        await _person(db, 1, admin=True),
        title="Bord test",
        theme="Jeugdhulp",
        perspectives=[Perspective.PARENT, Perspective.WORKER, Perspective.MUNICIPALITY],
    )
    for number, perspective in ((10, Perspective.PARENT), (11, Perspective.PARENT)):
        await joining.consent(
            db, clock, await _person(db, number), made.participant_codes[perspective]
        )
    await joining.consent(
        db, clock, await _person(db, 12), made.participant_codes[Perspective.WORKER]
    )
    return made


async def _next(stream: AsyncIterator[Board]) -> Board:
    return await asyncio.wait_for(anext(stream), 5)


async def test_the_board_counts_who_joined_and_how_far_each_round_is(
    db: Database, clock: ManualClock
) -> None:
    made = await _session(db, clock)
    secret = await board.new_link(db, clock, made.session.id)
    shown = await board.show(db, secret)
    assert shown.title == "Bord test"
    assert shown.joined == {"parent": 2, "worker": 1, "municipality": 0}
    assert shown.total_joined == 3
    assert [r.state for r in shown.rounds] == ["waiting", "waiting", "waiting"]
    assert shown.open_round is None

    await sessions.open_next_round(db, clock, made.session.id, dt.timedelta(hours=2))
    await answering.receive(db, clock, await _person(db, 10), "Fijn", "r:1")
    await answering.receive(db, clock, await _person(db, 10), "En nog iets", "r:2")
    shown = await board.show(db, secret)
    assert shown.open_round is not None
    assert shown.open_round.closes_at == clock.now() + dt.timedelta(hours=2)
    assert shown.open_round.answered == {
        "parent": (1, 2),
        "worker": (0, 0),
        "municipality": (0, 0),
    }

    await sessions.close_current_round(db, clock, made.session.id)
    await sessions.open_next_round(db, clock, made.session.id)
    shown = await board.show(db, secret)
    assert [r.state for r in shown.rounds] == ["done", "open", "waiting"]
    assert shown.rounds_done == 1
    assert shown.rounds[0].answers == 2
    assert shown.open_round is not None and shown.open_round.closes_at is None


async def test_a_new_link_stops_the_old_one_and_only_its_hash_is_kept(
    db: Database, clock: ManualClock
) -> None:
    made = await _session(db, clock)
    old = await board.new_link(db, clock, made.session.id)
    new = await board.new_link(db, clock, made.session.id)
    assert old != new and len(new) >= 32
    with pytest.raises(Gone):
        await board.show(db, old)
    with pytest.raises(Gone):
        await board.show(db, "made-up")
    assert (await board.show(db, new)).title == "Bord test"
    kept = rows(db.path, "SELECT * FROM boards")
    assert len(kept) == 1
    assert new not in str(tuple(kept[0])) and old not in str(tuple(kept[0]))


async def test_a_followed_board_sends_a_change_once_and_shares_one_look(
    db: Database, clock: ManualClock
) -> None:
    made = await _session(db, clock)
    await sessions.open_next_round(db, clock, made.session.id)
    secret = await board.new_link(db, clock, made.session.id)
    live = LiveBoards(every=FAST)
    first, second = live.follow(db, secret), live.follow(db, secret)
    assert (await _next(first)).open_round.answered["parent"] == (0, 0)  # type: ignore[union-attr]
    await _next(second)
    assert live.watched == 1  # two screens, one look at the database
    # Nothing changed: nothing is sent (several looks go by).
    waiting = asyncio.ensure_future(_next(first))
    await asyncio.sleep(FAST * 10)
    assert not waiting.done()
    await answering.receive(db, clock, await _person(db, 11), "Goed geholpen", "r:1")
    changed = await waiting
    assert changed.open_round is not None
    assert changed.open_round.answered["parent"] == (1, 1)
    assert (await _next(second)) == changed
    await first.aclose()
    await second.aclose()
    assert live.watched == 0  # nobody looks: no more looks at the database


async def test_a_followed_board_ends_when_its_link_is_replaced_or_the_boards_close(
    db: Database, clock: ManualClock
) -> None:
    made = await _session(db, clock)
    secret = await board.new_link(db, clock, made.session.id)
    live = LiveBoards(every=FAST)
    stream = live.follow(db, secret)
    await _next(stream)
    await board.new_link(db, clock, made.session.id)
    with pytest.raises(StopAsyncIteration):
        await _next(stream)

    current = await board.new_link(db, clock, made.session.id)
    stream = live.follow(db, current)
    await _next(stream)
    waiting = asyncio.ensure_future(_next(stream))
    await asyncio.sleep(FAST * 3)
    await live.close()
    with pytest.raises(StopAsyncIteration):
        await waiting
    assert live.watched == 0


async def test_an_answer_left_out_of_the_summary_is_not_counted_on_the_board(
    db: Database, clock: ManualClock
) -> None:
    made = await _session(db, clock)
    secret = await board.new_link(db, clock, made.session.id)
    await sessions.open_next_round(db, clock, made.session.id)
    await answering.receive(db, clock, await _person(db, 10), "Fijn", "r:1")
    await answering.receive(db, clock, await _person(db, 10), "Off-topic", "r:2")
    await answering.receive(db, clock, await _person(db, 11), "Ook fijn", "r:3")
    await sessions.close_current_round(db, clock, made.session.id)
    (off_topic,) = rows(db.path, "SELECT id FROM contributions WHERE body = 'Off-topic'")

    await summary.leave_out(db, clock, made.session.id, off_topic["id"], True)
    assert (await board.show(db, secret)).rounds[0].answered["parent"] == (2, 2)
    # Taken back in, it counts again.
    await summary.leave_out(db, clock, made.session.id, off_topic["id"], False)
    assert (await board.show(db, secret)).rounds[0].answered["parent"] == (2, 3)


async def test_the_board_counts_themes_recognitions_and_proposals_never_a_word(
    db: Database, clock: ManualClock
) -> None:
    made = await _session(db, clock)
    session_id = made.session.id
    secret = await board.new_link(db, clock, session_id)
    words = {
        10: ("Snelle hulp van de wijkcoach", "Ik kwam gewoon binnen"),
        11: ("Fijn dat het loket dichtbij was",),
        12: ("De wijkcoach belde snel terug",),
    }
    await sessions.open_next_round(db, clock, session_id)
    for number, said in words.items():
        for turn, text in enumerate(said):
            await answering.receive(db, clock, await _person(db, number), text, f"{number}:{turn}")
    await sessions.close_current_round(db, clock, session_id)
    shown = await board.show(db, secret)
    assert shown.themes == () and (shown.sorted_answers, shown.to_sort) == (0, 4)

    added = await themes.add_themes(db, clock, session_id, "Snel geholpen, Dichtbij")
    fast, near = (t.id for t in added.added)
    ids = {r["body"]: r["id"] for r in rows(db.path, "SELECT id, body FROM contributions")}
    lexical = Similarity(loader=None)
    for text, theme_id in (
        ("Snelle hulp van de wijkcoach", fast),
        ("De wijkcoach belde snel terug", fast),
        ("Fijn dat het loket dichtbij was", near),
        ("Ik kwam gewoon binnen", None),  # skipped for now
    ):
        await themes.place(db, clock, lexical, session_id, ids[text], theme_id)
    shown = await board.show(db, secret)
    assert [(t.name, t.answers) for t in shown.themes] == [
        ("Snel geholpen", {"parent": 1, "worker": 1, "municipality": 0}),
        ("Dichtbij", {"parent": 1, "worker": 0, "municipality": 0}),
    ]
    assert (shown.sorted_answers, shown.to_sort) == (4, 4)
    assert shown.mirrors == 0 and shown.recognised == 0

    await mirror.share(db, clock, session_id)
    # The other parent and the family worker recognise the quick help (parent 10 wrote it):
    # broad; only one parent recognises the nearby desk.
    for number in (11, 12):
        await mirror.toggle(
            db, clock, await _person(db, number), ids["Snelle hulp van de wijkcoach"]
        )
    await mirror.toggle(db, clock, await _person(db, 10), ids["Fijn dat het loket dichtbij was"])
    shown = await board.show(db, secret)
    assert shown.mirrors == 1
    assert (shown.recognised, shown.broadly) == (3, 1)
    assert [(t.recognised, t.broadly) for t in shown.themes] == [(2, 1), (1, 0)]

    # An answer left out is on the board no more: not in its theme, nor its recognitions.
    await summary.leave_out(db, clock, session_id, ids["Snelle hulp van de wijkcoach"], True)
    shown = await board.show(db, secret)
    assert shown.themes[0].answers["parent"] == 0
    assert (shown.recognised, shown.broadly, shown.to_sort) == (1, 0, 3)

    for _ in range(2):  # the two other rounds, to where actions are proposed
        await sessions.open_next_round(db, clock, session_id)
        await sessions.close_current_round(db, clock, session_id)
    proposal = await proposals.propose(
        db, clock, await _person(db, 10), await _participant(db, 10), "Een vast spreekuur"
    )
    await proposals.propose(
        db, clock, await _person(db, 12), await _participant(db, 12), "Terugbellen binnen een dag"
    )
    await proposals.endorse(db, clock, await _person(db, 11), proposal.id)
    await proposals.endorse(db, clock, await _person(db, 12), proposal.id)
    await proposals.agree(
        db, clock, await _person(db, 1), proposal.id,
        what="Een vast spreekuur", owner="Gemeente", due="", theme_id=near,
    )  # fmt: skip
    shown = await board.show(db, secret)
    assert (shown.proposals, shown.backings, shown.agreed) == (2, 2, 1)

    # Counts and the facilitator's theme names; never a participant's words.
    page = board_live("nl", shown)
    for said in words.values():
        for text in said:
            assert text not in page
    assert "Snel geholpen" in page and "Dichtbij" in page


async def _participant(db: Database, number: int) -> int:
    person = (await _person(db, number)).person_id
    (found,) = rows(db.path, "SELECT id FROM participants WHERE person_id = ?", (person,))
    return int(found["id"])
