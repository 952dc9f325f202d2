"""What a facilitator reads in the guided dialogues: each step's question, and what it led to.

The steps and their results come from flows/ (flows/guided.py declares them); the words are
chosen here, so every channel asks the same questions.
"""

from __future__ import annotations

from markupsafe import Markup

from flows.action_dialogue import ActionStepResult, Outcome
from flows.guided import Guided, NewSessionStep
from reports import labels
from reports.i18n import Texts


def new_session_question(_: Texts, step: NewSessionStep) -> Markup:
    """The question at a step of the new-session dialogue."""
    if step is NewSessionStep.TITLE:
        return (
            _("Let's make a new session.")
            + "\n\n"
            + _(
                "What is its title? For example: Evaluation neighbourhood teams East, spring 2027."
            )
            + "\n\n"
            + _("Type /cancel to stop.")
        )
    if step is NewSessionStep.THEME:
        return _("What is the theme? Choose one, or type your own.")
    return _("Who do you invite? Tap a perspective to switch it on or off. Then tap Done.")


def use_buttons(_: Texts) -> Markup:
    """A typed text at a step that is answered with buttons."""
    return _("Please use the buttons above, or type /cancel to stop.")


def theme_label(_: Texts, index: str) -> str | None:
    """The theme a button stands for, in the reader's language (None: no such button)."""
    if not index.isdecimal() or int(index) >= len(labels.THEMES):
        return None
    return str(_(labels.THEMES[int(index)]))


def party_label(_: Texts, index: str) -> str | None:
    """The party a button stands for, in the reader's language (None: no such button)."""
    if not index.isdecimal() or int(index) >= len(labels.PARTIES):
        return None
    return str(_(labels.PARTIES[int(index)]))


def action_step(_: Texts, result: ActionStepResult) -> Markup:
    """The question or confirmation after a step of the action dialogues."""
    changing = result.dialogue is Guided.EDIT_ACTION
    outcome = result.outcome
    if outcome is Outcome.ASK_WHAT:
        if changing:
            return _("Type the new description of the action.")
        return (
            _("What did you agree? Describe the action in one or two sentences.")
            + "\n\n"
            + _("Type /cancel to stop.")
        )
    if outcome is Outcome.ASK_OWNER:
        if changing:
            return _("Who does it? Choose, or type the name.")
        return _(
            "Who does it? Choose a party, or type the name (for example of a partner organisation)."
        )
    if outcome is Outcome.ASK_DUE:
        return _(
            "By when? Choose, or type a date (for example 15 January, in 3 weeks or end of March)."
        )
    if outcome is Outcome.ASK_BACK:
        reading = result.reading
        if reading is None or reading.guess is None:
            raise ValueError("only a guessed day is asked back")
        question = _(labels.DUE_GUESS[reading.guess], date=_.date(reading.day))
        return question + "\n" + _("If not, type the day you mean.")
    if outcome is Outcome.RETYPE:
        return _("Then type the day, for example 15 March 2027.")
    if outcome is Outcome.ASK_THEME:
        question = _("Which theme does it come from? Choose below.")
        shown = result.themes_shown
        if shown.pages > 1:
            question += " " + _(
                "Page %(page)d of %(pages)d.", page=shown.page + 1, pages=shown.pages
            )
        if result.dialogue == Guided.EDIT_ACTION:
            return question
        return _("✓ Action saved.") + "\n\n" + question
    if outcome is Outcome.SAVED:
        return _("✓ Action saved.")
    if outcome is Outcome.THEMED:
        # It was saved before its theme was asked: saying so again would read as a second one.
        if result.action is not None and result.action.theme_id is not None:
            return _("✓ The theme is noted with the action.")
        return _("✓ Noted: this action comes from no theme.")
    return _("✓ Action changed.")


def which_field(_: Texts, what: str) -> Markup:
    """Asked before changing an action (`what` it is): which part."""
    return _("What do you want to change of this action?") + Markup("\n\n{}").format(what)


def progress_note_question(_: Texts) -> Markup:
    return _("Do you want to add a short note? Type it now, or tap the button.")


def progress_reported(_: Texts) -> Markup:
    return _("Thank you. The organisers get your update.")


def settings_text(_: Texts, quiet: bool, tz: str) -> Markup:
    """The session's settings as they are now (the buttons below change them)."""
    if quiet:
        hours = _(
            "Quiet hours are on: between 21:00 and 08:00 (%(tz)s) the bot sends nothing of its"
            " own accord; it waits for the morning.",
            tz=tz,
        )
    else:
        hours = _(
            "Quiet hours are off: questions and reminders go out at any hour (for a live session)."
        )
    return (
        _("<b>Settings of this session</b>")
        + "\n\n"
        + hours
        + "\n"
        + _("Reminders go only to those who have not answered yet, at most two per round.")
    )
