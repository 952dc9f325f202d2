"""Sending and editing replies, and the words for every refusal the domain can give."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup
from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.outgoing import send_html
from flows.errors import FlowError
from reports.i18n import Texts
from reports.refusals import refusal
from reports.telegram import split_message

if TYPE_CHECKING:
    from bot.context import BotContext


async def send(
    update: Update,
    context: BotContext,
    text: str,
    keyboard: InlineKeyboardMarkup | None = None,
    *,
    quote: bool = False,
) -> None:
    """Answer in the chat the update came from; long texts go as several messages.

    `quote`: reply to the person's message, so it is clear which one was meant.
    """
    chat = update.effective_chat
    if chat is None:
        return
    reply_to = update.message.message_id if quote and update.message is not None else None
    parts = split_message(str(text))
    for index, part in enumerate(parts):
        await send_html(
            context.bot,
            chat.id,
            part,
            keyboard if index == len(parts) - 1 else None,
            reply_to if index == 0 else None,
        )


async def edit(update: Update, text: str, keyboard: InlineKeyboardMarkup | None = None) -> None:
    """Replace the text of the message whose button was pressed (or send it anew)."""
    query = update.callback_query
    if query is None:
        return
    try:
        if query.message is None or not isinstance(query.message, Message):
            raise BadRequest("message to edit not found")
        await query.edit_message_text(str(text), parse_mode=ParseMode.HTML, reply_markup=keyboard)
    except BadRequest as error:
        reason = error.message.lower()
        # Pressing the same button twice asks for the same text: nothing to change.
        if "not modified" in reason:
            return
        if not _uneditable(reason):
            raise
        # Too old, or gone: say it in a new message instead.
        chat = update.effective_chat
        if chat is not None:
            await query.get_bot().send_message(
                chat.id, str(text), parse_mode=ParseMode.HTML, reply_markup=keyboard
            )


async def remove_buttons(update: Update) -> bool:
    """Take the buttons off the pressed message, so an old choice can't be made twice.

    False: they were off already, taken off by an earlier tap on the same message (a
    double tap, or two buttons tapped before the first was answered)."""
    return await replace_buttons(update, None)


def flow_error_text(_: Texts, error: FlowError) -> Markup:
    """Plain words for why the domain said no (the table is in reports.refusals)."""
    return refusal(_, error)


def _uneditable(reason: str) -> bool:
    return "message to edit not found" in reason or "message can't be edited" in reason


async def replace_buttons(update: Update, keyboard: InlineKeyboardMarkup | None) -> bool:
    """Show new buttons on the pressed message (nothing happens if it is too old to change).

    False: the message showed these buttons already."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return True
    try:
        await query.edit_message_reply_markup(reply_markup=keyboard)
    except BadRequest as error:
        reason = error.message.lower()
        if "not modified" in reason:
            return False
        if not _uneditable(reason):
            raise
    return True
