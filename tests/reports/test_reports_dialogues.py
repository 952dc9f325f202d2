"""Every step and outcome of the guided dialogues has words, in Dutch and in English."""

from __future__ import annotations

import datetime as dt

import pytest

from flows.action_dialogue import ActionStepResult, Outcome
from flows.dates import DueReading, Guess
from flows.guided import Guided, NewSessionStep
from reports import dialogues
from reports.i18n import Texts


@pytest.mark.parametrize("step", list(NewSessionStep))
def test_each_new_session_step_asks_in_both_languages(step: NewSessionStep) -> None:
    dutch = dialogues.new_session_question(Texts("nl"), step)
    english = dialogues.new_session_question(Texts("en"), step)
    assert dutch and english and dutch != english


@pytest.mark.parametrize("dialogue", [Guided.NEW_ACTION, Guided.EDIT_ACTION])
@pytest.mark.parametrize("outcome", list(Outcome))
def test_each_action_outcome_has_words(dialogue: Guided, outcome: Outcome) -> None:
    reading = DueReading(dt.date(2027, 3, 31), Guess.PERIOD)
    result = ActionStepResult(dialogue, outcome, 1, reading=reading)
    dutch = dialogues.action_step(Texts("nl"), result)
    english = dialogues.action_step(Texts("en"), result)
    assert dutch and english and dutch != english


def test_a_period_asked_back_names_the_day() -> None:
    reading = DueReading(dt.date(2027, 3, 31), Guess.PERIOD)
    result = ActionStepResult(Guided.NEW_ACTION, Outcome.ASK_BACK, 1, reading=reading)
    assert "31 maart 2027" in dialogues.action_step(Texts("nl"), result)


def test_a_new_action_and_a_change_are_asked_differently() -> None:
    _ = Texts("en")
    new = ActionStepResult(Guided.NEW_ACTION, Outcome.ASK_OWNER, 1)
    change = ActionStepResult(Guided.EDIT_ACTION, Outcome.ASK_OWNER, 1)
    assert dialogues.action_step(_, new) != dialogues.action_step(_, change)


def test_button_labels_only_for_real_buttons() -> None:
    _ = Texts("nl")
    assert dialogues.theme_label(_, "0")
    assert dialogues.party_label(_, "0")
    for bogus in ("99", "-1", "x", ""):
        assert dialogues.theme_label(_, bogus) is None
        assert dialogues.party_label(_, bogus) is None
