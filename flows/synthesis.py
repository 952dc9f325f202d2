"""What a session found, put together: the shape the summary, the report and the exports share.

The summary draft, the sent versions, the PDF/HTML report and the exports are all made from one
`Synthesis`, so they never disagree. Left-out and erased answers are not in it. Computing it
(rode draden, verschillen, recognition) lives beside these shapes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

DRAFT = "draft"
APPROVED = "approved"


@dataclass(frozen=True, slots=True)
class Quote:
    """One answer as people may read it: signed only the way its author chose."""

    contribution_id: int
    round_kind: str
    perspective: str
    text: str
    # The name or pseudonym its author chose to be shown with; None: by perspective only.
    signed: str | None = None


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

    @property
    def total(self) -> int:
        return sum(self.by_perspective.values())


@dataclass(frozen=True, slots=True)
class Response:
    """Response per perspective: against the number invited, refusals counted, no names."""

    perspective: str
    invited: int | None
    joined: int
    answered: int
    refused: int


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

    def actions_by_owner(self) -> dict[str, list[ActionItem]]:
        """The agreed actions grouped by the party that carries them out."""
        grouped: dict[str, list[ActionItem]] = {}
        for action in self.actions:
            grouped.setdefault(action.owner, []).append(action)
        return grouped

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
        )


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
