"""What a facilitator reads about their sessions, links and participants (besides templates)."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from reports import labels
from reports.i18n import Texts


def no_sessions(_: Texts) -> Markup:
    return _("You have no sessions yet. Start one with /new.")


def pick_a_session(_: Texts, page: int = 0, pages: int = 1) -> Markup:
    """Above a page of the sessions (`page` from 0, of `pages`)."""
    text = _("Your sessions. Tap one to make it your active session.")
    if pages > 1:
        text += " " + _("Page %(page)d of %(pages)d.", page=page + 1, pages=pages)
    return text


def facilitator_link(_: Texts, link: str) -> Markup:
    return _(
        "Send this link to the new facilitator. It works for one person, for a week."
    ) + Markup("\n\n{}").format(link)


def now_facilitator(_: Texts) -> Markup:
    return _("You are now a facilitator. Start a new session with /new.")


def co_facilitator_link(_: Texts, link: str) -> Markup:
    return _(
        "Send this link to the person who leads the session with you. It works for one"
        " person, for a week."
        " They can open and close rounds, record actions and send the summary;"
        " only you can change the invite links."
    ) + Markup("\n\n{}").format(link)


def now_co_facilitator(_: Texts, title: str) -> Markup:
    return _(
        "You now help lead <b>%(title)s</b>. Type /status to see how it is going.", title=title
    )


def links_renewed(_: Texts) -> Markup:
    return _("New links made. The old links no longer work.")


def links_renewed_already(_: Texts) -> Markup:
    """A second tap on "new links", or one under an older message: nothing was renewed."""
    return _(
        "These links were renewed already, so I made no new ones."
        " The links that work now are below."
    )


def joins(_: Texts, open_: bool) -> str:
    """A short note (a toast) after closing or opening the session to newcomers."""
    if open_:
        return str(_("Open again: new people can join with the links."))
    return str(_("Closed: nobody new can join. People who joined go on."))


def links_valid(_: Texts, expires_at: dt.datetime | None, tz: str) -> str:
    """A short note (a toast): until when the links work now."""
    if expires_at is None:
        return str(_("The links now work until the session closes."))
    return str(_("The links now work until %(moment)s.", moment=_.moment(expires_at, tz)))


def ask_removal(_: Texts, who: str, title: str) -> Markup:
    return _(
        "Remove %(who)s from <b>%(title)s</b>? Their answers are deleted, they can no"
        " longer join with the link, and I let them know.",
        who=who,
        title=title,
    )


def removed(_: Texts, answers: int) -> Markup:
    return _.ngettext(
        "Removed. %(num)d answer was deleted.",
        "Removed. %(num)d answers were deleted.",
        answers,
    )


def removal_cancelled(_: Texts) -> Markup:
    return _("Okay, they stay in the session.")


def action_dropped(_: Texts, what: str) -> Markup:
    return _("Dropped: %(what)s", what=what)


def share_without_themes(_: Texts) -> Markup:
    """The button that shares a mirror although none of its answers is in a theme."""
    return _("Share without themes")


def share_round(_: Texts, kind: str) -> Markup:
    """The button that shares an earlier round's mirror, never shared before."""
    return _("🪞 Share round: %(title)s", title=_(labels.ROUND_TITLE.get(kind, kind)))
