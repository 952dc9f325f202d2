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


@pytest.mark.parametrize(
    ("lang", "joined", "said"),
    [
        ("nl", 5, "Er hebben zich al 5 van de ouders/inwoners aangemeld. Typ een getal van 5 tot en met 10000."),
        ("nl", 1, "Er heeft zich al 1 van de ouders/inwoners aangemeld. Typ een getal van 1 tot en met 10000."),
        ("en", 5, "Of the parents/residents, 5 have already joined. Please type a number from 5"
                  " to 10000."),
        ("en", 1, "Of the parents/residents, 1 has already joined. Please type a number from 1"
                  " to 10000."),
    ],
)  # fmt: skip
def test_an_invited_number_below_those_who_joined_names_them(
    lang: str, joined: int, said: str
) -> None:
    error = InvalidInput(
        "fewer_than_joined", field="invited", perspective="parent", joined=joined, limit=10_000
    )
    assert refusal(Texts(lang), error) == said
