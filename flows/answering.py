"""Answers in an open round: store at once, list, change or delete one's own."""

from __future__ import annotations

from dataclasses import dataclass

from flows import model
from flows.access import Actor
from flows.clock import Clock
from flows.departed import left_every_session
from flows.errors import Gone, InvalidInput, WrongPhase
from flows.lookup import session_or_gone
from flows.paging import Page, cut_by_size, pick, text_units
from flows.visible import shows_nothing
from storage import Database, Tx
from storage.records import (
    Contribution,
    Identity,
    Participant,
    PendingAnswer,
    Round,
    Session,
)
from storage.rounds import NewAnswer


@dataclass(frozen=True, slots=True)
class Stored:
    contribution: Contribution
    round: Round
    own_count: int
    new: bool


@dataclass(frozen=True, slots=True)
class Ambiguous:
    """Rounds of several sessions are open: the person must say which one."""

    pending: PendingAnswer
    sessions: list[Session]


@dataclass(frozen=True, slots=True)
class NotNow:
    """No round takes answers from this person now; `sessions` are theirs.

    `reason`: "not_participant", "left" (they stopped taking part, see flows/departed.py),
    "no_open_round", "session_ended" (every session of theirs is closed: no round will
    come) or "round_closed".

    `closed`: the round that closed last in one of their sessions, if any.
    """

    reason: str
    sessions: list[Session]
    closed: Round | None = None


@dataclass(frozen=True, slots=True)
class NeedsConsent:
    """The consent text changed since they agreed: their words wait until they agree again."""

    pending: PendingAnswer
    participant: Participant
    session: Session


@dataclass(frozen=True, slots=True)
class OwnAnswers:
    session: Session
    round: Round
    contributions: list[Contribution]


# One's own answers on one page of the list, each with its two buttons (change, delete): far
# below Telegram's 100 buttons a keyboard. Fewer when long, so that a page fits one message.
OWN_PER_PAGE = 10
# An answer is shortened to this in the list (the buttons change or delete it whole).
OWN_EXCERPT = 300
# What an answer's line takes besides its words and its session's title: its number, and the
# heading of its round (counted for each answer: each may start a group of its own).
OWN_OVERHEAD = 80


@dataclass(frozen=True, slots=True)
class OwnEntry:
    """A line of one's own answers: an answer in an open round, or an open round without."""

    group: OwnAnswers
    answer: Contribution | None


@dataclass(frozen=True, slots=True)
class OwnAnswersPage:
    """One page of one's answers in the open rounds, by session and round."""

    shown: Page[OwnEntry]
    first_number: int  # the number of the first answer on the page (answers count from 1)

    @property
    def groups(self) -> list[OwnAnswers]:
        """The page's answers by session and round, as the whole list groups them."""
        found: list[OwnAnswers] = []
        for entry in self.shown.items:
            if not found or found[-1].round.id != entry.group.round.id:
                found.append(OwnAnswers(entry.group.session, entry.group.round, []))
            if entry.answer is not None:
                found[-1].contributions.append(entry.answer)
        return found

    @property
    def answers(self) -> list[Contribution]:
        return [entry.answer for entry in self.shown.items if entry.answer is not None]


def clean_answer(text: str) -> str:
    value = text.strip()
    if shows_nothing(value):
        raise InvalidInput("empty", field="answer")
    if len(value) > model.ANSWER_MAX:
        raise InvalidInput("too_long", field="answer", limit=model.ANSWER_MAX)
    return value


async def answer_at_once(
    db: Database,
    clock: Clock,
    identity: Identity,
    lang: str,
    text: str,
    source_ref: str,
    *,
    is_admin: bool,
    flagged: bool = False,
    meant_for: int | None = None,
) -> tuple[Actor, Stored] | None:
    """The way in for typed words: store them as an answer before anyone is looked up, when
    they may be stored now (`storage.rounds.ANSWERABLE`) and looking the person up would
    change nothing; who they are comes with it. This is `Act.ANSWER`, which the access table
    grants participants only: the rule's participants row (not left) is that role.

    None: nothing stored; identify them and `receive` the words, which says why not.
    `meant_for`: the round whose question they answered (see `receive`).
    """
    body = text.strip()
    if not body or len(body) > model.ANSWER_MAX:
        return None
    # One statement, shared with the answers arriving meanwhile.
    filed = await db.add_answer(
        NewAnswer(
            identity,
            lang,
            model.CONSENT_VERSION,
            body,
            source_ref,
            clock.now(),
            flagged,
            meant_for,
        )
    )
    if filed is None:
        return None
    added = filed.added
    actor = Actor(identity, filed.person, is_admin, lang)
    return actor, Stored(added.contribution, filed.round, added.own_count, added.new)


async def receive(
    db: Database,
    clock: Clock,
    actor: Actor,
    text: str,
    source_ref: str,
    *,
    flagged: bool = False,
    meant_for: int | None = None,
) -> Stored | Ambiguous | NotNow | NeedsConsent:
    """Store an identified person's words as an answer (committed on return), or say why
    not: every case, where `answer_at_once` takes the usual one.

    Whether they may be stored is decided by the same rule as there, in the statement that
    stores them; only when it stored nothing do we look at why.
    `flagged`: the personal-details guard found something in them.
    `meant_for`: the round whose question the words answer, when the channel knows it (a
    form shown with that question): once it closed they are not filed under the next one.
    """
    if actor.person is None:
        return NotNow("not_participant", [])
    body = clean_answer(text)
    person_id = actor.person.id
    # Every way through changes one row at most (the answer, or the answer that waits).
    async with db.one_write() as tx:
        if meant_for is not None:
            late = await _too_late(tx, person_id, meant_for, source_ref)
            if late is not None:
                return late
        filed = await tx.contributions.add_to_only_open_round(
            person_id, model.CONSENT_VERSION, body, source_ref, clock.now(), flagged
        )
        if filed is not None:
            added = filed.added
            return Stored(added.contribution, filed.round, added.own_count, added.new)
        return await _why_not(tx, clock, person_id, body, source_ref)


async def _too_late(
    tx: Tx, person_id: int, round_id: int, source_ref: str
) -> Stored | NotNow | None:
    """None while the round the words were meant for is open; else what became of them:
    stored before (the same form again), or too late for that round.

    A look-up by key: the statement that stores them files them in the one round open for
    the person, which then is this one (a round of someone else's session is no round of
    theirs: it gives them nothing but this check).
    """
    meant = await tx.rounds.get(round_id)
    if meant is not None and meant.is_open:
        return None
    seen = await tx.contributions.by_source(person_id, source_ref)
    if seen is not None:
        round_ = await tx.rounds.get(seen.round_id)
        if round_ is not None:
            own = await tx.contributions.count_of(seen.participant_id, round_.id)
            return Stored(seen, round_, own, False)
    # Only a round of the person's own sessions is named back to them.
    mine = {p.session_id for p in await tx.participation.participations_of(person_id)}
    return NotNow("round_closed", [], meant if meant and meant.session_id in mine else None)


async def _why_not(
    tx: Tx, clock: Clock, person_id: int, body: str, source_ref: str
) -> Stored | Ambiguous | NotNow | NeedsConsent:
    """The words were not stored as an answer: find out why, keeping them where they wait."""
    open_rounds = await tx.rounds.open_for_person(person_id)
    if not open_rounds:
        sessions = await _sessions_of(tx, person_id)
        if not sessions:
            # Someone who stopped taking part hears so, and how to take part again.
            person = await tx.people.get(person_id)
            gone = person is not None and await left_every_session(tx, person)
            return NotNow("left" if gone else "not_participant", [])
        closed = [r for s in sessions if (r := await tx.rounds.last_closed(s.id))]
        latest = max(closed, key=lambda r: r.closed_at or r.opened_at, default=None)
        # A closed session opens no round again: "wait for the next one" would never come true.
        ended = all(s.phase == model.Phase.CLOSED for s in sessions)
        return NotNow("session_ended" if ended else "no_open_round", sessions, latest)
    if len(open_rounds) > 1:
        sessions = [await session_or_gone(tx, r.session_id) for _, r in open_rounds]
        pending = await tx.contributions.add_pending(
            person_id=person_id, body=body, source_ref=source_ref, now=clock.now()
        )
        return Ambiguous(pending, sessions)
    participant, round_ = open_rounds[0]
    seen = await tx.contributions.by_source(person_id, source_ref)
    if seen is not None and seen.participant_id == participant.id:
        # The same message again (a redelivery): it was stored the first time.
        own = await tx.contributions.count_of(participant.id, round_.id)
        return Stored(seen, round_, own, False)
    # The one open round is theirs and the words are new: only their consent can be out of date.
    session = await session_or_gone(tx, participant.session_id)
    pending = await tx.contributions.add_pending(
        person_id=person_id, body=body, source_ref=source_ref, now=clock.now()
    )
    return NeedsConsent(pending, participant, session)


async def pending_text(db: Database, pending_id: int) -> str:
    async with db.transaction() as tx:
        pending = await tx.contributions.pending(pending_id)
    if pending is None:
        raise Gone()
    return pending.body


async def assign_pending(
    db: Database, clock: Clock, pending_id: int, session_id: int, *, flagged: bool = False
) -> Stored:
    """File a waiting answer under the session the person chose."""
    async with db.transaction() as tx:
        pending = await tx.contributions.pending(pending_id)
        if pending is None:
            raise Gone()
        for participant, round_ in await tx.rounds.open_for_person(pending.person_id):
            if round_.session_id == session_id:
                stored = await _store(
                    tx, clock, participant.id, round_, pending.body, pending.source_ref, flagged
                )
                await tx.contributions.drop_pending(pending.id)
                return stored
        raise WrongPhase("round_closed")


async def own_answers(db: Database, actor: Actor) -> list[OwnAnswers]:
    """The actor's answers in every round that is open for them."""
    if actor.person is None:
        return []
    async with db.transaction() as tx:
        result = []
        for participant, round_ in await tx.rounds.open_for_person(actor.person.id):
            contributions = await tx.contributions.of_participant(participant.id, round_.id)
            result.append(
                OwnAnswers(await session_or_gone(tx, round_.session_id), round_, contributions)
            )
        return result


async def own_answers_page(db: Database, actor: Actor, page: int = 0) -> OwnAnswersPage:
    """One page of the actor's answers in every round that is open for them."""
    groups = await own_answers(db, actor)
    entries = [
        OwnEntry(group, answer) for group in groups for answer in (group.contributions or [None])
    ]

    def measure(entry: OwnEntry) -> int:
        words = entry.answer.body[:OWN_EXCERPT] if entry.answer is not None else ""
        return text_units(words + entry.group.session.title) + OWN_OVERHEAD

    shown = pick(cut_by_size(entries, measure, most=OWN_PER_PAGE), page)
    before = sum(1 for entry in entries[: shown.first] if entry.answer is not None)
    return OwnAnswersPage(shown, before + 1)


async def get_own(db: Database, contribution_id: int) -> Contribution:
    """An answer that can still be changed (its round is open)."""
    async with db.transaction() as tx:
        contribution, _ = await _changeable(tx, contribution_id)
        return contribution


@dataclass(frozen=True, slots=True)
class Changing:
    """An answer that can still be changed, with the question it answers, so the page for
    changing it can say that question again."""

    contribution: Contribution
    kind: str
    perspective: str
    # The session's own wording of that question for them; None: the default.
    wording: str | None


async def changing(db: Database, contribution_id: int) -> Changing:
    """An answer that can still be changed (its round is open), with its question."""
    async with db.read() as tx:
        contribution, round_ = await _changeable(tx, contribution_id)
        participant = await tx.participation.participant(contribution.participant_id)
        if participant is None:
            raise Gone()
        wording = await tx.questions.wording(
            round_.session_id, round_.kind, participant.perspective
        )
    return Changing(contribution, round_.kind, participant.perspective, wording)


async def edit(
    db: Database, clock: Clock, contribution_id: int, text: str, *, flagged: bool = False
) -> Stored:
    body = clean_answer(text)
    async with db.transaction() as tx:
        contribution, round_ = await _changeable(tx, contribution_id)
        await tx.contributions.set_body(contribution.id, body, clock.now(), flagged=flagged)
        updated = await tx.contributions.get(contribution.id)
        if updated is None:
            raise Gone()
        own = await tx.contributions.count_of(contribution.participant_id, round_.id)
    # The words it had before are gone from the database files too, not only from the row.
    await db.scrub()
    return Stored(updated, round_, own, False)


async def edit_by_source(
    db: Database, clock: Clock, actor: Actor, source_ref: str, text: str, *, flagged: bool = False
) -> Stored | None:
    """Follow an edit the person made to their message in the chat; None if it was no answer."""
    if actor.person is None:
        return None
    async with db.transaction() as tx:
        contribution = await tx.contributions.by_source(actor.person.id, source_ref)
    if contribution is None:
        return None
    return await edit(db, clock, contribution.id, text, flagged=flagged)


async def keep_flagged(db: Database, contribution_id: int) -> Contribution:
    """The author keeps the details in: the flag stays, for the facilitator to see."""
    async with db.transaction() as tx:
        contribution, _ = await _changeable(tx, contribution_id)
        return contribution


async def delete(db: Database, contribution_id: int) -> OwnAnswers:
    """Delete an answer for good; return what remains of the person's answers in that round."""
    async with db.transaction() as tx:
        contribution, round_ = await _changeable(tx, contribution_id)
        await tx.contributions.delete(contribution.id)
        remaining = await tx.contributions.of_participant(contribution.participant_id, round_.id)
        session = await session_or_gone(tx, round_.session_id)
    await db.scrub()  # deleted for good: also from the database files
    return OwnAnswers(session, round_, remaining)


async def _store(
    tx: Tx,
    clock: Clock,
    participant_id: int,
    round_: Round,
    body: str,
    source_ref: str,
    flagged: bool = False,
) -> Stored:
    added = await tx.contributions.add(
        round_id=round_.id,
        participant_id=participant_id,
        body=body,
        source_ref=source_ref,
        now=clock.now(),
        flagged=flagged,
    )
    return Stored(added.contribution, round_, added.own_count, added.new)


async def _changeable(tx: Tx, contribution_id: int) -> tuple[Contribution, Round]:
    contribution = await tx.contributions.get(contribution_id)
    if contribution is None:
        raise Gone()
    round_ = await tx.rounds.get(contribution.round_id)
    if round_ is None:
        raise Gone()
    if not round_.is_open:
        raise WrongPhase("round_closed")
    return contribution, round_


async def _sessions_of(tx: Tx, person_id: int) -> list[Session]:
    sessions = []
    for participant in await tx.participation.participations_of(person_id):
        session = await tx.sessions.get(participant.session_id)
        if session is not None:
            sessions.append(session)
    return sessions
