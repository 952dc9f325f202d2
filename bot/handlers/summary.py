"""Handlers for the summary: the facilitator checks it first, then sends it."""

from __future__ import annotations

import structlog
from telegram import InputFile, Update

from bot import keyboards
from bot.context import BotContext
from bot.identity import chat_of
from bot.replies import edit, send
from flows import summary as summary_flow
from reports import summary as texts
from reports.pdf import report_filename
from reports.render import render

log = structlog.get_logger()


async def preview(update: Update, context: BotContext) -> None:
    """Show the summary and its report to the facilitator, with a button to send it."""
    _ = context.texts
    lang = context.actor.lang
    composed = await summary_flow.preview(context.db, context.clock, context.session_id)
    recipients = await summary_flow.recipient_count(context.db, context.session_id)
    await send(update, context, texts.preview_note(_))
    await send(update, context, render(lang, "telegram/summary.j2", s=composed, preview=True))
    pdf = await context.services.pdfs.render(composed, lang)
    await context.bot.send_document(
        chat_of(context.actor),
        InputFile(pdf, filename=report_filename(composed.title)),
        caption=texts.pdf_caption(_),
    )
    await send(
        update,
        context,
        texts.goes_to(_, recipients),
        keyboards.send_summary(_, context.session_id, recipients),
    )


async def send_summary(update: Update, context: BotContext) -> None:
    """Approve the summary: close the session and send it to everyone who asked."""
    sent = await summary_flow.approve_and_send(
        context.db, context.clock, context.actor, context.session_id
    )
    log.info("summary_sent", summary_id=sent.record.id, recipients=sent.recipients)
    await edit(update, texts.sent(context.texts, sent.recipients))
