"""Handlers for following a session beyond the chat: invite cards to print, a personal
link to the session view on a laptop."""

from __future__ import annotations

import structlog
from telegram import InputFile, Update

from bot.context import BotContext
from bot.handlers.steps import row
from bot.identity import chat_of
from bot.replies import send
from flows import web_links
from reports import cards
from reports import invites as texts

log = structlog.get_logger()


async def invite_cards(update: Update, context: BotContext) -> None:
    """Send a card to print per perspective, with the QR code of its invite link."""
    _ = context.texts
    invites = await web_links.printable_invites(context.db, context.clock, row(context))
    web_url = context.services.settings.web_url
    for perspective, code in invites.participant_codes.items():
        telegram = context.deep_link(code)
        html = cards.card_html(
            context.actor.lang,
            title=invites.session.title,
            perspective=perspective.value,
            link=texts.web_invite_link(web_url, code) if web_url else telegram,
            telegram_link=telegram,
        )
        pdf = await context.services.pdfs.from_html(html)
        name = cards.card_filename(_, invites.session.title, perspective.value)
        await context.bot.send_document(
            chat_of(context.actor),
            InputFile(pdf, filename=name),
            caption=texts.card_caption(_, perspective.value),
        )
    log.info(
        "invite_cards_sent", session_id=invites.session.id, cards=len(invites.participant_codes)
    )


async def personal_link(update: Update, context: BotContext) -> None:
    """Give a leader or organiser their own link to the session view; the previous one stops."""
    _ = context.texts
    web_url = context.services.settings.web_url
    if web_url is None:
        await send(update, context, texts.web_off(_))
        return
    secret = await web_links.personal_link(context.db, context.actor)
    if secret is None:
        await send(update, context, texts.nothing_to_follow(_))
        return
    log.info("personal_web_link_made")
    await send(
        update, context, texts.personal_web_link(_, texts.personal_session_link(web_url, secret))
    )
