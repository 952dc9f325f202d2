"""The buttons of the summary draft: leave answers out, edit the cover and paragraphs, set who
was invited, approve and send."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callback_data as cb
from flows.guided import SummaryStep
from flows.model import Perspective
from flows.summary_draft import AnswersPage
from reports import labels
from reports.i18n import Texts

# The leave-out list opened from the draft's buttons (a new message, not a page turned).
FIRST_PAGE = "new"
# What a leave-out button sets: out, or back in.
LEAVE_OUT = "o"
KEEP_IN = "i"
# Between the version an approve button sends and the mark of the draft it was shown with.
MARKED = "."


def _button(text: object, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(str(text), callback_data=data)


def draft(
    _: Texts, session_id: int, recipients: int, mark: str, *, sent: int = 0
) -> InlineKeyboardMarkup:
    """The draft's buttons; `sent`: the versions that went out, so approving sends a
    correction. The approve button names the version it sends and carries `mark`, the
    `approval_mark` of the draft as these buttons were shown with it: tapped after another
    leader sent a version, or after the draft changed, it sends nothing."""
    correction = sent > 0
    edit = [
        (SummaryStep.OPENING, _("✏️ Opening")),
        (SummaryStep.CLOSING, _("✏️ Closing")),
        (SummaryStep.MUNICIPALITY, _("🏛 Municipality")),
        (SummaryStep.AREA, _("📍 Neighbourhood or area")),
        (SummaryStep.FACILITATOR, _("🙋 Facilitator's name")),
    ]
    buttons = [
        _button(label, cb.encode(cb.SUMMARY_EDIT, session_id, step)) for step, label in edit
    ]
    return InlineKeyboardMarkup(
        [
            [
                _button(
                    _("✂️ Leave answers out"), cb.encode(cb.SUMMARY_LIST, session_id, FIRST_PAGE)
                )
            ],
            buttons[0:2],
            buttons[2:4],
            [buttons[4], _button(_("👥 Invited"), cb.encode(cb.SUMMARY_INVITED, session_id))],
            [
                _button(
                    _.ngettext(
                        "📤 Approve and send the correction to %(num)d person",
                        "📤 Approve and send the correction to %(num)d people",
                        recipients,
                    )
                    if correction
                    else _.ngettext(
                        "📤 Approve and send to %(num)d person",
                        "📤 Approve and send to %(num)d people",
                        recipients,
                    ),
                    cb.encode(cb.SUMMARY_SEND, session_id, f"{sent + 1}{MARKED}{mark}"),
                )
            ],
        ]
    )


def answers(_: Texts, page: AnswersPage, first_number: int) -> InlineKeyboardMarkup:
    rows = []
    for number, answer in enumerate(page.answers, start=first_number):
        label = (
            _("↩️ Put %(number)d back", number=number)
            if answer.left_out
            else _("✂️ Leave %(number)d out", number=number)
        )
        # The button names the state it sets, so a second tap of it changes nothing.
        wanted = f"{page.page}.{KEEP_IN if answer.left_out else LEAVE_OUT}"
        rows.append([_button(label, cb.encode(cb.SUMMARY_OUT, answer.contribution_id, wanted))])
    nav = []
    if page.page > 0:
        nav.append(_button("◀️", cb.encode(cb.SUMMARY_LIST, page.session_id, str(page.page - 1))))
    if page.page + 1 < page.pages:
        nav.append(_button("▶️", cb.encode(cb.SUMMARY_LIST, page.session_id, str(page.page + 1))))
    if nav:
        rows.append(nav)
    return InlineKeyboardMarkup(rows)


def invited(_: Texts, session_id: int, perspectives: list[str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(
                    _(labels.PERSPECTIVE_PLURAL.get(p, p)).capitalize(),
                    cb.encode(cb.SUMMARY_INVITED_ONE, session_id, p),
                )
            ]
            # In the order of the report's columns, not the order they were stored in.
            for p in sorted(perspectives, key=_perspective_order)
        ]
    )


def _perspective_order(perspective: str) -> int:
    order = list(Perspective)
    return order.index(Perspective(perspective)) if perspective in order else len(order)
