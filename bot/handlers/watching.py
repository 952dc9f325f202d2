"""Handlers for reading along while a round runs."""

from __future__ import annotations

from telegram import Update

from bot import keyboards
from bot.context import BotContext
from bot.handlers.steps import extra_number, row
from bot.replies import edit, send
from flows import watching
from flows.errors import Gone
from reports.watching import watch_text


async def watch(update: Update, context: BotContext) -> None:
    """Show the first page of the answers so far in the round being watched."""
    w = await watching.watch(context.db, context.session_id, 0)
    await send(
        update,
        context,
        watch_text(context.actor.lang, w),
        keyboards.watch(context.texts, w),
    )


async def watch_page(update: Update, context: BotContext) -> None:
    """Show the asked page of the answers, as they are now, in the same message."""
    page = extra_number(context)
    if page is None:
        raise Gone()
    w = await watching.watch(context.db, row(context), page)
    await edit(
        update,
        watch_text(context.actor.lang, w),
        keyboards.watch(context.texts, w),
    )
