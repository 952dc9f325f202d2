"""What a participant reads after joining, answering and changing answers.

The flows say what happened (flows.joining, flows.screening, flows.answering); these
functions choose the words for it in the reader's language. Same words in every channel.
"""

from __future__ import annotations

from markupsafe import Markup

from flows.answering import OWN_EXCERPT, NotNow, OwnAnswers, OwnAnswersPage, Stored
from flows.joining import Joined, Welcome
from flows.model import Phase
from flows.pii import Detail
from flows.screening import Label, Screened, masked
from reports import labels
from reports.i18n import Texts
from reports.render import render


def detail_label(_: Texts) -> Label:
    """The reader's word for a kind of detail: hidden details read as [name], [place]."""
    return lambda kind: str(_(labels.DETAIL[Detail(kind).value]))


def quote(text: str, limit: int = 500) -> Markup:
    """The start of an answer, escaped, in italics under a blank line."""
    preview = text if len(text) <= limit else text[: limit - 1] + "…"
    return Markup("\n\n<i>{}</i>").format(preview)


# Joining.


def welcome_refused(_: Texts, welcome: Welcome, title: str) -> Markup:
    """Why an invite does not lead to the consent question."""
    if welcome is Welcome.JOINS_CLOSED:
        return _("This session no longer takes new participants. Ask the facilitator.")
    return _(
        "You already take part in <b>%(title)s</b>. Type /help to see where you are.",
        title=title,
    )


def already_taking_part(_: Texts) -> Markup:
    return _("You already take part. Type /help to see where you are.")


def ask_display(_: Texts) -> Markup:
    return (
        _("Thank you for taking part!")
        + "\n\n"
        + _(
            "How do you want to appear in the summary? Others never see your Telegram name or number."
        )
    )


def ask_display_again(_: Texts) -> Markup:
    """The name step, asked again after words typed there answered a round's question."""
    return _(
        "How do you want to appear in the summary? Others never see your Telegram name or number."
    )


def declined(_: Texts) -> Markup:
    return _("Okay, no problem. We did not store anything about you. Thank you, and goodbye!")


def ask_pseudonym(_: Texts) -> Markup:
    return _(
        "Which name do you want to use? Type it now (at most 40 characters). Tip: do not use your full real name."
    )


def ask_summary_wish(_: Texts) -> Markup:
    return _("Do you want to receive the summary when the session is done?")


def all_set(_: Texts) -> Markup:
    return _("All set. Thank you!")


def after_joining(_: Texts, lang: str, joined: Joined) -> str:
    """The open round's question, or when it will come."""
    if joined.open_round is not None:
        return render(
            lang,
            "telegram/question.j2",
            session=joined.session,
            kind=joined.open_round.kind,
            perspective=joined.participant.perspective,
            wording=joined.wording,
            closes_at=joined.open_round.closes_at,
        )
    if joined.session.phase == Phase.DRAFT:
        return _(
            "The first round has not started yet. I will send you the question when it starts."
        )
    return _("The next round has not started yet. I will send you the question when it starts.")


# Answering.


def saved(_: Texts, stored: Stored) -> Markup:
    return (
        _("✓ Saved.")
        + " "
        + _.ngettext(
            "This is your first answer in “%(round)s”.",
            "You have now given %(num)d answers in “%(round)s”.",
            stored.own_count,
            round=_(labels.ROUND_TITLE[stored.round.kind]),
        )
    )


def saved_with_offer(_: Texts, screened: Screened) -> Markup:
    """Saved, and the details the guard found: how the answer reads with them hidden."""
    hidden = masked(screened.stored.contribution.body, screened.findings, detail_label(_))
    return (
        saved(_, screened.stored)
        + "\n\n"
        + _(
            "Careful: your answer may hold details that show who someone is, such as a name,"
            " a place or a phone number. With those details hidden, it reads:"
        )
        + quote(hidden)
        + "\n\n"
        + _("What do you want?")
    )


def which_session(_: Texts) -> Markup:
    return _(
        "You take part in more than one session with an open round."
        " Which session is this answer for?"
    )


def not_now(_: Texts, refused: NotNow, *, known: bool = False, left: bool = False) -> Markup:
    """Why typed words were not stored; `known`: the person leads, organises or carries out
    an action, so they take part otherwise than by answering; `left`: they stopped taking
    part (and have no other part here)."""
    if refused.reason == "session_ended":
        return _(
            "The session has ended, so I did not save this. Type /help to see what you can"
            " still do."
        )
    if refused.closed is not None:
        return _(
            "The round “%(round)s” is closed, so I did not save this."
            " I will send you a message when the next round starts.",
            round=_(labels.ROUND_TITLE[refused.closed.kind]),
        )
    if refused.reason == "no_open_round":
        return _(
            "No round is open right now, so I did not save this."
            " I will send you a message when the next round starts."
        )
    if left:
        return _(
            "You stopped taking part in the session, so what you typed was not saved."
            " Want to take part again? Ask the facilitator for a new link."
        )
    if known:
        return _(
            "I didn't save this: typed text is only kept as a participant's answer, or when I"
            " ask you for something. Type /help to see what you can do."
        )
    return _(
        "I don't know you from a session yet, so I did not save this."
        " To take part, open the invite link you got from the facilitator."
    )


def questions_done(_: Texts) -> Markup:
    """Typed words after the last round, while actions are proposed: not an answer."""
    return (
        _("The questions are done for now, so I did not save this as an answer.")
        + " "
        + _("You can propose an action, or back the proposals of others.")
    )


def followed_edit(_: Texts) -> Markup:
    return _("✓ You changed your message, so I changed your saved answer too.")


def own_answers(lang: str, listed: OwnAnswersPage) -> str:
    """A page of one's answers in the open rounds."""
    return render(lang, "telegram/own_answers.j2", p=listed, excerpt=OWN_EXCERPT)


def ask_new_text(_: Texts, body: str) -> Markup:
    return _("Send the new text for this answer:") + quote(body)


def changed(_: Texts) -> Markup:
    return _("✓ Changed. Your answer is saved.")


def kept_as_is(_: Texts) -> Markup:
    return _("Okay, your answer stays as it is.")


def ask_delete(_: Texts, body: str) -> Markup:
    return _("Do you want to delete this answer?") + quote(body)


def deleted(_: Texts, remaining: OwnAnswers) -> Markup:
    if not remaining.contributions:
        # Not "0 answers left": say what is true and what they can still do.
        return (
            _("🗑 Deleted.")
            + " "
            + _("You have no answers in this round now. You can type a new one while it is open.")
        )
    return (
        _("🗑 Deleted.")
        + " "
        + _.ngettext(
            "You have %(num)d answer left in this round.",
            "You have %(num)d answers left in this round.",
            len(remaining.contributions),
        )
    )


def details_hidden(_: Texts, stored: Stored) -> Markup:
    return _("✓ Done. I saved your answer like this:") + quote(stored.contribution.body)


def details_kept(_: Texts) -> Markup:
    return _(
        "Okay, your answer stays as you wrote it. The facilitator will see a note to check"
        " it before the summary goes out."
    )
