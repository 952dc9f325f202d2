"""The facilitator's work on the summary draft: answers left out, cover facts, the opening and
closing paragraphs, how many were invited per perspective. Nothing here is sent: approving is
flows/summary.py's."""

from __future__ import annotations

from dataclasses import dataclass

from flows import dialogue
from flows.access import Act, Actor, TargetKind, authorize
from flows.clock import Clock
from flows.errors import Gone, InvalidInput, WrongPhase
from flows.guided import Guided, SummaryStep
from flows.lookup import session_or_gone
from flows.model import Perspective
from flows.summary import (
    DRAFT_FACTS,
    Summary,
    SummarySent,
    approval_mark_in,
    approve_and_send,
    draft_facts,
    preview,
    recipient_count,
)
from flows.synthesis import more_than_invited
from storage import Database, Tx
from storage.records import Session
from storage.synthesis import PerspectiveResponse

# Answers per page of the leave-out list (a Telegram message and its buttons stay small).
PAGE_SIZE = 8
INVITED_MAX = 10_000
# Typed instead of a text: clear the fact or paragraph.
CLEAR = "-"


@dataclass(frozen=True, slots=True)
class DraftAnswer:
    contribution_id: int
    round_kind: str
    perspective: str
    text: str
    left_out: bool


@dataclass(frozen=True, slots=True)
class AnswersPage:
    session_id: int
    answers: list[DraftAnswer]
    page: int
    pages: int


async def session(db: Database, session_id: int) -> Session:
    async with db.transaction() as tx:
        return await session_or_gone(tx, session_id)


async def answers_page(db: Database, session_id: int, page: int) -> AnswersPage:
    """One page of the session's answers, each marked left out or not."""
    async with db.transaction() as tx:
        session = await session_or_gone(tx, session_id)
        left_out = await tx.synthesis.left_out(session.id)
        every = [
            DraftAnswer(
                a.contribution_id,
                a.round_kind,
                a.perspective,
                a.body,
                a.contribution_id in left_out,
            )
            for a in await tx.contributions.of_session(session.id)
        ]
    pages = max(1, -(-len(every) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    return AnswersPage(session_id, every[page * PAGE_SIZE : (page + 1) * PAGE_SIZE], page, pages)


async def toggle_left_out(
    db: Database, clock: Clock, contribution_id: int, *, out: bool | None = None
) -> DraftAnswer:
    """Leave the answer out, or take it back in if it was; returns it as it is now.

    `out`: what the leader asked for (a web form says which), so the same form posted twice
    does not undo it; None turns it over."""
    async with db.transaction() as tx:
        found = await tx.contributions.get(contribution_id)
        if found is None:
            raise Gone()
        participant = await tx.participation.participant(found.participant_id)
        if participant is None:
            raise Gone()
        left_out = contribution_id in await tx.synthesis.left_out(participant.session_id)
        if out is None:
            out = not left_out
        if out != left_out:
            await tx.synthesis.set_left_out(contribution_id, clock.now() if out else None)
        round_ = await tx.rounds.get(found.round_id)
        if round_ is None:
            raise Gone()
        return DraftAnswer(contribution_id, round_.kind, participant.perspective, found.body, out)


async def session_of_answer(db: Database, contribution_id: int) -> int:
    async with db.transaction() as tx:
        found = await tx.contributions.get(contribution_id)
        participant = found and await tx.participation.participant(found.participant_id)
        if participant is None:
            raise Gone()
        return participant.session_id


async def ask(
    db: Database,
    clock: Clock,
    actor: Actor,
    session_id: int,
    step: SummaryStep,
    perspective: str | None = None,
) -> None:
    """Wait for the facilitator to type a cover fact, a paragraph or an invited number."""
    async with db.transaction() as tx:
        session = await session_or_gone(tx, session_id)
    if step is SummaryStep.INVITED and perspective not in session.perspectives:
        raise Gone()
    data: dict[str, object] = {"session_id": session.id}
    if perspective is not None:
        data["perspective"] = perspective
    await dialogue.begin(db, clock, actor, Guided.SUMMARY_DRAFT, step, data)


@dataclass(frozen=True, slots=True)
class Given:
    session_id: int
    # "-" was typed: the fact, paragraph or number is empty now.
    cleared: bool
    # The `approval_mark` of the draft with it: what approving from the buttons shown
    # after it sends, and nothing changed after them.
    mark: str
    # A number invited: it shows in the report's response table, not in the chat's summary.
    invited: bool = False


async def give(db: Database, clock: Clock, actor: Actor, text: str) -> Given:
    """Keep what was typed at the step the facilitator is at."""
    found = await dialogue.expect(db, actor, Guided.SUMMARY_DRAFT)
    session_id = int(found.data["session_id"])
    step = SummaryStep(found.step)
    value = text.strip()
    # Read before anything is kept: a refused text changes nothing.
    count: int | None = None
    facts: dict[str, str | None] = {}
    if step is SummaryStep.INVITED:
        count = _count(value, str(found.data.get("perspective")))
    else:
        facts = draft_facts({step.value: None if value == CLEAR else value})
    async with db.transaction() as tx:
        session = await session_or_gone(tx, session_id)
        if step is SummaryStep.INVITED:
            await _set_invited(tx, session, str(found.data.get("perspective")), count)
        else:
            await tx.synthesis.set_draft(session.id, clock.now(), **facts)
        mark = await approval_mark_in(tx, clock, session.id)
    await dialogue.end(db, actor)
    return Given(
        session_id, cleared=value == CLEAR, mark=mark, invited=step is SummaryStep.INVITED
    )


async def _set_invited(tx: Tx, session: Session, perspective: str, invited: int | None) -> None:
    """How many people of a perspective were invited: the response is counted against it.
    Never fewer than already joined; None (not known) always."""
    if perspective not in session.perspectives:
        raise Gone()
    if invited is not None:
        # Fewer invited than already joined would print a response above 100% in the report.
        joined = _joined(await tx.synthesis.response(session.id), perspective)
        if invited < joined:
            raise InvalidInput(
                "fewer_than_joined",
                field="invited",
                perspective=perspective,
                joined=joined,
                limit=INVITED_MAX,
            )
    await tx.synthesis.set_invited(session.id, perspective, invited)


def _joined(response: list[PerspectiveResponse], perspective: str) -> int:
    return next((r.joined for r in response if r.perspective == perspective), 0)


def _count(text: str, perspective: str) -> int | None:
    """The number invited of `perspective`; a refusal names it, as a form shows one field
    per perspective."""
    if text == CLEAR:
        return None
    # Its length first: a number of thousands of digits is too long to be read as one.
    if not text.isdecimal() or len(text) > len(str(INVITED_MAX)) or int(text) > INVITED_MAX:
        raise InvalidInput(
            "not_a_number", field="invited", perspective=perspective, limit=INVITED_MAX
        )
    return int(text)


@dataclass(frozen=True, slots=True)
class WebDraft:
    """The draft page: the summary as it would go now (None, with the reason, while it cannot
    go yet), every answer with its left-out mark, the cover facts and the invited numbers."""

    session: Session
    summary: Summary | None
    not_yet: str | None
    answers: list[DraftAnswer]
    # The cover facts and paragraphs as stored, by their form field: also while the summary
    # cannot be made (a round is open), the form shows them.
    facts: dict[str, str | None]
    invited: dict[str, int | None]
    # Per perspective whose people who joined outnumber its number invited, how many joined:
    # the leaders are told, to correct the number before approving.
    more_joined: dict[str, int]
    recipients: int
    sent_versions: int


async def web_draft(db: Database, clock: Clock, actor: Actor, session_id: int) -> WebDraft:
    """The draft for a leader of the session; refused for anyone else."""
    await authorize(db, actor, Act.PREVIEW_SUMMARY, TargetKind.SESSION, session_id)
    try:
        summary: Summary | None = await preview(db, clock, session_id)
        not_yet = None
    except WrongPhase as refused:
        summary, not_yet = None, refused.code
    page = await answers_page(db, session_id, 0)
    every = (await answers_page_all(db, session_id)) if page.pages > 1 else page.answers
    async with db.transaction() as tx:
        session = await session_or_gone(tx, session_id)
        response = {r.perspective: r for r in await tx.synthesis.response(session.id)}
        # In the order people meet the perspectives everywhere else, not the database's.
        ordered = [response[p.value] for p in Perspective if p.value in response]
        invited = {r.perspective: r.invited for r in ordered}
        more_joined = {
            r.perspective: r.joined for r in ordered if more_than_invited(r.joined, r.invited)
        }
        stored = await tx.synthesis.draft(session.id)
        facts = {name: getattr(stored, name) for name in DRAFT_FACTS}
        versions = len(await tx.summaries.of_session(session.id))
    return WebDraft(
        session,
        summary,
        not_yet,
        every,
        facts,
        invited,
        more_joined,
        await recipient_count(db, session_id),
        versions,
    )


async def answers_page_all(db: Database, session_id: int) -> list[DraftAnswer]:
    found: list[DraftAnswer] = []
    page = await answers_page(db, session_id, 0)
    found += page.answers
    for number in range(1, page.pages):
        found += (await answers_page(db, session_id, number)).answers
    return found


async def web_toggle(
    db: Database, clock: Clock, actor: Actor, contribution_id: int, out: bool | None
) -> int:
    """Leave an answer out or put it back, for a leader of its session; returns the session."""
    grant = await authorize(db, actor, Act.EDIT_SUMMARY, TargetKind.CONTRIBUTION, contribution_id)
    await toggle_left_out(db, clock, contribution_id, out=out)
    if grant.session is not None:
        return grant.session.id
    return await session_of_answer(db, contribution_id)


async def web_facts(
    db: Database,
    clock: Clock,
    actor: Actor,
    session_id: int,
    facts: dict[str, str],
    invited: dict[str, str],
    shown: dict[str, str] | None = None,
) -> None:
    """Keep the cover facts, the paragraphs and the invited numbers from the draft's form.

    `shown`: what the page showed in each field (by its name, `invited_<perspective>` for a
    number). Only a field the leader changed there is kept: what was set meanwhile elsewhere
    (in Telegram, by a co-leader) stays as it is. A field the page did not say it showed
    counts as shown empty: a form from before pages said so empties nothing."""
    await authorize(db, actor, Act.EDIT_SUMMARY, TargetKind.SESSION, session_id)
    was = shown or {}
    facts = {
        name: text
        for name, text in facts.items()
        if _changed(text, was.get(name), one_line=name not in _PARAGRAPHS)
    }
    invited = {p: text for p, text in invited.items() if _changed(text, was.get(f"invited_{p}"))}
    # Every field read before anything is kept, and all kept in one transaction: a refused
    # one (a number below those who joined is only known there) leaves nothing stored half.
    counts = {p: _count(text.strip(), p) if text.strip() else None for p, text in invited.items()}
    cleaned = draft_facts(dict(facts))
    async with db.transaction() as tx:
        session = await session_or_gone(tx, session_id)
        for perspective, count in counts.items():
            await _set_invited(tx, session, perspective, count)
        if cleaned:
            await tx.synthesis.set_draft(session.id, clock.now(), **cleaned)


# The cover's fields of several lines; the others are one-line inputs.
_PARAGRAPHS = frozenset({"opening", "closing"})


def _changed(posted: str, shown: str | None, *, one_line: bool = False) -> bool:
    """Whether a form's field says something else than the page showed in it (a browser
    sends a text's line breaks as CRLF, and drops them from a one-line input, so a fact
    typed in Telegram over two lines is not "changed" by the page; spaces around it are
    not kept)."""

    def said(text: str) -> str:
        text = text.replace("\r\n", "\n")
        return (text.replace("\n", "") if one_line else text).strip()

    return said(posted) != said(shown or "")


async def web_approve(
    db: Database,
    clock: Clock,
    actor: Actor,
    session_id: int,
    version: int | None,
    seen: str,
) -> SummarySent:
    """Approve and send the version the leader's page showed, saying what it showed (`seen`:
    its `approval_mark`); none other (see `approve_and_send`)."""
    await authorize(db, actor, Act.SEND_SUMMARY, TargetKind.SESSION, session_id)
    return await approve_and_send(db, clock, actor, session_id, version=version, seen=seen)
