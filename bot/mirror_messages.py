"""The mirror as Telegram messages: a page of items with a "Recognisable" toggle for each."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callback_data as cb
from flows.mirror import MirrorView
from reports import mirror as mirror_texts
from reports.i18n import Texts
from reports.render import render


def page(lang: str, view: MirrorView, index: int) -> tuple[str, InlineKeyboardMarkup | None]:
    """The text and buttons of one page of the mirror."""
    pages = mirror_texts.pages(view)
    items = pages[index]
    text = render(
        lang,
        "telegram/mirror.j2",
        view=view,
        index=index,
        total=len(pages),
        groups=mirror_texts.groups(items),
    )
    return text, keyboard(Texts(lang), items)


def keyboard(_: Texts, items: list[mirror_texts.Numbered]) -> InlineKeyboardMarkup | None:
    if not items:
        return None
    rows = []
    for entry in items:
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
    return InlineKeyboardMarkup(rows)


def items_of(keyboard: InlineKeyboardMarkup | None) -> list[int | None]:
    """The items a mirror message's buttons mark, in their order."""
    if keyboard is None:
        return []
    return [
        press.row_id if (press := cb.parse(str(button.callback_data))) is not None else None
        for row in keyboard.inline_keyboard
        for button in row
    ]


def all_pages(lang: str, view: MirrorView) -> list[tuple[str, InlineKeyboardMarkup | None]]:
    return [page(lang, view, index) for index in range(len(mirror_texts.pages(view)))]
