"""Webhook mode: Telegram posts updates to us, in the bot's own event loop.

A request without the right secret-token header is refused (403). An update is
committed to the inbox before the answer 200, so a crash right after loses
nothing, and a retry of the same update has one effect. The route is served by the
process's one HTTP server (app/http.py), beside the web page when that is on.
"""

from __future__ import annotations

import hmac
from typing import Any
from urllib.parse import urlparse

import structlog
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application

from bot.inbox import Intake

log = structlog.get_logger()

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def route(intake: Intake, secret: str, url: str) -> Route:
    """The webhook's route, at the path of its public URL."""

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

    return Route(urlparse(url).path or "/", receive, methods=["POST"])


async def register(app: Application[Any, Any, Any, Any, Any, Any], url: str, secret: str) -> None:
    """Tell Telegram where to post updates, once the route listens."""
    await app.bot.set_webhook(url, secret_token=secret, allowed_updates=Update.ALL_TYPES)
    log.info("webhook_listening")
