"""Broad recognition across perspectives: crafted cases of the Pol.is-style consensus."""

from __future__ import annotations

import pytest

from flows.recognition import broadly, chance, consensus


def test_the_chance_of_a_perspective_is_smoothed_by_one_and_two() -> None:
    assert chance(0, 0) == 0.5
    assert chance(3, 4) == pytest.approx(4 / 6)
    assert chance(1, 2) == 0.5


def test_a_big_group_alone_does_not_make_an_item_broad() -> None:
    shown = {"parent": 2, "family_worker": 20}
    recognised = {"family_worker": 20}
    assert not broadly(recognised, shown)
    # Even though 20 of 22 people recognised it.
    assert consensus(recognised, shown) == pytest.approx((1 / 4) * (21 / 22))


def test_two_small_groups_that_agree_make_it_broad() -> None:
    shown = {"parent": 2, "family_worker": 2}
    assert broadly({"parent": 2, "family_worker": 2}, shown)
    assert consensus({"parent": 2, "family_worker": 2}, shown) == pytest.approx(0.75 * 0.75)


def test_half_of_a_group_is_not_enough() -> None:
    shown = {"parent": 2, "family_worker": 2}
    assert not broadly({"parent": 1, "family_worker": 2}, shown)


def test_a_perspective_that_did_not_get_the_mirror_does_not_count() -> None:
    assert broadly({"parent": 1}, {"parent": 1})
    assert not broadly({}, {})


def test_more_than_half_of_every_perspective_is_what_the_texts_promise() -> None:
    """The texts say "more than half of every perspective": (r + 1) / (n + 2) > 0.5 is r > n / 2."""
    for n in range(1, 12):
        for r in range(0, n + 1):
            assert broadly({"parent": r}, {"parent": n}) == (r > n / 2), (r, n)


def test_a_perspective_whose_people_all_erased_their_data_has_no_say_any_more() -> None:
    recognised = {"parent": 2, "worker": 1}
    assert broadly(recognised, {"parent": 3, "worker": 1, "partner": 0})
    assert not broadly({}, {"partner": 0})
