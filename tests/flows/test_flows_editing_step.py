"""Changing one's answer as a step, without Telegram: the typed words replace it, are
screened like any answer, and the step ends, so the next words are an answer again; or
/cancel stops the step."""

from __future__ import annotations

from flows import answering, dialogue, editing, joining, screening, sessions
from flows.access import Actor
from flows.model import Perspective
from flows.people import identify
from flows.pii import Detail, Finding, PersonalDetailsGuard
from flows.screening import Screened
from sandbox.clock import ManualClock
from storage import Database

# The structured checks (phone numbers...) work without deduce loaded.
GUARD = PersonalDetailsGuard()


async def find(text: str) -> list[Finding]:
    return GUARD.find(text)


async def _parent(db: Database, clock: ManualClock) -> Actor:
    owner = await identify(db, "telegram", "1", "nl", is_admin=True)
    made = await sessions.create_session(
        db, clock, owner, title="Een", theme="Jeugdhulp", perspectives=[Perspective.PARENT]
    )
    parent = await identify(db, "telegram", "10", "nl", is_admin=False)
    await joining.consent(db, clock, parent, made.participant_codes[Perspective.PARENT])
    await sessions.open_next_round(db, clock, made.session.id)
    return await identify(db, "telegram", "10", "nl", is_admin=False)


async def test_typed_new_words_replace_the_answer_and_end_the_step(
    db: Database, clock: ManualClock
) -> None:
    parent = await _parent(db, clock)
    first = await screening.receive(db, clock, parent, find, "De wachttijd was lang.", "m1")
    assert isinstance(first, Screened)
    contribution_id = first.stored.contribution.id
    await editing.begin_edit(db, clock, parent, contribution_id)
    changed = await editing.replace_typed(
        db, clock, parent, find, contribution_id, "Bel me op 06-12345678."
    )
    assert changed.stored.contribution.body == "Bel me op 06-12345678."
    assert [f.kind for f in changed.findings] == [Detail.PHONE]
    assert changed.offer and changed.stored.contribution.flagged
    assert await dialogue.current(db, parent) is None
    listed = await answering.own_answers(db, parent)
    assert [c.body for g in listed for c in g.contributions] == ["Bel me op 06-12345678."]


async def test_another_step_the_person_is_in_goes_on(db: Database, clock: ManualClock) -> None:
    parent = await _parent(db, clock)
    first = await screening.receive(db, clock, parent, find, "Goed gesprek.", "m1")
    assert isinstance(first, Screened)
    await dialogue.begin(db, clock, parent, "some_flow", "some_step", {})
    await editing.replace_typed(db, clock, parent, find, first.stored.contribution.id, "Beter.")
    step = await dialogue.current(db, parent)
    assert step is not None and step.flow == "some_flow"


async def test_cancel_stops_the_step_and_keeps_nothing_of_it(
    db: Database, clock: ManualClock
) -> None:
    parent = await _parent(db, clock)
    first = await screening.receive(db, clock, parent, find, "Goed gesprek.", "m1")
    assert isinstance(first, Screened)
    assert not await dialogue.cancel(db, parent)  # in no step: nothing to stop
    await editing.begin_edit(db, clock, parent, first.stored.contribution.id)
    assert await dialogue.cancel(db, parent)
    assert await dialogue.current(db, parent) is None
    listed = await answering.own_answers(db, parent)
    assert [c.body for g in listed for c in g.contributions] == ["Goed gesprek."]
