"""Grouping a session's answers into themes, one answer at a time, with suggestions.

The leaders decide: suggestions (the likeliest themes, alike answers, a name for a new
theme) are computed and shown here, never applied on their own. Only answers of closed
rounds are sorted, and an answer left out of the summary is never offered.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from dataclasses import dataclass

from flows import web_links
from flows.access import Act, Actor, TargetKind, authorize
from flows.clock import Clock
from flows.errors import AnswerGone, FlowError, Gone, InvalidInput
from flows.lookup import session_or_gone
from flows.paging import Page, page_of
from flows.sessions import clean_text
from flows.similarity import Similarity
from flows.visible import shows_nothing
from storage import Database
from storage.records import Round, Session, ThemeRecord
from storage.themes import SortableAnswer
from storage.tx import Tx

THEME_MAX = 60
# Themes on one page of a chat's list of them, as buttons to choose from or in the overview:
# short enough to scan on a phone, far below Telegram's 100 buttons a keyboard; and the
# overview's page of the longest names (THEME_MAX, each letter an emoji: Telegram counts
# those twice), with the session's title and its rounds, fits one message.
THEMES_PER_PAGE = 20
SUGGESTED = 2  # themes put first on an answer's buttons
ALIKE = 3  # alike answers shown beside the one on screen
_SEPARATORS = re.compile(r"[\n,;]")


@dataclass(frozen=True, slots=True)
class ThemeCount:
    theme: ThemeRecord
    answers: int


@dataclass(frozen=True, slots=True)
class RoundCount:
    """A closed round: its number (1-3) and how many of its answers wait or were skipped."""

    round: Round
    number: int
    unsorted: int
    skipped: int
    total: int


@dataclass(frozen=True, slots=True)
class Overview:
    session: Session
    themes: list[ThemeCount]
    rounds: list[RoundCount]

    @property
    def unsorted(self) -> int:
        return sum(r.unsorted for r in self.rounds)


@dataclass(frozen=True, slots=True)
class OverviewPage:
    """The overview with one page of its themes, THEMES_PER_PAGE a page."""

    overview: Overview
    shown: Page[ThemeCount]


@dataclass(frozen=True, slots=True)
class Screen:
    """One answer to sort, with what is suggested for it."""

    session: Session
    round: RoundCount
    answer: SortableAnswer
    suggested: list[ThemeRecord]  # the likeliest themes, likeliest first
    others: list[ThemeRecord]  # the other themes, in the order they were made
    alike: list[SortableAnswer]  # unsorted answers alike to this one, closest first
    proposed_name: str | None  # a name for a new theme holding this answer


@dataclass(frozen=True, slots=True)
class Placed:
    """An answer went to a theme: the unsorted answers alike to it, to put in too."""

    session: Session
    round: RoundCount
    answer: SortableAnswer
    theme: ThemeRecord | None
    alike: list[SortableAnswer]


@dataclass(frozen=True, slots=True)
class Added:
    added: list[ThemeRecord]
    existing: list[str]  # typed names the session had already


def theme_name(text: str) -> str:
    return clean_text(text, limit=THEME_MAX, field="theme")


async def add_themes(db: Database, clock: Clock, session_id: int, text: str) -> Added:
    """Add the themes typed (one a line, or separated by commas); known names are kept once."""
    names = [" ".join(part.split()) for part in _SEPARATORS.split(text)]
    names = [name for name in names if not shows_nothing(name)]
    if not names:
        raise InvalidInput("empty", field="theme")
    cleaned = [theme_name(name) for name in names]
    added: list[ThemeRecord] = []
    existing: list[str] = []
    async with db.transaction() as tx:
        await session_or_gone(tx, session_id)
        for name in cleaned:
            if await tx.themes.named(session_id, name) is not None:
                existing.append(name)
            else:
                added.append(await tx.themes.add(session_id, name, clock.now()))
    return Added(added, existing)


async def rename(db: Database, theme_id: int, text: str) -> ThemeRecord:
    name = theme_name(text)
    async with db.transaction() as tx:
        theme = await _theme(tx, theme_id)
        other = await tx.themes.named(theme.session_id, name)
        if other is not None and other.id != theme.id:
            raise FlowError("theme_exists")
        await tx.themes.rename(theme.id, name)
        return ThemeRecord(theme.id, theme.session_id, name, theme.created_at)


async def merge(db: Database, theme_id: int, into_id: int) -> ThemeRecord:
    """Merge a theme into another of the same session; its answers move there."""
    async with db.transaction() as tx:
        theme = await _theme(tx, theme_id)
        into = await _theme(tx, into_id)
        if into.session_id != theme.session_id or into.id == theme.id:
            raise Gone()
        await tx.themes.merge(theme.id, into.id)
        return into


async def get(db: Database, theme_id: int) -> ThemeRecord:
    async with db.read() as tx:
        return await _theme(tx, theme_id)


async def overview(db: Database, session_id: int) -> Overview:
    async with db.read() as tx:
        session = await session_or_gone(tx, session_id)
        return await _overview(tx, session)


async def overview_page(
    db: Database, session_id: int, page: int = 0, *, holding: int | None = None
) -> OverviewPage:
    """The overview with one page of its themes (a page past the last shows the last).
    `holding`: a theme's id instead of a page: the page it is on (one just added, renamed or
    merged into)."""
    found = await overview(db, session_id)
    if holding is not None:
        ids = [counted.theme.id for counted in found.themes]
        page = ids.index(holding) // THEMES_PER_PAGE if holding in ids else 0
    return OverviewPage(found, page_of(found.themes, page, THEMES_PER_PAGE))


async def next_screen(
    db: Database,
    similarity: Similarity,
    session_id: int,
    round_id: int,
    *,
    skipped_after: int | None = None,
) -> Screen | None:
    """The next unsorted answer of a closed round with its suggestions; None when all are
    sorted. `skipped_after`: revisit the skipped answers instead, the next after this id."""
    since = similarity.generation  # before the words are read: see Similarity.generation
    async with db.read() as tx:
        session = await session_or_gone(tx, session_id)
        view = await _overview(tx, session)
        answers = await tx.themes.sortable(session_id)
        themes = await tx.themes.of_session(session_id)
    counted = _round(view, round_id)
    mine = [a for a in answers if a.round_id == round_id]
    if skipped_after is None:
        waiting = [a for a in mine if not a.sorted]
    else:
        waiting = [a for a in mine if a.sorted and a.theme_id is None and a.id > skipped_after]
    if not waiting:
        return None
    answer = waiting[0]
    return await _screen(similarity, since, session, counted, answer, answers, themes)


async def next_unsorted(db: Database, similarity: Similarity, session_id: int) -> Screen | None:
    """The next unsorted answer of the first closed round that has one; None when all are
    sorted (after an answer on screen was erased, sorting carries on here)."""
    found = await overview(db, session_id)
    waiting = next((r for r in found.rounds if r.unsorted), None)
    if waiting is None:
        return None
    return await next_screen(db, similarity, session_id, waiting.round.id)


async def screen_for(
    db: Database, similarity: Similarity, session_id: int, contribution_id: int
) -> Screen:
    """The sorting screen of one answer (to choose a new theme's name for it, say)."""
    since = similarity.generation
    async with db.read() as tx:
        session = await session_or_gone(tx, session_id)
        view = await _overview(tx, session)
        answers = await tx.themes.sortable(session_id)
        themes = await tx.themes.of_session(session_id)
    answer = next((a for a in answers if a.id == contribution_id), None)
    if answer is None:
        raise Gone()
    return await _screen(
        similarity, since, session, _round(view, answer.round_id), answer, answers, themes
    )


async def place(
    db: Database,
    clock: Clock,
    similarity: Similarity,
    session_id: int,
    contribution_id: int,
    theme_id: int | None,
) -> Placed:
    """Put an answer in one of the session's themes (None: skip it for now).

    Skipping leaves an answer that is in a theme where it is: another leader sorting at the
    same time put it there since it was shown, and "not now" must not undo that."""
    async with db.transaction() as tx:
        answer = await _sortable(tx, session_id, contribution_id)
        if theme_id is not None:
            await _chosen_theme(tx, session_id, theme_id)
        if theme_id is not None or answer.theme_id is None:
            await tx.themes.place(answer.id, theme_id, clock.now())
    return await placed(db, similarity, session_id, contribution_id)


def name_mark(name: str) -> str:
    """A short mark of a proposed name, for a step to keep instead of the name: the name is
    made of answers' words, and an answer erased must leave no copy in a leader's step."""
    return hashlib.sha256(name.encode()).hexdigest()[:16]


def proposal_shown(screen: Screen, mark: object) -> str | None:
    """The name proposed now, if it is the one whose mark the step kept (None: it changed,
    as another leader sorted the answers it was made of, or none is proposed now)."""
    name = screen.proposed_name
    return name if name is not None and name_mark(name) == mark else None


async def place_in_new(
    db: Database,
    clock: Clock,
    similarity: Similarity,
    session_id: int,
    contribution_id: int,
    name: str,
) -> Placed:
    """Make a theme of this name and put the answer in it."""
    name = theme_name(name)
    async with db.transaction() as tx:
        answer = await _sortable(tx, session_id, contribution_id)
        if await tx.themes.named(session_id, name) is not None:
            raise FlowError("theme_exists")
        theme = await tx.themes.add(session_id, name, clock.now())
        await tx.themes.place(answer.id, theme.id, clock.now())
    return await placed(db, similarity, session_id, contribution_id)


async def place_alike(
    db: Database,
    clock: Clock,
    similarity: Similarity,
    session_id: int,
    contribution_id: int,
    anchor_id: int,
    theme_id: int,
) -> Placed:
    """Put an alike answer in the theme the anchor answer was put in, as the message offering
    it named that theme; then that theme and the anchor's alike answers again.

    The theme is the one named, not the anchor's theme now: another leader may have put the
    anchor elsewhere since, and the button must do what it said. An alike answer another
    leader sorted meanwhile stays where they put it, as on the web page."""
    async with db.transaction() as tx:
        await _sortable(tx, session_id, anchor_id)
        answer = await _sortable(tx, session_id, contribution_id)
        theme = await _chosen_theme(tx, session_id, theme_id)
        if answer.theme_id is None:
            await tx.themes.place(answer.id, theme.id, clock.now())
    return await placed(db, similarity, session_id, anchor_id, in_theme=theme.id)


async def placed(
    db: Database,
    similarity: Similarity,
    session_id: int,
    contribution_id: int,
    *,
    in_theme: int | None = None,
) -> Placed:
    """An answer just put in a theme, with the unsorted answers alike to it. `in_theme`: the
    theme to name (the one just used), else the answer's own."""
    since = similarity.generation
    async with db.read() as tx:
        session = await session_or_gone(tx, session_id)
        view = await _overview(tx, session)
        answers = await tx.themes.sortable(session_id)
        answer = next((a for a in answers if a.id == contribution_id), None)
        if answer is None:
            raise Gone()
        if in_theme is not None:
            theme: ThemeRecord | None = await _theme(tx, in_theme)
        else:
            theme = None if answer.theme_id is None else await tx.themes.get(answer.theme_id)
    alike = [] if theme is None else await _alike(similarity, since, answer, answers)
    return Placed(session, _round(view, answer.round_id), answer, theme, alike)


async def _screen(
    similarity: Similarity,
    since: int,
    session: Session,
    counted: RoundCount,
    answer: SortableAnswer,
    answers: list[SortableAnswer],
    themes: list[ThemeRecord],
) -> Screen:
    filled: dict[int, list[str]] = {}
    for other in answers:
        if other.theme_id is not None and other.id != answer.id:
            filled.setdefault(other.theme_id, []).append(other.body)
    suggested: list[ThemeRecord] = []
    if filled:
        ranked = await asyncio.to_thread(similarity.rank_themes, answer.body, filled, since=since)
        by_id = {theme.id: theme for theme in themes}
        suggested = [by_id[r.key] for r in ranked if r.score > 0 and r.key in by_id][:SUGGESTED]
    others = [theme for theme in themes if theme not in suggested]
    alike = await _alike(similarity, since, answer, answers)
    texts = [answer.body, *(a.body for a in alike)]
    proposed = await asyncio.to_thread(similarity.propose_name, texts, session.lang)
    name = " ".join(proposed.split())[:THEME_MAX].strip()
    known = {theme.name.lower() for theme in themes}
    proposed_name = name[:1].upper() + name[1:] if name and name.lower() not in known else None
    return Screen(session, counted, answer, suggested, others, alike, proposed_name)


async def _alike(
    similarity: Similarity, since: int, answer: SortableAnswer, answers: list[SortableAnswer]
) -> list[SortableAnswer]:
    """The unsorted answers of the same round most alike to this one."""
    candidates = {
        a.id: a.body
        for a in answers
        if not a.sorted and a.id != answer.id and a.round_id == answer.round_id
    }
    if not candidates:
        return []
    ranked = await asyncio.to_thread(similarity.alike, answer.body, candidates, ALIKE, since=since)
    by_id = {a.id: a for a in answers}
    return [by_id[r.key] for r in ranked[:ALIKE]]


async def _overview(tx: Tx, session: Session) -> Overview:
    answers = await tx.themes.sortable(session.id)
    counts: dict[int, int] = {}
    for answer in answers:
        if answer.theme_id is not None:
            counts[answer.theme_id] = counts.get(answer.theme_id, 0) + 1
    themes = [ThemeCount(t, counts.get(t.id, 0)) for t in await tx.themes.of_session(session.id)]
    rounds = []
    for number, found in enumerate(await tx.rounds.of_session(session.id), start=1):
        if found.closed_at is None:
            continue
        mine = [a for a in answers if a.round_id == found.id]
        rounds.append(
            RoundCount(
                found,
                number,
                unsorted=sum(1 for a in mine if not a.sorted),
                skipped=sum(1 for a in mine if a.sorted and a.theme_id is None),
                total=len(mine),
            )
        )
    return Overview(session, themes, rounds)


def _round(view: Overview, round_id: int) -> RoundCount:
    """A closed round of the session; anything else is not to be sorted (yet)."""
    for counted in view.rounds:
        if counted.round.id == round_id:
            return counted
    raise Gone()


async def _theme(tx: Tx, theme_id: int) -> ThemeRecord:
    theme = await tx.themes.get(theme_id)
    if theme is None:
        raise Gone()
    return theme


async def _chosen_theme(tx: Tx, session_id: int, theme_id: int) -> ThemeRecord:
    """A theme of the session chosen from a list or a page: one that is not there was merged
    into another since it was shown (or is another session's: a choice is never trusted),
    and the leader is told so, to choose again."""
    theme = await tx.themes.get(theme_id)
    if theme is None or theme.session_id != session_id:
        raise Gone("no_such_theme")
    return theme


async def _sortable(tx: Tx, session_id: int, contribution_id: int) -> SortableAnswer:
    answer = await tx.themes.sortable_answer(session_id, contribution_id)
    if answer is None:
        if await tx.contributions.get(contribution_id) is None:
            raise AnswerGone()  # erased by its writer since it was shown
        raise Gone()
    return answer


async def _still_there(tx: Tx, session_id: int, ids: list[int]) -> list[SortableAnswer]:
    """The alike answers chosen with one that are still in no theme: less those their
    writers erased since, and those another leader put in a theme since the page was shown
    (they stay where that leader put them)."""
    found = []
    for one in ids:
        try:
            answer = await _sortable(tx, session_id, one)
        except AnswerGone:
            continue
        if answer.theme_id is None:
            found.append(answer)
    return found


# -- The web page: one round's unsorted answers at once, each with its suggestions.

PAGE = 10  # answers with their suggestions on one page; the rest follow once these are sorted


@dataclass(frozen=True, slots=True)
class RoundPage:
    overview: Overview
    round: RoundCount | None  # the round being sorted; None when no round is closed
    still_open: bool  # the round asked for is still open: its answers come once it closes
    waiting: list[Screen]  # unsorted answers (the first PAGE), with suggestions
    skipped: list[Screen]  # skipped answers, to revisit


async def led_session(db: Database, clock: Clock, actor: Actor, session_id: int | None) -> int:
    """The session the web visitor follows (as the session view chooses it), if they lead it."""
    view = await web_links.session_view(db, clock, actor, session_id)
    await authorize(db, actor, Act.SORT_ANSWERS, TargetKind.SESSION, view.session.id)
    return view.session.id


async def round_page(
    db: Database, similarity: Similarity, session_id: int, round_id: int | None
) -> RoundPage:
    """A round to sort on the web: the one asked for, else the first with answers waiting."""
    since = similarity.generation
    async with db.read() as tx:
        session = await session_or_gone(tx, session_id)
        view = await _overview(tx, session)
        answers = await tx.themes.sortable(session_id)
        themes = await tx.themes.of_session(session_id)
        rounds = await tx.rounds.of_session(session_id)
    if round_id is not None and round_id not in {r.round.id for r in view.rounds}:
        if round_id in {r.id for r in rounds}:
            return RoundPage(view, None, True, [], [])
        raise Gone()
    chosen = _chosen_round(view, round_id)
    if chosen is None:
        return RoundPage(view, None, False, [], [])
    mine = [a for a in answers if a.round_id == chosen.round.id]
    waiting = [a for a in mine if not a.sorted][:PAGE]
    skipped = [a for a in mine if a.sorted and a.theme_id is None][:PAGE]
    screens = [
        await _screen(similarity, since, session, chosen, answer, answers, themes)
        for answer in (*waiting, *skipped)
    ]
    return RoundPage(view, chosen, False, screens[: len(waiting)], screens[len(waiting) :])


def _chosen_round(view: Overview, round_id: int | None) -> RoundCount | None:
    if round_id is not None:
        return _round(view, round_id)
    for test in (lambda r: r.unsorted, lambda r: r.skipped, lambda r: True):
        found = next((r for r in view.rounds if test(r)), None)
        if found is not None:
            return found
    return None


async def place_with_alike(
    db: Database,
    clock: Clock,
    session_id: int,
    contribution_id: int,
    theme_id: int | None,
    alike: list[int],
) -> None:
    """Put an answer in a theme (None: skip it) and the alike answers chosen with it.

    As in `place`, skipping leaves an answer that is in a theme where it is: another leader
    put it there since the page was shown, and "not now" must not undo that."""
    async with db.transaction() as tx:
        answer = await _sortable(tx, session_id, contribution_id)
        if theme_id is not None:
            await _chosen_theme(tx, session_id, theme_id)
        if theme_id is None:
            if answer.theme_id is None:
                await tx.themes.place(answer.id, None, clock.now())
            return
        await tx.themes.place(answer.id, theme_id, clock.now())
        for other in await _still_there(tx, session_id, alike):
            await tx.themes.place(other.id, theme_id, clock.now())


async def new_theme_with_alike(
    db: Database, clock: Clock, session_id: int, contribution_id: int, name: str, alike: list[int]
) -> None:
    """Make a theme of this name for an answer and the alike answers chosen with it."""
    name = theme_name(name)
    async with db.transaction() as tx:
        answer = await _sortable(tx, session_id, contribution_id)
        if await tx.themes.named(session_id, name) is not None:
            raise FlowError("theme_exists")
        theme = await tx.themes.add(session_id, name, clock.now())
        for one in (answer, *await _still_there(tx, session_id, alike)):
            await tx.themes.place(one.id, theme.id, clock.now())


async def theme_of_session(db: Database, session_id: int, theme_id: int) -> ThemeRecord:
    """A theme, if it is the session's (a form names it; never trusted)."""
    async with db.read() as tx:
        return await _chosen_theme(tx, session_id, theme_id)
