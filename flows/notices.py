"""What a person is shown on a channel that cannot push (the web page): the messages the
bot queued for them, read when they come to look, and the summaries they asked for.

A channel that pushes (Telegram) sends what falls due (flows/outbox.py). A channel that
cannot push shows the same rows when the person looks: a message counts as delivered
the moment it is shown, and one that lost its point before that (the round closed, they
answered) is given up, by the same rules a sender uses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from flows import leaving, mirror, mydata, outbox
from flows.access import Actor
from flows.clock import Clock
from flows.errors import Gone, NotAllowed
from flows.followup import ACTION_STATUS
from flows.handover import ACTION_PASSED_ON, ACTION_RETURNED, ACTION_TAKEN
from flows.mirror import MIRROR
from flows.model import Phase
from flows.newcomers import REMOVED
from flows.outbox import ActionNews, Question, Reminder
from flows.proposal_invites import PROPOSALS_OPEN
from flows.sessions import ROUND_QUESTION
from flows.summary import SESSION_ENDED, SUMMARY, Summary
from flows.timers import ACTION_FOLLOW_UP, REMINDER
from storage import Database, Tx
from storage.records import OutboxItem, Session

# A page lists the newest messages; older ones are in the data export.
SHOWN_AT_MOST = 50
ACTION_KINDS = frozenset(
    {ACTION_STATUS, ACTION_TAKEN, ACTION_RETURNED, ACTION_PASSED_ON, ACTION_FOLLOW_UP}
)


@dataclass(frozen=True, slots=True)
class Notice:
    """One message as a page shows it; which fields are set depends on `kind`."""

    id: int
    kind: str
    # When it was meant to reach the person (its place in the list).
    at: dt.datetime
    # Shown for the first time on this visit.
    new: bool
    session: Session
    question: Question | None = None
    reminder: Reminder | None = None
    news: ActionNews | None = None
    summary_id: int | None = None
    # The kind of round a shared mirror shows (kind "mirror").
    round_kind: str | None = None


@dataclass(frozen=True, slots=True)
class SummaryShown:
    id: int
    summary: Summary
    approved_at: dt.datetime
    # A later version (a correction) of the same session went out after it.
    replaced: bool = False


@dataclass(frozen=True, slots=True)
class OwnData:
    """What is stored about a person (flows/mydata.export; None: nothing), and the sessions
    they can still leave."""

    stored: dict[str, Any] | None
    memberships: list[leaving.Membership]


Reader = Callable[[Tx, OutboxItem, bool], Awaitable["Notice | None"]]


async def messages(db: Database, clock: Clock, actor: Actor) -> list[Notice]:
    """The person's messages, newest first. Those still waiting count as delivered now;
    those that lost their point meanwhile are given up, unseen."""
    person = _person_of(actor)
    now = clock.now()
    async with db.transaction() as tx:
        items = await tx.outbox.of_person(person, now, SHOWN_AT_MOST)
        notices: list[Notice] = []
        shown: list[int] = []
        for item in items:
            read = _READERS.get(item.kind)
            if read is None:
                continue  # a message for a role this page does not serve (a facilitator's)
            fresh = item.sent_at is None
            notice = await read(tx, item, fresh)
            if notice is None and fresh:
                await tx.outbox.drop(item.id, now, "obsolete")
            elif notice is not None:
                notices.append(notice)
                if fresh:
                    shown.append(item.id)
        await tx.outbox.mark_shown(shown, now)
    return notices


async def summaries(db: Database, actor: Actor) -> list[SummaryShown]:
    """The approved summaries the person gets, newest first: of the sessions where they
    take part and asked for it, or which they organise (the rule summaries are sent by)."""
    person = _person_of(actor)
    async with db.read() as tx:
        shown = []
        for session_id in await _summary_sessions(tx, person):
            versions = await tx.summaries.of_session(session_id)
            for record in reversed(versions):
                shown.append(
                    SummaryShown(
                        record.id,
                        Summary.from_dict(record.snapshot),
                        record.approved_at,
                        replaced=record is not versions[-1],
                    )
                )
    return sorted(shown, key=lambda s: s.approved_at, reverse=True)


async def report(db: Database, actor: Actor, summary_id: int | None) -> SummaryShown:
    """One summary for its printable report: the one named, or the newest; refused when the
    person does not get it."""
    available = await summaries(db, actor)
    if not available:
        raise NotAllowed("no_summary")
    if summary_id is None:
        return available[0]
    for shown in available:
        if shown.id == summary_id:
            return shown
    raise NotAllowed("no_summary")


async def own_data(db: Database, actor: Actor) -> OwnData:
    """Everything stored about the person, and what they take part in now."""
    _person_of(actor)
    return OwnData(await mydata.export(db, actor), await leaving.memberships(db, actor))


def _person_of(actor: Actor) -> int:
    if actor.person_id is None:
        raise Gone("link_invalid")
    return actor.person_id


async def _summary_sessions(tx: Tx, person_id: int) -> list[int]:
    wanted = [
        p.session_id
        for p in await tx.participation.participations_of(person_id)
        if p.wants_summary
    ]
    return list(dict.fromkeys([*wanted, *await tx.participation.organised_by(person_id)]))


async def _question(tx: Tx, item: OutboxItem, fresh: bool) -> Notice | None:
    if fresh:
        question = await outbox.question_in(tx, item.ref_id, item.person_id)
    else:
        question = await _asked(tx, item.ref_id, item.person_id)
    if question is None:
        return None
    return _notice(item, question.session, question=question)


async def _reminder(tx: Tx, item: OutboxItem, fresh: bool) -> Notice | None:
    question = await _asked(tx, item.ref_id, item.person_id)
    if question is None:
        return None
    if fresh:
        reminder = await outbox.reminder_in(tx, item.ref_id, item.person_id)
        if reminder is None:
            return None  # closed meanwhile, or they answered: no reminder
    else:
        answered = await tx.contributions.answered_participants(question.round.id)
        everyone = await tx.participation.participants_in(question.session.id)
        reminder = Reminder(question.session, question.round, len(answered), len(everyone))
    return _notice(item, question.session, question=question, reminder=reminder)


async def _summary(tx: Tx, item: OutboxItem, fresh: bool) -> Notice | None:
    record = await tx.summaries.get(item.ref_id)
    if record is None:
        return None  # deleted (its session's retention term ended)
    session = await tx.sessions.get(record.session_id)
    if session is None:
        return None
    return _notice(item, session, summary_id=record.id)


async def _removed(tx: Tx, item: OutboxItem, fresh: bool) -> Notice | None:
    session = await tx.sessions.get(item.ref_id)
    return None if session is None else _notice(item, session)


async def _session_ended(tx: Tx, item: OutboxItem, fresh: bool) -> Notice | None:
    session = await tx.sessions.get(item.ref_id)
    return None if session is None else _notice(item, session)


async def _action(tx: Tx, item: OutboxItem, fresh: bool) -> Notice | None:
    # A follow-up about an action that is done meanwhile has nothing left to ask.
    unless_done = fresh and item.kind == ACTION_FOLLOW_UP
    news = await outbox.action_news_in(tx, item.ref_id, unless_done=unless_done)
    if news is None or (item.kind == ACTION_STATUS and news.action.status is None):
        return None
    return _notice(item, news.session, news=news)


async def _mirror(tx: Tx, item: OutboxItem, fresh: bool) -> Notice | None:
    try:
        view = await mirror.view_in(tx, item.person_id, item.ref_id)
    except (Gone, NotAllowed):
        return None  # the session is gone, or they left it: the mirror is not theirs now
    return _notice(item, view.session, round_kind=view.round.kind)


async def _proposals_open(tx: Tx, item: OutboxItem, fresh: bool) -> Notice | None:
    participant = await tx.participation.participant(item.ref_id)
    if participant is None or participant.left_at is not None:
        return None
    session = await tx.sessions.get(participant.session_id)
    if session is None or (fresh and session.phase != Phase.ACTIONS):
        return None  # the session moved on before they looked: as the bot would not send it
    return _notice(item, session)


async def _asked(tx: Tx, round_id: int, person_id: int) -> Question | None:
    """The question of a round as it was asked, open or closed since."""
    round_ = await tx.rounds.get(round_id)
    if round_ is None:
        return None
    participant = await tx.participation.participant_for(round_.session_id, person_id)
    session = await tx.sessions.get(round_.session_id)
    if participant is None or session is None:
        return None
    return Question(session, round_, participant.perspective)


def _notice(
    item: OutboxItem,
    session: Session,
    *,
    question: Question | None = None,
    reminder: Reminder | None = None,
    news: ActionNews | None = None,
    summary_id: int | None = None,
    round_kind: str | None = None,
) -> Notice:
    return Notice(
        id=item.id,
        kind=item.kind,
        at=item.not_before,
        new=item.sent_at is None,
        session=session,
        question=question,
        reminder=reminder,
        news=news,
        summary_id=summary_id,
        round_kind=round_kind,
    )


_READERS: dict[str, Reader] = {
    ROUND_QUESTION: _question,
    REMINDER: _reminder,
    SUMMARY: _summary,
    REMOVED: _removed,
    SESSION_ENDED: _session_ended,
    MIRROR: _mirror,
    PROPOSALS_OPEN: _proposals_open,
    **{kind: _action for kind in ACTION_KINDS},
}
