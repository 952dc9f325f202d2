"""Handlers for handing an agreed action to whoever does it: link, yes or no, give back."""

from __future__ import annotations

import structlog
from telegram import Update

from bot import keyboards
from bot.context import BotContext
from bot.handlers.steps import carried_code, row
from bot.replies import remove_buttons, send
from flows import handover
from reports import handover as texts
from reports.render import render

log = structlog.get_logger()


async def hand_over(update: Update, context: BotContext) -> None:
    """Make a one-time link with which someone takes over the action."""
    code = await handover.offer(context.db, context.clock, context.actor, row(context))
    log.info("action_offered", action_id=row(context))
    await send(update, context, texts.offer_link(context.texts, context.deep_link(code)))


async def show_offer(
    update: Update, context: BotContext, code: str, offer: handover.Offer
) -> None:
    """Show the action behind a link and ask whether the person takes it on."""
    text = render(context.actor.lang, "telegram/action_offer.j2", o=offer)
    await send(update, context, text, keyboards.take_action(context.texts, code))


async def take_yes(update: Update, context: BotContext) -> None:
    """Make the person the one who is asked how the action goes."""
    _ = context.texts
    taken = await handover.take(context.db, context.clock, context.actor, carried_code(context))
    log.info("action_taken", session_id=taken.session.id, action_id=taken.action.id)
    await remove_buttons(update)
    await send(
        update,
        context,
        texts.taken(_, taken.action.due_on),
        keyboards.give_back(_, taken.action.id),
    )


async def take_no(update: Update, context: BotContext) -> None:
    """Leave the action with the facilitator; nothing is stored."""
    await remove_buttons(update)
    await send(update, context, texts.declined(context.texts))


async def give_back(update: Update, context: BotContext) -> None:
    """Hand the action back to the facilitator who recorded it."""
    returned = await handover.give_back(context.db, context.clock, context.actor, row(context))
    log.info("action_returned", session_id=returned.session.id, action_id=returned.action.id)
    await remove_buttons(update)
    await send(update, context, texts.given_back(context.texts))
