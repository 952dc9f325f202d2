"""A text of invisible characters only is refused as empty wherever words are typed: an
answer, a title, a theme, a proposal, a question's wording, a pseudonym. Such a text was
stored and then showed up as a blank answer, name or button."""

from __future__ import annotations

import pytest

from flows.answering import clean_answer
from flows.errors import InvalidInput
from flows.joining import clean_pseudonym
from flows.sessions import clean_text
from flows.visible import shows_nothing

INVISIBLE = [
    "\u200b\u200b",  # zero-width spaces
    "\u200e\u202e",  # direction marks
    "\u2800\u2800",  # blank Braille cells
    "\u3164",  # a Hangul filler
    "\u00a0\u2003\ufeff",  # a no-break space, an em space, a byte order mark
]


@pytest.mark.parametrize("text", INVISIBLE)
def test_a_text_of_invisible_characters_is_empty_everywhere(text: str) -> None:
    assert shows_nothing(text)
    with pytest.raises(InvalidInput, match="empty"):
        clean_answer(text)
    with pytest.raises(InvalidInput, match="empty"):
        clean_text(text, limit=100, field="theme")
    with pytest.raises(InvalidInput, match="empty"):
        clean_pseudonym(text)


def test_words_with_invisible_characters_among_them_are_kept_as_typed() -> None:
    assert not shows_nothing("a\u200b")
    assert not shows_nothing("😀")
    assert clean_answer(" Het\u200bwachten duurde lang ") == "Het\u200bwachten duurde lang"
    assert clean_pseudonym("Juf\u00a0Ria") == "Juf Ria"
