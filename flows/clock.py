"""Where the domain gets the time from, so tests can move it."""

from __future__ import annotations

import datetime as dt
from typing import Protocol
from zoneinfo import ZoneInfo


class Clock(Protocol):
    def now(self) -> dt.datetime: ...


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


# Sessions live in Dutch time unless told otherwise.
DEFAULT_TZ = "Europe/Amsterdam"


def local_today(clock: Clock, tz: str = DEFAULT_TZ) -> dt.date:
    return clock.now().astimezone(ZoneInfo(tz)).date()
