"""A printable A6 card per perspective for the table: its QR code opens the invite.

The QR code is drawn as SVG inside the page (segno), so no image file is made or kept.
"""

from __future__ import annotations

import segno
from markupsafe import Markup

from reports.filenames import slug
from reports.i18n import Texts
from reports.labels import PERSPECTIVE_PLURAL
from reports.render import render

# Medium error correction: the code still scans with a fold or a coffee stain on the card.
QR_ERROR = "m"


def qr_code(link: str) -> segno.QRCode:
    """The QR code of a link, as the card prints it."""
    return segno.make(link, error=QR_ERROR, micro=False)


def qr_svg(link: str) -> Markup:
    """The code as inline SVG; its size comes from the card's style."""
    return Markup(qr_code(link).svg_inline(omitsize=True, border=2, dark="#000", light="#fff"))


def card_html(
    lang: str, *, title: str, perspective: str, link: str, telegram_link: str | None
) -> str:
    """The card: the session's title, whom it invites, why, the code and the links.

    `link` is what the code opens: the web invite when the web page is on, else the
    Telegram link (then it is printed once).
    """
    return render(
        lang,
        "card/card.html.j2",
        title=title,
        perspective=perspective,
        link=link,
        telegram_link=telegram_link,
        qr=qr_svg(link),
    )


def card_filename(_: Texts, title: str, perspective: str) -> str:
    """`kaart-<title>-ouders-inwoners.pdf` in the reader's words (the perspective by the
    plural label the session view's link has): letters, digits and dashes."""
    card = slug(_.pgettext("file name", "card"))
    return f"{card}-{slug(title)}-{slug(_(PERSPECTIVE_PLURAL[perspective]))}.pdf"
