"""The summary without Telegram: the facilitator previews it, then sends it; it goes to
who asked for it and to the organisers, and the session is "summary sent"."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from flows import answering, joining, mirror, outbox, sessions, status
from flows import summary as summary_flow
from flows.access import Actor
from flows.errors import WrongPhase
from flows.model import Perspective, Phase
from flows.people import identify
from flows.sessions import Invites
from sandbox.clock import ManualClock
from storage import Database

CHANNEL = "telegram"


async def _person(db: Database, number: int, *, admin: bool = False) -> Actor:
    return await identify(db, CHANNEL, str(number), "nl", is_admin=admin)


async def _one_round_answered(db: Database, clock: ManualClock) -> tuple[Actor, Invites]:
    """A session whose first round two parents joined (one wants the summary) and closed."""
    owner = await _person(db, 1, admin=True)
    made = await sessions.create_session(
        db, clock, owner, title="Samen terug", theme="Jeugdhulp", perspectives=[Perspective.PARENT]
    )
    code = made.participant_codes[Perspective.PARENT]
    for number, wants in ((10, True), (11, False)):
        joined = await joining.consent(db, clock, await _person(db, number), code)
        await joining.set_summary_wish(db, clock, joined.participant.id, wants)
    await joining.join_as_organiser(db, clock, await _person(db, 20), made.organiser_code)
    await sessions.open_next_round(db, clock, made.session.id)
    await answering.receive(db, clock, await _person(db, 10), "Fijn gesprek gehad", "r:1")
    await answering.receive(db, clock, await _person(db, 11), "Goed geluisterd", "r:2")
    return await _person(db, 1, admin=True), made


def _entry(shown: summary_flow.Summary, text: str) -> int:
    """The contribution id of the draft's entry with these words."""
    [found] = [
        e.contribution_id
        for r in shown.rounds
        for g in r.groups
        for e in g.entries
        if e.text == text
    ]
    return found


async def test_no_summary_while_a_round_is_open(db: Database, clock: ManualClock) -> None:
    _, made = await _one_round_answered(db, clock)
    with pytest.raises(WrongPhase):
        await summary_flow.preview(db, clock, made.session.id)


async def test_the_preview_shows_what_the_summary_will_say_and_sends_nothing(
    db: Database, clock: ManualClock
) -> None:
    _, made = await _one_round_answered(db, clock)
    await sessions.close_current_round(db, clock, made.session.id)
    composed = await summary_flow.preview(db, clock, made.session.id)
    assert composed.title == "Samen terug"
    assert [r.people for r in composed.rounds] == [2]
    texts = {e.text for r in composed.rounds for g in r.groups for e in g.entries}
    assert texts == {"Fijn gesprek gehad", "Goed geluisterd"}
    # The parent who asked for it and the organiser; not the parent who did not ask.
    assert await summary_flow.recipient_count(db, made.session.id) == 2
    assert await summary_flow.latest_approved(db) is None
    due = await outbox.due(db, clock, channel=CHANNEL)
    assert not [i for i in due if i.kind == summary_flow.SUMMARY]


async def test_sending_closes_the_session_and_queues_it_for_who_asked(
    db: Database, clock: ManualClock
) -> None:
    owner, made = await _one_round_answered(db, clock)
    await sessions.close_current_round(db, clock, made.session.id)
    sent = await summary_flow.approve_and_send(db, clock, owner, made.session.id)
    assert sent.recipients == 2
    assert (await summary_flow.approved(db, sent.record.id)).title == "Samen terug"
    due = await outbox.due(db, clock, channel=CHANNEL)
    assert sorted(i.external_id for i in due if i.kind == summary_flow.SUMMARY) == ["10", "20"]
    st = await status.status(db, clock, made.session.id)
    assert st.session.phase == Phase.CLOSED
    # Sent once, the conversation is over; approving it unchanged sends nothing again...
    with pytest.raises(WrongPhase) as unchanged:
        await summary_flow.approve_and_send(db, clock, owner, made.session.id)
    assert unchanged.value.code == "summary_unchanged"
    # ...and a change approved is a correction (version 2).
    await summary_flow.set_draft_facts(db, clock, made.session.id, closing="Tot ziens.")
    again = await summary_flow.approve_and_send(db, clock, owner, made.session.id)
    assert (again.record.version, again.record.corrects) == (2, sent.record.id)


async def test_an_approval_sends_only_the_draft_the_approver_was_shown(
    db: Database, clock: ManualClock
) -> None:
    owner, made = await _one_round_answered(db, clock)
    session_id = made.session.id
    await sessions.close_current_round(db, clock, session_id)
    shown = await summary_flow.preview(db, clock, session_id)
    answer = _entry(shown, "Goed geluisterd")
    # After the preview a co-leader leaves an answer out: what was shown is not what would go.
    await summary_flow.leave_out(db, clock, session_id, answer, True)
    with pytest.raises(WrongPhase) as changed:
        await summary_flow.approve_and_send(
            db, clock, owner, session_id, version=1, seen=shown.approval_mark
        )
    assert changed.value.code == "summary_changed"
    # An approval from before approvals said what they were shown sends nothing either.
    with pytest.raises(WrongPhase) as unmarked:
        await summary_flow.approve_and_send(db, clock, owner, session_id, version=1, seen="")
    assert unmarked.value.code == "summary_changed"
    assert await summary_flow.latest_approved(db) is None
    # The draft as it is now, looked at and approved the next day: that is what goes out.
    again = await summary_flow.preview(db, clock, session_id)
    assert again.approval_mark != shown.approval_mark
    clock.advance(dt.timedelta(days=1))
    sent = await summary_flow.approve_and_send(
        db, clock, owner, session_id, version=1, seen=again.approval_mark
    )
    texts = {e.text for r in sent.summary.rounds for g in r.groups for e in g.entries}
    assert texts == {"Fijn gesprek gehad"}


async def _approved_as_seen(
    db: Database, clock: ManualClock, owner: Actor, shown: summary_flow.Summary
) -> int:
    """Approve with the mark of the preview `shown`, after a count changed; the version sent."""
    session_id = shown.session_id
    now = await summary_flow.preview(db, clock, session_id)
    assert now.fingerprint != shown.fingerprint  # the count did change
    sent = await summary_flow.approve_and_send(
        db, clock, owner, session_id, version=1, seen=shown.approval_mark
    )
    return sent.record.version


async def test_a_recognition_between_the_preview_and_the_approval_does_not_hold_it_up(
    db: Database, clock: ManualClock
) -> None:
    """Participants' taps move counts, not what the draft says: a live session must not keep
    the approver waiting for everyone to stop tapping."""
    owner, made = await _one_round_answered(db, clock)
    session_id = made.session.id
    await sessions.close_current_round(db, clock, session_id)
    await mirror.share(db, clock, session_id, without_themes=True)
    shown = await summary_flow.preview(db, clock, session_id)
    answer = _entry(shown, "Goed geluisterd")
    await mirror.toggle(db, clock, await _person(db, 10), answer, want=True)
    assert await _approved_as_seen(db, clock, owner, shown) == 1


async def test_someone_joining_between_the_preview_and_the_approval_does_not_hold_it_up(
    db: Database, clock: ManualClock
) -> None:
    """At a table people keep joining by the QR code: who joined is a count, not what the
    draft says (the approval was refused as "changed since you saw it")."""
    owner, made = await _one_round_answered(db, clock)
    session_id = made.session.id
    await sessions.close_current_round(db, clock, session_id)
    shown = await summary_flow.preview(db, clock, session_id)
    code = made.participant_codes[Perspective.PARENT]
    await joining.consent(db, clock, await _person(db, 12), code)
    assert await _approved_as_seen(db, clock, owner, shown) == 1


async def test_a_join_past_the_number_invited_holds_the_approval_up(
    db: Database, clock: ManualClock
) -> None:
    """Then the draft asks for the number invited to be corrected: the approver must see
    that before the summary goes out with a response it cannot print."""
    owner, made = await _one_round_answered(db, clock)
    session_id = made.session.id
    with sqlite3.connect(db.path) as conn:
        conn.execute("UPDATE session_perspectives SET invited = 2 WHERE perspective = 'parent'")
    await sessions.close_current_round(db, clock, session_id)
    shown = await summary_flow.preview(db, clock, session_id)
    code = made.participant_codes[Perspective.PARENT]
    await joining.consent(db, clock, await _person(db, 12), code)  # the third of two
    with pytest.raises(WrongPhase, match="summary_changed"):
        await summary_flow.approve_and_send(
            db, clock, owner, session_id, version=1, seen=shown.approval_mark
        )
