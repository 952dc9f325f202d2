"""Due dates: quick choices and dates typed the Dutch way."""

from __future__ import annotations

import calendar
import datetime as dt
from enum import StrEnum

import dateparser

from flows.errors import InvalidInput


class DuePreset(StrEnum):
    TWO_WEEKS = "2w"
    ONE_MONTH = "1m"
    THREE_MONTHS = "3m"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_from_preset(preset: DuePreset, today: dt.date) -> dt.date:
    if preset is DuePreset.TWO_WEEKS:
        return today + dt.timedelta(weeks=2)
    if preset is DuePreset.ONE_MONTH:
        return add_months(today, 1)
    return add_months(today, 3)


def parse_due(text: str, today: dt.date) -> dt.date:
    """Understand `15-1-2027`, `15 januari` or `over 3 weken`; refuse dates in the past."""
    base = dt.datetime.combine(today, dt.time(12, 0))
    parsed = dateparser.parse(
        text.strip(),
        languages=["nl", "en"],
        settings={"DATE_ORDER": "DMY", "PREFER_DATES_FROM": "future", "RELATIVE_BASE": base},
    )
    if parsed is None:
        raise InvalidInput("date_unreadable", field="due")
    day = parsed.date()
    if day < today:
        raise InvalidInput("date_in_past", field="due")
    return day
