"""Handlers for the mirror: the leader shares a round's answers without names, the
participants mark what they recognise."""

from __future__ import annotations

import structlog
from telegram import Update

from bot import mirror_messages
from bot.context import BotContext
from bot.handlers.steps import row, wanted_state
from bot.replies import replace_buttons, send
from flows import mirror as mirror_flow
from reports import mirror as mirror_texts
from reports.render import render

log = structlog.get_logger()


async def share_mirror(update: Update, context: BotContext) -> None:
    """Share the last closed round's mirror (once) and show how it is recognised."""
    shared = await mirror_flow.share(context.db, context.clock, context.session_id)
    if shared.new:
        log.info("mirror_shared", mirror_id=shared.mirror.id, recipients=shared.recipients)
    text = render(
        context.actor.lang,
        "telegram/mirror_counts.j2",
        round=shared.round,
        new=shared.new,
        recipients=shared.recipients,
        counts=shared.counts,
    )
    await send(update, context, text)


async def recognise(update: Update, context: BotContext) -> None:
    """Mark the item as recognised, or undo it, and show the page anew."""
    contribution_id = row(context)
    view = await mirror_flow.toggle(
        context.db, context.clock, context.actor, contribution_id, want=wanted_state(context)
    )
    index, _items = mirror_texts.page_of(view, contribution_id)
    # The words stay as they were: only the pressed button changes.
    _text, keyboard = mirror_messages.page(context.actor.lang, view, index)
    await replace_buttons(update, keyboard)
