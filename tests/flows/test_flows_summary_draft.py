"""The summary draft's invited numbers: never fewer than already joined (the report would say
a response above 100%), refused without losing what is stored; empty stays allowed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from flows import dialogue, summary_draft
from flows.errors import InvalidInput
from flows.guided import SummaryStep
from flows.people import identify
from flows.synthesis import synthesise
from sandbox.clock import ManualClock
from storage import Database
from tests.conftest import rows
from tests.flows.crafted_session import crafted

INVITED = "SELECT invited FROM session_perspectives WHERE perspective = ?"


def _invited(path: Path, perspective: str = "parent") -> int | None:
    found: int | None = rows(path, INVITED, (perspective,))[0]["invited"]
    return found


async def _type(
    db: Database, clock: ManualClock, session_id: int, path: Path, perspective: str, text: str
) -> None:
    """Type a number in the cover form's field for the perspective, as the page shows it."""
    owner = await identify(db, "telegram", "1", "nl", is_admin=True)
    was = _invited(path, perspective)
    shown = {f"invited_{perspective}": "" if was is None else str(was)}
    await summary_draft.web_facts(db, clock, owner, session_id, {}, {perspective: text}, shown)


async def test_an_invited_number_below_those_who_joined_is_refused(
    db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    path = tmp_path / "flows.db"
    session_id, _ids = await crafted(db, clock, path)
    # Two parents joined; three were said to be invited.
    with pytest.raises(InvalidInput) as refused:
        await _type(db, clock, session_id, path, "parent", "1")
    assert refused.value.code == "fewer_than_joined"
    assert refused.value.details == {
        "field": "invited", "perspective": "parent", "joined": 2, "limit": 10_000,
    }  # fmt: skip
    assert _invited(path) == 3, "the number stored before is kept"
    # As many as joined, or more, is taken; so is no number at all.
    for typed, kept in (("2", 2), ("7", 7), ("", None)):
        await _type(db, clock, session_id, path, "parent", typed)
        assert _invited(path) == kept
    # One family worker joined: 1 is taken, 0 is not.
    await _type(db, clock, session_id, path, "worker", "1")
    with pytest.raises(InvalidInput, match="fewer_than_joined"):
        await _type(db, clock, session_id, path, "worker", "0")
    assert _invited(path, "worker") == 1


async def test_the_typed_step_keeps_waiting_after_a_number_below_those_who_joined(
    db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    path = tmp_path / "flows.db"
    session_id, _ids = await crafted(db, clock, path)
    owner = await identify(db, "telegram", "1", "nl", is_admin=True)
    await summary_draft.ask(db, clock, owner, session_id, SummaryStep.INVITED, "parent")
    with pytest.raises(InvalidInput, match="fewer_than_joined"):
        await summary_draft.give(db, clock, owner, "1")
    assert _invited(path) == 3
    waiting = await dialogue.current(db, owner)
    assert waiting is not None and waiting.step == SummaryStep.INVITED.value
    given = await summary_draft.give(db, clock, owner, "2")
    assert given.session_id == session_id and not given.cleared
    assert _invited(path) == 2
    await summary_draft.ask(db, clock, owner, session_id, SummaryStep.INVITED, "parent")
    assert (await summary_draft.give(db, clock, owner, "-")).cleared
    assert _invited(path) is None


async def test_the_cover_form_keeps_nothing_when_a_number_is_below_those_who_joined(
    db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    path = tmp_path / "flows.db"
    session_id, _ids = await crafted(db, clock, path)
    owner = await identify(db, "telegram", "1", "nl", is_admin=True)
    with pytest.raises(InvalidInput, match="fewer_than_joined"):
        await summary_draft.web_facts(
            db, clock, owner, session_id, {"area": "Lindenholt"}, {"parent": "1"}
        )
    assert _invited(path) == 3
    assert rows(path, "SELECT area FROM summary_drafts")[0]["area"] == "Dukenburg"
    await summary_draft.web_facts(
        db, clock, owner, session_id, {"area": "Lindenholt"}, {"parent": "2", "worker": ""}
    )
    assert _invited(path) == 2
    assert rows(path, "SELECT area FROM summary_drafts")[0]["area"] == "Lindenholt"


async def test_more_joined_since_the_number_was_typed_is_told_before_approving(
    db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    path = tmp_path / "flows.db"
    session_id, _ids = await crafted(db, clock, path)
    owner = await identify(db, "telegram", "1", "nl", is_admin=True)
    # Typed as 1 while one parent had joined; the second joined after it.
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE session_perspectives SET invited = 1 WHERE perspective = 'parent'")
    response = {r.perspective: r for r in (await synthesise(db, clock, session_id)).response}
    assert response["parent"].more_than_invited
    assert not response["worker"].more_than_invited  # not known: nothing to correct
    draft = await summary_draft.web_draft(db, clock, owner, session_id)
    assert draft.more_joined == {"parent": 2}
