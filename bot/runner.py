"""Start and stop the bot: the same steps for `dialoogbot run`, the demo and the tests."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from dataclasses import dataclass
from typing import Any

import structlog
from telegram import Update
from telegram.error import InvalidToken, NetworkError
from telegram.ext import Application

from bot.app import build_application
from bot.config import Settings
from bot.webhook import WebhookServer

log = structlog.get_logger()

# Long polling: Telegram holds the request open until an update arrives.
POLL_TIMEOUT = 10


async def start(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Initialise, run post_init (database, delivery, menus), then poll or listen."""
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    await app.start()
    settings: Settings | None = app.bot_data.get("settings")
    if settings is not None and settings.webhook_url:
        server = WebhookServer(app, settings)
        app.bot_data["webhook"] = server
        await server.start()
    elif app.updater is not None:
        await app.updater.start_polling(
            poll_interval=0, timeout=POLL_TIMEOUT, allowed_updates=Update.ALL_TYPES
        )


async def stop(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Stop receiving, finish the update in hand, stop delivery and close the database."""
    server: WebhookServer | None = app.bot_data.pop("webhook", None)
    if server is not None:
        await server.stop()
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    if app.post_stop is not None:
        await app.post_stop(app)
    await app.shutdown()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)


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
        app = build_application(settings)
        try:
            await start(app)
        except InvalidToken:
            await _quietly_stop(app)
            raise TokenRefused() from None
        except NetworkError as error:
            # A missing network or a wrong TELEGRAM_API_BASE_URL is not a bug: one line, no
            # traceback. The text never holds the token (it is part of every request URL).
            await _quietly_stop(app)
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
        log.info("started", bot=app.bot.username)
        try:
            await stopping.wait()
        finally:
            log.info("stopping")
            await stop(app)
        return
    log.info("stopping")


async def _quietly_stop(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Undo a start that failed halfway (the database may be open, delivery running)."""
    try:
        await stop(app)
    except NetworkError as error:
        # Stopping still talks to Telegram (the updater, the webhook); it is unreachable.
        log.info("stop_incomplete", error=type(error).__name__)
    # The application shuts its bot down only when it got as far as initialising it.
    await app.bot.shutdown()
