"""Handlers for time: open a round with a deadline, change it, remind, quiet hours."""

from __future__ import annotations

import datetime as dt

import structlog
from markupsafe import Markup
from telegram import Update

from bot import keyboards
from bot.context import BotContext
from bot.handlers.steps import extra, row
from bot.hints import next_step
from bot.replies import edit, replace_buttons, send
from flows import sessions
from flows.durations import EXTENSIONS, PRESETS, parse_duration
from flows.errors import Gone
from reports import labels
from reports.render import render

log = structlog.get_logger()


async def open_round(update: Update, context: BotContext) -> None:
    """Open the next round (`/open 2d` gives it a deadline) and send its question."""
    _ = context.texts
    duration = parse_duration(" ".join(context.args)) if context.args else None
    opened = await sessions.open_next_round(
        context.db, context.clock, context.session_id, duration
    )
    log.info("round_opened", round=opened.round.kind, recipients=opened.recipients)
    kind, tz = opened.round.kind, opened.session.tz
    lines = [
        _("Round %(number)d is open: %(title)s",
          number=labels.ROUND_NUMBER[kind], title=_(labels.ROUND_TITLE[kind])),
        _.ngettext(
            "I am sending the question to %(num)d participant.",
            "I am sending the question to %(num)d participants.",
            opened.recipients,
        ),
    ]  # fmt: skip
    if opened.held_until > context.clock.now():
        lines.append(
            _("It is quiet time (21:00–08:00), so the question goes out on %(moment)s.",
              moment=_.moment(opened.held_until, tz))
        )  # fmt: skip
    if opened.round.closes_at is not None:
        lines.append(
            _("The round closes on %(moment)s.", moment=_.moment(opened.round.closes_at, tz))
        )
    else:
        lines.append(_("How long may the round stay open? Choose below, or close it with /close."))
    await send(
        update,
        context,
        Markup("\n").join(lines),
        keyboards.deadlines(_, opened.session.id, opened.round.closes_at is not None),
    )


async def set_deadline(update: Update, context: BotContext) -> None:
    """Give the open round a deadline from now."""
    duration = PRESETS.get(extra(context))
    if duration is None:
        raise Gone()
    await _new_deadline(update, context, duration, extend=False)


async def extend_deadline(update: Update, context: BotContext) -> None:
    """Push the open round's deadline further."""
    duration = EXTENSIONS.get(extra(context))
    if duration is None:
        raise Gone()
    await _new_deadline(update, context, duration, extend=True)


async def close_now(update: Update, context: BotContext) -> None:
    """Close the open round now, before its deadline."""
    await replace_buttons(update, None)
    await close_round(update, context)


async def close_round(update: Update, context: BotContext) -> None:
    """Close the open round and report what it brought."""
    _ = context.texts
    closed = await sessions.close_current_round(context.db, context.clock, context.session_id)
    log.info(
        "round_closed", round=closed.round.kind, answers=closed.contributions, people=closed.people
    )
    hint = next_step(_, closed.session.phase, round_open=False)
    text = render(
        context.actor.lang, "telegram/round_closed.j2", c=closed, by_deadline=False, hint=hint
    )
    await send(update, context, text)


async def remind(update: Update, context: BotContext) -> None:
    """Remind everyone who has not answered the open round yet (never who answered)."""
    _ = context.texts
    reminded = await sessions.remind_now(context.db, context.clock, context.session_id)
    log.info("reminded", recipients=reminded.recipients)
    text = _.ngettext(
        "I am reminding %(num)d participant who has not answered yet.",
        "I am reminding %(num)d participants who have not answered yet.",
        reminded.recipients,
    )
    if reminded.held_until > context.clock.now():
        text += " " + _("It is quiet time, so they get it on %(moment)s.",
                        moment=_.moment(reminded.held_until, context.tz))  # fmt: skip
    await send(update, context, text)


async def settings(update: Update, context: BotContext) -> None:
    """Show and change the session's quiet hours and reminders."""
    _ = context.texts
    session = context.grant.session if context.grant else None
    if session is None:
        raise Gone()
    await send(update, context, _settings_text(context, session.quiet_hours, session.tz),
               keyboards.settings(_, session.id, session.quiet_hours, session.reminders))  # fmt: skip


async def toggle_quiet_hours(update: Update, context: BotContext) -> None:
    """Switch the quiet hours on or off (off for a live session in the evening)."""
    _ = context.texts
    session = await sessions.set_quiet_hours(
        context.db, context.clock, row(context), extra(context) == "on"
    )
    await edit(update, _settings_text(context, session.quiet_hours, session.tz),
               keyboards.settings(_, session.id, session.quiet_hours, session.reminders))  # fmt: skip


async def choose_reminders(update: Update, context: BotContext) -> None:
    """Choose which automatic reminders a round gets."""
    _ = context.texts
    kinds = keyboards.REMINDER_MODES.get(extra(context))
    if kinds is None:
        raise Gone()
    session = await sessions.set_reminders(context.db, context.clock, row(context), kinds)
    await edit(update, _settings_text(context, session.quiet_hours, session.tz),
               keyboards.settings(_, session.id, session.quiet_hours, session.reminders))  # fmt: skip


async def _new_deadline(
    update: Update, context: BotContext, duration: dt.timedelta, *, extend: bool
) -> None:
    _ = context.texts
    session = context.grant.session if context.grant else None
    if session is None:
        raise Gone()
    changed = await sessions.set_deadline(
        context.db, context.clock, session.id, duration, extend=extend
    )
    if changed.closes_at is None:
        raise Gone()
    await replace_buttons(update, keyboards.deadlines(_, session.id, True))
    context.toast = str(
        _("The round closes on %(moment)s.", moment=_.moment(changed.closes_at, session.tz))
    )


def _settings_text(context: BotContext, quiet: bool, tz: str) -> Markup:
    _ = context.texts
    if quiet:
        hours = _(
            "Quiet hours are on: between 21:00 and 08:00 (%(tz)s) the bot sends nothing of its"
            " own accord; it waits for the morning.",
            tz=tz,
        )
    else:
        hours = _(
            "Quiet hours are off: questions and reminders go out at any hour (for a live session)."
        )
    return (
        _("<b>Settings of this session</b>")
        + "\n\n"
        + hours
        + "\n"
        + _("Reminders go only to those who have not answered yet, at most two per round.")
    )
