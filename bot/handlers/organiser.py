"""Handlers for organisers: register through their link, then wait for the summary."""

from __future__ import annotations

from telegram import Update

from bot import menu
from bot.context import BotContext
from bot.identity import chat_of
from bot.replies import send
from flows import joining, overview
from reports import general


async def register(update: Update, context: BotContext, code: str) -> None:
    """Register the organiser for the session behind the link."""
    session, new = await joining.join_as_organiser(context.db, context.clock, context.actor, code)
    if not (await overview.whereabouts(context.db, context.actor)).facilitates:
        # A facilitator keeps their own, longer menu (it holds /export too).
        await menu.show_organiser_commands(context.bot, chat_of(context.actor), context.actor.lang)
    await send(
        update, context, general.organiser_registered(context.texts, session.title, new=new)
    )
