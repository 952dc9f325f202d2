"""How times and dates are written to and read from the database."""

from __future__ import annotations

import datetime as dt


def to_db(moment: dt.datetime | None) -> str | None:
    """Write an aware datetime as fixed-width ISO 8601 in UTC, so text order is time order."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are not stored")
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_db(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    return dt.datetime.fromisoformat(text)  # C-fast; reads the Z as UTC


def date_to_db(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def date_from_db(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)
