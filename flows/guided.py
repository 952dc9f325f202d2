"""The guided dialogues: each one's steps, declared once, with the act a typed step is checked as.

A channel keeps where a person is as (dialogue, step) strings (flows/dialogue.py stores them,
so a restart loses no step); these enums are the only place those strings are written.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from flows.access import Act, TargetKind


class Guided(StrEnum):
    """The facilitator's guided dialogues (the stored values must stay: open dialogues use them)."""

    NEW_SESSION = "new_session"
    NEW_ACTION = "action"
    EDIT_ACTION = "action_edit"
    PROGRESS_NOTE = "progress"
    QUESTION = "question"
    SUMMARY_DRAFT = "summary_draft"
    THEMES = "themes"
    PROPOSAL = "proposal"  # a participant's: an action they propose


class NewSessionStep(StrEnum):
    """A new session: title, theme, the perspectives to invite; then it is created."""

    TITLE = "title"
    THEME = "theme"
    PERSPECTIVES = "perspectives"  # answered with buttons; Done creates the session


class ActionStep(StrEnum):
    """An agreed action: what, who does it, by when. Changing one asks for one of these."""

    WHAT = "what"
    WHO = "owner"
    DUE = "due"
    THEME = "theme"  # answered with buttons, once the session has themes


class ProgressStep(StrEnum):
    """After choosing how an action goes: an optional note."""

    NOTE = "note"


class QuestionStep(StrEnum):
    """A session's own wording of a round's question: typed after choosing round and readers."""

    TEXT = "text"


class ProposalStep(StrEnum):
    """A participant's proposal: the words of the action they propose."""

    TEXT = "text"


class SummaryStep(StrEnum):
    """The summary draft: a cover fact, a paragraph or an invited number, typed one at a time."""

    MUNICIPALITY = "municipality"
    AREA = "area"
    FACILITATOR = "facilitator_name"
    OPENING = "opening"
    CLOSING = "closing"
    INVITED = "invited"  # for the perspective kept in the dialogue's data


class ThemeStep(StrEnum):
    """Sorting answers into themes: typed themes, a new theme's name, a theme's new name."""

    ADD = "add"
    NAME = "name"
    RENAME = "rename"


@dataclass(frozen=True, slots=True)
class StepRule:
    """What a typed text at this step is checked as, and which stored value names its row."""

    act: Act
    target: TargetKind
    row_key: str | None  # the key in the dialogue's data that holds the row id


_NEW_SESSION = StepRule(Act.NEW_SESSION, TargetKind.NONE, None)
_ADD_ACTION = StepRule(Act.ADD_ACTION, TargetKind.SESSION, "session_id")
_EDIT_ACTION = StepRule(Act.EDIT_ACTION, TargetKind.SESSION, "session_id")

# (dialogue, step) -> how a typed text there is checked
STEPS: dict[tuple[str, str], StepRule] = {
    **{(Guided.NEW_SESSION, step): _NEW_SESSION for step in NewSessionStep},
    **{(Guided.NEW_ACTION, step): _ADD_ACTION for step in ActionStep},
    **{(Guided.EDIT_ACTION, step): _EDIT_ACTION for step in ActionStep},
    (Guided.PROGRESS_NOTE, ProgressStep.NOTE): StepRule(
        Act.REPORT_PROGRESS, TargetKind.ACTION, "action_id"
    ),
    (Guided.QUESTION, QuestionStep.TEXT): StepRule(
        Act.SET_QUESTIONS, TargetKind.SESSION, "session_id"
    ),
    **{
        (Guided.SUMMARY_DRAFT, step): StepRule(Act.EDIT_SUMMARY, TargetKind.SESSION, "session_id")
        for step in SummaryStep
    },
    **{
        (Guided.THEMES, step): StepRule(Act.SORT_ANSWERS, TargetKind.SESSION, "session_id")
        for step in ThemeStep
    },
    (Guided.PROPOSAL, ProposalStep.TEXT): StepRule(
        Act.PROPOSE, TargetKind.PARTICIPANT, "participant_id"
    ),
}


@dataclass(frozen=True, slots=True)
class Next:
    """A step went well: the dialogue is now at `step` (None: it is over)."""

    dialogue: Guided
    step: str | None
