"""What someone reads when a link they opened leads nowhere (see flows.invites.open_link)."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from reports.i18n import Texts


def braked(_: Texts, wait: dt.timedelta | None) -> Markup:
    """Too many wrong codes: how many minutes until the next one is looked up."""
    seconds = wait.total_seconds() if wait is not None else 0
    minutes = max(1, round(seconds / 60))
    return _.ngettext(
        "That was too many links that do not work. Please try again in %(num)d minute.",
        "That was too many links that do not work. Please try again in %(num)d minutes.",
        minutes,
    )


def unknown(_: Texts) -> Markup:
    return _(
        "This invite link does not work (anymore). Ask the person who sent it for a new link."
    )
