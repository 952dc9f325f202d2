"""Handlers for a person's rights: consent again, leave (/stop), export, erase, /privacy."""

from __future__ import annotations

import json

import structlog
from telegram import InputFile, Update

from bot import keyboards
from bot.context import BotContext
from bot.handlers.steps import extra, row
from bot.identity import chat_of
from bot.replies import edit, remove_buttons, send
from flows import answering, consent, leaving, mydata
from flows.answering import NeedsConsent
from flows.errors import Gone
from reports.i18n import Texts
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
    pending_id = extra(context)
    if not pending_id.isdigit():
        raise Gone()
    participant = await consent.renew(context.db, context.clock, row(context))
    await remove_buttons(update)
    stored = await answering.assign_pending(
        context.db, context.clock, int(pending_id), participant.session_id
    )
    _ = context.texts
    await send(
        update,
        context,
        _("Thank you. ✓ Your answer is saved."),
        keyboards.after_answer(_, stored.contribution.id),
    )


async def stop(update: Update, context: BotContext) -> None:
    """Ask which session to leave, or how to leave the only one."""
    _ = context.texts
    items = await leaving.memberships(context.db, context.actor)
    if not items:
        await send(
            update, context, _("You are not taking part in a session. There is nothing to stop.")
        )
        return
    if len(items) > 1:
        await send(
            update,
            context,
            _("You take part in more than one session. Which one do you want to stop?"),
            keyboards.leave_which([(m.participant.id, m.session.title) for m in items]),
        )
        return
    await _ask_how_to_leave(update, context, items[0].participant.id)


async def leave_ask(update: Update, context: BotContext) -> None:
    """Ask what should happen to the answers of the session being left."""
    await remove_buttons(update)
    await _ask_how_to_leave(update, context, row(context))


async def leave_keeping_answers(update: Update, context: BotContext) -> None:
    """Leave; the answers stay, without name and without any link to the person."""
    _ = context.texts
    left = await _leave(context, keep_answers=True)
    what = _.ngettext(
        "Your %(num)d answer stays, without your name.",
        "Your %(num)d answers stay, without your name.",
        left.kept,
    )
    await edit(update, _left_text(_, left.session.title, what))


async def leave_erasing_answers(update: Update, context: BotContext) -> None:
    """Leave and take the answers along."""
    _ = context.texts
    left = await _leave(context, keep_answers=False)
    what = _.ngettext(
        "We deleted your %(num)d answer.", "We deleted your %(num)d answers.", left.erased
    )
    await edit(update, _left_text(_, left.session.title, what))


async def _leave(context: BotContext, *, keep_answers: bool) -> leaving.Left:
    left = await leaving.leave(context.db, context.clock, row(context), keep_answers=keep_answers)
    if left.summaries_changed:
        context.services.delivery.forget_summary_copies()
    log.info(
        "participant_left",
        session_id=left.session.id,
        answers_kept=left.kept,
        answers_erased=left.erased,
        summaries_changed=left.summaries_changed,
        scrubbed=left.scrubbed,
    )
    return left


def _left_text(_: Texts, title: str, what: str) -> str:
    return (
        _("You stopped taking part in <b>%(title)s</b>.", title=title)
        + " "
        + what
        + "\n\n"
        + _("You will get no more messages about this session.")
    )


async def leave_cancelled(update: Update, context: BotContext) -> None:
    """Stay after all."""
    _ = context.texts
    await edit(update, _("Good: you still take part. Nothing has changed."))


async def my_data(update: Update, context: BotContext) -> None:
    """Send everything stored about the person, as a JSON document."""
    _ = context.texts
    data = await mydata.export(context.db, context.actor)
    if data is None:
        await send(update, context, _("We store nothing about you."))
        return
    document = {"about": str(_("Everything Dialoogbot stores about you.")), **data}
    payload = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    await context.bot.send_document(
        chat_of(context.actor),
        InputFile(payload, filename="dialoogbot-mijn-gegevens.json"),
        caption=str(_("Everything Dialoogbot stores about you.")),
    )


async def forget_me(update: Update, context: BotContext) -> None:
    """Ask for confirmation before erasing the person."""
    _ = context.texts
    await send(
        update,
        context,
        _(
            "Do you want us to erase everything about you? Your answers are deleted too, also"
            " from summaries that were made before. This cannot be undone."
        ),
        keyboards.forget(_),
    )


async def forget_confirmed(update: Update, context: BotContext) -> None:
    """Erase the person and their words everywhere."""
    _ = context.texts
    gone = await mydata.forget(context.db, context.clock, context.actor)
    # Rendered summaries and PDFs in memory may hold their words: none is sent again.
    context.services.delivery.forget_summary_copies()
    log.info(
        "person_forgotten",
        participations=gone.participations,
        answers=gone.contributions,
        summaries_changed=gone.summaries_changed,
        scrubbed=gone.scrubbed,
    )
    await edit(
        update,
        _("Done. We erased everything about you.")
        + " "
        + _.ngettext(
            "That includes %(num)d answer.", "That includes %(num)d answers.", gone.contributions
        )
        + " "
        + _("Goodbye!"),
    )


async def forget_cancelled(update: Update, context: BotContext) -> None:
    """Keep everything."""
    _ = context.texts
    await edit(update, _("Okay, nothing was erased."))


async def _ask_how_to_leave(update: Update, context: BotContext, participant_id: int) -> None:
    _ = context.texts
    item = await leaving.membership(context.db, participant_id)
    await send(
        update,
        context,
        _("You want to stop taking part in <b>%(title)s</b>.", title=item.session.title)
        + "\n\n"
        + _("What should happen to the answers you gave?"),
        keyboards.leave_choice(_, participant_id),
    )
