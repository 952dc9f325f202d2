"""Answering without Telegram: the personal-details decision, taken once for every way in,
and changing or deleting one's own answers."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from flows import answering, dialogue, editing, screening
from flows.answering import Ambiguous, NeedsConsent
from flows.pii import Detail, Finding, PersonalDetailsGuard
from flows.screening import Screened
from sandbox.clock import ManualClock
from storage import Database
from storage.records import Identity
from tests.flows.parents import parent_in_open_round

PHONE = "Bel me op 06-12345678 als het kan."
PLAIN = "De wachttijd was lang."
# The structured checks (phone numbers, e-mail addresses...) work without deduce loaded.
GUARD = PersonalDetailsGuard()


async def find(text: str) -> list[Finding]:
    return GUARD.find(text)


def label(kind: Detail) -> str:
    return kind.value.upper()


def flags(db_path: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(db_path) as conn:
        return list(conn.execute("SELECT body, flagged FROM contributions ORDER BY id"))


async def test_found_details_are_stored_flagged_and_offer_a_choice(
    db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    parent = await parent_in_open_round(db, clock, 10, "Een")
    plain = await screening.receive(db, clock, parent, find, PLAIN, "m1")
    assert isinstance(plain, Screened) and not plain.offer
    found = await screening.receive(db, clock, parent, find, PHONE, "m2")
    assert isinstance(found, Screened) and found.offer
    assert [f.kind for f in found.findings] == [Detail.PHONE]
    assert screening.masked(PHONE, found.findings, label) == "Bel me op [PHONE] als het kan."
    assert flags(db.path) == [(PLAIN, 0), (PHONE, 1)]

    hidden = await screening.hide_details(db, clock, find, label, found.stored.contribution.id)
    assert hidden.contribution.body == "Bel me op [PHONE] als het kan."
    assert flags(db.path)[1] == ("Bel me op [PHONE] als het kan.", 0)


async def test_every_way_in_is_screened(db: Database, clock: ManualClock, tmp_path: Path) -> None:
    parent = await parent_in_open_round(db, clock, 20, "Een")
    first = await screening.receive(db, clock, parent, find, PLAIN, "m1")
    assert isinstance(first, Screened)
    # Changed in the chat: the new words are screened.
    followed = await screening.follow_edit(db, clock, parent, find, "m1", PHONE)
    assert followed is not None and followed.offer
    assert await screening.follow_edit(db, clock, parent, find, "no-such", PHONE) is None
    # Changed with the button: screened too, and the flag goes when the details go.
    changed = await screening.edit(db, clock, find, first.stored.contribution.id, PLAIN)
    assert not changed.offer
    assert flags(db.path) == [(PLAIN, 0)]


async def test_words_waiting_for_a_session_choice_are_screened(
    db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    await parent_in_open_round(db, clock, 30, "Een")
    parent = await parent_in_open_round(db, clock, 30, "Twee")
    waiting = await screening.receive(db, clock, parent, find, PHONE, "m1")
    assert isinstance(waiting, Ambiguous)
    filed = await screening.assign_pending(
        db, clock, find, waiting.pending.id, waiting.sessions[1].id
    )
    assert filed.offer and filed.stored.round.session_id == waiting.sessions[1].id
    assert flags(db.path) == [(PHONE, 1)]


async def test_words_waiting_for_consent_again_are_screened(
    db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    parent = await parent_in_open_round(db, clock, 40, "Een")
    async with db.transaction() as tx:  # they agreed to an older consent text
        participant = (await tx.participation.participations_of(parent.person_id or 0))[0]
        await tx.participation.renew_consent(participant.id, "old", clock.now())
    needs = await screening.receive(db, clock, parent, find, PHONE, "m1")
    assert isinstance(needs, NeedsConsent)
    assert flags(db.path) == []
    filed = await screening.agree_again(db, clock, find, needs.participant.id, needs.pending.id)
    assert filed.offer
    assert flags(db.path) == [(PHONE, 1)]


async def test_changing_an_answer_is_a_step_that_ends(db: Database, clock: ManualClock) -> None:
    parent = await parent_in_open_round(db, clock, 50, "Een")
    stored = await screening.receive(db, clock, parent, find, PLAIN, "m1")
    assert isinstance(stored, Screened)
    contribution = await editing.begin_edit(db, clock, parent, stored.stored.contribution.id)
    assert contribution.body == PLAIN
    step = await dialogue.current(db, parent)
    assert step is not None and step.flow == editing.EDIT_ANSWER
    await editing.end_edit(db, parent)
    assert await dialogue.current(db, parent) is None

    listed = await answering.own_answers(db, parent)
    assert [c.body for g in listed for c in g.contributions] == [PLAIN]
    left = await answering.delete(db, contribution.id)
    assert left.contributions == []


async def test_the_fast_way_in_is_screened_too(
    db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    await parent_in_open_round(db, clock, 40, "Een")
    who = Identity("telegram", "40")
    plain = await screening.answer_at_once(db, clock, find, who, "nl", PLAIN, "m1", is_admin=False)
    assert plain is not None and not plain[1].offer
    filed = await screening.answer_at_once(db, clock, find, who, "nl", PHONE, "m2", is_admin=False)
    assert filed is not None
    actor, found = filed
    assert actor.person_id is not None and found.offer
    assert [f.kind for f in found.findings] == [Detail.PHONE]
    assert flags(db.path) == [(PLAIN, 0), (PHONE, 1)]
    # Someone who takes no part is not stored by it: they are identified and told why.
    stranger = Identity("telegram", "41")
    assert (
        await screening.answer_at_once(
            db, clock, find, stranger, "nl", PHONE, "m3", is_admin=False
        )
        is None
    )
    assert len(flags(db.path)) == 2
