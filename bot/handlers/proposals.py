"""Handlers for proposals: participants propose actions in their own words and back each
other's; the leader sees them with their backing and turns one into an agreed action."""

from __future__ import annotations

import structlog
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import callback_data as cb
from bot import keyboards
from bot.context import BotContext
from bot.handlers import actions as action_handlers
from bot.handlers.steps import extra, extra_number, row, typed, wanted_state
from bot.replies import edit, remove_buttons, send
from flows import action_dialogue, dialogue, proposals
from flows.errors import Gone, WrongPhase
from flows.guided import Guided, ProposalStep
from flows.proposals import BoardPage
from reports.render import render

log = structlog.get_logger()


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
    shown = proposals.paged(board, holding=proposal.id)
    await send(update, context, _board_text(context, shown), keyboards.board(_, shown))
    return True


async def list_proposals(update: Update, context: BotContext) -> None:
    """Show the session's proposals with a Back button for each of someone else's."""
    board = await proposals.board(context.db, context.actor, row(context))
    page = extra_number(context)
    shown = proposals.paged(board, page or 0)
    text, keyboard = _board_text(context, shown), keyboards.board(context.texts, shown)
    if page is not None:
        await edit(update, text, keyboard)
    else:
        await send(update, context, text, keyboard)


async def endorse(update: Update, context: BotContext) -> None:
    """Back the proposal, or undo it, and show the page anew."""
    proposal_id = row(context)
    board = await proposals.endorse(
        context.db, context.clock, context.actor, proposal_id, want=wanted_state(context)
    )
    shown = proposals.paged(board, holding=proposal_id)
    await edit(update, _board_text(context, shown), keyboards.board(context.texts, shown))


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
    ][: 3 * proposals.PROPOSALS_PER_PAGE]  # the most backed: a keyboard stays short
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


def _board_text(context: BotContext, shown: BoardPage) -> str:
    return render(context.actor.lang, "telegram/proposals.j2", p=shown)
