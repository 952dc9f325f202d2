"""Long lists a page at a time: which items a page holds, how many pages there are.

A chat shows a long list one page per message, with buttons to turn it: a Telegram message
holds at most 4,096 characters and its keyboard at most 100 buttons. Each list decides its
own page size where the list is made; the channels draw the pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


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
    pages = max(1, -(-len(items) // size))
    page = min(max(page, 0), pages - 1)
    first = page * size
    return Page(list(items[first : first + size]), page, pages, first)


def page_holding(index: int, size: int) -> int:
    """The page of `size` items a page that holds the item at `index` (from 0)."""
    return max(index, 0) // size
