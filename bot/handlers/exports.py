"""Handlers for the exports: the session's results as a workbook, CSV and JSON."""

from __future__ import annotations

import asyncio

import structlog
from telegram import InputFile, Update

from bot.context import BotContext
from bot.identity import chat_of
from bot.replies import send
from flows import exports as exports_flow
from reports import exports as writers

log = structlog.get_logger()


async def export(update: Update, context: BotContext) -> None:
    """Send the session's results as an Excel workbook, CSV and JSON."""
    _ = context.texts
    made = await exports_flow.for_visitor(
        context.db, context.clock, context.actor, context.session_id
    )
    if not made.answers and not made.actions:
        await send(update, context, writers.nothing_yet(_))
        return
    # Writing a workbook of a large session takes long enough to hold up every other chat.
    files = await asyncio.to_thread(writers.files, made)
    for file in files:
        await context.bot.send_document(
            chat_of(context.actor),
            InputFile(file.body, filename=file.name),
            caption=str(_(file.caption)),
        )
    log.info("export_sent", session_id=made.session_id, answers=len(made.answers))
