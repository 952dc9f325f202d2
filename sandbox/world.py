"""A whole world on this machine: the stand-in, the real bot talking HTTP to it, and people."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import secrets
import socket
from pathlib import Path
from types import TracebackType
from typing import Any

from telegram.ext import Application

from app.root import Dialoogbot
from bot.config import Settings
from bot.context import Services
from flows.clock import DEFAULT_TZ, Clock
from flows.pii import PersonalDetailsGuard
from sandbox.clock import ManualClock
from sandbox.people import Person
from sandbox.standin import FloodLimits, StandIn

ADMIN_ID = 1001
# Only a guard against a hang: a draft summary with its PDF can take well over 20 s on a
# busy laptop, and `make demo` then stopped half-way.
SETTLE_TIMEOUT = 60.0


class World:
    """Start with `async with World(db_path) as world:`; `world.person(...)` adds people."""

    def __init__(
        self,
        db_path: str | Path,
        *,
        admins: tuple[int, ...] = (ADMIN_ID,),
        clock: Clock | None = None,
        limits: FloodLimits | None = None,
        lang: str = "nl",
        guard: PersonalDetailsGuard | None = None,
        webhook: bool = False,
        web: bool = False,
        first_update_id: int = 1,
        paced: bool = True,
        tz: str = DEFAULT_TZ,
    ) -> None:
        self.db_path = Path(db_path)
        self.admins = admins
        self.clock = clock
        self.lang = lang
        self.guard = guard
        self.paced = paced
        self.tz = tz
        self.webhook_port = _free_port() if webhook else None
        self.webhook_secret = secrets.token_urlsafe(24) if webhook else None
        self.web_port = _free_port() if web else None
        self.standin = StandIn(limits=limits, first_update_id=first_update_id)
        self.app: Application[Any, Any, Any, Any, Any, Any] | None = None
        self._bot: Dialoogbot | None = None
        self._ids = itertools.count(2001)

    async def __aenter__(self) -> World:
        await self.standin.start()
        await self.start_bot()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop_bot()
        await self.standin.stop()

    @property
    def settings(self) -> Settings:
        return Settings(
            token=self.standin.token,
            api_base_url=self.standin.base_url,
            db_path=self.db_path,
            admins=frozenset(self.admins),
            lang=self.lang,
            # Only the guard given to the world: loading deduce per test would take minutes.
            personal_details_guard=False,
            webhook_url=self.webhook_url,
            webhook_listen=f"127.0.0.1:{self.webhook_port}",
            webhook_secret=self.webhook_secret,
            web_url=self.web_url,
            web_listen=f"127.0.0.1:{self.web_port}",
            tz=self.tz,
        )

    @property
    def web_url(self) -> str | None:
        """The web page's address (when the world serves it)."""
        return None if self.web_port is None else f"http://127.0.0.1:{self.web_port}"

    @property
    def webhook_url(self) -> str | None:
        if self.webhook_port is None:
            return None
        # Beside the web page, the webhook shares its server and port.
        port = self.web_port or self.webhook_port
        return f"http://127.0.0.1:{port}/telegram"

    @property
    def services(self) -> Services:
        if self._bot is None or self._bot.services is None:
            raise RuntimeError("the bot is not running")
        return self._bot.services

    @property
    def bot(self) -> Dialoogbot:
        if self._bot is None:
            raise RuntimeError("the bot is not running")
        return self._bot

    async def start_bot(self) -> None:
        self._bot = Dialoogbot(self.settings, clock=self.clock, guard=self.guard, paced=self.paced)
        self.app = self._bot.telegram
        await self._bot.start()

    async def stop_bot(self) -> None:
        if self._bot is not None:
            await self._bot.stop()
            self._bot = None
            self.app = None

    async def advance(self, **delta: float) -> None:
        """Move the world's clock on (it must be a ManualClock) and let due work happen."""
        if not isinstance(self.clock, ManualClock):
            raise RuntimeError("only a world with a ManualClock can move time")
        self.clock.advance(dt.timedelta(**delta))
        await self.services.scheduler.run_due()
        self.services.delivery.wake()
        await self.settle()

    async def restart(self) -> None:
        """Stop the bot and start a new one on the same database file."""
        await self.stop_bot()
        await self.start_bot()

    def person(self, name: str, *, lang: str | None = "nl", user_id: int | None = None) -> Person:
        return Person(
            self.standin,
            user_id if user_id is not None else next(self._ids),
            name,
            lang=lang,
            settle=self.settle,
        )

    def admin(self, name: str = "Femke", *, lang: str | None = "nl") -> Person:
        return self.person(name, lang=lang, user_id=self.admins[0])

    async def settle(self) -> None:
        """Wait until the bot has handled every update and delivered everything due."""
        async with asyncio.timeout(SETTLE_TIMEOUT):
            await self._settle()

    async def _settle(self) -> None:
        app = self.app
        if app is None:
            return
        while True:
            # The intake confirms fetched updates with its next getUpdates call,
            # after it has committed them and put them in the queue.
            await self.standin.fetched()
            await app.update_queue.join()
            if not await self.services.delivery.idle():
                await asyncio.sleep(0.01)
                continue
            if self.standin.confirmed_offset > self.standin.last_update_id:
                return


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
