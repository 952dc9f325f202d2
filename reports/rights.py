"""What a person reads when they use their rights: leave, export, erase (bot /stop etc.)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import Markup

from flows.leaving import Left
from flows.mydata import Forgotten
from reports.filenames import slug
from reports.i18n import Texts
from reports.render import render


def export_filename(_: Texts) -> str:
    """`dialoogbot-mijn-gegevens.json`, `dialoogbot-my-data.json`: letters, digits, dashes."""
    mine = _.pgettext("file name", "my data")
    return f"dialoogbot-{slug(mine)}.json"


def agreed_again(_: Texts) -> Markup:
    return _("Thank you. ✓ Your answer is saved.")


def nothing_to_stop(_: Texts) -> Markup:
    return _("You are not taking part in a session. There is nothing to stop.")


def organiser_stop(_: Texts, titles: tuple[str, ...]) -> Markup:
    """An organiser has nothing to leave; say what they receive, and how that stops."""
    bold = [Markup("<b>{}</b>").format(title) for title in titles]
    named = (
        _("%(first)s and %(last)s", first=Markup(", ").join(bold[:-1]), last=bold[-1])
        if len(bold) > 1
        else Markup("").join(bold)
    )
    return _(
        "You are not taking part in a session, but you are an organiser of %(titles)s:"
        " you receive the summary and the report. To stop that, type /forgetme. That erases"
        " everything we store about you.",
        titles=named,
    )


def which_to_stop(_: Texts) -> Markup:
    return _("You take part in more than one session. Which one do you want to stop?")


def how_to_leave(_: Texts, title: str) -> Markup:
    return (
        _("You want to stop taking part in <b>%(title)s</b>.", title=title)
        + "\n\n"
        + _("What should happen to the answers you gave?")
    )


def left(_: Texts, gone: Left) -> Markup:
    """They left: what happened to their answers (kept without name, or deleted)."""
    if gone.answers_stay:
        what = _.ngettext(
            "Your %(num)d answer stays, without your name.",
            "Your %(num)d answers stay, without your name.",
            gone.kept,
        )
    else:
        what = _.ngettext(
            "We deleted your %(num)d answer.", "We deleted your %(num)d answers.", gone.erased
        )
    return (
        _("You stopped taking part in <b>%(title)s</b>.", title=gone.session.title)
        + " "
        + what
        + "\n\n"
        + _("You will get no more messages about this session.")
    )


def stayed(_: Texts) -> Markup:
    return _("Good: you still take part. Nothing has changed.")


def nothing_stored(_: Texts) -> Markup:
    return _("We store nothing about you.")


def export_caption(_: Texts) -> Markup:
    return _("Everything Dialoogbot stores about you.")


def my_data(lang: str, data: dict[str, Any]) -> str:
    """What is stored about the person, to read in the chat (the file holds all of it)."""
    _ = Texts(lang)

    def day(moment: str | None, zone: str) -> str:
        """The day of an ISO moment where the session runs."""
        if not moment:
            return ""
        return _.date(dt.datetime.fromisoformat(moment).astimezone(ZoneInfo(zone)).date())

    return render(lang, "telegram/my_data.j2", d=data, day=day)


def export_file_caption(_: Texts) -> Markup:
    """With the file after the readable message: what the file is for."""
    return _("The same, and everything else we store, as a file a computer can read (JSON).")


def export_document(_: Texts, data: dict[str, Any]) -> bytes:
    """Everything stored about the person as a JSON file, with a line saying what it is."""
    document = {"about": str(export_caption(_)), **data}
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def ask_forget(_: Texts) -> Markup:
    return _(
        "Do you want us to erase everything about you? Your answers are deleted too, also"
        " from summaries that were made before. This cannot be undone."
    )


def forgotten(_: Texts, gone: Forgotten) -> Markup:
    return (
        _("Done. We erased everything about you.")
        + " "
        + _.ngettext(
            "That includes %(num)d answer.", "That includes %(num)d answers.", gone.contributions
        )
        + " "
        + _("Goodbye!")
    )


def nothing_forgotten(_: Texts) -> Markup:
    return _("Okay, nothing was erased.")
