"""Handlers for following up an action: how is it going, with a note if wanted."""

from __future__ import annotations

import structlog
from telegram import Update

from bot import keyboards
from bot.context import BotContext
from bot.handlers.steps import extra, row, typed
from bot.replies import remove_buttons, send
from flows import followup
from reports import dialogues

log = structlog.get_logger()


async def status_chosen(update: Update, context: BotContext) -> None:
    """Keep the chosen status and ask for an optional note."""
    _ = context.texts
    await followup.choose_status(
        context.db, context.clock, context.actor, row(context), extra(context)
    )
    await remove_buttons(update)
    await send(
        update, context, dialogues.progress_note_question(_), keyboards.no_note(_, row(context))
    )


async def note_typed(update: Update, context: BotContext) -> None:
    """Report the status with the typed note."""
    action = await followup.give_note(context.db, context.clock, context.actor, typed(update))
    await _reported(update, context, action)


async def no_note(update: Update, context: BotContext) -> None:
    """Report the status without a note."""
    action = await followup.give_note(
        context.db, context.clock, context.actor, None, action_id=row(context)
    )
    await remove_buttons(update)
    await _reported(update, context, action)


async def _reported(update: Update, context: BotContext, action: followup.Reported) -> None:
    log.info(
        "action_progress", session_id=action.session_id, action_id=action.id, status=action.status
    )
    await send(update, context, dialogues.progress_reported(context.texts))
