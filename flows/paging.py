"""Long lists a page at a time: which items a page holds, how many pages there are.

A chat shows a long list one page per message, with buttons to turn it: a Telegram message
holds at most 4,096 characters and its keyboard at most 100 buttons. Each list decides its
own page size where the list is made; the channels draw the pages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

# What the items of one page may take, in what Telegram counts (UTF-16 code units: an emoji
# is two): the page's own words around them (a heading, the page it is, a line under the
# list) fit in the rest of one message's 4,096.
TEXT_BUDGET = 3500


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a list: its items, which page it is (from 0) and how many there are."""

    items: list[T]
    page: int
    pages: int  # at least 1: an empty list is one empty page
    first: int  # where in the whole list the first item of this page is (from 0)

    @property
    def previous(self) -> int | None:
        """The page before this one; None on the first."""
        return self.page - 1 if self.page > 0 else None

    @property
    def next(self) -> int | None:
        """The page after this one; None on the last."""
        return self.page + 1 if self.page + 1 < self.pages else None


def page_of(items: Sequence[T], page: int, size: int) -> Page[T]:
    """Page `page` of `items`, `size` a page. A page past the last (items went since it was
    shown) is the last one; a page before the first is the first."""
    return pick(cut(items, size), page)


def cut(items: Sequence[T], size: int) -> list[list[T]]:
    """`items` cut into pages of `size`; an empty list is one empty page."""
    return [list(items[i : i + size]) for i in range(0, len(items), size)] or [[]]


def cut_by_size(
    items: Sequence[T], measure: Callable[[T], int], *, most: int, budget: int = TEXT_BUDGET
) -> list[list[T]]:
    """`items` cut into pages of at most `most` items whose `measure`s add up to at most
    `budget` (a page holds one item at least); an empty list is one empty page."""
    pages: list[list[T]] = [[]]
    used = 0
    for item in items:
        size = measure(item)
        if pages[-1] and (len(pages[-1]) >= most or used + size > budget):
            pages.append([])
            used = 0
        pages[-1].append(item)
        used += size
    return pages


def pick(pages: Sequence[Sequence[T]], page: int) -> Page[T]:
    """Page `page` of a list cut into `pages`; past the last is the last, before the first
    the first."""
    page = min(max(page, 0), len(pages) - 1)
    first = sum(len(earlier) for earlier in pages[:page])
    return Page(list(pages[page]), page, len(pages), first)


def page_at(pages: Sequence[Sequence[T]], index: int) -> int:
    """The page that holds the item at `index` of the whole list (from 0); past the end, the
    last page."""
    seen = 0
    for number, items in enumerate(pages):
        seen += len(items)
        if index < seen:
            return number
    return len(pages) - 1


def text_units(text: str) -> int:
    """How long a text is as Telegram counts it: in UTF-16 code units (an emoji is two)."""
    return len(text.encode("utf-16-le")) // 2
