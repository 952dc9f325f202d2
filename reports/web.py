"""Pages of the web channel: every word a web visitor reads is rendered here."""

from __future__ import annotations

from typing import Any

from reports.i18n import N_, Texts
from reports.render import render

# Why a page could not be shown: a title and what to do now, per problem.
PROBLEMS: dict[str, tuple[str, str]] = {
    # An organiser on a page for the leaders only (flows/access.py, LEADS).
    "for_leaders": (
        N_("This page is for the facilitator"),
        N_(
            "As an organiser you follow the session on your own page: how it is going, the"
            " summary, the report and the downloads. Nothing was changed."
        ),
    ),
    "not_found": (
        N_("This page does not exist"),
        N_("Check the link, or ask the person who sent it for a new one."),
    ),
    "link_invalid": (
        N_("This link no longer works"),
        N_(
            "The link may be incomplete, replaced by a new one, or stopped."
            " Ask the person who sent it for a new link."
        ),
    ),
    "not_allowed": (
        N_("You cannot do this here"),
        N_("This page is not meant for you. Nothing was changed."),
    ),
    "form_expired": (
        N_("This form was open too long"),
        N_("For your safety the form stopped working. Go back, reload the page and try again."),
    ),
    "too_many_tries": (
        N_("Too many tries"),
        N_("Wait a few minutes and try again."),
    ),
    # The domain said no to something the visitor may do, but not now (a page left open while
    # the session moved on): the reason follows as the detail.
    "refused": (
        N_("That did not work"),
        N_("Nothing was changed. Go back and reload the page to see how things are now."),
    ),
    "method": (
        N_("This page cannot do that"),
        N_("Go back and use the buttons on the page."),
    ),
    "broken": (
        N_("Something went wrong on our side"),
        N_("Try again in a moment. If it keeps happening, tell the person who invited you."),
    ),
}


def page(lang: str, template: str, **context: Any) -> str:
    """A whole HTML page from `reports/templates/web/`, in the reader's language."""
    return render(lang, f"web/{template}", **context)


def problem(lang: str, code: str, *, detail: str | None = None, back: str | None = None) -> str:
    """A calm page that says what went wrong and what to do now."""
    _ = Texts(lang)
    title, advice = PROBLEMS[code]
    return page(
        lang,
        "problem.html.j2",
        title=_(title),
        advice=_(advice),
        detail=detail,
        back=back,
    )
