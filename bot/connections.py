"""Requests to the Bot API: only as many under way as Telegram's pace can keep busy.

httpx's pool looks at every connection for every request waiting in it, each time a
request starts or ends: with dozens waiting (answers stored together are acknowledged
together) that costs more than the replies themselves. So requests wait here instead,
first come first served, at a cost that does not grow with the queue; and the pool
holds no more connections than are needed to send 30 messages a second at the latency
Telegram has now.
"""

from __future__ import annotations

import asyncio
import collections
import math
import time
from typing import Any

from telegram.request import HTTPXRequest, RequestData

from bot.pacing import MESSAGES_PER_SECOND, Pacer, is_message

FEWEST = 2  # one can wait for a slow answer while the next goes
MOST = 32


class SlottedRequest(HTTPXRequest):
    """An HTTPXRequest that lets a request go when one of its slots is free.

    The slots follow the average time a request takes: at Telegram's 30 a second, that
    many requests are under way at once, plus one. With a `pacer`, a message leaves at
    its paced moment once it holds a slot (see bot/pacing.py).
    """

    def __init__(self, most: int = MOST, *, pacer: Pacer | None = None, **kwargs: Any) -> None:
        super().__init__(connection_pool_size=most, **kwargs)
        self._most = most
        self.pacer = pacer
        self.slots = FEWEST
        self._under_way = 0
        self._waiting: collections.deque[asyncio.Future[None]] = collections.deque()
        self._latency: float | None = None  # seconds, a moving average

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, **timeouts: Any
    ) -> tuple[int, bytes]:
        await self._take_slot()
        try:
            if self.pacer is not None and is_message(url.rpartition("/")[2]):
                await self.pacer.slot()
            started = time.monotonic()
            try:
                return await super().do_request(url, method, request_data, **timeouts)
            finally:
                self._learn(time.monotonic() - started)
        finally:
            self._under_way -= 1
            self._pass_on()

    async def _take_slot(self) -> None:
        if self._under_way < self.slots and not self._waiting:
            self._under_way += 1
            return
        turn = asyncio.get_running_loop().create_future()
        self._waiting.append(turn)
        try:
            await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():  # given a slot as it gave up: pass it on
                self._under_way -= 1
                self._pass_on()
            raise

    def _pass_on(self) -> None:
        while self._waiting and self._under_way < self.slots:
            turn = self._waiting.popleft()
            if not turn.done():  # else its request gave up waiting
                turn.set_result(None)
                self._under_way += 1

    def _learn(self, seconds: float) -> None:
        latency = seconds if self._latency is None else 0.9 * self._latency + 0.1 * seconds
        self._latency = latency
        needed = math.ceil(MESSAGES_PER_SECOND * latency) + 1
        self.slots = max(FEWEST, min(self._most, needed))
