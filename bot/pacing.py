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
"""

from __future__ import annotations

import asyncio
import time

MESSAGES_PER_SECOND = 29.5


def is_message(endpoint: str) -> bool:
    """Whether Telegram counts the call against its 30 messages a second."""
    return endpoint.startswith("send") and endpoint != "sendChatAction"


class Pacer:
    """Hands out moments to send, 1/`per_second` apart."""

    __slots__ = ("_interval", "_next")

    def __init__(self, per_second: float = MESSAGES_PER_SECOND) -> None:
        self._interval = 1 / per_second
        self._next = 0.0

    async def slot(self) -> None:
        """Wait for this send's moment; each retry takes a moment of its own."""
        now = time.monotonic()
        start = max(now, self._next)
        self._next = start + self._interval
        if start > now:
            await asyncio.sleep(start - now)
