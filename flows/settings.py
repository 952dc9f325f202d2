"""A session's settings and its round's deadline, as a facilitator changes them with buttons.

Each choice arrives as the short value a button carries; it is checked here against the
choices that exist (an unknown one is an old or forged button).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from flows import sessions
from flows.clock import Clock
from flows.durations import EXTENSIONS, PRESETS, parse_duration
from flows.errors import Gone
from storage import Database
from storage.records import Session


class ReminderMode(StrEnum):
    """Which automatic reminders a round gets."""

    BOTH = "both"
    HALFWAY = "halfway"
    HOUR = "hour"
    NONE = "none"


# The reminders each mode plans (as the sessions table keeps them).
REMINDER_MODES: dict[str, tuple[str, ...]] = {
    ReminderMode.BOTH: ("halfway", "hour_before"),
    ReminderMode.HALFWAY: ("halfway",),
    ReminderMode.HOUR: ("hour_before",),
    ReminderMode.NONE: (),
}

QUIET_ON, QUIET_OFF = "on", "off"


@dataclass(frozen=True, slots=True)
class SessionSettings:
    """A session's settings as they are now."""

    session_id: int
    quiet_hours: bool
    reminders: tuple[str, ...]
    tz: str


def settings_of(session: Session) -> SessionSettings:
    return SessionSettings(session.id, session.quiet_hours, tuple(session.reminders), session.tz)


async def set_quiet_hours(
    db: Database, clock: Clock, session_id: int, choice: str
) -> SessionSettings:
    """Switch the quiet hours on or off; what waits is re-timed."""
    if choice not in (QUIET_ON, QUIET_OFF):
        raise Gone()
    return settings_of(await sessions.set_quiet_hours(db, clock, session_id, choice == QUIET_ON))


async def choose_reminders(
    db: Database, clock: Clock, session_id: int, choice: str
) -> SessionSettings:
    """Choose which automatic reminders the rounds get."""
    kinds = REMINDER_MODES.get(choice)
    if kinds is None:
        raise Gone()
    return settings_of(await sessions.set_reminders(db, clock, session_id, kinds))


def round_length(typed: str | None) -> dt.timedelta | None:
    """How long a round being opened stays open, as typed with the command (None: not given)."""
    return parse_duration(typed) if typed and typed.strip() else None


async def set_deadline(
    db: Database,
    clock: Clock,
    session_id: int,
    choice: str,
    *,
    extend: bool,
    round_id: int | None = None,
) -> dt.datetime:
    """Give the open round a deadline (a quick choice from now), or push it further.

    `round_id`: the round the choice was shown for; refused once it is no longer open.
    Returns when the round closes now."""
    duration = (EXTENSIONS if extend else PRESETS).get(choice)
    if duration is None:
        raise Gone()
    changed = await sessions.set_deadline(
        db, clock, session_id, duration, extend=extend, round_id=round_id
    )
    if changed.closes_at is None:
        raise Gone()
    return changed.closes_at
