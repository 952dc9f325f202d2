"""Helpers for the steps of guided dialogues."""

from __future__ import annotations

from telegram import Update

from bot import callback_data as cb
from bot.context import BotContext
from flows.errors import Gone


def typed(update: Update) -> str:
    message = update.effective_message
    return (message.text or "") if message else ""


def extra(context: BotContext) -> str:
    """The extra part of the pressed button's data (checked by the handler that uses it)."""
    if context.press is None or context.press.extra is None:
        raise Gone()
    return context.press.extra


def extra_number(context: BotContext) -> int | None:
    """The number in the extra part of the pressed button's data; None when it has none."""
    if context.press is None or context.press.extra is None:
        return None
    found = cb.number(context.press.extra)
    if found is None:
        raise Gone()
    return found


def wanted_state(context: BotContext) -> bool | None:
    """The state the pressed two-state button sets; None for a button from before buttons
    named it (it turns the state over, as it did)."""
    data = context.press.extra if context.press is not None else None
    if not data:
        return None
    if data not in (cb.SET_ON, cb.SET_OFF):
        raise Gone()
    return data == cb.SET_ON


def row(context: BotContext) -> int:
    """The row the guard authorised this update for."""
    if context.grant is not None and context.grant.row_id is not None:
        return context.grant.row_id
    if context.press is not None and context.press.row_id is not None:
        return context.press.row_id
    raise Gone()


def carried_code(context: BotContext) -> str:
    """The invite code a button carries (looked up again by the domain, never trusted)."""
    if context.press is None:
        raise Gone()
    return context.press.row
