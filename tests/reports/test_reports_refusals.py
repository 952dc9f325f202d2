"""Refusals: every code the domain gives has its own words, in both languages."""

from __future__ import annotations

import pytest

from flows.errors import FlowError, Gone, InvalidInput
from reports.i18n import Texts
from reports.refusals import REFUSALS, UNKNOWN, refusal


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_each_code_has_words_of_its_own(lang: str) -> None:
    _ = Texts(lang)
    general = refusal(_, FlowError("no_such_code"))
    assert general == _(UNKNOWN)
    texts = {code: refusal(_, FlowError(code, limit=40)) for code in REFUSALS}
    assert general not in texts.values()
    assert len(set(texts.values())) == len(REFUSALS)


def test_a_number_in_the_refusal_comes_from_the_error() -> None:
    _ = Texts("en")
    text = refusal(_, InvalidInput("too_long", field="pseudonym", limit=40))
    assert text == _("That is too long. Please use at most %(limit)d characters.", limit=40)
    assert "40" in text
    assert "40" not in refusal(_, InvalidInput("too_long"))


def test_known_refusals_read_as_before() -> None:
    _ = Texts("nl")
    assert refusal(_, Gone("invite_used")) == _(
        "This link has already been used: it works for one person only."
        " If it was meant for you, ask the person who sent it for a link of your own."
    )
    assert refusal(_, Gone()) != refusal(_, Gone("invite_used"))
