"""What a session found, put together: the shape the summary, the report and the exports share.

The summary draft, the sent versions, the PDF/HTML report and the exports are all made from one
`Synthesis`, so they never disagree. Left-out and erased answers are not in it. Computing it
(rode draden, verschillen, recognition) lives beside these shapes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Protocol, TypeVar
from zoneinfo import ZoneInfo

from flows import recognition
from flows.clock import Clock
from flows.lookup import session_or_gone
from flows.model import Perspective, RoundKind
from storage import Database, Tx
from storage.synthesis import SortedAnswer

DRAFT = "draft"
APPROVED = "approved"


@dataclass(frozen=True, slots=True)
class Mark:
    """One recognition an erased participant gave: the answer, their perspective, since when."""

    contribution_id: int
    perspective: str
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class Quote:
    """One answer as people may read it: signed only the way its author chose."""

    contribution_id: int
    round_kind: str
    perspective: str
    text: str
    # The name or pseudonym its author chose to be shown with; None: by perspective only.
    signed: str | None = None
    # Whose it is (never shown): what an erasure or a name taken back rewrites a stored copy by.
    participant_id: int = 0


@dataclass(frozen=True, slots=True)
class Cell:
    """What one perspective said about one theme."""

    perspective: str
    answers: int
    people: int
    quotes: list[Quote] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ThemeRow:
    """One theme with every perspective side by side (a cell per perspective of the session,
    in the session's order, empty ones included)."""

    theme_id: int | None  # None: the answers nobody sorted into a theme
    name: str
    cells: list[Cell]
    # Recognitions of this theme's items, per perspective of the one recognising.
    recognitions: dict[str, int] = field(default_factory=dict)
    # How many of its items every perspective that saw them recognised.
    broadly_recognised: int = 0
    # Whether any of its answers was shared for recognition (its round's mirror): when none
    # was, its zero recognitions mean "not asked", not "not recognised".
    shared: bool = True

    @property
    def answers(self) -> int:
        return sum(cell.answers for cell in self.cells)

    @property
    def raised_by(self) -> list[str]:
        return [cell.perspective for cell in self.cells if cell.answers]


@dataclass(frozen=True, slots=True)
class Thread:
    """A rode draad: a theme raised by two or more perspectives."""

    theme_id: int
    name: str
    perspectives: list[str]
    answers: int
    quote: Quote


@dataclass(frozen=True, slots=True)
class Difference:
    """Where perspectives differ about a theme, or only one raised it."""

    theme_id: int
    name: str
    perspectives: list[str]
    # "only_one": one perspective raised it; "differ": some saw it go well, others not.
    kind: str


@dataclass(frozen=True, slots=True)
class RecognisedItem:
    """A shared item and who recognised it, per perspective."""

    quote: Quote
    theme: str | None
    by_perspective: dict[str, int]
    # The perspectives the item was shared with: a broad recognition needs each of them.
    shared_with: list[str]
    broadly: bool
    # Whether its author was among the people the mirror reached, who (the author aside)
    # can recognise it. False in versions stored before it was kept: counted as then.
    author_counted: bool = False

    @property
    def total(self) -> int:
        return sum(self.by_perspective.values())


def more_than_invited(joined: int, invited: int | None) -> bool:
    """Whether more people of a perspective joined than were invited: the number invited is
    out of date, and the leaders are asked to correct it before approving."""
    return invited is not None and joined > invited


@dataclass(frozen=True, slots=True)
class Response:
    """Response per perspective: against the number invited, refusals counted, no names."""

    perspective: str
    invited: int | None
    joined: int
    answered: int
    refused: int

    @property
    def more_than_invited(self) -> bool:
        """More joined than the number invited says (people joined after it was typed): no
        response rate, which would read above 100%."""
        return more_than_invited(self.joined, self.invited)


@dataclass(frozen=True, slots=True)
class ActionItem:
    what: str
    owner: str
    due_on: dt.date | None
    status: str | None
    theme: str | None


@dataclass(frozen=True, slots=True)
class Cover:
    title: str
    theme: str
    municipality: str | None
    area: str | None
    facilitator: str | None
    period_from: dt.date | None
    period_to: dt.date | None
    status: str  # DRAFT or APPROVED
    version: int | None = None
    approved_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class Synthesis:
    session_id: int
    lang: str
    perspectives: list[str]
    cover: Cover
    opening: str | None
    closing: str | None
    kern: list[Thread]
    differences: list[Difference]
    recognised: list[RecognisedItem]
    grid: list[ThemeRow]
    actions: list[ActionItem]
    response: list[Response]
    # Per perspective, its people the mirrors reached (flows/recognition.py): kept, so that
    # an erasure can decide "broadly recognised" again. None in versions stored before.
    audience: dict[str, int] | None = None

    @property
    def top_recognised(self) -> list[RecognisedItem]:
        """The few recognised items a summary lists (`recognised` keeps every one, so that a
        rewrite without an answer can take its recognitions out of its theme's numbers)."""
        return self.recognised[:RECOGNISED_MAX]

    def actions_by_owner(self) -> dict[str, list[ActionItem]]:
        """The agreed actions grouped by the party that carries them out."""
        grouped: dict[str, list[ActionItem]] = {}
        for action in self.actions:
            grouped.setdefault(action.owner, []).append(action)
        return grouped

    def without(
        self,
        contribution_ids: set[int],
        leavers: dict[int, str],
        marks: Sequence[Mark] = (),
    ) -> Synthesis:
        """This synthesis with these answers gone, these participants (id: perspective) no
        longer counted, and their marks no longer recognising: what an erased person leaves
        behind in a stored version."""
        gone = set(contribution_ids)
        rows = [
            (row, replace(
                row,
                cells=[_cell([q for q in c.quotes if q.contribution_id not in gone],
                             c.perspective) for c in row.cells],
            ))
            for row in self.grid
        ]  # fmt: skip
        rows = [(old, new) for old, new in rows if new.answers or new.theme_id is not None]
        quotes = {q.contribution_id: q for _, new in rows for c in new.cells for q in c.quotes}
        audience = self.audience and _fewer(self.audience, Counter(leavers.values()))
        # A mark made after this version was approved is not in it (nor counted here).
        approved = self.cover.approved_at
        counted = Counter(
            (m.contribution_id, m.perspective) for m in marks if not approved or m.at <= approved
        )
        recognised = _unmarked(
            [r for r in self.recognised if r.quote.contribution_id in quotes], counted, audience
        )
        grid = [_recounted(old, new, self.recognised, recognised, counted) for old, new in rows]
        kern = []
        for thread in self.kern:
            row = next(r for r in grid if r.theme_id == thread.theme_id)
            if len(row.raised_by) < 2:
                continue
            mine = [q for c in row.cells for q in c.quotes]
            quote = thread.quote if thread.quote.contribution_id in quotes else _typical(mine)
            kern.append(
                replace(thread, perspectives=row.raised_by, answers=row.answers, quote=quote)
            )
        answered = {
            p: len({q.participant_id for r in grid for c in r.cells if c.perspective == p
                    for q in c.quotes})
            for p in self.perspectives
        }  # fmt: skip
        left = [p for p in leavers.values()]
        return replace(
            self,
            grid=grid,
            kern=kern,
            differences=_differences_of(grid),
            recognised=recognised,
            audience=audience,
            response=[
                replace(
                    r,
                    joined=max(0, r.joined - left.count(r.perspective)),
                    answered=answered.get(r.perspective, r.answered),
                )
                for r in self.response
            ],
        )

    def unsigned(self, participant_ids: set[int]) -> Synthesis:
        """This synthesis with these participants' answers signed by perspective only."""

        def plain(quote: Quote) -> Quote:
            return (
                replace(quote, signed=None) if quote.participant_id in participant_ids else quote
            )

        return replace(
            self,
            kern=[replace(t, quote=plain(t.quote)) for t in self.kern],
            recognised=[replace(r, quote=plain(r.quote)) for r in self.recognised],
            grid=[
                replace(
                    row,
                    cells=[replace(c, quotes=[plain(q) for q in c.quotes]) for c in row.cells],
                )
                for row in self.grid
            ],
        )

    def approved(self, version: int, at: dt.datetime) -> Synthesis:
        """This synthesis as the version the facilitator approved."""
        return replace(
            self, cover=replace(self.cover, status=APPROVED, version=version, approved_at=at)
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data (dates as ISO text): how a sent version is stored."""
        return _plain(asdict(self))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Synthesis:
        cover = data["cover"]
        return cls(
            session_id=data["session_id"],
            lang=data["lang"],
            perspectives=list(data["perspectives"]),
            cover=Cover(
                **{
                    **cover,
                    "period_from": _date(cover["period_from"]),
                    "period_to": _date(cover["period_to"]),
                    "approved_at": cover["approved_at"]
                    and dt.datetime.fromisoformat(cover["approved_at"]),
                }
            ),
            opening=data["opening"],
            closing=data["closing"],
            kern=[Thread(**{**t, "quote": Quote(**t["quote"])}) for t in data["kern"]],
            differences=[Difference(**d) for d in data["differences"]],
            recognised=[
                RecognisedItem(**{**r, "quote": Quote(**r["quote"])}) for r in data["recognised"]
            ],
            grid=[
                ThemeRow(
                    **{
                        **row,
                        "cells": [
                            Cell(**{**c, "quotes": [Quote(**q) for q in c["quotes"]]})
                            for c in row["cells"]
                        ],
                    }
                )
                for row in data["grid"]
            ],
            actions=[ActionItem(**{**a, "due_on": _date(a["due_on"])}) for a in data["actions"]],
            response=[Response(**r) for r in data["response"]],
            audience=data.get("audience"),
        )


# The Kern holds at most this many rode draden, the most recognised list at most this many items.
KERN_MAX = 5
RECOGNISED_MAX = 5

_WORD = re.compile(r"\w{3,}", re.UNICODE)


async def synthesise(db: Database, clock: Clock, session_id: int) -> Synthesis:
    """What the session found, as it stands now (a draft until a version is approved)."""
    async with db.transaction() as tx:
        return await synthesise_in(tx, session_id)


async def synthesise_in(tx: Tx, session_id: int) -> Synthesis:
    """`synthesise` inside a transaction that is under way (approving freezes this one)."""
    session = await session_or_gone(tx, session_id)
    perspectives = [p.value for p in Perspective if p.value in session.perspectives]
    answers = await tx.synthesis.answers(session.id)
    themes = await tx.themes.of_session(session.id)
    names = {t.id: t.name for t in themes}
    theme_of = {a.contribution_id: theme_in(a.theme_id, names) for a in answers}

    mirrored = await tx.synthesis.mirrored(session.id)
    audience = await tx.mirrors.audience(session.id)
    recognised = _recognised(
        answers, theme_of, names, await tx.synthesis.recognitions(session.id), mirrored, audience
    )
    grid = _grid(answers, names, perspectives, recognised, set(mirrored))
    facts = await tx.synthesis.draft(session.id)
    opened, closed = await tx.synthesis.period(session.id)
    zone = ZoneInfo(session.tz)
    sent = await tx.summaries.of_session(session.id)
    answered = {
        p: len({a.participant_id for a in answers if a.perspective == p}) for p in perspectives
    }
    return Synthesis(
        session_id=session.id,
        lang=session.lang,
        perspectives=perspectives,
        cover=Cover(
            title=session.title,
            theme=session.theme,
            municipality=facts.municipality,
            area=facts.area,
            facilitator=facts.facilitator_name,
            period_from=opened and opened.astimezone(zone).date(),
            period_to=closed and closed.astimezone(zone).date(),
            status=DRAFT,
            version=len(sent) + 1,
        ),
        opening=facts.opening,
        closing=facts.closing,
        kern=_kern(grid),
        differences=_differences_of(grid),
        recognised=recognised,
        grid=grid,
        actions=[
            ActionItem(a.what, a.owner, a.due_on, a.status, a.theme)
            for a in await tx.synthesis.actions(session.id)
        ],
        response=[
            Response(r.perspective, r.invited, r.joined, answered.get(r.perspective, 0), r.refused)
            for r in sorted(
                await tx.synthesis.response(session.id),
                key=lambda r: (
                    perspectives.index(r.perspective)
                    if r.perspective in perspectives
                    else len(perspectives)
                ),
            )
        ],
        audience=recognition.sizes(audience),
    )


class Sorted(Protocol):
    """An answer with the theme it was put in (None: not sorted, or skipped)."""

    @property
    def theme_id(self) -> int | None: ...


A = TypeVar("A", bound=Sorted)


def theme_in(theme_id: int | None, names: Mapping[int, str]) -> int | None:
    """The theme an answer counts in, of the session's (`names`: id -> name); None: in no
    theme, as it was never sorted, was skipped, or was sorted into a theme that is gone."""
    return theme_id if theme_id in names else None


def by_theme(answers: Iterable[A], names: Mapping[int, str]) -> dict[int | None, list[A]]:
    """The answers per row of the theme × perspective grid: a row per theme, in the order of
    `names` (the order they were made), also one with no answers, and last, only when there
    are any, one for the answers in no theme (None). The report's grid and the exports' grid
    both count these rows, so that their numbers agree; the answers are those that count
    (neither left out nor erased), in their order."""
    rows: dict[int | None, list[A]] = {theme_id: [] for theme_id in names}
    for answer in answers:
        rows.setdefault(theme_in(answer.theme_id, names), []).append(answer)
    return rows


def quote_of(answer: SortedAnswer) -> Quote:
    """An answer as it may be shown: signed with a name only if its author chose one."""
    signed = answer.display_name if answer.display_mode != "anonymous" else None
    return Quote(
        answer.contribution_id,
        answer.round_kind,
        answer.perspective,
        answer.body,
        signed,
        answer.participant_id,
    )


def consensus(item: RecognisedItem, sizes: dict[str, int]) -> float:
    """Agreement across the perspectives that saw the item (flows/recognition.py)."""
    return recognition.consensus(item.by_perspective, _shown_to(item, sizes))


def broadly_recognised(item: RecognisedItem, sizes: dict[str, int]) -> bool:
    """Whether every perspective that saw the item leans towards recognising it."""
    return recognition.broadly(item.by_perspective, _shown_to(item, sizes))


def _shown_to(item: RecognisedItem, sizes: dict[str, int]) -> dict[str, int]:
    return recognition.shown_to(
        sizes, item.shared_with, item.quote.perspective, item.author_counted
    )


def _recognised(
    answers: list[SortedAnswer],
    theme_of: dict[int, int | None],
    names: dict[int, str],
    marks: dict[int, dict[str, int]],
    mirrored: dict[int, list[str]],
    audience: dict[int, str],
) -> list[RecognisedItem]:
    """Every recognised answer, broadly recognised first, then by agreement across groups."""
    sizes = recognition.sizes(audience)
    scored = []
    for answer in answers:
        by_perspective = marks.get(answer.contribution_id)
        if not by_perspective:
            continue
        theme_id = theme_of[answer.contribution_id]
        item = RecognisedItem(
            quote=quote_of(answer),
            theme=None if theme_id is None else names[theme_id],
            by_perspective=dict(sorted(by_perspective.items())),
            shared_with=mirrored.get(answer.round_id, []),
            broadly=False,
            author_counted=answer.participant_id in audience,
        )
        item = replace(item, broadly=broadly_recognised(item, sizes))
        scored.append((item, consensus(item, sizes)))
    scored.sort(key=lambda s: (not s[0].broadly, -s[1], -s[0].total, s[0].quote.contribution_id))
    return [item for item, _ in scored]


def _grid(
    answers: list[SortedAnswer],
    names: dict[int, str],
    perspectives: list[str],
    recognised: list[RecognisedItem],
    mirrored_rounds: set[int],
) -> list[ThemeRow]:
    """A row per theme (in the order they were made) and, if any, one for unsorted answers
    (theme_id None, name empty: the renderer names it): the rows of `by_theme`."""
    rows = []
    for key, mine in by_theme(answers, names).items():
        cells = [
            Cell(
                perspective=p,
                answers=sum(1 for a in mine if a.perspective == p),
                people=len({a.participant_id for a in mine if a.perspective == p}),
                quotes=[quote_of(a) for a in mine if a.perspective == p],
            )
            for p in perspectives
        ]
        ids = {a.contribution_id for a in mine}
        items = [r for r in recognised if r.quote.contribution_id in ids]
        marks: dict[str, int] = {}
        for item in items:
            for perspective, count in item.by_perspective.items():
                marks[perspective] = marks.get(perspective, 0) + count
        rows.append(
            ThemeRow(
                theme_id=key,
                name="" if key is None else names[key],
                cells=cells,
                recognitions=dict(sorted(marks.items())),
                broadly_recognised=sum(1 for item in items if item.broadly),
                shared=any(a.round_id in mirrored_rounds for a in mine),
            )
        )
    return rows


def _kern(grid: list[ThemeRow]) -> list[Thread]:
    """Themes two or more perspectives raised: most perspectives, then most answers first."""
    threads = []
    for row in grid:
        if row.theme_id is None or len(row.raised_by) < 2:
            continue
        mine = [q for cell in row.cells for q in cell.quotes]
        threads.append(Thread(row.theme_id, row.name, row.raised_by, row.answers, _typical(mine)))
    threads.sort(key=lambda t: (-len(t.perspectives), -t.answers, t.theme_id))
    return threads[:KERN_MAX]


def _differences_of(grid: list[ThemeRow]) -> list[Difference]:
    """Themes only one perspective raised, and themes some saw go well and others as hurting."""
    found = []
    for row in grid:
        if row.theme_id is None:
            continue
        raised = row.raised_by
        if len(raised) == 1:
            found.append(Difference(row.theme_id, row.name, raised, "only_one"))
            continue
        mine = [q for cell in row.cells for q in cell.quotes]
        well = {q.perspective for q in mine if q.round_kind == RoundKind.WENT_WELL}
        hurt = {q.perspective for q in mine if q.round_kind == RoundKind.HURT}
        if well and hurt and well != hurt:
            found.append(
                Difference(
                    row.theme_id, row.name, [p for p in raised if p in well | hurt], "differ"
                )
            )
    return found


def _typical(answers: list[Quote]) -> Quote:
    """The answer most like the others of its theme (most shared words), the earliest on a tie:
    one quote that stands for the theme, the same every time."""
    words = {a.contribution_id: {w.lower() for w in _WORD.findall(a.text)} for a in answers}

    def likeness(answer: Quote) -> float:
        mine = words[answer.contribution_id]
        total = 0.0
        for other in answers:
            theirs = words[other.contribution_id]
            if other is not answer and mine and theirs:
                total += len(mine & theirs) / len(mine | theirs)
        return total

    return min(answers, key=lambda a: (-likeness(a), a.contribution_id))


def _fewer(audience: dict[str, int], leaving: Counter[str]) -> dict[str, int]:
    """The audience without the people leaving it."""
    return {p: max(0, n - leaving[p]) for p, n in audience.items()}


def _unmarked(
    items: list[RecognisedItem],
    marks: Counter[tuple[int, str]],
    audience: dict[str, int] | None,
) -> list[RecognisedItem]:
    """The recognised items without these marks (answer, perspective), in the order
    `_recognised` gives; with the audience unknown (a version stored before it was kept),
    each keeps its place, and its "broadly" unless a perspective has no mark left."""
    scored = []
    for item in items:
        cid = item.quote.contribution_id
        by_perspective = {
            p: n - marks[cid, p] for p, n in item.by_perspective.items() if n > marks[cid, p]
        }
        if not by_perspective:
            continue  # nobody else recognised it
        # Unknown audience: still not broad once a perspective that saw it has no mark left.
        broadly = item.broadly and all(by_perspective.get(p, 0) for p in item.shared_with)
        agreement = 0.0
        kept = replace(item, by_perspective=by_perspective)
        if audience is not None:
            broadly = broadly_recognised(kept, audience)
            agreement = consensus(kept, audience)
        kept = replace(kept, broadly=broadly)
        scored.append((kept, agreement))
    if audience is not None:
        scored.sort(
            key=lambda s: (not s[0].broadly, -s[1], -s[0].total, s[0].quote.contribution_id)
        )
    return [item for item, _ in scored]


def _recounted(
    old: ThemeRow,
    new: ThemeRow,
    before: list[RecognisedItem],
    after: list[RecognisedItem],
    counted: Counter[tuple[int, str]],
) -> ThemeRow:
    """The row (`old` as stored, `new` with answers gone) with what its recognised items lost
    taken off. Only the difference: a version stored before every recognised item was kept
    lists a few, and the rest of a row's count stays as it was, but for the `counted` marks
    (answer, perspective) on answers it does not list."""
    was = {q.contribution_id for c in old.cells for q in c.quotes}
    now = {q.contribution_id for c in new.cells for q in c.quotes}
    if not now:
        # Nothing left to recognise (in an old version, also what it did not list).
        return replace(new, recognitions={}, broadly_recognised=0)
    lost = [r for r in before if r.quote.contribution_id in was]
    kept = [r for r in after if r.quote.contribution_id in now]
    marks = Counter(old.recognitions)
    for item in lost:
        marks.subtract(item.by_perspective)
    for item in kept:
        marks.update(item.by_perspective)
    listed = {r.quote.contribution_id for r in before}
    for (contribution_id, perspective), n in counted.items():
        if contribution_id in now and contribution_id not in listed:
            marks[perspective] -= n
    broadly = old.broadly_recognised - sum(r.broadly for r in lost) + sum(r.broadly for r in kept)
    return replace(
        new,
        recognitions={p: n for p, n in sorted(marks.items()) if n > 0},
        broadly_recognised=max(0, broadly),
    )


def _cell(quotes: list[Quote], perspective: str) -> Cell:
    return Cell(perspective, len(quotes), len({q.participant_id for q in quotes}), quotes)


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dt.date):  # datetimes too
        return value.isoformat()
    return value
