"""The word lists the personal-details guard reads: data files with their source, not code.

Our own lists live in flows/data (each names its source at its top). First names come from
deduce's own list, read as text from its package (no pickle, and without importing deduce,
which is slow), so they work before deduce is loaded.
"""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def _lines(path: Path) -> list[str]:
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


@cache
def words_not_names() -> frozenset[str]:
    """Words that, capitalised at a sentence's start or after "zoon", are not names."""
    return frozenset(_lines(DATA / "words_not_names.txt"))


@cache
def institutions() -> re.Pattern[str]:
    """One pattern for every institution listed, longest first (so a whole name wins)."""
    exact, any_case = [], []
    for name in sorted(_lines(DATA / "institutions.txt"), key=len, reverse=True):
        # A one-word name in any case could be a plain word ("karakter"); longer names
        # and capitals abbreviations are safe in any case ("bureau jeugdzorg", "umcg").
        (any_case if " " in name or name.isupper() else exact).append(re.escape(name))
    parts = []
    if any_case:
        parts.append(f"(?i:{'|'.join(any_case)})")
    if exact:
        parts.append("|".join(exact))
    return re.compile(rf"(?<![\w-])(?:{'|'.join(parts)})(?![\w-])")


@cache
def school_kinds() -> tuple[list[str], list[str]]:
    """Kinds of school written before a school's name, and after it."""
    before: list[str] = []
    after: list[str] = []
    current = before
    for line in _lines(DATA / "school_kinds.txt"):
        if line in ("[before]", "[after]"):
            current = before if line == "[before]" else after
        else:
            current.append(line)
    return before, after


@cache
def first_names() -> frozenset[str]:
    """deduce's list of first names, in lower case."""
    return _deduce_list("names/lst_first_name")


@cache
def place_names() -> frozenset[str]:
    """deduce's lists of towns and municipalities, in lower case."""
    return _deduce_list("locations/lst_placename/lst_residence") | _deduce_list(
        "locations/lst_placename/lst_municipality"
    )


def _deduce_list(name: str) -> frozenset[str]:
    """One of deduce's source lists (its items less its exceptions), or nothing without it."""
    spec = importlib.util.find_spec("deduce")
    if spec is None or spec.origin is None:
        return frozenset()
    folder = Path(spec.origin).parent / "data" / "lookup" / "src" / name
    items = {item.lower() for item in _lines(folder / "items.txt")}
    if (folder / "exceptions.txt").exists():
        items -= {item.lower() for item in _lines(folder / "exceptions.txt")}
    return frozenset(items)
