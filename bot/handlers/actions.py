"""Handlers for agreed actions: what, who, by when; then edit or drop them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import structlog
from markupsafe import Markup
from telegram import Update

from bot import keyboards
from bot.context import BotContext
from bot.handlers.steps import expect, extra, row, typed
from bot.replies import remove_buttons, send
from flows import actions, dialogue
from flows.dates import DuePreset, DueReading, confirmed_due, due_from_preset, read_due
from flows.errors import Gone
from flows.model import ACTION_MAX, OWNER_MAX
from flows.sessions import clean_text
from reports import labels
from reports.render import render
from storage.records import Dialogue

# The guided dialogues for a new action and for changing one.
NEW_ACTION = "action"
EDIT_ACTION = "action_edit"
WHAT, WHO, DUE = "what", "owner", "due"
# The "no, I'll type the day" button under a day we asked back.
RETYPE = "retype"
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


log = structlog.get_logger()


async def new_action(update: Update, context: BotContext) -> None:
    """Start recording an agreed action: ask what was agreed."""
    _ = context.texts
    await dialogue.begin(
        context.db, context.clock, context.actor, NEW_ACTION, WHAT,
        {"session_id": context.session_id},
    )  # fmt: skip
    await send(
        update,
        context,
        _("What did you agree? Describe the action in one or two sentences.")
        + "\n\n"
        + _("Type /cancel to stop."),
    )


async def what_typed(update: Update, context: BotContext) -> None:
    """Keep what was agreed and ask who does it."""
    current = await expect(context, NEW_ACTION, WHAT)
    what = clean_text(typed(update), limit=ACTION_MAX, field="what")
    await _ask_owner(update, context, NEW_ACTION, {**current.data, "what": what})


async def owner_chosen(update: Update, context: BotContext) -> None:
    """Take who does it from a button (for a new action, or to change one)."""
    current = await _expect_step(context, WHO)
    choice = extra(context)
    if not choice.isdigit() or int(choice) >= len(labels.PARTIES):
        raise Gone()
    owner = str(context.texts(labels.PARTIES[int(choice)]))
    await remove_buttons(update)
    if current.flow == NEW_ACTION:
        await _owner_given(update, context, current.flow, current.data, owner)
    else:
        await actions.change(context.db, context.clock, current.data["action_id"], owner=owner)
        await _done_editing(update, context)


async def owner_typed(update: Update, context: BotContext) -> None:
    """Take who does it as typed."""
    current = await expect(context, NEW_ACTION, WHO)
    await _owner_given(update, context, current.flow, current.data, typed(update))


async def due_chosen(update: Update, context: BotContext) -> None:
    """Take the due date from a button (for a new action, or to change one).

    A quick choice, no date, a day we asked back and the person confirmed, or "no, I'll
    type the day"."""
    current = await _expect_step(context, DUE)
    choice = extra(context)
    await remove_buttons(update)
    if choice == RETYPE:
        _ = context.texts
        await send(update, context, _("Then type the day, for example 15 March 2027."))
        return
    day = _preset_due(context, choice)
    if current.flow == NEW_ACTION:
        await _due_given(update, context, current.flow, current.data, day)
    else:
        await actions.change(
            context.db, context.clock, current.data["action_id"], due_on=day, clear_due=day is None
        )
        await _done_editing(update, context)


async def due_typed(update: Update, context: BotContext) -> None:
    """Take the due date as typed; a period ("Q1 2027", "voor de zomer") is asked back."""
    current = await expect(context, NEW_ACTION, DUE)
    reading = read_due(typed(update), context.today())
    if not reading.sure:
        await _ask_back(update, context, current.data["session_id"], reading)
        return
    await _due_given(update, context, current.flow, current.data, reading.day)


async def edit_action(update: Update, context: BotContext) -> None:
    """Ask which part of an action to change."""
    _ = context.texts
    action = await actions.get(context.db, row(context))
    await send(
        update,
        context,
        _("What do you want to change of this action?") + Markup("\n\n{}").format(action.what),
        keyboards.action_fields(_, action.id),
    )


async def edit_field(update: Update, context: BotContext) -> None:
    """Ask for the new value of one part of an action."""
    _ = context.texts
    action = await actions.get(context.db, row(context))
    field = extra(context)
    if field not in (WHAT, WHO, DUE):
        raise Gone()
    data = {"session_id": action.session_id, "action_id": action.id}
    await dialogue.begin(context.db, context.clock, context.actor, EDIT_ACTION, field, data)
    await remove_buttons(update)
    if field == WHAT:
        await send(update, context, _("Type the new description of the action."))
    elif field == WHO:
        await send(
            update,
            context,
            _("Who does it? Choose, or type the name."),
            keyboards.parties(_, action.session_id),
        )
    else:
        await send(
            update, context, _due_question(context), keyboards.due_dates(_, action.session_id)
        )


async def edited_what_typed(update: Update, context: BotContext) -> None:
    """Save the new description."""
    current = await expect(context, EDIT_ACTION, WHAT)
    await actions.change(context.db, context.clock, current.data["action_id"], what=typed(update))
    await _done_editing(update, context)


async def edited_owner_typed(update: Update, context: BotContext) -> None:
    """Save who does it, as typed."""
    current = await expect(context, EDIT_ACTION, WHO)
    await actions.change(context.db, context.clock, current.data["action_id"], owner=typed(update))
    await _done_editing(update, context)


async def edited_due_typed(update: Update, context: BotContext) -> None:
    """Save the due date as typed."""
    current = await expect(context, EDIT_ACTION, DUE)
    reading = read_due(typed(update), context.today())
    if not reading.sure:
        await _ask_back(update, context, current.data["session_id"], reading)
        return
    await actions.change(context.db, context.clock, current.data["action_id"], due_on=reading.day)
    await _done_editing(update, context)


async def drop_action(update: Update, context: BotContext) -> None:
    """Drop an action from the list."""
    _ = context.texts
    dropped = await actions.drop(context.db, row(context))
    await remove_buttons(update)
    await send(update, context, _("Dropped: %(what)s", what=dropped.what))
    await _send_list(update, context, dropped.session_id)


async def _expect_step(context: BotContext, step: str) -> Dialogue:
    """The action dialogue (new or change) the person is in, at `step`."""
    current = await dialogue.current(context.db, context.actor)
    if current is None or current.flow not in (NEW_ACTION, EDIT_ACTION) or current.step != step:
        raise Gone()
    if current.data.get("session_id") != row(context):
        raise Gone()  # a button of another session's dialogue
    return current


async def _ask_owner(update: Update, context: BotContext, flow: str, data: dict[str, Any]) -> None:
    _ = context.texts
    await dialogue.begin(context.db, context.clock, context.actor, flow, WHO, data)
    await send(
        update,
        context,
        _(
            "Who does it? Choose a party, or type the name (for example of a partner organisation)."
        ),
        keyboards.parties(_, data["session_id"]),
    )


async def _owner_given(
    update: Update, context: BotContext, flow: str, data: dict[str, Any], owner: str
) -> None:
    owner = clean_text(owner, limit=OWNER_MAX, field="owner")
    await dialogue.begin(
        context.db, context.clock, context.actor, flow, DUE, {**data, "owner": owner}
    )
    await send(
        update,
        context,
        _due_question(context),
        keyboards.due_dates(context.texts, data["session_id"]),
    )


async def _due_given(
    update: Update,
    context: BotContext,
    flow: str,
    data: dict[str, Any],
    due_on: dt.date | None,
) -> None:
    await actions.add(
        context.db,
        context.clock,
        context.actor,
        data["session_id"],
        what=data["what"],
        owner=data["owner"],
        due_on=due_on,
    )
    await dialogue.end(context.db, context.actor)
    log.info("action_added", session_id=data["session_id"])
    _ = context.texts
    await send(update, context, _("✓ Action saved."))
    await _send_list(update, context, data["session_id"])


async def _done_editing(update: Update, context: BotContext) -> None:
    current = await dialogue.current(context.db, context.actor)
    await dialogue.end(context.db, context.actor)
    _ = context.texts
    await send(update, context, _("✓ Action changed."))
    if current is not None:
        await _send_list(update, context, current.data["session_id"])


async def _send_list(update: Update, context: BotContext, session_id: int) -> None:
    items = await actions.of_session(context.db, session_id)
    text = render(context.actor.lang, "telegram/actions.j2", actions=items)
    await send(update, context, text, keyboards.action_list(context.texts, items))


def _due_question(context: BotContext) -> str:
    _ = context.texts
    return _(
        "By when? Choose, or type a date (for example 15 January, in 3 weeks or end of March)."
    )


async def _ask_back(
    update: Update, context: BotContext, session_id: int, reading: DueReading
) -> None:
    """A period names no day: propose one and let the person confirm it or type another."""
    _ = context.texts
    if reading.guess is None:
        raise ValueError("only a guessed day is asked back")
    question = _(labels.DUE_GUESS[reading.guess], date=_.date(reading.day))
    await send(
        update,
        context,
        question + "\n" + _("If not, type the day you mean."),
        keyboards.due_confirm(_, session_id, reading.day, RETYPE),
    )


def _preset_due(context: BotContext, choice: str) -> dt.date | None:
    if choice == "none":
        return None
    if choice in tuple(DuePreset):
        return due_from_preset(DuePreset(choice), context.today())
    if ISO_DAY.fullmatch(choice):  # a day we asked back, confirmed: checked like a typed one
        return confirmed_due(choice, context.today())
    raise Gone()
