"""Start and stop the bot: the same steps for `dialoogbot run`, the demo and the tests."""

from __future__ import annotations

import asyncio
import signal
from typing import Any

import structlog
from telegram import Update
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


async def serve(settings: Settings) -> None:
    """Run until SIGINT or SIGTERM."""
    app = build_application(settings)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    await start(app)
    log.info("started", bot=app.bot.username)
    try:
        await stopping.wait()
    finally:
        log.info("stopping")
        await stop(app)
