"""One pace for every message the bot sends: evenly spaced, never 30 within one second.

PTB's AIORateLimiter lets a burst of 30 through at once and then 30 a second, so two
bursts can put more than 30 messages in one second. Spacing each send 1/29.5 s apart
keeps every one-second window at 30 at most, for replies and broadcasts together; the
AIORateLimiter still retries a 429 after its retry_after and keeps groups within their
20 a minute.

The spacing is done where a request leaves for Telegram (bot/connections.py), after it
got a connection: spaced any earlier, requests that waited for a connection would leave
together as soon as connections came free, faster than the pace. That happens right
after a start with a backlog: the pool starts small, Telegram answers the first requests
slowly (new connections), and the pool grows once it has learnt that latency.

A send may leave at most half an interval after its moment: if the event loop stalled
longer, every sender whose moment passed meanwhile would wake and go at once. Such a
late sender takes a new moment instead. Moments are an interval apart and each send
leaves within half an interval of its own, so any one second holds at most
(1 s + half an interval) / interval = 29.5 + 0.5 = 30 sends.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

MESSAGES_PER_SECOND = 29.5


def is_message(endpoint: str) -> bool:
    """Whether Telegram counts the call against its 30 messages a second."""
    return endpoint.startswith("send") and endpoint != "sendChatAction"


class Pacer:
    """Hands out moments to send, 1/`per_second` apart.

    `now` and `sleep` are the clock it keeps and how it waits (for tests: a clock of
    their own).
    """

    __slots__ = ("_interval", "_next", "_now", "_sleep")

    def __init__(
        self,
        per_second: float = MESSAGES_PER_SECOND,
        *,
        now: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._interval = 1 / per_second
        self._next = 0.0
        self._now = now
        self._sleep = sleep

    async def slot(self) -> None:
        """Wait for this send's moment; each retry takes a moment of its own."""
        while True:
            now = self._now()
            start = max(now, self._next)
            self._next = start + self._interval
            if start <= now:
                return
            await self._sleep(start - now)
            if self._now() - start <= self._interval / 2:
                return
            # Woken late (the loop stalled): the senders due meanwhile woke together.
