"""Handlers for participants: consent, how to appear, answers and changing them.

Each one calls one flow (flows.joining, flows.screening, flows.answering) and sends
what reports.participant words for its result, with the buttons that belong to it.
"""

from __future__ import annotations

from functools import partial

import structlog
from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType

from bot import keyboards, personal_details
from bot.context import BotContext
from bot.handlers import privacy
from bot.handlers import proposals as proposal_handlers
from bot.handlers.steps import carried_code, extra_number, row, typed
from bot.identity import identity_of
from bot.replies import edit, remove_buttons, send
from flows import answering, editing, joining, overview, screening
from flows.answering import Ambiguous, NeedsConsent, Stored
from flows.errors import Gone
from flows.joining import Consented, InviteView, Joined, Welcome
from flows.model import DisplayMode
from flows.overview import Whereabouts
from flows.pii import Finding
from flows.screening import Finder, Screened
from reports import participant as texts
from reports.i18n import pick_lang
from reports.render import render

# Guided dialogues of participants (declared in flows/).
PSEUDONYM = joining.PSEUDONYM
EDIT_ANSWER = editing.EDIT_ANSWER
STEP_TEXT = joining.STEP_TEXT


log = structlog.get_logger()


async def show_invite(update: Update, context: BotContext, view: InviteView) -> None:
    """Welcome someone who opened an invite: purpose, what is stored, then consent."""
    _ = context.texts
    session = view.session
    welcome = await joining.welcome(context.db, context.actor, view)
    if session is None or welcome is not Welcome.ASK_CONSENT:
        title = session.title if session is not None else ""
        await send(update, context, texts.welcome_refused(_, welcome, title))
        return
    text = render(
        context.actor.lang,
        "telegram/welcome.j2",
        session=session,
        perspective=view.invite.perspective,
        terms=context.services.settings.terms,
        contact=context.services.settings.privacy_contact,
    )
    await send(update, context, text, keyboards.consent(_, view.invite.code))


async def consent_yes(update: Update, context: BotContext) -> None:
    """Record consent and ask how the participant wants to appear."""
    _ = context.texts
    agreed = await joining.agree(context.db, context.clock, context.actor, carried_code(context))
    joined = agreed.joined
    log.info(
        "consent_given",
        session_id=joined.session.id,
        perspective=joined.participant.perspective,
        again=joined.already,
    )
    await remove_buttons(update)
    if agreed.next is Consented.ALREADY_SET_UP:
        await send(update, context, texts.already_taking_part(_))
    elif agreed.next is Consented.ASK_DISPLAY:
        user = update.effective_user
        first_name = user.first_name if user else None
        await send(
            update,
            context,
            texts.ask_display(_),
            keyboards.display(_, joined.participant.id, first_name),
        )


async def consent_no(update: Update, context: BotContext) -> None:
    """Store only the refusal and say a friendly goodbye."""
    _ = context.texts
    declined = await joining.decline(
        context.db, context.clock, context.actor, carried_code(context)
    )
    await remove_buttons(update)
    if declined.session is None:
        await send(update, context, texts.already_taking_part(_))
        return
    log.info("consent_refused", session_id=declined.session.id)
    await send(update, context, texts.declined(_))


async def show_name(update: Update, context: BotContext) -> None:
    """Sign answers with the participant's first name."""
    user = update.effective_user
    changed = await joining.appear(
        context.db,
        context.actor,
        row(context),
        DisplayMode.NAME,
        user.first_name if user else None,
    )
    await _ask_summary_wish(update, context, again=not changed)


async def show_anonymous(update: Update, context: BotContext) -> None:
    """Sign answers with the perspective only."""
    changed = await joining.appear(context.db, context.actor, row(context), DisplayMode.ANONYMOUS)
    await _ask_summary_wish(update, context, again=not changed)


async def show_pseudonym(update: Update, context: BotContext) -> None:
    """Ask for the name the participant wants to use."""
    # A repeated tap asks nothing again (the guard answers its button quietly).
    if not await joining.ask_pseudonym(context.db, context.clock, context.actor, row(context)):
        return
    await remove_buttons(update)
    await send(update, context, texts.ask_pseudonym(context.texts))


async def pseudonym_typed(update: Update, context: BotContext) -> None:
    """Save the typed pseudonym."""
    participant = await joining.choose_pseudonym(
        context.db, context.actor, row(context), typed(update)
    )
    if participant is None:
        # The words answered the round's question that came meanwhile: kept as an answer,
        # and the question of how to appear comes again.
        await answer(update, context)
        user = update.effective_user
        _ = context.texts
        await send(
            update,
            context,
            texts.ask_display_again(_),
            keyboards.display(_, row(context), user.first_name if user else None),
        )
        return
    await _ask_summary_wish(update, context, participant.id)


async def summary_yes(update: Update, context: BotContext) -> None:
    """Remember that the participant wants the summary, and finish joining."""
    joined = await joining.set_summary_wish(context.db, context.clock, row(context), True)
    await _finish(update, context, joined)


async def summary_no(update: Update, context: BotContext) -> None:
    """Remember that the participant does not want the summary, and finish joining."""
    joined = await joining.set_summary_wish(context.db, context.clock, row(context), False)
    await _finish(update, context, joined)


async def answer_at_once(update: Update, context: BotContext) -> bool:
    """Store a known participant's typed answer before the guard looks them up; False: not
    stored, because it may be meant otherwise (see `answering.answer_at_once`).

    Typed answers are most of all updates, and anyone may type: the guard would only look
    the person up, which costs a trip to SQLite of its own.
    """
    message, user, chat = update.effective_message, update.effective_user, update.effective_chat
    if message is None or message.text is None or user is None or chat is None:
        return False
    if user.is_bot or chat.type != ChatType.PRIVATE:
        return False  # the guard ignores those
    settings = context.services.settings
    lang = pick_lang(user.language_code, settings.lang)
    with structlog.contextvars.bound_contextvars(update_id=update.update_id):
        filed = await screening.answer_at_once(
            context.db,
            context.clock,
            _finder(context),
            identity_of(user),
            lang,
            message.text,
            _source(message),
            is_admin=user.id in settings.admins,
        )
        if filed is None:
            return False
        context.actor, screened = filed
        await _acknowledge(update, context, screened.stored, list(screened.findings))
    return True


async def answer(update: Update, context: BotContext) -> None:
    """Store a typed text as an answer in the open round, then acknowledge it."""
    _ = context.texts
    message = update.effective_message
    if message is None or message.text is None:
        return
    result = await screening.receive(
        context.db, context.clock, context.actor, _finder(context), message.text, _source(message)
    )
    if isinstance(result, Screened):
        await _acknowledge(update, context, result.stored, list(result.findings))
    elif isinstance(result, NeedsConsent):
        await privacy.ask_consent_again(update, context, result)
    elif isinstance(result, Ambiguous):
        await send(
            update,
            context,
            texts.which_session(_),
            keyboards.choose_session(result.pending.id, result.sessions),
        )
    else:
        # A facilitator, organiser or action owner typing outside a step is known here,
        # just not as a participant: they need no invite link.
        where = await overview.whereabouts(context.db, context.actor)
        gathering = proposals_keyboard(context, where)
        if gathering is not None:
            # After the last round: what they typed is likely what should happen next.
            await send(update, context, texts.questions_done(_), gathering)
            return
        await send(update, context, texts.not_now(_, result, known=where.known, left=where.left))


def proposals_keyboard(context: BotContext, where: Whereabouts) -> InlineKeyboardMarkup | None:
    """The buttons to propose and back actions, for a session of theirs that gathers them."""
    taking = where.gathering
    if taking is None:
        return None
    return keyboards.proposal_invitation(context.texts, taking.participant.id)


async def proposal_typed(update: Update, context: BotContext) -> None:
    """Keep the proposal and show everyone's proposals.

    Once the session gathers none (an extra round opened meanwhile), the words are what
    any typed words are: an answer, or told why not."""
    if not await proposal_handlers.proposal_typed(update, context):
        await answer(update, context)


async def message_edited(update: Update, context: BotContext) -> None:
    """Keep a saved answer in step when the participant edits their message."""
    message = update.edited_message
    if message is None or message.text is None:
        return
    screened = await screening.follow_edit(
        context.db, context.clock, context.actor, _finder(context), _source(message), message.text
    )
    if screened is not None:
        await send(update, context, texts.followed_edit(context.texts))


async def answer_for(update: Update, context: BotContext) -> None:
    """File a waiting answer under the session the participant picked."""
    session_id = extra_number(context)
    if session_id is None:
        raise Gone()
    screened = await screening.assign_pending(
        context.db, context.clock, _finder(context), row(context), session_id
    )
    await remove_buttons(update)
    await _acknowledge(update, context, screened.stored, list(screened.findings))


async def list_answers(update: Update, context: BotContext) -> None:
    """Show the participant's own answers in open rounds, with buttons to change them."""
    page = extra_number(context)
    listed = await answering.own_answers_page(context.db, context.actor, page or 0)
    text = texts.own_answers(context.actor.lang, listed)
    keyboard = keyboards.own_answers(context.texts, listed)
    # Asked for anew in a message of its own; a page turned in place.
    if page is None:
        await send(update, context, text, keyboard)
    else:
        await edit(update, text, keyboard)


async def edit_answer(update: Update, context: BotContext) -> None:
    """Ask for the new text of an answer."""
    _ = context.texts
    contribution = await editing.begin_edit(context.db, context.clock, context.actor, row(context))
    await send(
        update,
        context,
        texts.ask_new_text(_, contribution.body),
        keyboards.keep_answer(_, contribution.id),
    )


async def edited_answer_typed(update: Update, context: BotContext) -> None:
    """Replace the answer with the typed text."""
    _ = context.texts
    screened = await editing.replace_typed(
        context.db, context.clock, context.actor, _finder(context), row(context), typed(update)
    )
    if screened is None:
        # Too late to change it: the words are handled as any typed words (an answer to
        # the round open now, or why they were not kept).
        await answer(update, context)
        return
    if screened.offer:
        await _acknowledge(update, context, screened.stored, list(screened.findings))
        return
    await send(
        update,
        context,
        texts.changed(_),
        keyboards.after_answer(_, screened.stored.contribution.id),
    )


async def keep_answer(update: Update, context: BotContext) -> None:
    """Leave the answer as it is."""
    await editing.end_edit(context.db, context.actor)
    await edit(update, texts.kept_as_is(context.texts))


async def delete_answer(update: Update, context: BotContext) -> None:
    """Ask whether the answer should really be deleted."""
    _ = context.texts
    contribution = await answering.get_own(context.db, row(context))
    await send(
        update,
        context,
        texts.ask_delete(_, contribution.body),
        keyboards.confirm_delete(_, contribution.id),
    )


async def delete_answer_confirmed(update: Update, context: BotContext) -> None:
    """Delete the answer for good."""
    remaining = await answering.delete(context.db, row(context))
    await editing.forget_deleted(context.db, context.actor, row(context))
    await edit(update, texts.deleted(context.texts, remaining))


async def hide_details(update: Update, context: BotContext) -> None:
    """Replace the details the guard found with what they are, e.g. [name]."""
    _ = context.texts
    stored = await screening.hide_details(
        context.db, context.clock, _finder(context), texts.detail_label(_), row(context)
    )
    await edit(
        update,
        texts.details_hidden(_, stored),
        keyboards.after_answer(_, stored.contribution.id),
    )


async def keep_details(update: Update, context: BotContext) -> None:
    """Keep the answer as written; the facilitator is asked to check it."""
    _ = context.texts
    contribution = await answering.keep_flagged(context.db, row(context))
    await edit(update, texts.details_kept(_), keyboards.after_answer(_, contribution.id))


def _finder(context: BotContext) -> Finder:
    """The personal-details guard as the flows ask for it (see bot.personal_details)."""
    return partial(personal_details.findings, context)


def _source(message: Message) -> str:
    """Where an answer came from: a message sent twice is stored once."""
    return f"tg:{message.chat_id}:{message.message_id}"


async def _acknowledge(
    update: Update, context: BotContext, stored: Stored, found: list[Finding] | None = None
) -> None:
    _ = context.texts
    log.info(
        "answer_stored",
        session_id=stored.round.session_id,
        round=stored.round.kind,
        contribution_id=stored.contribution.id,
        new=stored.new,
        flagged=bool(found),
    )
    screened = Screened(stored, tuple(found or ()))
    if not screened.offer:
        await send(
            update,
            context,
            texts.saved(_, stored),
            keyboards.after_answer(_, stored.contribution.id),
            quote=True,
        )
        return
    await send(
        update,
        context,
        texts.saved_with_offer(_, screened),
        keyboards.flagged_answer(_, stored.contribution.id),
        quote=True,
    )


async def _ask_summary_wish(
    update: Update, context: BotContext, participant_id: int | None = None, *, again: bool = False
) -> None:
    """`again`: the tap chose what was chosen already. If an earlier tap on the same message
    took its buttons off, it is that tap twice: the question was asked the first time."""
    _ = context.texts
    if update.callback_query is not None and not await remove_buttons(update) and again:
        return
    await send(
        update,
        context,
        texts.ask_summary_wish(_),
        keyboards.summary_wish(_, participant_id or row(context)),
    )


async def _finish(update: Update, context: BotContext, joined: Joined) -> None:
    _ = context.texts
    await remove_buttons(update)
    if joined.already:
        return  # a second tap: "All set" and the question were sent the first time
    await send(update, context, texts.all_set(_))
    await send(update, context, texts.after_joining(_, context.actor.lang, joined))
