"""Handlers for the mirror: the leader shares a round's answers without names, the
participants mark what they recognise."""

from __future__ import annotations

import structlog
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import callback_data as cb
from bot import mirror_messages
from bot.context import BotContext
from bot.handlers.steps import extra, extra_number, row, wanted_state
from bot.replies import edit, send
from flows import mirror as mirror_flow
from flows.errors import Gone, WrongPhase
from flows.records import Round
from reports import facilitating
from reports import mirror as mirror_texts
from reports.render import render

log = structlog.get_logger()


async def share_mirror(update: Update, context: BotContext) -> None:
    """Share the last closed round's mirror (once) and show how it is recognised.

    Before any of its answers is in a theme, it asks first."""
    await _share(update, context, None)


async def share_earlier_round(update: Update, context: BotContext) -> None:
    """Share an earlier round's mirror, which was never shared (once)."""
    round_id = extra_number(context)
    if round_id is None:
        raise Gone()  # this button always names its round: never "the last one" by default
    await _share(update, context, round_id)


async def share_without_themes(update: Update, context: BotContext) -> None:
    """Share the mirror as one list after all: the leader chose so on the question above."""
    shared = await mirror_flow.share(
        context.db,
        context.clock,
        context.session_id,
        round_id=extra_number(context),
        without_themes=True,
    )
    await _shared(update, context, shared, in_place=True)


async def _share(update: Update, context: BotContext, round_id: int | None) -> None:
    try:
        shared = await mirror_flow.share(
            context.db, context.clock, context.session_id, round_id=round_id
        )
    except WrongPhase as error:
        if error.code not in ("mirror_unsorted", "nothing_to_mirror"):
            raise
        # Whatever holds up the last round, an earlier one never shared can still go.
        earlier = (
            await mirror_flow.unshared(context.db, context.session_id) if round_id is None else []
        )
        if error.code == "nothing_to_mirror":
            if not earlier:
                raise
            text = render(context.actor.lang, "telegram/mirror_nothing.j2", earlier=len(earlier))
            await send(update, context, text, _earlier_buttons(context, earlier))
            return
        anyway = InlineKeyboardButton(
            str(facilitating.share_without_themes(context.texts)),
            # Its round named: pressed after another round closed, it still shares this one.
            callback_data=cb.encode(
                cb.MIRROR_UNSORTED, context.session_id, str(error.details["round_id"])
            ),
        )
        text = render(
            context.actor.lang,
            "telegram/mirror_unsorted.j2",
            kind=error.details.get("round"),
            earlier=round_id is not None,
        )
        rows = [[anyway], *_earlier_buttons(context, earlier).inline_keyboard]
        await send(update, context, text, InlineKeyboardMarkup(rows))
        return
    await _shared(update, context, shared)


async def _shared(
    update: Update, context: BotContext, shared: mirror_flow.Shared, *, in_place: bool = False
) -> None:
    if shared.new:
        log.info("mirror_shared", mirror_id=shared.mirror.id, recipients=shared.recipients)
    text = render(
        context.actor.lang,
        "telegram/mirror_counts.j2",
        round=shared.round,
        new=shared.new,
        recipients=shared.recipients,
        counts=shared.counts,
        earlier=shared.earlier,
        unshared=shared.unshared,
    )
    markup = _earlier_buttons(context, shared.unshared) if shared.unshared else None
    if in_place and shared.new:
        await edit(update, text, markup)
    else:
        # Shared before (a second tap, or /mirror meanwhile): the counts come below, and
        # what the pressed message says of the sharing stays.
        await send(update, context, text, markup)


def _earlier_buttons(context: BotContext, rounds: list[Round]) -> InlineKeyboardMarkup:
    """A button for each earlier round that closed before its mirror went out."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    str(facilitating.share_round(context.texts, r.kind)),
                    callback_data=cb.encode(cb.MIRROR_ROUND, context.session_id, str(r.id)),
                )
            ]
            for r in rounds
        ]
    )


async def recognise(update: Update, context: BotContext) -> None:
    """Mark the item as recognised, or undo it, and show its page anew."""
    contribution_id = row(context)
    view = await mirror_flow.toggle(
        context.db, context.clock, context.actor, contribution_id, want=wanted_state(context)
    )
    await _show_page_of(update, context, view, contribution_id)


async def turn_mirror_page(update: Update, context: BotContext) -> None:
    """Show another page of the mirror in the same message."""
    chosen = cb.round_choice(extra(context))
    page = None if chosen is None else cb.number(chosen[0])
    if chosen is None or page is None:
        raise Gone()
    view = await mirror_flow.of_round(context.db, context.actor, chosen[1])
    if view.session.id != row(context):
        raise Gone()  # a button is never trusted: its round must be of its session
    await _show_page(update, context, view, page)


async def _show_page_of(
    update: Update, context: BotContext, view: mirror_flow.MirrorView, contribution_id: int
) -> None:
    # Words and buttons together: if the facilitator sorted or left out something since the
    # mirror went out, the numbers moved, and a button must mark what its number says.
    index, _items = mirror_texts.page_of(view, contribution_id)
    await _show_page(update, context, view, index)


async def _show_page(
    update: Update, context: BotContext, view: mirror_flow.MirrorView, index: int
) -> None:
    text, keyboard = mirror_messages.page(context.actor.lang, view, index)
    await edit(update, text, keyboard)
