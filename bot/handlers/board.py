"""Handlers for the live board: the facilitator gets its secret link for the beamer."""

from __future__ import annotations

import structlog
from telegram import Update

from bot.context import BotContext
from bot.replies import send
from flows import board
from reports import board as texts

log = structlog.get_logger()


async def board_link(update: Update, context: BotContext) -> None:
    """Make a new link to the live board of the active session; the old one stops working."""
    web_url = context.services.settings.web_url
    if web_url is None:
        await send(update, context, texts.board_off(context.texts))
        return
    secret = await board.new_link(context.db, context.clock, context.session_id)
    # The link is a key to the board: never logged.
    log.info("board_link", session_id=context.session_id)
    await send(update, context, texts.board_link(context.texts, board.address(web_url, secret)))
