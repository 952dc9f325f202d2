"""Slow down someone who keeps trying invite codes that do not exist."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flows.clock import Clock

FREE_TRIES = 3
FIRST_WAIT = dt.timedelta(seconds=30)
LONGEST_WAIT = dt.timedelta(hours=1)


@dataclass
class _Tries:
    failures: int
    blocked_until: dt.datetime


class WrongCodeBrake:
    """After three wrong codes, each next one waits twice as long (30 s, 1 min, ... 1 hour).

    Kept in memory only: it protects the codes, it is not a record about anyone.
    """

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._tries: dict[int, _Tries] = {}

    def wait(self, user_id: int) -> dt.timedelta | None:
        """How long this user must wait before a code is looked up again, if at all."""
        tries = self._tries.get(user_id)
        if tries is None:
            return None
        left = tries.blocked_until - self._clock.now()
        return left if left > dt.timedelta(0) else None

    def failed(self, user_id: int) -> None:
        now = self._clock.now()
        tries = self._tries.setdefault(user_id, _Tries(0, now))
        tries.failures += 1
        if tries.failures > FREE_TRIES:
            wait = min(FIRST_WAIT * 2 ** (tries.failures - FREE_TRIES - 1), LONGEST_WAIT)
            tries.blocked_until = now + wait

    def succeeded(self, user_id: int) -> None:
        self._tries.pop(user_id, None)
