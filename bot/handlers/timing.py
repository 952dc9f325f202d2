"""Handlers for time: open a round with a deadline, change it, remind, quiet hours."""

from __future__ import annotations

import structlog
from markupsafe import Markup
from telegram import InlineKeyboardMarkup, Update

from bot import callback_data as cb
from bot import keyboards
from bot.context import BotContext
from bot.handlers.steps import extra, row
from bot.replies import edit, replace_buttons, send
from flows import sessions
from flows import settings as settings_flow
from flows.errors import Gone
from reports import dialogues, rounds
from reports.hints import next_step
from reports.render import render

log = structlog.get_logger()


async def open_round(update: Update, context: BotContext) -> None:
    """Open the next round (`/open 2d` gives it a deadline) and send its question."""
    _ = context.texts
    duration = settings_flow.round_length(" ".join(context.args or []))
    opened = await sessions.open_next_round(
        context.db, context.clock, context.session_id, duration
    )
    log.info("round_opened", round=opened.round.kind, recipients=opened.recipients)
    await send(
        update,
        context,
        rounds.round_opened(_, opened, context.clock.now()),
        keyboards.deadlines(
            _, opened.session.id, opened.round.id, opened.round.closes_at is not None
        ),
    )


async def set_deadline(update: Update, context: BotContext) -> None:
    """Give the open round a deadline from now."""
    await _new_deadline(update, context, extend=False)


async def extend_deadline(update: Update, context: BotContext) -> None:
    """Push the open round's deadline further."""
    await _new_deadline(update, context, extend=True)


async def close_now(update: Update, context: BotContext) -> None:
    """Close the open round now, before its deadline.

    Only the round the button was shown for, while it is open: else nothing closes, and
    the pop-up says why."""
    await replace_buttons(update, None)
    round_id = cb.number(extra(context))
    if round_id is None:
        raise Gone()
    await _close(update, context, round_id)


async def close_round(update: Update, context: BotContext) -> None:
    """Close the open round and report what it brought."""
    await _close(update, context, None)


async def _close(update: Update, context: BotContext, round_id: int | None) -> None:
    _ = context.texts
    closed = await sessions.close_current_round(
        context.db, context.clock, context.session_id, round_id=round_id
    )
    log.info(
        "round_closed", round=closed.round.kind, answers=closed.contributions, people=closed.people
    )
    extra_due = await sessions.extra_round_next(context.db, closed.session.id)
    hint = next_step(_, closed.session.phase, round_open=False, extra_due=extra_due)
    text = render(
        context.actor.lang, "telegram/round_closed.j2", c=closed, by_deadline=False, hint=hint
    )
    await send(update, context, text)


async def remind(update: Update, context: BotContext) -> None:
    """Remind everyone who has not answered the open round yet (never who answered)."""
    reminded = await sessions.remind_now(context.db, context.clock, context.session_id)
    log.info("reminded", recipients=reminded.recipients)
    await send(
        update, context, rounds.reminded(context.texts, reminded, context.clock.now(), context.tz)
    )


async def settings(update: Update, context: BotContext) -> None:
    """Show and change the session's quiet hours and reminders."""
    session = context.grant.session if context.grant else None
    if session is None:
        raise Gone()
    await send(update, context, *_settings(context, settings_flow.settings_of(session)))


async def toggle_quiet_hours(update: Update, context: BotContext) -> None:
    """Switch the quiet hours on or off (off for a live session in the evening)."""
    now = await settings_flow.set_quiet_hours(
        context.db, context.clock, row(context), extra(context)
    )
    await edit(update, *_settings(context, now))


async def choose_reminders(update: Update, context: BotContext) -> None:
    """Choose which automatic reminders a round gets."""
    now = await settings_flow.choose_reminders(
        context.db, context.clock, row(context), extra(context)
    )
    await edit(update, *_settings(context, now))


async def _new_deadline(update: Update, context: BotContext, *, extend: bool) -> None:
    _ = context.texts
    session = context.grant.session if context.grant else None
    if session is None:
        raise Gone()
    try:
        chosen = cb.round_choice(extra(context))
        if chosen is None:
            raise Gone()  # from before the buttons named their round
        choice, round_id = chosen
        closes_at = await settings_flow.set_deadline(
            context.db, context.clock, session.id, choice, extend=extend, round_id=round_id
        )
    except Gone:
        # The buttons of a round closed since, or of an older kind: take them off.
        await replace_buttons(update, None)
        raise
    await replace_buttons(update, keyboards.deadlines(_, session.id, round_id, True))
    context.toast = str(rounds.deadline(_, closes_at, session.tz))


def _settings(
    context: BotContext, now: settings_flow.SessionSettings
) -> tuple[Markup, InlineKeyboardMarkup]:
    _ = context.texts
    return (
        dialogues.settings_text(_, now.quiet_hours, now.tz),
        keyboards.settings(_, now.session_id, now.quiet_hours, now.reminders),
    )
