"""Handlers for organisers: register through their link, then wait for the summary."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.replies import send
from flows import joining
from reports import general


async def register(update: Update, context: BotContext, code: str) -> None:
    """Register the organiser for the session behind the link."""
    session, new = await joining.join_as_organiser(context.db, context.clock, context.actor, code)
    await send(
        update, context, general.organiser_registered(context.texts, session.title, new=new)
    )
