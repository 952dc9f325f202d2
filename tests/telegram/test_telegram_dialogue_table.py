"""The Telegram channel handles every step flows/ declares, checked as flows/ says."""

from __future__ import annotations

from bot.app import DIALOGUE_STEPS, TYPED_IN_DIALOGUE
from flows.guided import STEPS


def test_every_declared_step_has_a_handler_with_its_act() -> None:
    for key, rule in STEPS.items():
        step = DIALOGUE_STEPS[key]
        assert (step.act, step.target, step.row_key) == (rule.act, rule.target, rule.row_key)


def test_a_stored_dialogue_finds_its_step_by_plain_strings() -> None:
    # The database keeps the names as text: the table must answer to plain strings.
    assert ("new_session", "title") in DIALOGUE_STEPS
    assert ("action_edit", "due") in DIALOGUE_STEPS
    assert ("progress", "note") in DIALOGUE_STEPS


def test_no_handler_waits_at_a_step_flows_does_not_declare() -> None:
    assert set(TYPED_IN_DIALOGUE) <= set(STEPS)
