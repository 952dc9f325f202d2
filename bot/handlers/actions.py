"""Handlers for agreed actions: what, who, by when; then edit or drop them.

The dialogue's steps and checks are in flows/action_dialogue.py; its words in reports/.
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

import structlog
from telegram import InlineKeyboardMarkup, Update

from bot import keyboards
from bot.context import BotContext
from bot.handlers.steps import extra, extra_number, row, typed
from bot.replies import edit, remove_buttons, send
from flows import action_dialogue, actions, proposals
from flows.action_dialogue import ActionStepResult, Outcome
from flows.actions import ActionList
from flows.errors import Gone
from flows.guided import Guided
from reports import dialogues
from reports import facilitating as texts
from reports.render import render

log = structlog.get_logger()


async def new_action(update: Update, context: BotContext) -> None:
    """Start recording an agreed action: ask what was agreed."""
    result = await action_dialogue.start(
        context.db, context.clock, context.actor, context.session_id
    )
    await answer(update, context, result)


async def what_typed(update: Update, context: BotContext) -> None:
    """Keep what was agreed and ask who does it."""
    await _typed(
        update,
        context,
        action_dialogue.give_what(context.db, context.clock, context.actor, typed(update)),
    )


async def owner_chosen(update: Update, context: BotContext) -> None:
    """Take who does it from a button (for a new action, or to change one)."""
    owner = dialogues.party_label(context.texts, extra(context))
    if owner is None:
        raise Gone()
    result = await action_dialogue.give_owner(
        context.db, context.clock, context.actor, owner, session_id=row(context)
    )
    await remove_buttons(update)
    await answer(update, context, result)


async def owner_typed(update: Update, context: BotContext) -> None:
    """Take who does it as typed."""
    await _typed(
        update,
        context,
        action_dialogue.give_owner(context.db, context.clock, context.actor, typed(update)),
    )


async def due_chosen(update: Update, context: BotContext) -> None:
    """Take the due date from a button (for a new action, or to change one).

    A quick choice, no date, a day we asked back and the person confirmed, or "no, I'll
    type the day"."""
    result = await action_dialogue.choose_due(
        context.db, context.clock, context.actor, row(context), extra(context)
    )
    await remove_buttons(update)
    await answer(update, context, result)


async def due_typed(update: Update, context: BotContext) -> None:
    """Take the due date as typed; a period ("Q1 2027", "voor de zomer") is asked back."""
    await _typed(
        update,
        context,
        action_dialogue.type_due(context.db, context.clock, context.actor, typed(update)),
    )


async def turn_theme_page(update: Update, context: BotContext) -> None:
    """Show another page of the themes the action can come from, in the same message."""
    result = await action_dialogue.turn_theme_page(
        context.db, context.actor, row(context), extra_number(context) or 0
    )
    await edit(update, dialogues.action_step(context.texts, result), _buttons(context, result))


async def edit_action(update: Update, context: BotContext) -> None:
    """Ask which part of an action to change."""
    _ = context.texts
    action = await actions.get(context.db, row(context))
    themed = bool(await proposals.themes_of(context.db, action.session_id))
    await send(
        update,
        context,
        dialogues.which_field(_, action.what),
        keyboards.action_fields(_, action.id, with_theme=themed),
    )


async def edit_field(update: Update, context: BotContext) -> None:
    """Ask for the new value of one part of an action."""
    result = await action_dialogue.choose_field(
        context.db, context.clock, context.actor, row(context), extra(context)
    )
    await remove_buttons(update)
    await answer(update, context, result)


async def edited_what_typed(update: Update, context: BotContext) -> None:
    """Save the new description."""
    await what_typed(update, context)  # the flow knows it is a change


async def edited_owner_typed(update: Update, context: BotContext) -> None:
    """Save who does it, as typed."""
    await owner_typed(update, context)


async def edited_due_typed(update: Update, context: BotContext) -> None:
    """Save the due date as typed."""
    await due_typed(update, context)


async def drop_action(update: Update, context: BotContext) -> None:
    """Drop an action from the list."""
    _ = context.texts
    dropped = await actions.drop(context.db, row(context))
    await remove_buttons(update)
    await send(update, context, texts.action_dropped(_, dropped.what))
    await _send_list(update, context, dropped.session_id, dropped.id)


async def turn_list_page(update: Update, context: BotContext) -> None:
    """Show another page of the agreed actions, with their buttons, in the same message."""
    listed = await actions.listed(context.db, row(context), extra_number(context) or 0)
    await edit(update, _list_text(context, listed), keyboards.action_list(context.texts, listed))


async def _typed(
    update: Update, context: BotContext, work: Coroutine[Any, Any, ActionStepResult]
) -> None:
    """Say what words typed at a step led to (a step that could no longer be finished ended,
    and the guard says why)."""
    await answer(update, context, await action_dialogue.typed(context.db, context.actor, work))


async def answer(update: Update, context: BotContext, result: ActionStepResult) -> None:
    """Say what the step led to, with the buttons for the next one."""
    _ = context.texts
    if result.outcome is Outcome.SAVED or (
        result.outcome is Outcome.ASK_THEME and result.dialogue is Guided.NEW_ACTION
    ):
        log.info("action_added", session_id=result.session_id)
    await send(update, context, dialogues.action_step(_, result), _buttons(context, result))
    if result.outcome in (Outcome.SAVED, Outcome.THEMED, Outcome.CHANGED):
        at = result.action.id if result.action is not None else None
        await _send_list(update, context, result.session_id, at)


def _buttons(context: BotContext, result: ActionStepResult) -> InlineKeyboardMarkup | None:
    _ = context.texts
    if result.outcome is Outcome.ASK_OWNER:
        return keyboards.parties(_, result.session_id)
    if result.outcome is Outcome.ASK_DUE:
        return keyboards.due_dates(_, result.session_id)
    if result.outcome is Outcome.ASK_THEME and result.action is not None:
        return keyboards.action_themes(_, result.action.id, result.themes, result.theme_page)
    if result.outcome is Outcome.ASK_BACK and result.reading is not None:
        return keyboards.due_confirm(
            _, result.session_id, result.reading.day, action_dialogue.RETYPE
        )
    return None


async def _send_list(update: Update, context: BotContext, session_id: int, at: int | None) -> None:
    """The page of the agreed actions that holds (or held) the action `at`."""
    listed = await actions.listed(context.db, session_id, at=at)
    await send(
        update, context, _list_text(context, listed), keyboards.action_list(context.texts, listed)
    )


def _list_text(context: BotContext, listed: ActionList) -> str:
    return render(context.actor.lang, "telegram/actions.j2", listed=listed)
