"""Handlers for wording a session's questions to fit its theme, and its extra round."""

from __future__ import annotations

from telegram import Update

from bot import keyboards
from bot.context import BotContext
from bot.handlers.steps import extra, row, typed
from bot.replies import remove_buttons, replace_buttons, send
from flows import questions as questions_flow
from flows.errors import Gone
from flows.questions import EVERYONE, SessionQuestions
from reports.watching import question_ask_text, questions_text


async def questions(update: Update, context: BotContext) -> None:
    """Show the session's questions as each perspective reads them, with buttons to change them."""
    await _show(update, context, await questions_flow.questions(context.db, context.session_id))


async def round_chosen(update: Update, context: BotContext) -> None:
    """Ask for whom the new wording of the chosen round's question is."""
    found = await questions_flow.questions(context.db, row(context))
    await replace_buttons(update, keyboards.question_readers(context.texts, found, extra(context)))


async def readers_chosen(update: Update, context: BotContext) -> None:
    """Ask for the new wording, for everyone or for the chosen perspective."""
    kind, _dot, readers = extra(context).partition(".")
    if not readers:
        raise Gone()
    perspective = EVERYONE if readers == keyboards.FOR_ALL else readers
    asked = await questions_flow.ask(
        context.db, context.clock, context.actor, row(context), kind, perspective
    )
    await remove_buttons(update)
    await send(update, context, question_ask_text(context.actor.lang, asked))


async def wording_typed(update: Update, context: BotContext) -> None:
    """Keep the typed question and show the questions as they are now."""
    found = await questions_flow.give(context.db, context.clock, context.actor, typed(update))
    await _show(update, context, found)


async def default_chosen(update: Update, context: BotContext) -> None:
    """Go back to the usual question of the round (for the extra round: remove it)."""
    found = await questions_flow.use_default(context.db, row(context), extra(context))
    await remove_buttons(update)
    await _show(update, context, found)


async def _show(update: Update, context: BotContext, found: SessionQuestions) -> None:
    await send(
        update,
        context,
        questions_text(context.actor.lang, found),
        keyboards.questions(context.texts, found),
    )
