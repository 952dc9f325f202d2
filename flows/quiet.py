"""Quiet hours: no message of the bot's own accord between 21:00 and 08:00 local time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from storage.records import Session

QUIET_FROM = dt.time(21, 0)
QUIET_UNTIL = dt.time(8, 0)


def is_quiet(moment: dt.datetime, tz: str) -> bool:
    local = moment.astimezone(ZoneInfo(tz)).time()
    return local >= QUIET_FROM or local < QUIET_UNTIL


def next_allowed(moment: dt.datetime, session: Session) -> dt.datetime:
    """`moment`, or the end of the quiet hours it falls in (direct replies are never held)."""
    if not session.quiet_hours or not is_quiet(moment, session.tz):
        return moment
    zone = ZoneInfo(session.tz)
    local = moment.astimezone(zone)
    day = local.date() if local.time() < QUIET_UNTIL else local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, QUIET_UNTIL, tzinfo=zone).astimezone(dt.UTC)
