"""Webhook mode: Telegram posts updates to us, in the bot's own event loop.

A request without the right secret-token header is refused (403). An update is
committed to the inbox before the answer 200, so a crash right after loses
nothing, and a retry of the same update has one effect.
"""

from __future__ import annotations

import asyncio
import hmac
import secrets
from typing import Any
from urllib.parse import urlparse

import structlog
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application

from bot.config import Settings
from bot.inbox import Intake

log = structlog.get_logger()

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def receiver(intake: Intake, secret: str, path: str) -> Starlette:
    async def receive(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            log.warning("webhook_refused", reason="secret")
            return Response(status_code=403)
        try:
            data = await request.json()
        except ValueError:
            return Response(status_code=400)
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            return Response(status_code=400)
        # Committed before the 200: a crash right after loses nothing; a retry is a repeat.
        await intake.receive([data])
        return Response(status_code=200)

    return Starlette(routes=[Route(path, receive, methods=["POST"])])


class WebhookServer:
    """Serve the webhook with uvicorn next to the application, and register it with Telegram."""

    def __init__(
        self,
        app: Application[Any, Any, Any, Any, Any, Any],
        settings: Settings,
        intake: Intake,
    ) -> None:
        if settings.webhook_url is None:
            raise ValueError("webhook mode needs DIALOOGBOT_WEBHOOK_URL")
        self._app = app
        self._url = settings.webhook_url
        self._secret = settings.webhook_secret or secrets.token_urlsafe(32)
        host, _, port = settings.webhook_listen.rpartition(":")
        path = urlparse(self._url).path or "/"
        config = uvicorn.Config(
            receiver(intake, self._secret, path),
            host=host or "127.0.0.1",
            port=int(port),
            lifespan="off",
            log_level="warning",
            access_log=False,
        )
        self._server = uvicorn.Server(config)
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._server.serve(), name="webhook")
        while not self._server.started:
            if self._task.done():
                await self._task  # raises why it could not start
            await asyncio.sleep(0.01)
        await self._app.bot.set_webhook(
            self._url, secret_token=self._secret, allowed_updates=Update.ALL_TYPES
        )
        log.info("webhook_listening")

    async def stop(self) -> None:
        self._server.should_exit = True
        if self._task is not None:
            await self._task
