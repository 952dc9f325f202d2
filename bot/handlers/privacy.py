"""Handlers for a person's rights: consent again, leave (/stop), export, erase, /privacy."""

from __future__ import annotations

from functools import partial

import structlog
from telegram import InputFile, Update

from bot import keyboards, personal_details
from bot.context import BotContext
from bot.handlers.steps import extra_number, row
from bot.identity import chat_of
from bot.replies import edit, remove_buttons, send
from flows import leaving, mydata, screening
from flows.answering import NeedsConsent
from flows.errors import Gone
from flows.leaving import Stopping
from reports import participant as answer_texts
from reports import rights
from reports.render import render

log = structlog.get_logger()


async def privacy(update: Update, context: BotContext) -> None:
    """Explain in plain words what is stored, for how long, and the person's rights."""
    settings = context.services.settings
    text = render(
        context.actor.lang,
        "telegram/privacy.j2",
        terms=settings.terms,
        contact=settings.privacy_contact,
    )
    await send(update, context, text)


async def ask_consent_again(update: Update, context: BotContext, needed: NeedsConsent) -> None:
    """Show the changed consent text; the person's words wait for their answer."""
    settings = context.services.settings
    text = render(
        context.actor.lang,
        "telegram/consent_again.j2",
        session=needed.session,
        terms=settings.terms,
        contact=settings.privacy_contact,
    )
    keyboard = keyboards.consent_again(context.texts, needed.participant.id, needed.pending.id)
    await send(update, context, text, keyboard)


async def consent_again(update: Update, context: BotContext) -> None:
    """Record consent to the new text and file the words that waited for it."""
    pending_id = extra_number(context)
    if pending_id is None:
        raise Gone()
    screened = await screening.agree_again(
        context.db,
        context.clock,
        partial(personal_details.findings, context),
        row(context),
        pending_id,
    )
    await remove_buttons(update)
    _ = context.texts
    contribution_id = screened.stored.contribution.id
    if screened.offer:
        # Words that waited are screened like any other: the author chooses what stays.
        await send(
            update,
            context,
            answer_texts.saved_with_offer(_, screened),
            keyboards.flagged_answer(_, contribution_id),
        )
        return
    await send(update, context, rights.agreed_again(_), keyboards.after_answer(_, contribution_id))


async def stop(update: Update, context: BotContext) -> None:
    """Ask which session to leave, or how to leave the only one."""
    _ = context.texts
    choice = await leaving.stop(context.db, context.actor)
    if choice.next is Stopping.NOTHING and choice.organises:
        await send(update, context, rights.organiser_stop(_, choice.organises))
    elif choice.next is Stopping.NOTHING:
        await send(update, context, rights.nothing_to_stop(_))
    elif choice.next is Stopping.WHICH:
        await send(
            update,
            context,
            rights.which_to_stop(_),
            keyboards.leave_which(
                [(m.participant.id, m.session.title) for m in choice.memberships]
            ),
        )
    else:
        await _ask_how_to_leave(update, context, choice.memberships[0].participant.id)


async def leave_ask(update: Update, context: BotContext) -> None:
    """Ask what should happen to the answers of the session being left."""
    await remove_buttons(update)
    await _ask_how_to_leave(update, context, row(context))


async def leave_keeping_answers(update: Update, context: BotContext) -> None:
    """Leave; the answers stay, without name and without any link to the person."""
    left = await _leave(context, keep_answers=True)
    await edit(update, rights.left(context.texts, left))


async def leave_erasing_answers(update: Update, context: BotContext) -> None:
    """Leave and take the answers along."""
    left = await _leave(context, keep_answers=False)
    await edit(update, rights.left(context.texts, left))


async def _leave(context: BotContext, *, keep_answers: bool) -> leaving.Left:
    left = await leaving.leave(context.db, context.clock, row(context), keep_answers=keep_answers)
    return left


async def leave_cancelled(update: Update, context: BotContext) -> None:
    """Stay after all."""
    await edit(update, rights.stayed(context.texts))


async def my_data(update: Update, context: BotContext) -> None:
    """Show in plain words what is stored about the person, then send it all as a JSON file.

    The words come in parts when long (Telegram's limit); the file is the copy a computer
    can read."""
    _ = context.texts
    data = await mydata.export(context.db, context.actor)
    if data is None:
        await send(update, context, rights.nothing_stored(_))
        return
    await send(update, context, rights.my_data(context.actor.lang, data))
    await context.bot.send_document(
        chat_of(context.actor),
        InputFile(rights.export_document(_, data), filename=rights.export_filename(_)),
        caption=str(rights.export_file_caption(_)),
    )


async def forget_me(update: Update, context: BotContext) -> None:
    """Ask for confirmation before erasing the person."""
    _ = context.texts
    await send(update, context, rights.ask_forget(_), keyboards.forget(_))


async def forget_confirmed(update: Update, context: BotContext) -> None:
    """Erase the person and their words everywhere."""
    gone = await mydata.forget(context.db, context.clock, context.actor)
    log.info(
        "person_forgotten",
        participations=gone.participations,
        answers=gone.contributions,
        summaries_changed=gone.summaries_changed,
        scrubbed=gone.scrubbed,
    )
    await edit(update, rights.forgotten(context.texts, gone))


async def forget_cancelled(update: Update, context: BotContext) -> None:
    """Keep everything."""
    await edit(update, rights.nothing_forgotten(context.texts))


async def _ask_how_to_leave(update: Update, context: BotContext, participant_id: int) -> None:
    _ = context.texts
    item = await leaving.membership(context.db, participant_id)
    await send(
        update,
        context,
        rights.how_to_leave(_, item.session.title),
        keyboards.leave_choice(_, participant_id),
    )
