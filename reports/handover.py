"""What people read when an agreed action is handed over: the link, yes or no, given back."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from reports.i18n import Texts


def offer_link(_: Texts, link: str) -> Markup:
    """For the facilitator: the link to pass on, and what it does."""
    return _(
        "Send this link to the person who does this action. When they say yes, they get"
        " the question about how it is going on the due date, instead of you. The link"
        " works once; a new link stops the old one."
    ) + Markup("\n\n{}").format(link)


def taken(_: Texts, due_on: dt.date | None) -> Markup:
    """For the new owner: thanks, and when they will be asked how it goes."""
    if due_on is None:
        when = _("There is no date yet. When the facilitator sets one, I will ask you then.")
    else:
        when = _("On %(date)s I will ask you how it is going.", date=_.date(due_on))
    return _("Thank you! The action is yours now.") + " " + when


def declined(_: Texts) -> Markup:
    return _(
        "Fine. Nothing changes and I did not save anything. The link still works for someone else."
    )


def given_back(_: Texts) -> Markup:
    return _("Done. The action is back with the facilitator. I will not ask you about it anymore.")
