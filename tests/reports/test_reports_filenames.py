"""File names people save keep to letters, digits and dashes, whatever the title holds."""

from __future__ import annotations

import re

import pytest

from reports.cards import card_filename
from reports.filenames import slug
from reports.pdf import report_filename

SAFE = re.compile(r"[a-z0-9-]+\.pdf")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Wijkteam Noord — évaluatie 2026!", "wijkteam-noord-valuatie-2026"),
        ('"Ouders" & <jeugd>', "ouders-jeugd"),
        ("🙂🙂", "sessie"),
        ("", "sessie"),
    ],
)
def test_slug_keeps_letters_digits_and_dashes(title: str, expected: str) -> None:
    assert slug(title) == expected


def test_a_cut_title_ends_without_a_dash() -> None:
    # Cut at 10 the slug would be "aaaa-bbbb-": a name ending in "-" before ".pdf" looks broken.
    assert slug("aaaa bbbb cccc", 10) == "aaaa-bbbb"
    assert (
        report_filename("aaaa bbbb " * 4 + "cccc")
        == "dialoogbot-aaaa-bbbb-aaaa-bbbb-aaaa-bbbb-aaaa-bbbb.pdf"
    )


def test_pdf_names_are_safe_for_a_header_and_a_phone() -> None:
    for name in (report_filename("Gezin & school: ‘samen’"), card_filename("Ü ß ø", "parent")):
        assert SAFE.fullmatch(name), name
