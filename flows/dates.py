"""Due dates: quick choices, and dates typed the way a facilitator types them.

A typed date is read as one exact day ("15-1-2027", "15 januari", "over 3 weken") or as a
period ("maart", "Q1 2027", "eind maart", "voor de zomer"). A period is never silently turned
into a day: the reading names the day we would take, and the person confirms it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from dateparser.date import DateDataParser

from flows.errors import InvalidInput


class DuePreset(StrEnum):
    TWO_WEEKS = "2w"
    ONE_MONTH = "1m"
    THREE_MONTHS = "3m"


class Guess(StrEnum):
    """Why a reading is a guess: the texts that ask it back explain the day they propose."""

    PERIOD = "period"  # a month, quarter, year or week: we take its last day
    START = "start"  # "begin april": the first of the month
    MIDDLE = "middle"  # "half maart": the 15th
    END = "end"  # "eind maart": the month's last day
    BEFORE_SUMMER = "before_summer"  # 1 July, before the school summer holidays
    AFTER_SUMMER = "after_summer"  # 1 September, when the schools are back


@dataclass(frozen=True, slots=True)
class DueReading:
    """The day a typed text points to; `guess` is set when the person must confirm it."""

    day: dt.date
    guess: Guess | None = None

    @property
    def sure(self) -> bool:
        return self.guess is None


# Dutch school summer holidays start in July (by region, between early and mid July): a
# facilitator who types "voor de zomer" wants it done before they begin.
SUMMER_STARTS = (7, 1)
SUMMER_ENDS = (9, 1)

# Latest day a typed date may point to; further than this is almost surely a typo.
HORIZON_YEARS = 100

_SUMMER = r"(?:de |the )?(?:zomer|summer)(?:vakantie| holidays?| break)?"
_BEFORE_SUMMER = re.compile(rf"^(?:voor|vóór|before|by)\s+{_SUMMER}$")
_AFTER_SUMMER = re.compile(rf"^(?:na|after)\s+{_SUMMER}$")
_QUARTER = re.compile(
    r"^(?:q|k)([1-4])(?:\s+(\d{4}))?$"
    r"|^([1-4])(?:e|ste|st|nd|rd|th)?\s+(?:kwartaal|quarter)(?:\s+(?:van\s+|of\s+)?(\d{4}))?$"
)
_QUARTER_WORDS = {
    "eerste": "1", "tweede": "2", "derde": "3", "vierde": "4",
    "first": "1", "second": "2", "third": "3", "fourth": "4",
}  # fmt: skip
_WEEK = re.compile(r"^(?:week|wk)\s*(\d{1,2})(?:\s+(\d{4}))?$")
_END_OF_YEAR = re.compile(
    r"^(?:eind|einde|end of)\s+(?:(?:van\s+)?(?:het|dit) jaar|(?:the|this) year)$"
)
_PART_OF_MONTH = {
    Guess.START: re.compile(r"^(?:begin|start of|the start of|early|beginning of)\s+(.+)$"),
    Guess.MIDDLE: re.compile(r"^(?:half|medio|midden|mid|mid-|the middle of|middle of)\s*(.+)$"),
    Guess.END: re.compile(r"^(?:eind|einde|eind van|end of|the end of|late)\s+(.+)$"),
}
# Relative phrases without a count name a period ("next week"), not a day.
_VAGUE = re.compile(r"^(?:volgende|komende|deze|dit|next|this|coming)\b")
_YEAR = re.compile(r"\b\d{4}\b")


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


def confirmed_due(value: str, today: dt.date) -> dt.date:
    """A day proposed earlier and now confirmed with a button: re-checked, never trusted."""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as error:
        raise InvalidInput("date_unreadable", field="due") from error
    return _checked(day, today)


def parse_due(text: str, today: dt.date) -> dt.date:
    """A typed date that names one day for sure; a period raises `date_unsure`."""
    reading = read_due(text, today)
    if not reading.sure:
        raise InvalidInput("date_unsure", field="due")
    return reading.day


def read_due(text: str, today: dt.date) -> DueReading:
    """Read `15-1-2027`, `15 januari`, `over 3 weken`, `eind maart`, `Q1 2027`, `voor de zomer`.

    Refuses what it cannot read and dates in the past.
    """
    cleaned = " ".join(text.lower().replace(",", " ").split()).rstrip(".!?")
    reading = _read_phrase(cleaned, today) or _read_with_dateparser(cleaned, today)
    if reading is None:
        raise InvalidInput("date_unreadable", field="due")
    return DueReading(_checked(reading.day, today), reading.guess)


def _checked(day: dt.date, today: dt.date) -> dt.date:
    if day < today:
        raise InvalidInput("date_in_past", field="due")
    if day.year > today.year + HORIZON_YEARS:
        raise InvalidInput("date_unreadable", field="due")
    return day


def _read_phrase(text: str, today: dt.date) -> DueReading | None:
    """The forms dateparser does not know: summer, quarters, weeks, parts of a month."""
    if _BEFORE_SUMMER.match(text):
        return DueReading(_next_yearly(today, *SUMMER_STARTS), Guess.BEFORE_SUMMER)
    if _AFTER_SUMMER.match(text):
        return DueReading(_next_yearly(today, *SUMMER_ENDS), Guess.AFTER_SUMMER)
    if _END_OF_YEAR.match(text):
        return DueReading(dt.date(today.year, 12, 31), Guess.END)
    quarter = _quarter(text, today)
    if quarter is not None:
        return DueReading(quarter, Guess.PERIOD)
    week = _WEEK.match(text)
    if week is not None:
        return _friday_of_week(int(week[1]), week[2], today)
    for guess, pattern in _PART_OF_MONTH.items():
        match = pattern.match(text)
        if match is not None:
            return _part_of_month(match[1], guess, today)
    return None


def _quarter(text: str, today: dt.date) -> dt.date | None:
    for word, digit in _QUARTER_WORDS.items():
        text = re.sub(rf"^{word}\b", digit, text)
    match = _QUARTER.match(text)
    if match is None:
        return None
    number = int(match[1] or match[3])
    year_typed = match[2] or match[4]
    year = int(year_typed) if year_typed else today.year
    try:
        end = _month_end(year, number * 3)
        if end < today and not year_typed:
            end = _month_end(year + 1, number * 3)
    except ValueError:  # a year no calendar has ("Q1 0000"): unreadable, as a bad week is
        return None
    return end


def _friday_of_week(week: int, year_typed: str | None, today: dt.date) -> DueReading | None:
    """An ISO week number: its Friday, the end of a working week."""
    year = int(year_typed) if year_typed else today.isocalendar().year
    try:
        day = dt.date.fromisocalendar(year, week, 5)
        if day < today and not year_typed:
            day = dt.date.fromisocalendar(year + 1, week, 5)
    except ValueError:
        return None
    return DueReading(day, Guess.PERIOD)


def _part_of_month(rest: str, guess: Guess, today: dt.date) -> DueReading | None:
    """`begin april`, `half maart`, `eind maart`, `eind 2027`: a month or year, then its part."""
    parsed = _parse(rest, today)
    if parsed is None:
        return None
    day, period = parsed
    if period == "year" and guess is Guess.END:
        return DueReading(dt.date(day.year, 12, 31), guess)
    if period != "month":
        return None
    if _YEAR.search(rest) is not None:
        return DueReading(_day_in_month(day.year, day.month, guess), guess)
    # No year typed: the first time that part of that month comes (dateparser, preferring
    # the future, would skip the current month: "maart" on 15 March is this March).
    this_year = _day_in_month(today.year, day.month, guess)
    if this_year >= today:
        return DueReading(this_year, guess)
    return DueReading(_day_in_month(today.year + 1, day.month, guess), guess)


def _read_with_dateparser(text: str, today: dt.date) -> DueReading | None:
    parsed = _parse(text, today)
    if parsed is None:
        return None
    day, period = parsed
    relative = _is_relative(text, today)
    if period == "day":
        return DueReading(day)
    if relative and not _VAGUE.match(text):
        return DueReading(day)  # "over 3 weken": an exact number of weeks from today
    if period == "month":
        return _part_of_month(text, Guess.PERIOD, today)
    if period == "year":
        return DueReading(dt.date(day.year, 12, 31), Guess.PERIOD)
    if period == "week":
        # "volgende week": the Friday of that week
        return DueReading(day + dt.timedelta(days=4 - day.weekday()), Guess.PERIOD)
    return None  # a quarter or another period dateparser reads in its own way: ask for a day


def _parse(text: str, today: dt.date) -> tuple[dt.date, str] | None:
    data = _parser(today).get_date_data(text)
    if data.date_obj is None:
        return None
    return data.date_obj.date(), data.period or "day"


def _is_relative(text: str, today: dt.date) -> bool:
    """Whether dateparser counted from today: it then keeps the time of day of its base."""
    data = _parser(today, _MARKER).get_date_data(text)
    return data.date_obj is not None and data.date_obj.time() == _MARKER


_MARKER = dt.time(12, 34, 56)


def _parser(today: dt.date, at: dt.time = dt.time(12, 0)) -> DateDataParser:
    return DateDataParser(
        languages=["nl", "en"],
        settings={
            "DATE_ORDER": "DMY",
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": dt.datetime.combine(today, at),
        },
    )


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _day_in_month(year: int, month: int, guess: Guess) -> dt.date:
    """The day a part of a month names; a whole month (PERIOD) ends on its last day."""
    if guess is Guess.START:
        return dt.date(year, month, 1)
    if guess is Guess.MIDDLE:
        return dt.date(year, month, 15)
    return _month_end(year, month)


def _next_yearly(today: dt.date, month: int, day: int) -> dt.date:
    this_year = dt.date(today.year, month, day)
    return this_year if this_year >= today else dt.date(today.year + 1, month, day)
