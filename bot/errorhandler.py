"""When a handler fails: log it without people's words, tell the person, carry on."""

from __future__ import annotations

import structlog
from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from reports.i18n import Texts, pick_lang

log = structlog.get_logger()


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure by ids only, and say in plain words that something went wrong."""
    error = context.error
    update_id = update.update_id if isinstance(update, Update) else None
    log.error(
        "handler_failed",
        update_id=update_id,
        error=type(error).__name__,
        exc_info=error,
    )
    if not isinstance(update, Update):
        return
    chat, user = update.effective_chat, update.effective_user
    if chat is None or chat.type != ChatType.PRIVATE or user is None:
        return
    services = context.application.bot_data.get("services")
    fallback = services.settings.lang if services else "nl"
    _ = Texts(pick_lang(user.language_code, fallback))
    try:
        await context.bot.send_message(
            chat.id,
            str(
                _(
                    "Sorry, something went wrong on our side. Please try again in a moment."
                    " What you sent earlier is saved."
                )
            ),
        )
    except TelegramError as send_error:
        log.warning("error_reply_failed", update_id=update_id, error=type(send_error).__name__)
