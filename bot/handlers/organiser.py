"""Handlers for organisers: register through their link, then wait for the summary."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.replies import send
from flows import joining


async def register(update: Update, context: BotContext, code: str) -> None:
    """Register the organiser for the session behind the link."""
    _ = context.texts
    session, new = await joining.join_as_organiser(context.db, context.clock, context.actor, code)
    if new:
        text = _(
            "Welcome! You are now an organiser of <b>%(title)s</b>. You will receive the summary"
            " and the printable report when the facilitator sends them.",
            title=session.title,
        )
    else:
        text = _("You are already an organiser of <b>%(title)s</b>.", title=session.title)
    await send(update, context, text)
