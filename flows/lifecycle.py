"""The life of a session: draft → went well → hurt → needed → actions → closed."""

from __future__ import annotations

from enum import StrEnum

from flows.errors import WrongPhase
from flows.model import Phase, RoundKind


class Event(StrEnum):
    OPEN_ROUND = "open_round"
    CLOSE_ROUND = "close_round"
    SEND_SUMMARY = "send_summary"


# (phase, event, a round is open) -> next phase. Anything else is refused.
TRANSITIONS: dict[tuple[Phase, Event, bool], Phase] = {
    (Phase.DRAFT, Event.OPEN_ROUND, False): Phase.WENT_WELL,
    (Phase.WENT_WELL, Event.OPEN_ROUND, False): Phase.HURT,
    (Phase.HURT, Event.OPEN_ROUND, False): Phase.NEEDED,
    (Phase.WENT_WELL, Event.CLOSE_ROUND, True): Phase.WENT_WELL,
    (Phase.HURT, Event.CLOSE_ROUND, True): Phase.HURT,
    # Closing "what is needed" leaves the table with the actions to agree.
    (Phase.NEEDED, Event.CLOSE_ROUND, True): Phase.ACTIONS,
    # The extra round, when the session has one, comes after "what is needed" and goes
    # back to the actions (see EXTRA_TRANSITIONS).
    (Phase.EXTRA, Event.CLOSE_ROUND, True): Phase.ACTIONS,
    (Phase.WENT_WELL, Event.SEND_SUMMARY, False): Phase.CLOSED,
    (Phase.HURT, Event.SEND_SUMMARY, False): Phase.CLOSED,
    (Phase.ACTIONS, Event.SEND_SUMMARY, False): Phase.CLOSED,
    # Once sent, a corrected version can follow (the session stays "summary sent").
    (Phase.CLOSED, Event.SEND_SUMMARY, False): Phase.CLOSED,
}

# Only while a session has an extra question whose round was not held yet.
EXTRA_TRANSITIONS: dict[tuple[Phase, Event, bool], Phase] = {
    (Phase.ACTIONS, Event.OPEN_ROUND, False): Phase.EXTRA,
}

ROUND_OF_PHASE: dict[Phase, RoundKind] = {
    Phase.WENT_WELL: RoundKind.WENT_WELL,
    Phase.HURT: RoundKind.HURT,
    Phase.NEEDED: RoundKind.NEEDED,
    Phase.EXTRA: RoundKind.EXTRA,
}


def transition(phase: Phase, event: Event, round_open: bool, *, extra_due: bool = False) -> Phase:
    """Return the phase after `event`, or raise WrongPhase with the reason.

    `extra_due`: the session has an extra question and its round was not held yet.
    """
    target = TRANSITIONS.get((phase, event, round_open))
    if target is None and extra_due:
        target = EXTRA_TRANSITIONS.get((phase, event, round_open))
    if target is not None:
        return target
    raise WrongPhase(_reason(phase, event, round_open), phase=phase.value)


def round_for(phase: Phase) -> RoundKind | None:
    """The round that belongs to a phase (the one open or last closed in it)."""
    return ROUND_OF_PHASE.get(phase)


def _reason(phase: Phase, event: Event, round_open: bool) -> str:
    if phase is Phase.CLOSED:
        return "session_closed"
    if event is Event.OPEN_ROUND:
        return "round_still_open" if round_open else "all_rounds_done"
    if event is Event.CLOSE_ROUND:
        return "no_round_open"
    if round_open:
        return "close_round_first"
    return "nothing_to_summarise"
