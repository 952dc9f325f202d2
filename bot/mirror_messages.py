"""The mirror as a Telegram message: a page of items with a "Recognisable" toggle for each,
and ◀ ▶ to the other pages (one message per round, however many answers it had)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callback_data as cb
from flows.mirror import MirrorView
from reports import mirror as mirror_texts
from reports.i18n import Texts
from reports.render import render


def page(lang: str, view: MirrorView, index: int) -> tuple[str, InlineKeyboardMarkup | None]:
    """The text and buttons of one page of the mirror; past its last page (items were left
    out since), its last page."""
    pages = mirror_texts.pages(view)
    index = min(index, len(pages) - 1)
    items = pages[index]
    text = render(
        lang,
        "telegram/mirror.j2",
        view=view,
        index=index,
        total=len(pages),
        groups=mirror_texts.groups(items),
    )
    return text, keyboard(Texts(lang), view, pages, index)


def keyboard(
    _: Texts, view: MirrorView, pages: list[list[mirror_texts.Numbered]], index: int
) -> InlineKeyboardMarkup | None:
    items = pages[index]
    if not items:
        return None
    rows: list[list[InlineKeyboardButton]] = []
    for entry in (e for e in items if not e.own):
        label = _("Recognisable %(num)d", num=entry.number)
        rows.append(
            [
                InlineKeyboardButton(
                    f"✅ {label}" if entry.mine else str(label),
                    callback_data=cb.encode(
                        cb.RECOGNISE,
                        entry.item.contribution_id,
                        cb.SET_OFF if entry.mine else cb.SET_ON,
                    ),
                )
            ]
        )
    # A page is named by its number in its round: an item on it may be left out or erased
    # meanwhile, and the pages after it must still be reached.
    turns = [
        InlineKeyboardButton(
            arrow,
            callback_data=cb.encode(
                cb.MIRROR_PAGE, view.session.id, cb.with_round(str(to), view.round.id)
            ),
        )
        for arrow, to in (("◀", index - 1), ("▶", index + 1))
        if 0 <= to < len(pages)
    ]
    if turns:
        rows.append(turns)
    return InlineKeyboardMarkup(rows) if rows else None  # a page of only their own answers
