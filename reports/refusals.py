"""Plain words for every refusal the domain can give, keyed on the error's code."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from markupsafe import Markup

from flows.errors import FlowError
from reports import labels
from reports.i18n import N_, Texts

# The words for each `FlowError.code`; `%(name)s` takes the error's detail of that name.
REFUSALS: dict[str, str] = {
    "not_allowed": N_(
        "Sorry, that is not something you can do. Type /help to see what you can do."
    ),
    # An old button of a session they stopped taking part in (a pop-up: at most 200 characters).
    "left_session": N_(
        "You stopped taking part in this session, so this button no longer works for you."
        " Want to take part again? Ask the facilitator for a new link."
    ),
    "answer_gone": N_("This answer is no longer there: the person who wrote it removed it."),
    "no_active_session": N_(
        "Choose a session first with /sessions, or start a new one with /new."
    ),
    "gone": N_("This button no longer works. Type /help to see what you can do now."),
    # Words typed in a leader's step whose subject went meanwhile (an action dropped, a
    # theme merged away): the step has ended.
    "step_gone": N_(
        "I didn't save this: what you were working on is no longer there."
        " Type /help to see what you can do now."
    ),
    "invite_invalid": N_(
        "This invite link does not work (anymore). Ask the person who sent it for a new link."
    ),
    "invite_used": N_(
        "This link has already been used: it works for one person only."
        " If it was meant for you, ask the person who sent it for a link of your own."
    ),
    "summary_sent": N_("The summary has already gone out, so this can no longer be changed."),
    "summary_unchanged": N_(
        "Nothing has changed since the last version went out, so nothing was sent."
        " Change the draft first; approving it then sends a correction."
    ),
    # An approval of a draft that changed since the approver was shown it (a pop-up in
    # Telegram: at most 200 characters).
    "summary_changed": N_(
        "The draft has changed since you looked at it, so nothing was sent."
        " Check it as it is now, then approve it again."
    ),
    "summary_sent_before": N_(
        "Meanwhile a version of the summary went out, so nothing was sent now."
        " Check the draft as it is now with /summary."
    ),
    "joins_closed": N_("This session no longer takes new participants. Ask the facilitator."),
    "session_closed": N_("This session is closed."),
    "round_still_open": N_("A round is still open. Close it first with /close."),
    "all_rounds_done": N_(
        "All rounds are done. Record the actions with /action and send the summary with /summary."
    ),
    "no_round_open": N_("No round is open right now. Open the next one with /open."),
    "close_round_first": N_("Close the open round first with /close."),
    "nothing_to_summarise": N_(
        "There is nothing to summarise yet. Open the first round with /open."
    ),
    "round_closed": N_("This round is closed, so you can't change this answer anymore."),
    # A deadline button under a round that has closed since (a pop-up).
    "round_over": N_("This round has closed already, so this button no longer does anything."),
    "empty": N_("That is empty. Please type a text."),
    "too_long": N_("That is too long. Please use at most %(limit)d characters."),
    "no_perspectives": N_("Choose at least one perspective."),
    "date_unreadable": N_(
        "I can't read that date. Type a day, such as 15 January 2027 or 15-1-2027, or for"
        " example: in 3 weeks, end of March, Q1 2027 or before the summer."
    ),
    "duration_unreadable": N_(
        "I can't read that duration. Try for example /open 90m, /open 2d or /open 1 week."
    ),
    "duration_out_of_range": N_("Choose a duration between 1 minute and 8 weeks."),
    "reminders_used": N_("Two reminders were sent in this round already. That is the most."),
    "date_in_past": N_("That date has already passed. Please choose a date in the future."),
    "question_round_started": N_(
        "This round has already started, so its question stays as it was asked."
        " You can still change the questions of the rounds that have not started yet."
    ),
    "theme_exists": N_("There is already a theme with that name. Please choose another name."),
    "same_theme": N_("Choose two different themes."),
    # A theme chosen from a list or a page shown before another leader merged it away.
    "no_such_theme": N_(
        "That theme is no longer there: it was merged into another theme."
        " Please choose another theme."
    ),
    "no_closed_round": N_("No round has closed yet. Close one first with /close."),
    "nothing_to_mirror": N_(
        "The last closed round has no answers, so there is nothing to share. I sent nothing."
    ),
    "round_empty": N_("That round has no answers left to share. I sent nothing."),
    "not_gathering_actions": N_(
        "Proposals can be made and backed after the last round, until the summary goes out."
    ),
    # A participant asking for the leaders' list of proposals: their own part in it, with the
    # buttons to take it (at most 200 characters, as every refusal a pop-up may show).
    "propose_instead": N_(
        "Turning proposals into agreements is for the facilitator. You can propose an action"
        " yourself, or back the proposals of others: use the buttons below."
    ),
    "proposals_later": N_(
        "Turning proposals into agreements is for the facilitator. After the last round you can"
        " propose actions yourself: I will send you a message when it is time."
    ),
    "proposals_after_extra": N_(
        "Turning proposals into agreements is for the facilitator. An extra round is open now."
        " Once it is closed, you can propose actions again: type /proposals then."
    ),
    # An organiser asking for a leaders' act (at most 200 characters: it may be a pop-up).
    "for_leaders": N_(
        "That is for the facilitator. As an organiser you get the summary and the printable"
        " report once they are sent, and from then on the results as tables with /export."
    ),
    "own_proposal": N_("This is your own proposal: others can back it."),
    "export_after_summary": N_(
        "You can download the results once the summary is sent. Until then they are for the"
        " facilitator, who checks them first."
    ),
    "results_after_summary": N_(
        "You can read this once the summary is sent. Until then it is for the facilitator."
    ),
    "own_answer": N_("This is your own answer: the others can mark it as recognisable."),
    "proposal_agreed": N_("This proposal is already an agreed action."),
    "not_a_number": N_("Please type a number from 0 to %(limit)d."),
}
UNKNOWN = N_("Sorry, that did not work. Type /help to see what you can do.")
# Every detail these texts name is a number; one the error lacks reads as 0, not as a crash.
_DETAIL = re.compile(r"%\((\w+)\)d")


def _number(details: Mapping[str, object], name: str) -> int:
    found = details.get(name, 0)
    return found if isinstance(found, int) else 0


def _fewer_than_joined(_: Texts, details: Mapping[str, object]) -> Markup:
    """An invited number below how many of that perspective already joined."""
    perspective = str(details.get("perspective", ""))
    return _.ngettext(
        "Of the %(who)s, %(num)d has already joined. Please type a number from %(num)d to"
        " %(limit)d.",
        "Of the %(who)s, %(num)d have already joined. Please type a number from %(num)d to"
        " %(limit)d.",
        _number(details, "joined"),
        who=_(labels.PEOPLE.get(perspective, perspective)),
        limit=_number(details, "limit"),
    )


def _not_a_number(_: Texts, details: Mapping[str, object]) -> Markup:
    """No number, or one too big; for the number invited of a perspective, which one (a
    form has one such field per perspective)."""
    perspective = str(details.get("perspective", ""))
    if perspective not in labels.PEOPLE:
        return _(REFUSALS["not_a_number"], limit=_number(details, "limit"))
    return _(
        "For the %(who)s invited, please type a number from 0 to %(limit)d.",
        who=_(labels.PEOPLE[perspective]),
        limit=_number(details, "limit"),
    )


# Refusals whose words need more than numbers: a perspective by name, a count that makes
# the sentence singular or plural.
WORDED: dict[str, Callable[[Texts, Mapping[str, object]], Markup]] = {
    "fewer_than_joined": _fewer_than_joined,
    "not_a_number": _not_a_number,
}


def refusal(_: Texts, error: FlowError) -> Markup:
    """Plain words for why the domain said no; a code without words gets a general no."""
    worded = WORDED.get(error.code)
    if worded is not None:
        return worded(_, error.details)
    message = REFUSALS.get(error.code)
    if message is None:
        return _(UNKNOWN)
    return _(message, **{name: error.details.get(name, 0) for name in _DETAIL.findall(message)})
