"""Render templates in a reader's language: Telegram HTML and the printable report."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from reports import labels
from reports.i18n import Texts, translations
from reports.summary import quote_in_chat, quoted_per_cell
from reports.telegram import shorten

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


@cache
def environment(lang: str) -> Environment:
    """One jinja2 environment per language; autoescape is on for every template."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    _ = Texts(lang)
    env.filters.update(
        shorten=shorten,
        # A heading from typed words ("buurtteam"): its first letter up, the rest as typed.
        initial=lambda text: text[:1].upper() + text[1:],
        longdate=_.date,
        shortdate=_.short_date,
        daterange=_.date_range,
        perspective=lambda key: _(labels.PERSPECTIVE.get(key, key)),
        role=lambda key: _(labels.PERSPECTIVE_ROLE.get(key, key)),
        perspective_plural=lambda key: _(labels.PERSPECTIVE_PLURAL.get(key, key)),
        people=lambda key: _(labels.PEOPLE.get(key, key)),
        invited_field=lambda key: _(labels.INVITED_FIELD.get(key, key)),
        round_title=lambda kind: _(labels.ROUND_TITLE[kind]),
        round_number=lambda kind: labels.ROUND_NUMBER[kind],
        round_heading=lambda kind: labels.round_heading(_, kind),
        phase=lambda key: _(labels.PHASE.get(key, key)),
        progress=lambda key: _(labels.PROGRESS.get(key, key)),
        author=lambda entry: labels.author(
            _, entry.display_mode, entry.display_name, entry.perspective
        ),
    )
    env.globals.update(
        lang=lang,
        question=lambda kind, p, wording=None: labels.question(_, kind, p, wording),
        cmd=lambda name: labels.command(lang, name),
        moment=_.moment,
        quoted_per_cell=quoted_per_cell,
        quote_in_chat=quote_in_chat,
    )
    return env


def render(lang: str, template: str, **context: Any) -> str:
    """Render a template for a reader of `lang`, without surrounding blank lines."""
    return environment(lang).get_template(template).render(**context).strip()
