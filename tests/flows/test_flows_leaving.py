"""Leaving, export and erasure without Telegram."""

from __future__ import annotations

from flows import answering, leaving, mydata
from flows.leaving import Stopping
from flows.people import identify
from sandbox.clock import ManualClock
from storage import Database
from tests.flows.parents import parent_in_open_round


async def test_stop_asks_which_session_or_how_to_leave(db: Database, clock: ManualClock) -> None:
    nobody = await identify(db, "telegram", str(5), "nl", is_admin=False)
    assert (await leaving.stop(db, nobody)).next is Stopping.NOTHING
    parent = await parent_in_open_round(db, clock, 6, "Een")
    one = await leaving.stop(db, parent)
    assert one.next is Stopping.HOW and [m.session.title for m in one.memberships] == ["Een"]
    parent = await parent_in_open_round(db, clock, 6, "Twee")
    assert (await leaving.stop(db, parent)).next is Stopping.WHICH


async def test_leaving_says_whether_the_answers_stay(db: Database, clock: ManualClock) -> None:
    parent = await parent_in_open_round(db, clock, 7, "Een")
    await answering.receive(db, clock, parent, "Goed geholpen.", "m1")
    parent = await parent_in_open_round(db, clock, 7, "Twee")
    by_title = {m.session.title: m for m in (await leaving.stop(db, parent)).memberships}
    first, second = by_title["Een"], by_title["Twee"]
    kept = await leaving.leave(db, clock, first.participant.id, keep_answers=True)
    assert (kept.answers_stay, kept.kept, kept.erased) == (True, 1, 0)
    gone = await leaving.leave(db, clock, second.participant.id, keep_answers=False)
    assert (gone.answers_stay, gone.kept, gone.erased) == (False, 0, 0)
    assert (await leaving.stop(db, parent)).next is Stopping.NOTHING


async def test_export_then_erasure(db: Database, clock: ManualClock) -> None:
    parent = await parent_in_open_round(db, clock, 8, "Een")
    await answering.receive(db, clock, parent, "Goed geholpen.", "m1")
    data = await mydata.export(db, parent)
    assert data is not None
    assert [a["text"] for a in data["taking_part"][0]["answers"]] == ["Goed geholpen."]
    gone = await mydata.forget(db, clock, parent)
    assert (gone.participations, gone.contributions) == (1, 1)
    assert (
        await mydata.export(db, await identify(db, "telegram", str(8), "nl", is_admin=False))
        is None
    )
