"""Handlers for following up an action: how is it going, with a note if wanted."""

from __future__ import annotations

import structlog
from telegram import Update

from bot import keyboards
from bot.context import BotContext
from bot.handlers.steps import expect, extra, row, typed
from bot.replies import remove_buttons, send
from flows import dialogue, followup
from flows.errors import Gone
from flows.followup import Progress

log = structlog.get_logger()

# The guided step after choosing a status: an optional note.
PROGRESS_NOTE = "progress"
STEP_NOTE = "note"


async def status_chosen(update: Update, context: BotContext) -> None:
    """Keep the chosen status and ask for an optional note."""
    _ = context.texts
    try:
        progress = Progress(extra(context))
    except ValueError as error:
        raise Gone() from error
    await dialogue.begin(
        context.db, context.clock, context.actor, PROGRESS_NOTE, STEP_NOTE,
        {"action_id": row(context), "status": progress.value},
    )  # fmt: skip
    await remove_buttons(update)
    await send(
        update,
        context,
        _("Do you want to add a short note? Type it now, or tap the button."),
        keyboards.no_note(_, row(context)),
    )


async def note_typed(update: Update, context: BotContext) -> None:
    """Report the status with the typed note."""
    current = await expect(context, PROGRESS_NOTE, STEP_NOTE)
    await _report(
        update, context, current.data["action_id"], current.data["status"], typed(update)
    )


async def no_note(update: Update, context: BotContext) -> None:
    """Report the status without a note."""
    current = await expect(context, PROGRESS_NOTE, STEP_NOTE)
    if current.data["action_id"] != row(context):
        raise Gone()
    await remove_buttons(update)
    await _report(update, context, current.data["action_id"], current.data["status"], None)


async def _report(
    update: Update, context: BotContext, action_id: int, status: str, note: str | None
) -> None:
    _ = context.texts
    action = await followup.report(
        context.db, context.clock, context.actor, action_id, Progress(status), note
    )
    await dialogue.end(context.db, context.actor)
    log.info("action_progress", session_id=action.session_id, action_id=action.id, status=status)
    await send(update, context, _("Thank you. The organisers get your update."))
