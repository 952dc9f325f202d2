"""Requests to the Bot API wait their turn for a connection, however many come at once."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from telegram import Bot
from telegram.error import TimedOut
from telegram.request import BaseRequest, HTTPXRequest

from bot.connections import SlottedRequest
from sandbox.standin import StandIn


class SlowStandIn(StandIn):
    """A stand-in whose getMe takes `seconds`, counting how many are under way at once."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds
        self.under_way = 0
        self.most = 0

    async def _api_getMe(self, params: dict[str, Any]) -> Any:
        self.under_way += 1
        self.most = max(self.most, self.under_way)
        try:
            await asyncio.sleep(self.seconds)
            return await super()._api_getMe(params)
        finally:
            self.under_way -= 1


async def ask_at_once(request: BaseRequest, times: int, seconds: float) -> SlowStandIn:
    standin = SlowStandIn(seconds)
    await standin.start()
    try:
        async with Bot(standin.token, base_url=standin.base_url, request=request) as bot:
            standin.most = 0  # initialising asked once already
            await asyncio.gather(*(bot.get_me() for _ in range(times)))
    finally:
        await standin.stop()
    return standin


async def test_a_burst_of_requests_waits_its_turn_instead_of_timing_out() -> None:
    standin = await ask_at_once(SlottedRequest(pool_timeout=0.1), 12, 0.01)
    # Telegram's 30 a second keep no more than two busy when each takes 10 ms.
    assert standin.most == 2


async def test_httpx_alone_gives_up_on_requests_that_wait_for_a_connection() -> None:
    # What the slots are for: in httpx's own queue, a request waits at most pool_timeout.
    with pytest.raises(TimedOut):
        await ask_at_once(HTTPXRequest(connection_pool_size=2, pool_timeout=0.1), 12, 0.2)


async def test_more_go_at_once_when_telegram_is_slow() -> None:
    request = SlottedRequest(pool_timeout=0.1)
    standin = await ask_at_once(request, 12, 0.2)
    # 0.2 s each (and a little more over HTTP): six under way keep up with 30 a second.
    assert 7 <= request.slots <= 9
    assert standin.most > 2
