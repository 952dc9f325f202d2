"""The live board: its page and its changing part for the web, its link in Telegram."""

from __future__ import annotations

from markupsafe import Markup

from flows.board import Board
from reports.i18n import Texts
from reports.render import render
from reports.web import page


def board_page(lang: str, board: Board, *, events: str) -> str:
    """The whole page for the beamer; `events` is where it follows the changes."""
    return page(lang, "board.html.j2", board=board, events=events)


def board_live(lang: str, board: Board) -> str:
    """The part of the page that changes, as the page shows it."""
    return render(lang, "web/board_live.html.j2", board=board)


def board_link(_: Texts, link: str) -> Markup:
    return _(
        "Open this link on the computer that drives the beamer. The board shows live how many"
        " joined and how far each round is, and later the themes, what was recognised and"
        " what was proposed: counts only, never names or answers."
        " Keep the link to yourself: anyone with it can see the board."
        " Type /board again for a new link; then this one stops working."
    ) + Markup("\n\n{}").format(link)


def board_off(_: Texts) -> Markup:
    return _(
        "The live board needs the web page, and the web page is switched off on this server."
        " Ask the administrator to switch it on."
    )
