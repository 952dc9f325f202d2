"""The interval the theme benchmark prints beside its scores: Wilson's, at 95%."""

from __future__ import annotations

import math

import pytest

from bench.measure import wilson


def test_all_or_nothing_gives_the_textbook_bounds() -> None:
    # z² / (n + z²): the bound Wilson's interval has when every case, or none, is a hit.
    assert wilson(0.0, 5) == (0.0, pytest.approx(1.96**2 / (5 + 1.96**2)))
    assert wilson(1.0, 10) == (pytest.approx(10 / (10 + 1.96**2)), 1.0)


def test_a_session_of_130_answers_is_about_seven_points_either_way() -> None:
    low, high = wilson(0.75, 130)
    assert (round(low, 3), round(high, 3)) == (0.669, 0.817)
    # More answers, a narrower interval around the same share.
    wide = high - low
    low, high = wilson(0.75, 1300)
    assert high - low < wide / 3


def test_no_cases_say_nothing() -> None:
    assert all(math.isnan(bound) for bound in wilson(0.5, 0))
