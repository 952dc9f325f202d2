"""Reading along while a round runs: the answers so far, per perspective, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass, field

from flows import questions
from flows.access import Act, Actor, TargetKind, authorize
from flows.errors import Gone, WrongPhase
from flows.lifecycle import Event, transition
from flows.lookup import session_or_gone
from flows.model import Perspective, Phase
from flows.paging import text_units
from flows.web_links import _chosen as chosen_session
from storage import Database, Tx
from storage.records import Round, Session
from storage.rounds import Watched

# What one page may hold of answers and names, counted as Telegram counts (an emoji is two):
# with the headings (a title of at most 240 units, a line per perspective), a page stays
# well inside one Telegram message (4096).
PAGE_CHARS = 2800
# An answer longer than this is shortened in the paged list (the web page shows it whole).
EXCERPT_CHARS = 600
# What a perspective heading, the bullet and the spacing take around each answer.
ENTRY_OVERHEAD = 20
# What an author shown by their perspective takes ("Partner organisation"), or a short name.
AUTHOR_LEAST = 30


@dataclass(frozen=True, slots=True)
class PerspectiveCount:
    perspective: str
    people: int
    answers: int


@dataclass(frozen=True, slots=True)
class Watch:
    """One page of a round's answers, grouped by perspective, newest first in each."""

    session: Session
    # The open round, else the round closed last; None before the first round.
    round: Round | None
    counts: list[PerspectiveCount]
    # perspective -> its answers on this page (perspectives in the session's order)
    groups: dict[str, list[Watched]]
    page: int
    pages: int
    # The rounds the session held so far, in the order they opened.
    rounds: list[Round] = field(default_factory=list)
    # No round is open now, and the facilitator can still open one (/open would).
    more_to_come: bool = False
    # The page follows the session (no round was asked for): the next round once it opens.
    following: bool = False

    @property
    def total(self) -> int:
        return sum(c.answers for c in self.counts)

    @property
    def live(self) -> bool:
        """Whether what the page shows can still change: its round is open, or it follows
        the session and a round is still to come (after the last one, nothing will)."""
        if self.round is not None and self.round.is_open:
            return True
        return self.following and self.more_to_come


def paged(answers: list[Watched], budget: int = PAGE_CHARS) -> list[list[Watched]]:
    """Cut the answers into pages of at most `budget` units (at least one per page)."""
    pages: list[list[Watched]] = [[]]
    used = 0
    for answer in answers:
        size = text_units(excerpt(answer.body)) + ENTRY_OVERHEAD
        size += max(AUTHOR_LEAST, text_units(answer.display_name or ""))
        if pages[-1] and used + size > budget:
            pages.append([])
            used = 0
        pages[-1].append(answer)
        used += size
    return pages


def excerpt(body: str) -> str:
    """Shorten an answer for the paged list, as its template does."""
    return body if len(body) <= EXCERPT_CHARS else body[: EXCERPT_CHARS - 1] + "…"


async def watch(
    db: Database, session_id: int, page: int | None = 0, round_id: int | None = None
) -> Watch:
    """The answers of the round being watched; `page` None: all of them on one page.

    `round_id`: that round of the session; None: the one open now, else the one closed last
    (the page follows the session)."""
    async with db.read() as tx:
        session = await session_or_gone(tx, session_id)
        held = sorted(await tx.rounds.of_session(session.id), key=lambda r: (r.opened_at, r.id))
        if round_id is None:
            watched = _watched_round(held)
        else:
            watched = next((r for r in held if r.id == round_id), None)
            if watched is None:
                raise Gone()
        answers = [] if watched is None else await tx.contributions.watched(watched.id)
        more = await _more_to_come(tx, session, held)
        joined = {x.perspective for x in await tx.participation.participants_in(session.id)}
    # A perspective invited that nobody joined has nothing to count (as in the status); one
    # whose people left still shows the answers they left behind.
    answered = {a.perspective for a in answers}
    order = [
        p.value
        for p in Perspective
        if p.value in session.perspectives and (p.value in joined or p.value in answered)
    ]
    rank = {p: i for i, p in enumerate(order)}
    answers.sort(key=lambda a: rank.get(a.perspective, len(order)))  # stable: newest first
    counts = [
        PerspectiveCount(
            p,
            len({a.participant_id for a in answers if a.perspective == p}),
            sum(1 for a in answers if a.perspective == p),
        )
        for p in order
    ]
    pages = [answers] if page is None else paged(answers)
    shown = 0 if page is None else max(0, min(page, len(pages) - 1))
    groups: dict[str, list[Watched]] = {}
    for answer in pages[shown]:
        groups.setdefault(answer.perspective, []).append(answer)
    return Watch(
        session, watched, counts, groups, shown, len(pages), held, more, following=round_id is None
    )


async def watch_on_web(
    db: Database, actor: Actor, session_id: int | None = None, round_id: int | None = None
) -> Watch:
    """All answers of the watched round of the session a visitor leads; refused otherwise.
    `round_id`: keep showing that round; None: follow the session from round to round."""
    # The session the visit is about is found the way the session view finds it.
    chosen = await chosen_session(db, actor, session_id)
    await authorize(db, actor, Act.WATCH_ROUND, TargetKind.SESSION, chosen)
    return await watch(db, chosen, None, round_id)


async def _more_to_come(tx: Tx, session: Session, held: list[Round]) -> bool:
    """Whether no round is open and the facilitator can still open one."""
    if any(r.is_open for r in held):
        return False
    due = await questions.extra_due(tx, session.id)
    try:
        transition(Phase(session.phase), Event.OPEN_ROUND, False, extra_due=due)
    except WrongPhase:
        return False
    return True


def _watched_round(rounds: list[Round]) -> Round | None:
    """The round open now, else the one closed last."""
    open_now = [r for r in rounds if r.is_open]
    if open_now:
        return open_now[0]
    closed = [r for r in rounds if r.closed_at is not None]
    return max(closed, key=lambda r: (r.closed_at, r.id)) if closed else None
