"""Assemble and run one process: storage, services, delivery, scheduler, the Telegram channel.

Everything starts here in one event loop, in an order that keeps the inbox's promise
(nothing is fetched before the database is open, nothing is written after it closed),
and stops in the reverse order. `dialoogbot run`, the demo, the tests and the
benchmarks all start the bot through `Dialoogbot`.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import signal
from dataclasses import dataclass
from typing import Any

import structlog
from starlette.applications import Starlette
from starlette.routing import BaseRoute
from starlette.types import ASGIApp
from telegram.error import InvalidToken, NetworkError
from telegram.ext import Application

from app.http import CannotListen, HttpServer
from bot import jobs, menu, webhook
from bot.app import build_application
from bot.config import Settings
from bot.context import Services
from bot.delivery import Delivery
from bot.inbox import Intake
from bot.personal_details import new_guard, start_loading, stop_guard
from bot.scheduler import Scheduler
from flows.brake import WrongCodeBrake
from flows.clock import Clock, SystemClock
from flows.health import database_answers
from flows.pii import PersonalDetailsGuard
from flows.similarity import Similarity
from flows.warmup import WarmUp, keep_warm
from reports.pdf import PdfMaker
from storage import Database
from storage.changes import ERASED, OUTBOX, TIMERS
from web.app import build as build_web
from web.context import WebContext

log = structlog.get_logger()


class Dialoogbot:
    """One running bot: `await start()`, then `await stop()`.

    `guard`: an already loaded personal-details guard (tests share one).
    `paced`: False only to measure the bot's own speed, without Telegram's 30 a second.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Clock | None = None,
        guard: PersonalDetailsGuard | None = None,
        paced: bool = True,
    ) -> None:
        self.settings = settings
        self.clock = clock or SystemClock()
        self._guard = guard
        self.telegram: Application[Any, Any, Any, Any, Any, Any] = build_application(
            settings, paced=paced
        )
        self.services: Services | None = None
        self._intake: Intake | None = None
        self._http: HttpServer | None = None
        self.web: WebContext | None = None
        self.warm_up: WarmUp | None = None

    async def start(self) -> None:
        """Reach Telegram, open storage and the services, then take updates in."""
        app = self.telegram
        await app.initialize()  # asks Telegram who the bot is: a wrong token fails here
        settings, clock = self.settings, self.clock
        db = await Database.open(settings.db_path)
        pdfs = PdfMaker()
        delivery = Delivery(app.bot, db, clock, pdfs)
        guard = self._guard
        if guard is None and settings.personal_details_guard:
            guard = new_guard()
            start_loading(guard)
        scheduler = Scheduler(app, db, clock, delivery)
        # Whatever commits new messages or timers wakes them; no handler does it by hand.
        db.on_commit(OUTBOX, delivery.wake)
        db.on_commit(TIMERS, scheduler.arm)
        # Rendered summaries and PDFs in memory may hold erased words: none is sent again.
        db.on_commit(ERASED, delivery.forget_summary_copies)
        # Nor do the theme suggestions keep vectors of erased words; what is left to sort,
        # and every round that closes, is encoded ahead in a thread.
        similarity = Similarity()
        self.warm_up = await keep_warm(db, similarity, clock)
        self.services = Services(
            settings,
            db,
            clock,
            delivery,
            guard,
            WrongCodeBrake(db, clock),
            scheduler,
            pdfs,
            similarity,
        )
        # Handlers find the services in their context (bot/context.py).
        app.bot_data["services"] = self.services
        self._intake = intake = Intake(app, db, clock)
        # What arrived before a stop or a crash and was never handled goes first.
        await intake.replay()
        delivery.start()
        jobs.schedule(app)
        await scheduler.start()
        # Facilitators and admins get their own menu when they /start (their chat must exist).
        await menu.set_default_commands(app.bot, settings.lang)
        await app.start()
        await self._serve_http(intake)
        if not settings.webhook_url:
            await intake.start_polling()

    async def _serve_http(self, intake: Intake) -> None:
        """Serve the web page and the webhook, whichever is on, from one HTTP server."""
        settings, services = self.settings, self.services
        assert services is not None
        extra: list[BaseRoute] = []
        secret = settings.webhook_secret or secrets.token_urlsafe(32)
        if settings.webhook_url:
            extra.append(webhook.route(intake, secret, settings.webhook_url))
        asgi: ASGIApp
        if settings.web_url:
            self.web = WebContext(
                services.db,
                services.clock,
                services.guard,
                services.brake,
                services.pdfs,
                base_url=settings.web_url,
                lang=settings.lang,
                terms=settings.terms,
                privacy_contact=settings.privacy_contact,
                healthy=self.healthy,
                bot_username=self.telegram.bot.username,
                similarity=services.similarity,
            )
            asgi, listen = (
                build_web(self.web, signing_key=settings.token, extra=extra),
                settings.web_listen,
            )
        elif extra:
            asgi, listen = Starlette(routes=extra), settings.webhook_listen
        else:
            return
        self._http = HttpServer(asgi, listen)
        await self._http.start()
        if settings.webhook_url:
            await webhook.register(self.telegram, settings.webhook_url, secret)

    async def healthy(self) -> bool:
        """Fit to serve: the database answers and delivery runs."""
        services = self.services
        if services is None or not services.delivery.running:
            return False
        return await database_answers(services.db)

    async def stop(self) -> None:
        """Stop taking updates in, finish those in hand, let delivery finish, close storage."""
        app = self.telegram
        if self.web is not None:
            # Open live boards stream until told: the web server waits for them to end.
            await self.web.boards.close()
        if self._http is not None:
            await self._http.stop()
            self._http = None
        if self._intake is not None:
            await self._intake.stop_polling()
        if app.running:
            await app.stop()
        if self._intake is not None:
            await self._intake.marks.drain()
        if self.warm_up is not None:
            await self.warm_up.stop()
            self.warm_up = None
        services = self.services
        if services is not None:
            # Messages on their way finish while the bot can still send them.
            await services.delivery.stop()
        await app.shutdown()
        if services is not None:
            # The database closes last, after everything that writes to it has stopped.
            services.pdfs.close()
            stop_guard(services.guard)
            await services.db.close()
            self.services = None
        self._intake = None


class TokenRefused(Exception):
    """Telegram does not know the token: trying again will not help."""


@dataclass(frozen=True, slots=True)
class Backoff:
    """How long to wait before trying to reach Telegram again: doubling, up to `most`."""

    first: float = 1.0
    most: float = 60.0

    def delay(self, attempt: int) -> float:
        return min(self.most, self.first * 2 ** min(attempt, 32))


async def serve(settings: Settings, backoff: Backoff | None = None) -> None:
    """Run until SIGINT or SIGTERM; while Telegram cannot be reached, try again with backoff."""
    backoff = backoff or Backoff()
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    attempt = 0
    while not stopping.is_set():
        bot = Dialoogbot(settings)
        try:
            await bot.start()
        except InvalidToken:
            await _quietly_stop(bot)
            raise TokenRefused() from None
        except CannotListen:
            await _quietly_stop(bot)
            raise
        except NetworkError as error:
            # A missing network or a wrong TELEGRAM_API_BASE_URL is not a bug: one line, no
            # traceback. The text never holds the token (it is part of every request URL).
            await _quietly_stop(bot)
            wait = backoff.delay(attempt)
            attempt += 1
            log.warning(
                "telegram_unreachable",
                error=str(error).replace(settings.token, "<token>"),
                retry_in_seconds=wait,
            )
            with contextlib.suppress(TimeoutError):  # time to try again
                await asyncio.wait_for(stopping.wait(), wait)
            continue
        log.info("started", bot=bot.telegram.bot.username)
        try:
            await stopping.wait()
        finally:
            log.info("stopping")
            await bot.stop()
        return
    log.info("stopping")


async def _quietly_stop(bot: Dialoogbot) -> None:
    """Undo a start that failed halfway (the database may be open, delivery running)."""
    try:
        await bot.stop()
    except NetworkError as error:
        # Stopping still talks to Telegram (the webhook); it is unreachable.
        log.info("stop_incomplete", error=type(error).__name__)
    # The application shuts its bot down only when it got as far as initialising it.
    await bot.telegram.bot.shutdown()
