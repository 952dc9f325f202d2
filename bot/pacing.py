"""One pace for every message the bot sends: evenly spaced, never 30 within one second.

PTB's AIORateLimiter lets a burst of 30 through at once and then 30 a second, so two
bursts can put more than 30 messages in one second. Spacing each send 1/29.5 s apart
keeps every one-second window at 30 at most, for replies and broadcasts together; the
AIORateLimiter underneath still retries a 429 after its retry_after and keeps groups
within their 20 a minute.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.ext import AIORateLimiter

MESSAGES_PER_SECOND = 29.5


class PacedRateLimiter(AIORateLimiter):
    __slots__ = ("_interval", "_next")

    def __init__(self, per_second: float = MESSAGES_PER_SECOND, *, max_retries: int) -> None:
        super().__init__(max_retries=max_retries)
        self._interval = 1 / per_second
        self._next = 0.0

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        if endpoint.startswith("send") and endpoint != "sendChatAction":
            original = callback

            async def spaced(*call_args: Any, **call_kwargs: Any) -> Any:
                await self._slot()  # each retry takes a slot of its own
                return await original(*call_args, **call_kwargs)

            callback = spaced
        return await super().process_request(
            callback, args, kwargs, endpoint, data, rate_limit_args
        )

    async def _slot(self) -> None:
        now = time.monotonic()
        start = max(now, self._next)
        self._next = start + self._interval
        if start > now:
            await asyncio.sleep(start - now)
