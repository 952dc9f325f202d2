"""Messages for people on a channel that cannot push: a sending channel reads only the rows
of people it knows; a page shows the rest once, newest first, and they count as delivered."""

from __future__ import annotations

import datetime as dt

import pytest

from flows import answering, joining, notices, outbox, people, sessions, timers
from flows import summary as summary_flow
from flows.access import Actor
from flows.errors import Gone, NotAllowed
from flows.model import Perspective
from flows.people import Identity, identify
from flows.sessions import Invites
from sandbox.clock import ManualClock
from storage import Database


async def _telegram(db: Database, number: int, *, admin: bool = False) -> Actor:
    return await identify(db, "telegram", str(number), "nl", is_admin=admin)


async def _web(db: Database, name: str) -> Actor:
    return await identify(db, "web", f"hash-of-{name}", "nl", is_admin=False)


async def _session(db: Database, clock: ManualClock) -> Invites:
    """A session with two parents on the web, one wanting the summary, and then one in
    Telegram (10)."""
    made = await sessions.create_session(
        db,
        clock,
        await _telegram(db, 1, admin=True),
        title="Samen terug",
        theme="Jeugdhulp",
        perspectives=[Perspective.PARENT],
    )
    code = made.participant_codes[Perspective.PARENT]
    for actor, wants in (
        (await _web(db, "wim"), True),
        (await _web(db, "kees"), False),
        (await _telegram(db, 10), True),
    ):
        joined = await joining.consent(db, clock, actor, code)
        await joining.set_summary_wish(db, clock, joined.participant.id, wants)
    return made


async def test_a_sending_channel_reads_only_the_rows_of_people_it_knows(
    db: Database, clock: ManualClock
) -> None:
    made = await _session(db, clock)
    for told in await outbox.due(db, clock, channel="telegram"):
        await outbox.delivered(db, clock, told.id)  # the facilitator heard of the newcomers
    await sessions.open_next_round(db, clock, made.session.id)
    # The web people's questions were queued first: with one row per batch, a channel
    # that read every row would get one it cannot send, again and again.
    first = await outbox.due(db, clock, channel="telegram", limit=1)
    assert [(i.external_id, i.kind) for i in first] == [("10", sessions.ROUND_QUESTION)]
    assert len(await outbox.due(db, clock, channel="web")) == 2
    await outbox.delivered(db, clock, first[0].id)
    # Nothing due for Telegram: it sleeps until its next row (a notice for the facilitator
    # that waits ten minutes), not a moment for each web row that waits.
    assert await outbox.due(db, clock, channel="telegram") == []
    later = await outbox.next_due_at(db, channel="telegram")
    assert later is not None and later > clock.now()
    assert await outbox.next_due_at(db, channel="web") == clock.now()


async def test_the_page_shows_each_message_newest_first_and_delivers_it_once(
    db: Database, clock: ManualClock
) -> None:
    made = await _session(db, clock)
    await sessions.open_next_round(db, clock, made.session.id)
    clock.advance(dt.timedelta(minutes=5))
    async with db.transaction() as tx:
        round_ = await tx.rounds.current(made.session.id)
        assert round_ is not None
        await timers.remind_in(tx, clock, made.session, round_)
    wim = await _web(db, "wim")

    shown = await notices.messages(db, clock, wim)
    assert [(n.kind, n.new) for n in shown] == [
        (timers.REMINDER, True),
        (sessions.ROUND_QUESTION, True),
    ]
    assert shown[0].reminder is not None and shown[0].reminder.participants == 3
    assert [i.kind for i in await outbox.due(db, clock, channel="web")] == [
        sessions.ROUND_QUESTION,
        timers.REMINDER,
    ], "Kees has not looked yet"

    again = await notices.messages(db, clock, wim)
    assert [(n.kind, n.new) for n in again] == [
        (timers.REMINDER, False),
        (sessions.ROUND_QUESTION, False),
    ]


async def test_what_lost_its_point_before_it_was_seen_is_given_up(
    db: Database, clock: ManualClock
) -> None:
    made = await _session(db, clock)
    await sessions.open_next_round(db, clock, made.session.id)
    await sessions.close_current_round(db, clock, made.session.id)
    # The round closed before Wim looked: its question is no longer worth showing.
    assert await notices.messages(db, clock, await _web(db, "wim")) == []
    web_due = await outbox.due(db, clock, channel="web")
    assert [i.external_id for i in web_due] == ["hash-of-kees"]


async def test_a_question_seen_while_open_stays_in_the_list_after_the_round_closed(
    db: Database, clock: ManualClock
) -> None:
    made = await _session(db, clock)
    await sessions.open_next_round(db, clock, made.session.id)
    wim = await _web(db, "wim")
    assert len(await notices.messages(db, clock, wim)) == 1
    await sessions.close_current_round(db, clock, made.session.id)
    [kept] = await notices.messages(db, clock, wim)
    assert kept.question is not None and not kept.question.round.is_open


async def test_the_summary_is_for_who_asked_for_it(db: Database, clock: ManualClock) -> None:
    made = await _session(db, clock)
    await sessions.open_next_round(db, clock, made.session.id)
    wim, kees = await _web(db, "wim"), await _web(db, "kees")
    await answering.receive(db, clock, wim, "Goed geluisterd", "web:1")
    await sessions.close_current_round(db, clock, made.session.id)
    with pytest.raises(NotAllowed):  # not approved yet
        await notices.report(db, wim, None)
    owner = await _telegram(db, 1, admin=True)
    sent = await summary_flow.approve_and_send(db, clock, owner, made.session.id)

    [for_wim] = await notices.summaries(db, wim)
    assert for_wim.id == sent.record.id
    assert (await notices.report(db, wim, sent.record.id)).summary.title == "Samen terug"
    assert await notices.summaries(db, kees) == []
    with pytest.raises(NotAllowed):
        await notices.report(db, kees, sent.record.id)
    newest = (await notices.messages(db, clock, wim))[0]
    assert newest.kind == summary_flow.SUMMARY
    assert summary_flow.SUMMARY not in [n.kind for n in await notices.messages(db, clock, kees)]


async def test_a_renewed_identity_names_the_person_and_the_old_one_nobody(
    db: Database, clock: ManualClock
) -> None:
    await _session(db, clock)
    wim = await _web(db, "wim")
    await people.renew_identity(db, wim.identity, Identity("web", "hash-of-new"))
    renewed = await identify(db, "web", "hash-of-new", "nl", is_admin=False)
    assert renewed.person_id == wim.person_id
    assert (await _web(db, "wim")).person is None
    with pytest.raises(Gone):  # the same request again changes nothing
        await people.renew_identity(db, wim.identity, Identity("web", "hash-of-other"))
    with pytest.raises(Gone):
        await notices.messages(db, clock, await _web(db, "wim"))
