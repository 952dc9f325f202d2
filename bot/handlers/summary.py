"""Handlers for the summary: the facilitator works on a draft only they see, then approves
and sends it; a later approval sends a correction."""

from __future__ import annotations

import structlog
from telegram import InputFile, Update

from bot import callback_data as cb
from bot import summary_keyboards
from bot.context import BotContext
from bot.handlers.steps import extra, row, typed
from bot.identity import chat_of
from bot.replies import edit, flow_error_text, send
from flows import summary as summary_flow
from flows import summary_draft
from flows.errors import AnswerGone, Gone, WrongPhase
from flows.guided import SummaryStep
from reports import summary as texts
from reports.pdf import PdfFailed, report_filename
from reports.render import render

log = structlog.get_logger()


async def preview(update: Update, context: BotContext) -> None:
    """Show the draft summary and its report to the facilitator, with what they can change."""
    _ = context.texts
    lang = context.actor.lang
    composed = await summary_flow.preview(context.db, context.clock, context.session_id)
    sent = await summary_flow.versions_sent(context.db, context.session_id)
    await send(update, context, texts.preview_note(_, sent))
    await send(update, context, render(lang, "telegram/summary.j2", s=composed, preview=True))
    try:
        pdf = await context.services.pdfs.render(composed, lang)
    except PdfFailed:
        # The draft and its buttons matter more than its PDF: without them, a report that
        # cannot be printed would stop the summary from being approved at all.
        await send(update, context, texts.pdf_failed(_))
    else:
        await context.bot.send_document(
            chat_of(context.actor),
            InputFile(pdf, filename=report_filename(composed.title)),
            caption=texts.pdf_caption(_),
        )
    await _menu(update, context, context.session_id, composed.approval_mark)


async def answers_listed(update: Update, context: BotContext) -> None:
    """Show a page of the answers, each with a button to leave it out or put it back."""
    if extra(context) == summary_keyboards.FIRST_PAGE:
        # From the draft's buttons: a message of its own, so those buttons stay.
        await _page(update, context, row(context), 0, anew=True)
    else:
        await _page(update, context, row(context), _page_number(extra(context)))


async def answer_toggled(update: Update, context: BotContext) -> None:
    """Leave one answer out of the summary, or put it back."""
    page, _dot, wanted = extra(context).partition(".")
    if wanted not in ("", summary_keyboards.LEAVE_OUT, summary_keyboards.KEEP_IN):
        raise Gone()
    # A button from before buttons named their state ("") turns it over.
    out = wanted == summary_keyboards.LEAVE_OUT if wanted else None
    await summary_draft.toggle_left_out(context.db, context.clock, row(context), out=out)
    session_id = await summary_draft.session_of_answer(context.db, row(context))
    await _page(update, context, session_id, _page_number(page))


async def after_answer_gone(update: Update, context: BotContext) -> None:
    """The answer was erased by its writer meanwhile: say so, and show its page anew."""
    page, _dot, _wanted = extra(context).partition(".")
    context.toast = str(flow_error_text(context.texts, AnswerGone()))
    await _page(update, context, context.session_id, _page_number(page))


async def fact_asked(update: Update, context: BotContext) -> None:
    """Ask for a cover fact or the opening or closing paragraph."""
    try:
        step = SummaryStep(extra(context))
    except ValueError:
        raise Gone() from None
    if step is SummaryStep.INVITED:
        raise Gone()
    await summary_draft.ask(context.db, context.clock, context.actor, row(context), step)
    await send(update, context, texts.ask_fact(context.texts, step.value))


async def invited_asked(update: Update, context: BotContext) -> None:
    """Ask which perspective's invited number to set."""
    session = await summary_draft.session(context.db, row(context))
    await send(
        update,
        context,
        texts.pick_perspective(context.texts),
        summary_keyboards.invited(context.texts, session.id, list(session.perspectives)),
    )


async def invited_one_asked(update: Update, context: BotContext) -> None:
    """Ask how many of one perspective were invited."""
    _ = context.texts
    perspective = extra(context)
    await summary_draft.ask(
        context.db, context.clock, context.actor, row(context), SummaryStep.INVITED, perspective
    )
    await send(update, context, texts.ask_invited(_, perspective))


async def fact_typed(update: Update, context: BotContext) -> None:
    """Keep the typed cover fact, paragraph or number, and offer the draft's buttons again."""
    given = await summary_draft.give(context.db, context.clock, context.actor, typed(update))
    saved = texts.draft_saved(context.texts, cleared=given.cleared, invited=given.invited)
    await send(update, context, saved)
    await _menu(update, context, given.session_id, given.mark)


async def send_summary(update: Update, context: BotContext) -> None:
    """Approve the draft and send it to everyone who asked (a correction after the first).

    Changed since the menu was shown with it: nothing is sent, and the draft is shown again
    as it is now."""
    # The version the menu offered to send and the mark of the draft it was shown with. A
    # button from before it named a version has none to check; one from before it carried a
    # mark has "": the draft is shown again, to be checked and approved anew.
    pressed = context.press.extra if context.press is not None else None
    shown, _dot, seen = (pressed or "").partition(summary_keyboards.MARKED)
    version = cb.number(shown) if shown else None
    try:
        sent = await summary_flow.approve_and_send(
            context.db, context.clock, context.actor, row(context), version=version, seen=seen
        )
    except WrongPhase as refused:
        if refused.code != "summary_changed":
            raise
        log.info("refused", act="send_summary", reason=refused.code)
        context.toast = str(flow_error_text(context.texts, refused))
        await preview(update, context)
        return
    log.info(
        "summary_sent",
        summary_id=sent.record.id,
        version=sent.record.version,
        recipients=sent.recipients,
    )
    if sent.record.corrects is None:
        await edit(update, texts.sent(context.texts, sent.recipients))
    else:
        await edit(update, texts.corrected(context.texts, sent.recipients, sent.record.version))


async def _menu(update: Update, context: BotContext, session_id: int, mark: str) -> None:
    """The draft's buttons; `mark`: the `approval_mark` of the draft they are shown with."""
    recipients = await summary_flow.recipient_count(context.db, session_id)
    sent = await summary_flow.versions_sent(context.db, session_id)
    _ = context.texts
    await send(
        update,
        context,
        texts.goes_to(_, recipients, correction=sent > 0) + "\n\n" + texts.draft_menu(_),
        summary_keyboards.draft(_, session_id, recipients, mark, sent=sent),
    )


async def _page(
    update: Update, context: BotContext, session_id: int, number: int, *, anew: bool = False
) -> None:
    page = await summary_draft.answers_page(context.db, session_id, number)
    first = page.page * summary_draft.PAGE_SIZE + 1
    text = render(context.actor.lang, "telegram/summary_answers.j2", page=page, first=first)
    keyboard = summary_keyboards.answers(context.texts, page, first)
    if anew:
        await send(update, context, text, keyboard)
    else:
        await edit(update, text, keyboard)


def _page_number(text: str) -> int:
    page = cb.number(text)
    if page is None:
        raise Gone()
    return page
