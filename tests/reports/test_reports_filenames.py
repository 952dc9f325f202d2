"""File names people save keep to letters, digits and dashes, whatever the title holds, and
are in the reader's language."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from flows.exports import PERSPECTIVES, Export
from reports.cards import card_filename
from reports.exports import TABLES, filename
from reports.filenames import slug
from reports.i18n import Texts
from reports.pdf import report_filename
from reports.rights import export_filename

SAFE = re.compile(r"[a-z0-9-]+\.pdf")
NAME = re.compile(r"[a-z0-9-]+\.(pdf|json|csv)")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # A letter with an accent keeps its letter: no word loses one.
        ("Wijkteam Noord — évaluatie 2026!", "wijkteam-noord-evaluatie-2026"),
        ("Continuïteit en één café", "continuiteit-en-een-cafe"),
        ('"Ouders" & <jeugd>', "ouders-jeugd"),
        ("🙂🙂", "sessie"),
        ("", "sessie"),
    ],
)
def test_slug_keeps_letters_digits_and_dashes(title: str, expected: str) -> None:
    assert slug(title) == expected


def test_a_cut_title_ends_with_a_whole_word() -> None:
    assert slug("aaaa bbbb cccc", 12) == "aaaa-bbbb"
    # Nor with a joining word whose other half was cut off: not "…-jeugd-en".
    assert slug("Evaluatie Buurtteams Jeugd en Gezin — Oost", 33) == "evaluatie-buurtteams-jeugd"
    assert slug("Parents and schools together", 20) == "parents-and-schools"
    assert slug("Ouders van de buurt", 14) == "ouders"
    # One word longer than the limit is cut all the same.
    assert slug("Buurtteamevaluatie", 10) == "buurttea" + "me"


def test_a_cut_title_ends_without_a_dash() -> None:
    # Cut at 10 the slug would be "aaaa-bbbb-": a name ending in "-" before ".pdf" looks broken.
    assert slug("aaaa bbbb cccc", 10) == "aaaa-bbbb"
    assert (
        report_filename("aaaa bbbb " * 4 + "cccc")
        == "dialoogbot-aaaa-bbbb-aaaa-bbbb-aaaa-bbbb-aaaa-bbbb.pdf"
    )


def test_pdf_names_are_safe_for_a_header_and_a_phone() -> None:
    for name in (
        report_filename("Gezin & school: ‘samen’"),
        card_filename(Texts("nl"), "Ü ß ø", "parent"),
        card_filename(Texts("en"), "Ü ß ø", "partner"),
    ):
        assert SAFE.fullmatch(name), name


def test_a_corrected_report_carries_its_version_in_its_name() -> None:
    assert report_filename("Sessie Oost") == "dialoogbot-sessie-oost.pdf"
    assert report_filename("Sessie Oost", 1) == "dialoogbot-sessie-oost.pdf"
    assert report_filename("Sessie Oost", 2) == "dialoogbot-sessie-oost-v2.pdf"


def test_a_card_is_named_in_the_readers_words() -> None:
    # The perspective by its plural label, as the session view's link names the card.
    nl, en = Texts("nl"), Texts("en")
    assert card_filename(nl, "Samen verder", "parent") == "kaart-samen-verder-ouders-inwoners.pdf"
    assert card_filename(en, "Samen verder", "parent") == "card-samen-verder-parents-residents.pdf"
    assert card_filename(nl, "Samen verder", "worker") == "kaart-samen-verder-gezinswerkers.pdf"
    assert card_filename(en, "Samen verder", "worker") == "card-samen-verder-family-workers.pdf"
    assert card_filename(nl, "Oost", "partner") == "kaart-oost-partnerorganisaties.pdf"
    assert card_filename(en, "Oost", "municipality") == "card-oost-municipality.pdf"


def test_ones_own_data_is_named_in_the_readers_words() -> None:
    assert export_filename(Texts("nl")) == "dialoogbot-mijn-gegevens.json"
    assert export_filename(Texts("en")) == "dialoogbot-my-data.json"


def export_in(lang: str) -> Export:
    made_at = dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.UTC)
    return Export(
        1, "Samen verder", "Thema", lang, "Europe/Amsterdam", made_at, [], [], [], [], []
    )


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        # The grid's word is its sheet's: "Thema × perspectief" in a Dutch workbook.
        ("nl", {"themes": "themas", "grid": "thema-perspectief",
                "recognitions": "herkenning", "actions": "acties"}),
        ("en", {"themes": "themes", "grid": "grid",
                "recognitions": "recognitions", "actions": "actions"}),
    ],
)  # fmt: skip
def test_a_tables_csv_is_named_in_the_readers_words(lang: str, words: dict[str, str]) -> None:
    export = export_in(lang)
    stem = "dialoogbot-samen-verder"
    for key, word in words.items():
        assert filename(export, "csv", key) == f"{stem}-{word}-2026-11-24.csv"
    # The answers are the CSV by default: its name is the workbook's, as are the others'.
    assert filename(export, "csv") == f"{stem}-2026-11-24.csv"
    assert filename(export, "csv", "answers") == f"{stem}-2026-11-24.csv"
    assert filename(export, "xlsx") == f"{stem}-2026-11-24.xlsx"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_name_is_safe_in_both_languages(lang: str) -> None:
    _ = Texts(lang)
    names = [card_filename(_, "Ü ß ø", p) for p in PERSPECTIVES]
    names += [export_filename(_)]
    names += [filename(export_in(lang), "csv", t.key) for t in TABLES]
    for name in names:
        assert NAME.fullmatch(name), name
