"""Handlers for participants: consent, how to appear, answers and changing them."""

from __future__ import annotations

import structlog
from markupsafe import Markup
from telegram import Message, Update
from telegram.constants import ChatType

from bot import keyboards, personal_details
from bot.context import BotContext
from bot.handlers import privacy
from bot.handlers.steps import carried_code, extra, row, typed
from bot.identity import identity_of
from bot.replies import edit, remove_buttons, send
from flows import answering, consent, dialogue, joining
from flows.answering import Ambiguous, NeedsConsent, NotNow, Stored
from flows.errors import Gone
from flows.joining import InviteView, Joined
from flows.model import DisplayMode, Phase
from flows.pii import Finding
from reports import labels
from reports.i18n import pick_lang
from reports.render import render
from storage.records import Participant

# Guided dialogues of participants.
PSEUDONYM = "pseudonym"
EDIT_ANSWER = "edit_answer"
STEP_TEXT = "text"


log = structlog.get_logger()


async def show_invite(update: Update, context: BotContext, view: InviteView) -> None:
    """Welcome someone who opened an invite: purpose, what is stored, then consent."""
    _ = context.texts
    session = view.session
    if session is None:
        return
    where = await _participation(context, session.id)
    if view.removed or (where is None and session.joins_closed_at is not None):
        await send(
            update,
            context,
            _("This session no longer takes new participants. Ask the facilitator."),
        )
        return
    if where is not None and consent.is_current(where):
        await send(
            update,
            context,
            _(
                "You already take part in <b>%(title)s</b>. Type /help to see where you are.",
                title=session.title,
            ),
        )
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
    joined = await joining.consent(context.db, context.clock, context.actor, carried_code(context))
    log.info(
        "consent_given",
        session_id=joined.session.id,
        perspective=joined.participant.perspective,
        again=joined.already,
    )
    await remove_buttons(update)
    if joined.already and joined.participant.setup_done:
        await send(update, context, _("You already take part. Type /help to see where you are."))
        return
    if joined.already:
        # A second tap on the same button (a double tap, or a slow network): the first
        # already thanked them and asked how to appear.
        return
    user = update.effective_user
    first_name = user.first_name if user else None
    await send(
        update,
        context,
        _("Thank you for taking part!")
        + "\n\n"
        + _(
            "How do you want to appear in the summary? Others never see your Telegram name or number."
        ),
        keyboards.display(_, joined.participant.id, first_name),
    )


async def consent_no(update: Update, context: BotContext) -> None:
    """Store only the refusal and say a friendly goodbye."""
    _ = context.texts
    code = carried_code(context)
    view = await joining.look_up(context.db, context.clock, context.actor, code)
    if view is not None and view.session is not None:
        where = await _participation(context, view.session.id)
        if where is not None:
            await remove_buttons(update)
            await send(
                update, context, _("You already take part. Type /help to see where you are.")
            )
            return
    refused = await joining.refuse(context.db, context.clock, code)
    log.info("consent_refused", session_id=refused.id)
    await remove_buttons(update)
    await send(
        update,
        context,
        _("Okay, no problem. We did not store anything about you. Thank you, and goodbye!"),
    )


async def show_name(update: Update, context: BotContext) -> None:
    """Sign answers with the participant's first name."""
    user = update.effective_user
    await joining.set_display(
        context.db, row(context), DisplayMode.NAME, user.first_name if user else None
    )
    await _ask_summary_wish(update, context)


async def show_anonymous(update: Update, context: BotContext) -> None:
    """Sign answers with the perspective only."""
    await joining.set_display(context.db, row(context), DisplayMode.ANONYMOUS)
    await _ask_summary_wish(update, context)


async def show_pseudonym(update: Update, context: BotContext) -> None:
    """Ask for the name the participant wants to use."""
    _ = context.texts
    await dialogue.begin(
        context.db, context.clock, context.actor, PSEUDONYM, STEP_TEXT,
        {"participant_id": row(context)},
    )  # fmt: skip
    await remove_buttons(update)
    await send(
        update,
        context,
        _(
            "Which name do you want to use? Type it now (at most 40 characters). Tip: do not use your full real name."
        ),
    )


async def pseudonym_typed(update: Update, context: BotContext) -> None:
    """Save the typed pseudonym."""
    participant = await joining.set_display(
        context.db, row(context), DisplayMode.PSEUDONYM, typed(update)
    )
    await dialogue.end(context.db, context.actor)
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
        found = await personal_details.findings(context, message.text)
        filed = await answering.answer_at_once(
            context.db,
            context.clock,
            identity_of(user),
            lang,
            message.text,
            _source(message),
            is_admin=user.id in settings.admins,
            flagged=bool(found),
        )
        if filed is None:
            return False
        context.actor, stored = filed
        await _acknowledge(update, context, stored, found)
    return True


async def answer(update: Update, context: BotContext) -> None:
    """Store a typed text as an answer in the open round, then acknowledge it."""
    _ = context.texts
    message = update.effective_message
    if message is None or message.text is None:
        return
    found = await personal_details.findings(context, message.text)
    result = await answering.receive(
        context.db,
        context.clock,
        context.actor,
        message.text,
        _source(message),
        flagged=bool(found),
    )
    if isinstance(result, Stored):
        await _acknowledge(update, context, result, found)
    elif isinstance(result, NeedsConsent):
        await privacy.ask_consent_again(update, context, result)
    elif isinstance(result, Ambiguous):
        await send(
            update,
            context,
            _(
                "You take part in more than one session with an open round."
                " Which session is this answer for?"
            ),
            keyboards.choose_session(result.pending.id, result.sessions),
        )
    elif isinstance(result, NotNow) and result.closed is not None:
        await send(
            update,
            context,
            _(
                "The round «%(round)s» is closed, so I did not save this."
                " I will send you a message when the next round starts.",
                round=_(labels.ROUND_TITLE[result.closed.kind]),
            ),
        )
    elif isinstance(result, NotNow) and result.reason == "no_open_round":
        await send(
            update,
            context,
            _(
                "No round is open right now, so I did not save this."
                " I will send you a message when the next round starts."
            ),
        )
    else:
        await send(
            update,
            context,
            _(
                "I don't know you from a session yet, so I did not save this."
                " To take part, open the invite link you got from the facilitator."
            ),
        )


async def message_edited(update: Update, context: BotContext) -> None:
    """Keep a saved answer in step when the participant edits their message."""
    _ = context.texts
    message = update.edited_message
    if message is None or message.text is None:
        return
    found = await personal_details.findings(context, message.text)
    stored = await answering.edit_by_source(
        context.db,
        context.clock,
        context.actor,
        _source(message),
        message.text,
        flagged=bool(found),
    )
    if stored is not None:
        await send(
            update, context, _("✓ You changed your message, so I changed your saved answer too.")
        )


async def answer_for(update: Update, context: BotContext) -> None:
    """File a waiting answer under the session the participant picked."""
    session_id = extra(context)
    if not session_id.isdigit():
        raise Gone()
    text = await answering.pending_text(context.db, row(context))
    found = await personal_details.findings(context, text)
    stored = await answering.assign_pending(
        context.db, context.clock, row(context), int(session_id), flagged=bool(found)
    )
    await remove_buttons(update)
    await _acknowledge(update, context, stored, found)


async def list_answers(update: Update, context: BotContext) -> None:
    """Show the participant's own answers in open rounds, with buttons to change them."""
    _ = context.texts
    groups = await answering.own_answers(context.db, context.actor)
    text = render(context.actor.lang, "telegram/own_answers.j2", groups=groups)
    flat = [c for g in groups for c in g.contributions]
    await send(update, context, text, keyboards.own_answers(_, flat))


async def edit_answer(update: Update, context: BotContext) -> None:
    """Ask for the new text of an answer."""
    _ = context.texts
    contribution = await answering.get_own(context.db, row(context))
    await dialogue.begin(
        context.db, context.clock, context.actor, EDIT_ANSWER, STEP_TEXT,
        {"contribution_id": contribution.id},
    )  # fmt: skip
    await send(
        update,
        context,
        _("Send the new text for this answer:") + _quote(contribution.body),
        keyboards.keep_answer(_, contribution.id),
    )


async def edited_answer_typed(update: Update, context: BotContext) -> None:
    """Replace the answer with the typed text."""
    _ = context.texts
    text = typed(update)
    found = await personal_details.findings(context, text)
    stored = await answering.edit(
        context.db, context.clock, row(context), text, flagged=bool(found)
    )
    await dialogue.end(context.db, context.actor)
    if found:
        await _acknowledge(update, context, stored, found)
        return
    await send(
        update,
        context,
        _("✓ Changed. Your answer is saved."),
        keyboards.after_answer(_, stored.contribution.id),
    )


async def keep_answer(update: Update, context: BotContext) -> None:
    """Leave the answer as it is."""
    _ = context.texts
    current = await dialogue.current(context.db, context.actor)
    if current is not None and current.flow == EDIT_ANSWER:
        await dialogue.end(context.db, context.actor)
    await edit(update, _("Okay, your answer stays as it is."))


async def delete_answer(update: Update, context: BotContext) -> None:
    """Ask whether the answer should really be deleted."""
    _ = context.texts
    contribution = await answering.get_own(context.db, row(context))
    await send(
        update,
        context,
        _("Do you want to delete this answer?") + _quote(contribution.body),
        keyboards.confirm_delete(_, contribution.id),
    )


async def delete_answer_confirmed(update: Update, context: BotContext) -> None:
    """Delete the answer for good."""
    _ = context.texts
    remaining = await answering.delete(context.db, row(context))
    await edit(
        update,
        _("🗑 Deleted.")
        + " "
        + _.ngettext(
            "You have %(num)d answer left in this round.",
            "You have %(num)d answers left in this round.",
            len(remaining.contributions),
        ),
    )


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
    saved = (
        _("✓ Saved.")
        + " "
        + _.ngettext(
            "This is your first answer in «%(round)s».",
            "You have now given %(num)d answers in «%(round)s».",
            stored.own_count,
            round=_(labels.ROUND_TITLE[stored.round.kind]),
        )
    )
    if not found:
        await send(
            update, context, saved, keyboards.after_answer(_, stored.contribution.id), quote=True
        )
        return
    hidden = personal_details.masked(context, stored.contribution.body, found)
    await send(
        update,
        context,
        saved
        + "\n\n"
        + _(
            "Careful: your answer may hold details that show who someone is, such as a name,"
            " a place or a phone number. With those details hidden, it reads:"
        )
        + _quote(hidden)
        + "\n\n"
        + _("What do you want?"),
        keyboards.flagged_answer(_, stored.contribution.id),
        quote=True,
    )


async def _ask_summary_wish(
    update: Update, context: BotContext, participant_id: int | None = None
) -> None:
    _ = context.texts
    if update.callback_query is not None:
        await remove_buttons(update)
    await send(
        update,
        context,
        _("Do you want to receive the summary when the session is done?"),
        keyboards.summary_wish(_, participant_id or row(context)),
    )


async def _finish(update: Update, context: BotContext, joined: Joined) -> None:
    _ = context.texts
    await remove_buttons(update)
    # The facilitator hears of a newcomer once joining is done (see flows.newcomers).
    context.services.delivery.wake()
    if joined.already:
        return  # a second tap: "All set" and the question were sent the first time
    await send(update, context, _("All set. Thank you!"))
    if joined.open_round is not None:
        await send(
            update,
            context,
            render(
                context.actor.lang,
                "telegram/question.j2",
                session=joined.session,
                kind=joined.open_round.kind,
                perspective=joined.participant.perspective,
                closes_at=joined.open_round.closes_at,
            ),
        )
    elif joined.session.phase == Phase.DRAFT:
        await send(
            update,
            context,
            _("The first round has not started yet. I will send you the question when it starts."),
        )
    else:
        await send(
            update,
            context,
            _("The next round has not started yet. I will send you the question when it starts."),
        )


async def _participation(context: BotContext, session_id: int) -> Participant | None:
    return await joining.own_participation(context.db, context.actor, session_id)


def _quote(text: str, limit: int = 500) -> Markup:
    """The start of an answer, escaped, in italics under a blank line."""
    preview = text if len(text) <= limit else text[: limit - 1] + "…"
    return Markup("\n\n<i>{}</i>").format(preview)


async def hide_details(update: Update, context: BotContext) -> None:
    """Replace the details the guard found with what they are, e.g. [name]."""
    _ = context.texts
    contribution = await answering.get_own(context.db, row(context))
    found = await personal_details.findings(context, contribution.body)
    text = personal_details.masked(context, contribution.body, found)
    stored = await answering.edit(context.db, context.clock, contribution.id, text)
    await edit(
        update,
        _("✓ Done. I saved your answer like this:") + _quote(stored.contribution.body),
        keyboards.after_answer(_, stored.contribution.id),
    )


async def keep_details(update: Update, context: BotContext) -> None:
    """Keep the answer as written; the facilitator is asked to check it."""
    _ = context.texts
    contribution = await answering.keep_flagged(context.db, row(context))
    await edit(
        update,
        _(
            "Okay, your answer stays as you wrote it. The facilitator will see a note to check"
            " it before the summary goes out."
        ),
        keyboards.after_answer(_, contribution.id),
    )
