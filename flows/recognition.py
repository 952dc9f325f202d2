"""Broad recognition: an item counts as broadly recognised only when every perspective that
saw it recognises it, so one large group cannot outvote the others.

As Pol.is computes group-informed consensus, with the perspectives as the groups: per
perspective the chance that one of its people recognises the item, (r + 1) / (n + 2)
(r: its people who recognised it, n: its people the mirror went to, without the item's
author, who cannot recognise their own answer; the +1/+2 keeps a small group's few marks
from counting as certainty), and the consensus is their product.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from math import prod

# A perspective leans towards recognising an item above this chance.
LEANS = 0.5


def chance(recognised: int, shown_to: int) -> float:
    """The chance that one of a perspective's people recognises the item."""
    return (recognised + 1) / (shown_to + 2)


def consensus(recognised: Mapping[str, int], shown_to: Mapping[str, int]) -> float:
    """The product of each perspective's chance, over the perspectives the item went to."""
    return prod(chance(recognised.get(p, 0), n) for p, n in shown_to.items())


def broadly(recognised: Mapping[str, int], shown_to: Mapping[str, int]) -> bool:
    """Whether every perspective the item went to leans towards recognising it: more than
    half of its people did. A perspective with nobody left (all erased their data) has no
    say any more, rather than a "no" for ever."""
    groups = {p: n for p, n in shown_to.items() if n > 0}
    if not groups:
        return False
    return all(chance(recognised.get(p, 0), n) > LEANS for p, n in groups.items())


def sizes(audience: Mapping[int, str]) -> dict[str, int]:
    """Per perspective (in name order, as stored), how many people (participant id ->
    perspective) a mirror reaches."""
    return dict(sorted(Counter(audience.values()).items()))


def shown_to(
    sizes: Mapping[str, int], shared_with: Sequence[str], author_perspective: str, counted: bool
) -> dict[str, int]:
    """Per perspective an item was shared with, its people who can recognise it: all but the
    item's author, when the author is among them (`counted`)."""
    return {
        p: max(0, sizes.get(p, 0) - (counted and p == author_perspective)) for p in shared_with
    }
