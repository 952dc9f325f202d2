"""A session's results as tables for the analysis: the answers under pseudonyms, the themes,
the theme × perspective grid, the recognitions and the agreed actions.

The writers (reports/exports.py) turn an `Export` into an Excel workbook, CSV and JSON.
A left-out answer (`left_out_at`) or an erased one is in none of the tables. The grid has the
report's rows (flows/synthesis.py `by_theme`): a row per theme and, last, when there are any,
one for the answers in no theme, so that the exports and the report count the same answers.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from flows import recognition
from flows.access import RUNS_SESSION, Act, Actor, Grant, TargetKind, authorize
from flows.clock import Clock
from flows.errors import WrongPhase
from flows.lookup import session_or_gone
from flows.model import Perspective
from flows.synthesis import by_theme, theme_in
from storage import Database

PERSPECTIVES: tuple[str, ...] = tuple(p.value for p in Perspective)


@dataclass(frozen=True, slots=True)
class Answer:
    id: int
    round: str
    perspective: str
    # The author's place among those of their perspective, in the order they joined:
    # "Parent 2" is the second parent to join. Never the name they chose.
    number: int
    text: str
    theme_id: int | None
    theme: str | None
    # None: its round was never shared back, so nobody could recognise it (not "0 times").
    recognised: int | None
    written_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Theme:
    id: int
    name: str
    answers: int
    perspectives: int
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class GridRow:
    """How many answers of each perspective went into one theme."""

    theme_id: int | None  # None: the answers in no theme (the writers name the row)
    theme: str  # empty in the row of answers in no theme
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True, slots=True)
class Recognition:
    """One shared answer: how often each perspective marked it as recognised."""

    answer: Answer
    by_perspective: dict[str, int]
    shared_with: tuple[str, ...]
    # Per perspective it was shared with, how many of its people the mirror reached, the
    # answer's author aside (nobody recognises their own answer).
    shown_to: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_perspective.values())

    @property
    def broadly_recognised(self) -> bool:
        """Recognised across every perspective it was shared with (flows/recognition.py, the
        same rule as the mirror and the summary): one large group alone cannot make it so."""
        return recognition.broadly(self.by_perspective, self.shown_to)


@dataclass(frozen=True, slots=True)
class Action:
    id: int
    what: str
    theme: str | None
    owner: str
    due_on: dt.date | None
    status: str | None
    updated_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Export:
    session_id: int
    title: str
    theme: str
    lang: str  # of the headers and the words in cells: whoever asked's
    tz: str
    made_at: dt.datetime
    answers: list[Answer]
    themes: list[Theme]
    grid: list[GridRow]
    recognitions: list[Recognition]
    actions: list[Action]
    # The perspectives the session had, in their order: the tables keep a column for every
    # perspective, the chart draws these.
    perspectives: tuple[str, ...] = PERSPECTIVES
    # The session's own language (the JSON file's "lang"), whoever downloads it.
    session_lang: str = "nl"


def open_to(leads: bool, summary_sent: bool) -> bool:
    """Whether the results may be taken away: by the leaders at any time; by an organiser
    once a summary was sent, as organisers are told and participants agreed to ("after the
    session ... to the organisers"). Before, they hold answers the facilitator has not yet
    checked for names and numbers."""
    return leads or summary_sent


async def results_open(db: Database, grant: Grant) -> bool:
    """Whether the person `authorize` let through may have the session's results now."""
    if grant.session is None:  # authorize lets nobody through without a session
        raise RuntimeError("results were asked for without a session")
    async with db.read() as tx:
        sent = await tx.summaries.latest_for(grant.session.id) is not None
    return open_to(bool(grant.roles & RUNS_SESSION), sent)


async def for_visitor(
    db: Database, clock: Clock, actor: Actor, session_id: int | None = None
) -> Export:
    """The export of the session asked for, else of the one the asker follows (chosen last,
    else the newest); refused to anyone who neither leads nor organises it, and to an
    organiser before the summary was sent."""
    if session_id is None:
        grant = await authorize(db, actor, Act.EXPORT, TargetKind.FOLLOWED_SESSION)
    else:
        grant = await authorize(db, actor, Act.EXPORT, TargetKind.SESSION, session_id)
    if grant.session is None:  # authorize lets nobody through without a session
        raise RuntimeError("an export was allowed without a session")
    if not await results_open(db, grant):
        raise WrongPhase("export_after_summary")
    return await gather(db, clock, grant.session.id, actor.lang)


async def gather(db: Database, clock: Clock, session_id: int, lang: str | None = None) -> Export:
    """Read the session's tables in one snapshot and put them together. Headers and labels
    are in `lang`, the language of whoever asked (as their report is), else the session's."""
    async with db.read() as tx:
        session = await session_or_gone(tx, session_id)
        participants = await tx.exports.participants(session_id)
        rows = await tx.exports.answers(session_id)
        theme_rows = await tx.exports.themes(session_id)
        marks = await tx.exports.recognitions(session_id)
        mirrors = await tx.exports.mirrors(session_id)
        audience = await tx.mirrors.audience(session_id)
        action_rows = await tx.exports.actions(session_id)

    numbers: dict[int, int] = {}
    seen: Counter[str] = Counter()
    for participant in participants:
        seen[participant.perspective] += 1
        numbers[participant.id] = seen[participant.perspective]

    names = {t.id: t.name for t in theme_rows}
    marked = Counter(m.contribution_id for m in marks)
    shared = {m.round_kind: m.perspectives for m in mirrors}
    answers = [
        Answer(
            id=row.id,
            round=row.round_kind,
            perspective=row.perspective,
            number=numbers[row.participant_id],
            text=row.body,
            theme_id=theme_in(row.theme_id, names),
            theme=names.get(row.theme_id) if row.theme_id is not None else None,
            recognised=marked[row.id] if row.round_kind in shared or row.id in marked else None,
            written_at=row.written_at,
        )
        for row in rows
    ]

    # The report's rows, counted the report's way (flows/synthesis.py).
    counted = {
        key: Counter(a.perspective for a in mine) for key, mine in by_theme(answers, names).items()
    }
    grid = [
        GridRow(key, "" if key is None else names[key], {p: counts[p] for p in PERSPECTIVES})
        for key, counts in counted.items()
    ]
    themes = [
        Theme(
            theme.id,
            theme.name,
            sum(counted[theme.id].values()),
            len(counted[theme.id]),
            theme.created_at,
        )
        for theme in theme_rows
    ]

    by_answer: dict[int, Counter[str]] = {}
    for mark in marks:
        by_answer.setdefault(mark.contribution_id, Counter())[mark.perspective] += 1
    people = recognition.sizes(audience)
    author = {row.id: row.participant_id for row in rows}
    recognitions = [
        Recognition(
            answer,
            {p: by_answer.get(answer.id, Counter())[p] for p in PERSPECTIVES},
            shared.get(answer.round, ()),
            recognition.shown_to(
                people,
                shared.get(answer.round, ()),
                answer.perspective,
                author[answer.id] in audience,
            ),
        )
        for answer in answers
        if answer.round in shared or answer.id in by_answer
    ]

    actions = [
        Action(
            id=row.id,
            what=row.what,
            theme=names.get(row.theme_id) if row.theme_id is not None else None,
            owner=row.owner,
            due_on=row.due_on,
            status=row.status,
            updated_at=row.updated_at,
        )
        for row in action_rows
    ]
    return Export(
        session_id=session.id,
        title=session.title,
        theme=session.theme,
        lang=lang or session.lang,
        tz=session.tz,
        made_at=clock.now(),
        answers=answers,
        themes=themes,
        grid=grid,
        recognitions=recognitions,
        actions=actions,
        perspectives=tuple(p for p in PERSPECTIVES if p in session.perspectives),
        session_lang=session.lang,
    )
