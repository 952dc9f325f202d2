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


async def remove_buttons(update: Update) -> None:
    """Take the buttons off the pressed message, so an old choice can't be made twice."""
    await replace_buttons(update, None)


def flow_error_text(_: Texts, error: FlowError) -> Markup:
    """Plain words for why the domain said no."""
    code = error.code
    if code == "not_allowed":
        return _("Sorry, that is not something you can do. Type /help to see what you can do.")
    if code == "no_active_session":
        return _("Choose a session first with /sessions, or start a new one with /new.")
    if code == "gone":
        return _("This button no longer works. Type /help to see what you can do now.")
    if code == "invite_invalid":
        return _(
            "This invite link does not work (anymore). Ask the person who sent it for a new link."
        )
    if code == "invite_used":
        return _(
            "This link has already been used: it works for one person only."
            " If it was meant for you, ask the person who sent it for a link of your own."
        )
    if code == "summary_sent":
        return _("The summary has already gone out, so this can no longer be changed.")
    if code == "joins_closed":
        return _("This session no longer takes new participants. Ask the facilitator.")
    if code == "session_closed":
        return _("This session is closed.")
    if code == "round_still_open":
        return _("A round is still open. Close it first with /close.")
    if code == "all_rounds_done":
        return _(
            "All three rounds are done. Record the actions with /action and send the summary"
            " with /summary."
        )
    if code == "no_round_open":
        return _("No round is open right now. Open the next one with /open.")
    if code == "close_round_first":
        return _("Close the open round first with /close.")
    if code == "nothing_to_summarise":
        return _("There is nothing to summarise yet. Open the first round with /open.")
    if code == "round_closed":
        return _("This round is closed, so you can't change this answer anymore.")
    if code == "empty":
        return _("That is empty. Please type a text.")
    if code == "too_long":
        limit = error.details.get("limit", 0)
        return _("That is too long. Please use at most %(limit)d characters.", limit=limit)
    if code == "no_perspectives":
        return _("Choose at least one perspective.")
    if code == "date_unreadable":
        return _(
            "I can't read that date. Type a day, such as 15 January 2027 or 15-1-2027, or for"
            " example: in 3 weeks, end of March, Q1 2027 or before the summer."
        )
    if code == "duration_unreadable":
        return _(
            "I can't read that duration. Try for example /open 90m, /open 2d or /open 1 week."
        )
    if code == "duration_out_of_range":
        return _("Choose a duration between 1 minute and 8 weeks.")
    if code == "reminders_used":
        return _("Two reminders were sent in this round already. That is the most.")
    if code == "date_in_past":
        return _("That date has already passed. Please choose a date in the future.")
    return _("Sorry, that did not work. Type /help to see what you can do.")


def _uneditable(reason: str) -> bool:
    return "message to edit not found" in reason or "message can't be edited" in reason


async def replace_buttons(update: Update, keyboard: InlineKeyboardMarkup | None) -> None:
    """Show new buttons on the pressed message (nothing happens if it is too old to change)."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return
    try:
        await query.edit_message_reply_markup(reply_markup=keyboard)
    except BadRequest as error:
        reason = error.message.lower()
        if "not modified" not in reason and not _uneditable(reason):
            raise
