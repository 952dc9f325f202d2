"""How long a round stays open: quick choices, or typed like `2d`, `90m`, `3 dagen`."""

from __future__ import annotations

import datetime as dt
import re

from flows.errors import InvalidInput

PRESETS: dict[str, dt.timedelta] = {
    "10m": dt.timedelta(minutes=10),
    "1h": dt.timedelta(hours=1),
    "1d": dt.timedelta(days=1),
    "3d": dt.timedelta(days=3),
    "1w": dt.timedelta(weeks=1),
}
EXTENSIONS: dict[str, dt.timedelta] = {"1h": dt.timedelta(hours=1), "1d": dt.timedelta(days=1)}

_UNITS = {
    "m": "minutes", "min": "minutes", "minuut": "minutes", "minuten": "minutes",
    "minute": "minutes", "minutes": "minutes",
    "u": "hours", "h": "hours", "uur": "hours", "uren": "hours", "hour": "hours", "hours": "hours",
    "d": "days", "dag": "days", "dagen": "days", "day": "days", "days": "days",
    "w": "weeks", "week": "weeks", "weken": "weeks", "weeks": "weeks",
}  # fmt: skip
_PART = re.compile(r"([0-9]+)\s*([a-z]+)")
# More digits than any duration up to LONGEST needs (80,640 minutes): too long, before a
# number past what the clock can add is taken for one.
_DIGITS = 6
LONGEST = dt.timedelta(weeks=8)


def parse_duration(text: str) -> dt.timedelta:
    """`90m`, `2d`, `1u`, `1 week`, `2 dagen 4 uur`: the sum of its parts."""
    cleaned = text.strip().lower().replace(",", " ")
    parts = _PART.findall(cleaned)
    if not parts or _PART.sub("", cleaned).replace("en", "").strip():
        raise InvalidInput("duration_unreadable", field="duration")
    total = dt.timedelta()
    for number, unit in parts:
        if unit not in _UNITS:
            raise InvalidInput("duration_unreadable", field="duration")
        number = number.lstrip("0") or "0"
        if len(number) > _DIGITS:
            raise InvalidInput("duration_out_of_range", field="duration")
        total += dt.timedelta(**{_UNITS[unit]: int(number)})
        if total > LONGEST:  # before many parts add up past what the clock can hold
            raise InvalidInput("duration_out_of_range", field="duration")
    if not dt.timedelta(minutes=1) <= total <= LONGEST:
        raise InvalidInput("duration_out_of_range", field="duration")
    return total
