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


class ProposalStep(StrEnum):
    """A participant's proposal: the words of the action they propose."""

    TEXT = "text"


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
    (Guided.PROPOSAL, ProposalStep.TEXT): StepRule(
        Act.PROPOSE, TargetKind.PARTICIPANT, "participant_id"
    ),
}


@dataclass(frozen=True, slots=True)
class Next:
    """A step went well: the dialogue is now at `step` (None: it is over)."""

    dialogue: Guided
    step: str | None
