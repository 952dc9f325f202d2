"""Invite links as people read them: where a link leads on each channel, what someone reads
when a link they opened leads nowhere (see flows.invites.open_link), the cards to print and
the personal link to the session view."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from reports import labels
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


# Where each kind of invite leads on the web page (web/app.py serves these paths).
def web_invite_link(base_url: str, code: str) -> str:
    """A participant's invite on the web page: the same code as the Telegram link."""
    return f"{base_url}/i/{code}"


def web_organiser_link(base_url: str, code: str) -> str:
    """An organiser's invite on the web page: the same one-person code as in Telegram."""
    return f"{base_url}/o/{code}"


def personal_session_link(base_url: str, secret: str) -> str:
    """A leader's or organiser's personal link to the session view."""
    return f"{base_url}/p/{secret}/session"


def telegram_link(bot_username: str, code: str) -> str:
    return f"https://t.me/{bot_username}?start={code}"


def card_caption(_: Texts, perspective: str) -> Markup:
    """Under a printable card in the chat."""
    who = _(labels.PEOPLE.get(perspective, perspective))
    return _("Card to print for %(who)s (A6).", who=who)


def personal_web_link(_: Texts, link: str) -> Markup:
    """A leader's or organiser's own link to the session view on a laptop."""
    return _(
        "Your own link to the session on a laptop: status, summary, report and actions."
        " Do not share it: whoever has it sees what you see."
        " Ask again with %(command)s for a new link; this one then stops working.",
        command=labels.command(_.lang, "web"),
    ) + Markup("\n\n{}").format(link)


def nothing_to_follow(_: Texts) -> Markup:
    return _(
        "This link is for people who lead a session or receive its report."
        " You do not have a session like that yet."
    )


def web_off(_: Texts) -> Markup:
    return _("The web page is not switched on for this bot. Ask the person who runs it.")
