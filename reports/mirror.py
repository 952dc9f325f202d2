"""The mirror as people read it: its items per theme, paged within Telegram's limits."""

from __future__ import annotations

from dataclasses import dataclass

from flows.mirror import MirrorItem, MirrorView
from reports.telegram import utf16_length

# Buttons per message, and items with their theme headings per message counted as Telegram
# counts (an emoji is two): well inside Telegram's limits (4096, a readable number of buttons).
PAGE_ITEMS = 8
PAGE_CHARS = 3000
# What a number, a heading's marks and the spacing take around an item or a theme's name.
ENTRY_OVERHEAD = 10
# An answer may be as long as a whole message: the mirror shows its beginning.
ITEM_CHARS = 1200


@dataclass(frozen=True, slots=True)
class Numbered:
    number: int
    item: MirrorItem
    text: str
    # They recognise it; they wrote it (only others can recognise it: no button).
    mine: bool
    own: bool = False


@dataclass(frozen=True, slots=True)
class Group:
    """The items of one theme (theme None: not sorted into one, "Other")."""

    theme: str | None
    items: list[Numbered]


def numbered(view: MirrorView) -> list[Numbered]:
    """Every item with its number, the way the pages and their buttons name it."""
    return [
        Numbered(
            n,
            item,
            _shortened(item.body),
            item.contribution_id in view.mine,
            item.contribution_id in view.written,
        )
        for n, item in enumerate(view.items, start=1)
    ]


def pages(view: MirrorView) -> list[list[Numbered]]:
    """The items split into messages: few enough buttons and characters for each."""
    split: list[list[Numbered]] = [[]]
    size = 0
    for entry in numbered(view):
        page = split[-1]
        grows = _units(entry, heading=not page or page[-1].item.theme != entry.item.theme)
        if page and (len(page) >= PAGE_ITEMS or size + grows > PAGE_CHARS):
            split.append([])
            page = split[-1]
            grows = _units(entry, heading=True)
            size = 0
        page.append(entry)
        size += grows
    return split


def _units(entry: Numbered, heading: bool) -> int:
    """What an item adds to a message, with its theme's name when it starts a group."""
    size = utf16_length(entry.text) + ENTRY_OVERHEAD
    if heading:  # a theme's name, or "Other" for the unsorted
        size += utf16_length(entry.item.theme or "") + ENTRY_OVERHEAD
    return size


def page_of(view: MirrorView, contribution_id: int) -> tuple[int, list[Numbered]]:
    """The page (its index and items) an item is on; the first when it is gone."""
    split = pages(view)
    for index, page in enumerate(split):
        if any(e.item.contribution_id == contribution_id for e in page):
            return index, page
    return 0, split[0]


def groups(page: list[Numbered]) -> list[Group]:
    """A page's items under their themes, in order."""
    grouped: list[Group] = []
    for entry in page:
        if not grouped or grouped[-1].theme != entry.item.theme:
            grouped.append(Group(entry.item.theme, []))
        grouped[-1].items.append(entry)
    return grouped


def _shortened(text: str) -> str:
    return text if len(text) <= ITEM_CHARS else text[: ITEM_CHARS - 1].rstrip() + "…"
