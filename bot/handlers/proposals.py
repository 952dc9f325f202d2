"""Handlers for proposals: participants propose actions in their own words and back each
other's; the leader sees them with their backing and turns one into an agreed action."""

from __future__ import annotations

import structlog
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import callback_data as cb
from bot.context import BotContext
from bot.handlers import actions as action_handlers
from bot.handlers.steps import extra, row, typed, wanted_state
from bot.replies import edit, remove_buttons, send
from flows import action_dialogue, dialogue, proposals
from flows.errors import Gone, WrongPhase
from flows.guided import Guided, ProposalStep
from flows.proposals import Board
from reports.i18n import Texts
from reports.render import render

log = structlog.get_logger()

PAGE = 8  # proposals (and their buttons) per message


async def propose_start(update: Update, context: BotContext) -> None:
    """Ask the participant to type the action they propose."""
    participant_id = row(context)
    board = await proposals.board(context.db, context.actor, participant_id)  # still theirs
    if not board.open:
        # An old invitation's button, tapped after the summary went out: say so now, not
        # after they typed their proposal.
        raise WrongPhase("not_gathering_actions")
    await dialogue.begin(
        context.db,
        context.clock,
        context.actor,
        Guided.PROPOSAL,
        ProposalStep.TEXT,
        {"participant_id": participant_id},
    )
    _ = context.texts
    await send(
        update,
        context,
        _("What should happen? Type your proposal in your own words.")
        + "\n\n"
        + _("Type /cancel to stop."),
    )


async def proposal_typed(update: Update, context: BotContext) -> bool:
    """Keep the proposal and show everyone's proposals; False: the session gathers no
    proposals now, the step is over and the words are for the caller to handle."""
    participant_id = row(context)
    proposal = await proposals.propose_typed(
        context.db, context.clock, context.actor, participant_id, typed(update)
    )
    if proposal is None:
        return False
    log.info("proposal_added", proposal_id=proposal.id, session_id=proposal.session_id)
    _ = context.texts
    await send(update, context, _("✓ Your proposal is saved. Others can back it now."))
    board = await proposals.board(context.db, context.actor, participant_id)
    text, keyboard = _board_page(context.texts, context.actor.lang, board, 0)
    await send(update, context, text, keyboard)
    return True


async def list_proposals(update: Update, context: BotContext) -> None:
    """Show the session's proposals with a Back button for each of someone else's."""
    board = await proposals.board(context.db, context.actor, row(context))
    page = (cb.number(context.press.extra or "") if context.press else None) or 0
    text, keyboard = _board_page(context.texts, context.actor.lang, board, page)
    if context.press is not None and context.press.extra is not None:
        await edit(update, text, keyboard)
    else:
        await send(update, context, text, keyboard)


async def endorse(update: Update, context: BotContext) -> None:
    """Back the proposal, or undo it, and show the page anew."""
    proposal_id = row(context)
    board = await proposals.endorse(
        context.db, context.clock, context.actor, proposal_id, want=wanted_state(context)
    )
    index = next((i for i, line in enumerate(board.lines) if line.proposal.id == proposal_id), 0)
    text, keyboard = _board_page(context.texts, context.actor.lang, board, index // PAGE)
    await edit(update, text, keyboard)


async def leader_proposals(update: Update, context: BotContext) -> None:
    """Show the leader the proposals, most backed first, to turn into agreed actions."""
    _ = context.texts
    found = await proposals.of_session(context.db, context.session_id)
    text = render(context.actor.lang, "telegram/proposals_leader.j2", proposals=found)
    rows = [
        [
            InlineKeyboardButton(
                str(_("Make action %(num)d", num=n)),
                callback_data=cb.encode(cb.PROPOSAL_AGREE, e.proposal.id),
            )
        ]
        for n, e in enumerate(found, start=1)
        if e.proposal.action_id is None
    ][: 3 * PAGE]  # the most backed: a keyboard stays short
    await send(update, context, text, InlineKeyboardMarkup(rows) if rows else None)


async def agree(update: Update, context: BotContext) -> None:
    """Turn a proposal into an agreed action: ask who does it, then by when and the theme."""
    result = await action_dialogue.start_from_proposal(
        context.db, context.clock, context.actor, row(context)
    )
    await remove_buttons(update)
    await action_handlers.answer(update, context, result)


async def theme_chosen(update: Update, context: BotContext) -> None:
    """Take the theme the new action comes from."""
    choice = extra(context)
    theme_id = None if choice == "none" else cb.number(choice)
    if choice != "none" and theme_id is None:
        raise Gone()
    result = await action_dialogue.choose_theme(
        context.db, context.clock, context.actor, row(context), theme_id
    )
    await remove_buttons(update)
    await action_handlers.answer(update, context, result)


def _board_page(
    _: Texts, lang: str, board: Board, page: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    pages = max(1, -(-len(board.lines) // PAGE))
    page = min(max(page, 0), pages - 1)
    start = page * PAGE
    shown = list(enumerate(board.lines, start=1))[start : start + PAGE]
    text = render(lang, "telegram/proposals.j2", board=board, shown=shown, page=page, pages=pages)
    rows: list[list[InlineKeyboardButton]] = []
    if board.open:
        for n, line in shown:
            if line.own:
                continue
            label = str(_("Back %(num)d", num=n))
            rows.append(
                [
                    InlineKeyboardButton(
                        f"✅ {label}" if line.endorsed else label,
                        callback_data=cb.encode(
                            cb.PROPOSAL_BACK,
                            line.proposal.id,
                            cb.SET_OFF if line.endorsed else cb.SET_ON,
                        ),
                    )
                ]
            )
    nav = []
    if page > 0:
        nav.append(
            InlineKeyboardButton(
                "◀", callback_data=cb.encode(cb.PROPOSALS, board.participant_id, str(page - 1))
            )
        )
    if page + 1 < pages:
        nav.append(
            InlineKeyboardButton(
                "▶", callback_data=cb.encode(cb.PROPOSALS, board.participant_id, str(page + 1))
            )
        )
    if nav:
        rows.append(nav)
    if board.open:
        rows.append(
            [
                InlineKeyboardButton(
                    str(_("Propose an action")),
                    callback_data=cb.encode(cb.PROPOSE, board.participant_id),
                )
            ]
        )
    return text, InlineKeyboardMarkup(rows) if rows else None
