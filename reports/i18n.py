"""Texts in the reader's language: gettext catalogues, Dutch dates, jinja2 templates."""

from __future__ import annotations

import datetime as dt
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from markupsafe import Markup, escape

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "dialoogbot"
LANGS = ("nl", "en")
DEFAULT_LANG = "nl"


def N_(message: str) -> str:
    """Mark a constant for extraction; it is translated where it is shown."""
    return message


def NP_(context: str, message: str) -> tuple[str, str]:
    """Mark a constant with its context for extraction; `_.pgettext(*it)` translates it."""
    return context, message


def pick_lang(telegram_code: str | None, fallback: str = DEFAULT_LANG) -> str:
    """Our language for a Telegram `language_code` such as `nl`, `en-GB` or `fy`."""
    if telegram_code:
        base = telegram_code.split("-")[0].lower()
        if base in LANGS:
            return base
    return fallback if fallback in LANGS else DEFAULT_LANG


@cache
def translations(lang: str) -> Translations:
    """Load a catalogue straight from its .po file: no compiled file can go stale."""
    po_path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


class Texts:
    """Translate for one reader. Results are HTML-safe: values are escaped, the text is not.

    Call it `_` where it is used, so Babel finds the messages: `_("Hello %(name)s", name=x)`.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGS else DEFAULT_LANG
        self._translations = translations(self.lang)

    def __call__(self, message: str, **values: Any) -> Markup:
        text = Markup(self._translations.gettext(message))
        return text % _escaped(values) if values else text

    def pgettext(self, context: str, message: str, **values: Any) -> Markup:
        """A message as said in `context`: one English word can need another translation
        there (in a "file name", "themes" is "themas": no apostrophe)."""
        text = Markup(self._translations.pgettext(context, message))
        return text % _escaped(values) if values else text

    def ngettext(self, singular: str, plural: str, n: int, **values: Any) -> Markup:
        text = Markup(self._translations.ngettext(singular, plural, n))
        return text % _escaped({"num": n, **values})

    def date(self, day: dt.date | None) -> str:
        """`15 januari 2027`, `15 January 2027`: the day first in both languages."""
        return "" if day is None else format_date(day, format="d MMMM y", locale=self.lang)

    def short_date(self, day: dt.date | None) -> str:
        return "" if day is None else format_date(day, format="d MMM y", locale=self.lang)

    def date_range(self, start: dt.date, end: dt.date | None) -> str:
        """`11–25 jan 2027`, `11 jan – 3 feb 2027`: a month or year said once when shared."""
        if end is None or end == start:
            return self.short_date(start)
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{self.short_date(end)}"
        if start.year == end.year:
            return (
                f"{format_date(start, format='d MMM', locale=self.lang)} – {self.short_date(end)}"
            )
        return f"{self.short_date(start)} – {self.short_date(end)}"

    def moment(self, at: dt.datetime, tz: str) -> str:
        """A day and time the reader's way: `vrijdag 27 november om 17:00`."""
        pattern = "EEEE d MMMM 'om' HH:mm" if self.lang == "nl" else "EEEE d MMMM 'at' HH:mm"
        return format_datetime(at, format=pattern, tzinfo=ZoneInfo(tz), locale=self.lang)


def _escaped(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v if isinstance(v, int | float) else escape(v) for k, v in values.items()}
