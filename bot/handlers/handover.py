"""Handlers for handing an agreed action to whoever does it: link, yes or no, give back."""

from __future__ import annotations

import structlog
from markupsafe import Markup
from telegram import Update

from bot import keyboards
from bot.context import BotContext
from bot.handlers.steps import carried_code, row
from bot.replies import remove_buttons, send
from flows import handover
from reports.render import render

log = structlog.get_logger()


async def hand_over(update: Update, context: BotContext) -> None:
    """Make a one-time link with which someone takes over the action."""
    _ = context.texts
    code = await handover.offer(context.db, context.clock, context.actor, row(context))
    log.info("action_offered", action_id=row(context))
    await send(
        update,
        context,
        _(
            "Send this link to the person who does this action. When they say yes, they get"
            " the question about how it is going on the due date, instead of you. The link"
            " works once; a new link stops the old one."
        )
        + Markup("\n\n{}").format(context.deep_link(code)),
    )


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
    if taken.action.due_on is None:
        when = _("There is no date yet. When the facilitator sets one, I will ask you then.")
    else:
        when = _(
            "On %(date)s I will ask you how it is going.",
            date=_.date(taken.action.due_on),
        )
    await send(
        update,
        context,
        _("Thank you! The action is yours now.") + " " + when,
        keyboards.give_back(_, taken.action.id),
    )


async def take_no(update: Update, context: BotContext) -> None:
    """Leave the action with the facilitator; nothing is stored."""
    _ = context.texts
    await remove_buttons(update)
    await send(
        update,
        context,
        _(
            "Fine. Nothing changes and I did not save anything. The link still works for someone else."
        ),
    )


async def give_back(update: Update, context: BotContext) -> None:
    """Hand the action back to the facilitator who recorded it."""
    _ = context.texts
    returned = await handover.give_back(context.db, context.clock, context.actor, row(context))
    log.info("action_returned", session_id=returned.session.id, action_id=returned.action.id)
    await remove_buttons(update)
    await send(
        update,
        context,
        _("Done. The action is back with the facilitator. I will not ask you about it anymore."),
    )
