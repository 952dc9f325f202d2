"""Inline keyboards. Button labels are plain text (Telegram shows them as typed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callback_data as cb
from flows.actions import ActionList
from flows.answering import OwnAnswersPage
from flows.model import ROUND_ORDER, Perspective, Phase, RoundKind
from flows.paging import Page, page_of
from flows.proposals import BoardPage
from flows.questions import SessionQuestions
from flows.records import Session, ThemeRecord
from flows.sessions import SessionList
from flows.settings import REMINDER_MODES
from flows.themes import THEMES_PER_PAGE
from flows.watching import Watch
from reports import labels
from reports import themes as theme_texts
from reports.i18n import Texts

LABEL_MAX = 40
T = TypeVar("T")


class _Plain(InlineKeyboardButton):
    """A button with a label and callback data, nothing else: all `_button` makes.

    Buttons are frozen once made, so one of these never gains another field.
    """

    __slots__ = ()


def _button(text: str, data: str) -> InlineKeyboardButton:
    return _Plain(str(text), callback_data=data)


def as_dict(keyboard: InlineKeyboardMarkup) -> dict[str, Any]:
    """The keyboard as the Bot API reads it, the same as `keyboard.to_dict()`.

    PTB's generic to_dict costs more than storing the answer a receipt's buttons come
    with; a button we did not make ourselves still goes through it.
    """
    return {
        "inline_keyboard": [
            [
                {"text": b.text, "callback_data": b.callback_data}
                if type(b) is _Plain
                else b.to_dict()
                for b in row
            ]
            for row in keyboard.inline_keyboard
        ]
    }


def short(text: str, limit: int = LABEL_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def page_turns(
    shown: Page[Any], turn_to: Callable[[int], str], forward: str = "▶"
) -> list[list[InlineKeyboardButton]]:
    """The row of ◀ and ▶ (`forward`) to the pages beside `shown`; none for a single page.
    `turn_to` gives a page's callback data."""
    row = []
    if shown.previous is not None:
        row.append(_button("◀", turn_to(shown.previous)))
    if shown.next is not None:
        row.append(_button(forward, turn_to(shown.next)))
    return [row] if row else []


def theme_rows(
    _: Texts,
    themes: Sequence[T],
    page: int,
    button: Callable[[T], InlineKeyboardButton],
    turn_to: Callable[[int], str],
    *,
    per_row: int,
) -> list[list[InlineKeyboardButton]]:
    """The rows of one page of theme buttons (`button` makes a theme's), then ◀ and
    "More themes ▶" to the pages beside it. A page past the last (themes merged since)
    shows the last."""
    shown = page_of(themes, page, THEMES_PER_PAGE)
    buttons = [button(theme) for theme in shown.items]
    rows = [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]
    return rows + page_turns(shown, turn_to, str(theme_texts.more_themes(_)))


def consent(_: Texts, code: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(_("✅ Yes, I take part"), cb.encode(cb.JOIN_YES, code))],
            [_button(_("No, rather not"), cb.encode(cb.JOIN_NO, code))],
        ]
    )


def display(_: Texts, participant_id: int, first_name: str | None) -> InlineKeyboardMarkup:
    rows = []
    if first_name:
        rows.append(
            [
                _button(
                    _("With my first name: %(name)s", name=short(first_name, 20)).unescape(),
                    cb.encode(cb.SHOW_NAME, participant_id),
                )
            ]
        )
    rows.append([_button(_("With a name I choose"), cb.encode(cb.SHOW_PSEUDONYM, participant_id))])
    rows.append(
        [_button(_("Anonymous (only my role)"), cb.encode(cb.SHOW_ANONYMOUS, participant_id))]
    )
    return InlineKeyboardMarkup(rows)


def summary_wish(_: Texts, participant_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(_("Yes, send me the summary"), cb.encode(cb.SUMMARY_YES, participant_id))],
            [_button(_("No, thank you"), cb.encode(cb.SUMMARY_NO, participant_id))],
        ]
    )


def after_answer(_: Texts, contribution_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(_("✏️ Change"), cb.encode(cb.ANSWER_EDIT, contribution_id)),
                _button(_("🗑 Delete"), cb.encode(cb.ANSWER_DELETE, contribution_id)),
            ],
            [_button(_("📋 My answers"), cb.encode(cb.ANSWERS_LIST))],
        ]
    )


def own_answers(_: Texts, listed: OwnAnswersPage) -> InlineKeyboardMarkup | None:
    """Change or delete each answer on the page; ◀ ▶ to the pages beside it."""
    rows = [
        [
            _button(_("✏️ Change %(n)d", n=index), cb.encode(cb.ANSWER_EDIT, c.id)),
            _button(_("🗑 Delete %(n)d", n=index), cb.encode(cb.ANSWER_DELETE, c.id)),
        ]
        for index, c in enumerate(listed.answers, start=listed.first_number)
    ]
    rows += page_turns(listed.shown, lambda page: cb.encode(cb.ANSWERS_LIST, 0, str(page)))
    return InlineKeyboardMarkup(rows) if rows else None


def confirm_delete(_: Texts, contribution_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(_("Yes, delete"), cb.encode(cb.ANSWER_DELETE_OK, contribution_id)),
                _button(_("No, keep it"), cb.encode(cb.ANSWER_KEEP, contribution_id)),
            ]
        ]
    )


def keep_answer(_: Texts, contribution_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button(_("Keep it as it is"), cb.encode(cb.ANSWER_KEEP, contribution_id))]]
    )


def choose_session(pending_id: int, sessions: Sequence[Session]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(short(s.title), cb.encode(cb.ANSWER_FOR, pending_id, str(s.id)))]
            for s in sessions
        ]
    )


def themes(_: Texts) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(_(theme), cb.encode(cb.NEW_THEME, 0, str(index)))]
            for index, theme in enumerate(labels.THEMES)
        ]
    )


def perspectives(_: Texts, chosen: Sequence[str]) -> InlineKeyboardMarkup:
    rows = [
        [
            _button(
                ("✅ " if p.value in chosen else "⬜ ")
                + _(labels.PERSPECTIVE[p.value]).capitalize(),
                cb.encode(cb.NEW_PERSPECTIVE, 0, p.value),
            )
        ]
        for p in Perspective
    ]
    rows.append([_button(_("Done: make the invite links"), cb.encode(cb.NEW_DONE))])
    return InlineKeyboardMarkup(rows)


def sessions(_: Texts, listed: SessionList) -> InlineKeyboardMarkup:
    """A page of the sessions, the active one marked; ◀ ▶ to the pages beside it."""
    shown = listed.shown
    rows = [
        [
            _button(
                ("▶️ " if s.id == listed.active_id else "") + short(s.title),
                cb.encode(cb.SESSION_PICK, s.id),
            )
        ]
        for s in shown.items
    ]
    rows += page_turns(shown, lambda page: cb.encode(cb.SESSIONS_PAGE, 0, str(page)))
    return InlineKeyboardMarkup(rows)


def parties(_: Texts, session_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(_(party), cb.encode(cb.ACTION_WHO, session_id, str(index)))]
            for index, party in enumerate(labels.PARTIES)
        ]
    )


def action_themes(
    _: Texts, action_id: int, themes: Sequence[ThemeRecord], page: int = 0
) -> InlineKeyboardMarkup:
    """Which theme an agreed action comes from: one of the session's, a page of them at a
    time as on the sorting screen, or none (on every page)."""
    rows = theme_rows(
        _,
        themes,
        page,
        lambda theme: _button(
            theme.name[:LABEL_MAX], cb.encode(cb.ACTION_THEME, action_id, str(theme.id))
        ),
        lambda turned: cb.encode(cb.ACTION_THEME_PAGE, action_id, str(turned)),
        per_row=1,
    )
    rows.append([_button(_("No theme"), cb.encode(cb.ACTION_THEME, action_id, "none"))])
    return InlineKeyboardMarkup(rows)


def due_dates(_: Texts, session_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(_("In 2 weeks"), cb.encode(cb.ACTION_DUE, session_id, "2w")),
                _button(_("In 1 month"), cb.encode(cb.ACTION_DUE, session_id, "1m")),
                _button(_("In 3 months"), cb.encode(cb.ACTION_DUE, session_id, "3m")),
            ],
            [_button(_("No date"), cb.encode(cb.ACTION_DUE, session_id, "none"))],
        ]
    )


def due_confirm(_: Texts, session_id: int, day: dt.date, retype: str) -> InlineKeyboardMarkup:
    """Yes to a day we asked back (it travels as an ISO date), or no: type another day."""
    return InlineKeyboardMarkup(
        [
            [
                _button(
                    _("✅ Yes, %(date)s", date=_.date(day)).unescape(),
                    cb.encode(cb.ACTION_DUE, session_id, day.isoformat()),
                )
            ],
            [
                _button(
                    _("✏️ No, I will type the day"), cb.encode(cb.ACTION_DUE, session_id, retype)
                )
            ],
        ]
    )


def action_list(_: Texts, listed: ActionList) -> InlineKeyboardMarkup | None:
    """Change, drop or hand over each action on the page; ◀ ▶ to the pages beside it."""
    shown = listed.shown
    rows = [
        [
            _button(_("✏️ Change %(n)d", n=index), cb.encode(cb.ACTION_EDIT, a.id)),
            _button(_("🗑 Drop %(n)d", n=index), cb.encode(cb.ACTION_DROP, a.id)),
            _button(_("🤝 Hand over %(n)d", n=index), cb.encode(cb.ACTION_HAND_OVER, a.id)),
        ]
        for index, a in enumerate(shown.items, start=shown.first + 1)
    ]
    rows += page_turns(
        shown, lambda page: cb.encode(cb.ACTIONS_PAGE, listed.session_id, str(page))
    )
    return InlineKeyboardMarkup(rows) if rows else None


def take_action(_: Texts, code: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(_("✅ Yes, I take it on"), cb.encode(cb.TAKE_YES, code))],
            [_button(_("No, not me"), cb.encode(cb.TAKE_NO, code))],
        ]
    )


def give_back(_: Texts, action_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_give_back_button(_, action_id)]])


def _give_back_button(_: Texts, action_id: int) -> InlineKeyboardButton:
    return _button(_("↩️ Give it back"), cb.encode(cb.GIVE_BACK, action_id))


def action_fields(_: Texts, action_id: int, *, with_theme: bool = False) -> InlineKeyboardMarkup:
    """Which part of an action to change; its theme only when the session has themes."""
    fields = [
        _button(_("What"), cb.encode(cb.ACTION_FIELD, action_id, "what")),
        _button(_("Who"), cb.encode(cb.ACTION_FIELD, action_id, "owner")),
        _button(_("By when"), cb.encode(cb.ACTION_FIELD, action_id, "due")),
    ]
    rows = [fields]
    if with_theme:
        rows.append([_button(_("Theme"), cb.encode(cb.ACTION_FIELD, action_id, "theme"))])
    return InlineKeyboardMarkup(rows)


def flagged_answer(_: Texts, contribution_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(_("🙈 Hide those details"), cb.encode(cb.FLAGGED_MASK, contribution_id))],
            [_button(_("✏️ I will change it myself"), cb.encode(cb.ANSWER_EDIT, contribution_id))],
            [_button(_("Keep it as I wrote it"), cb.encode(cb.FLAGGED_KEEP, contribution_id))],
        ]
    )


def consent_again(_: Texts, participant_id: int, pending_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(
                    _("✅ Yes, I agree"),
                    cb.encode(cb.CONSENT_AGAIN, participant_id, str(pending_id)),
                )
            ],
            [_button(_("No, I stop"), cb.encode(cb.LEAVE_ASK, participant_id))],
        ]
    )


def leave_which(items: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(short(title), cb.encode(cb.LEAVE_ASK, participant_id))]
            for participant_id, title in items
        ]
    )


def leave_choice(_: Texts, participant_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(
                    _("Keep my answers, without my name"), cb.encode(cb.LEAVE_KEEP, participant_id)
                )
            ],
            [_button(_("Delete my answers"), cb.encode(cb.LEAVE_ERASE, participant_id))],
            [_button(_("I will go on after all"), cb.encode(cb.LEAVE_CANCEL, participant_id))],
        ]
    )


def forget(_: Texts) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(_("Yes, erase everything"), cb.encode(cb.FORGET_YES))],
            [_button(_("No, keep it"), cb.encode(cb.FORGET_NO))],
        ]
    )


def manage_invites(
    _: Texts, session_id: int, joins_open: bool, links: str | None
) -> InlineKeyboardMarkup:
    """The owner's controls under a set of invite links. `links`: which set (its
    generation); renewing replaces that set only, and the door buttons pass it on to the
    buttons they redraw (None: not known, from an older button; renewing then does nothing)."""
    door = (
        _button(_("🚪 Close to new people"), cb.encode(cb.INVITES_CLOSE, session_id, links))
        if joins_open
        else _button(
            _("🚪 Open to new people again"), cb.encode(cb.INVITES_OPEN, session_id, links)
        )
    )
    validity = [
        _button(_("⏳ Links work 1 week"), cb.encode(cb.INVITES_VALIDITY, session_id, "1w")),
        _button(_("⏳ 4 weeks"), cb.encode(cb.INVITES_VALIDITY, session_id, "4w")),
        _button(_("⏳ Until the end"), cb.encode(cb.INVITES_VALIDITY, session_id, "end")),
    ]
    return InlineKeyboardMarkup(
        [
            [
                _button(
                    _("🔄 New links (the old ones stop working)"),
                    cb.encode(cb.INVITES_RENEW, session_id, links),
                )
            ],
            [door],
            validity,
            *invite_cards(_, session_id).inline_keyboard,
        ]
    )


def invite_cards(_: Texts, session_id: int) -> InlineKeyboardMarkup:
    """Under the invite links: a printable card per perspective, with its QR code."""
    return InlineKeyboardMarkup(
        [[_button(_("🖨️ Cards to print (PDF)"), cb.encode(cb.INVITE_CARDS, session_id))]]
    )


def newcomer(_: Texts, participant_id: int) -> InlineKeyboardMarkup:
    """Under the notice of a new participant: take them out if they are not meant to be in."""
    return InlineKeyboardMarkup(
        [[_button(_("Remove from the session"), cb.encode(cb.REMOVE_ASK, participant_id))]]
    )


def confirm_removal(_: Texts, participant_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(_("Yes, remove"), cb.encode(cb.REMOVE_OK, participant_id)),
                _button(_("No, keep them"), cb.encode(cb.REMOVE_NO, participant_id)),
            ]
        ]
    )


def deadlines(
    _: Texts, session_id: int, round_id: int, has_deadline: bool
) -> InlineKeyboardMarkup:
    """Choose how long the open round stays open; or, once it has a deadline, change it.

    Each button names its round: once that round is no longer open, it does nothing."""

    def choice(prefix: str, value: str) -> str:
        return cb.encode(prefix, session_id, cb.with_round(value, round_id))

    close = cb.encode(cb.DEADLINE_CLOSE, session_id, str(round_id))
    if has_deadline:
        return InlineKeyboardMarkup(
            [
                [
                    _button(_("+1 hour"), choice(cb.DEADLINE_MORE, "1h")),
                    _button(_("+1 day"), choice(cb.DEADLINE_MORE, "1d")),
                ],
                [_button(_("⏹ Close now"), close)],
            ]
        )
    labels_ = {"10m": _("10 min"), "1h": _("1 hour"), "1d": _("1 day"), "3d": _("3 days"),
               "1w": _("1 week")}  # fmt: skip
    presets = [_button("⏱ " + labels_[k], choice(cb.DEADLINE_SET, k)) for k in labels_]
    return InlineKeyboardMarkup([presets[:3], presets[3:]])


def settings(
    _: Texts, session_id: int, quiet: bool, reminders: tuple[str, ...]
) -> InlineKeyboardMarkup:
    names = {"both": _("halfway and 1 hour before"), "halfway": _("only halfway"),
             "hour": _("only 1 hour before"), "none": _("none")}  # fmt: skip
    rows = [
        [
            _button(
                # the label says what a tap does; the message above says how it is now
                _("🌙 Turn quiet hours off") if quiet else _("🌙 Turn quiet hours on"),
                cb.encode(cb.SETTING_QUIET, session_id, "off" if quiet else "on"),
            )
        ]
    ]
    for mode, kinds in REMINDER_MODES.items():
        mark = "✓ " if tuple(kinds) == tuple(reminders) else ""
        rows.append(
            [_button(mark + _("Reminders: %(which)s", which=names[mode]).unescape(),
                     cb.encode(cb.SETTING_REMINDERS, session_id, mode))]
        )  # fmt: skip
    return InlineKeyboardMarkup(rows)


def progress(_: Texts, action_id: int, *, give_back: bool = False) -> InlineKeyboardMarkup:
    rows = [
        [_button(_("✅ Done"), cb.encode(cb.PROGRESS, action_id, "done"))],
        [_button(_("🟢 On track"), cb.encode(cb.PROGRESS, action_id, "on_track"))],
        [_button(_("🔴 Stuck"), cb.encode(cb.PROGRESS, action_id, "stuck"))],
    ]
    if give_back:
        rows.append([_give_back_button(_, action_id)])
    return InlineKeyboardMarkup(rows)


def no_note(_: Texts, action_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button(_("No note"), cb.encode(cb.PROGRESS_NO_NOTE, action_id))]]
    )


def watch(_: Texts, w: Watch) -> InlineKeyboardMarkup | None:
    """◀ ▶ through the pages of a watched round, and Refresh to see what came in since;
    nothing before the first round, when there is nothing to refresh."""
    if w.round is None:
        return None
    session_id, page, pages = w.session.id, w.page, w.pages
    row = []
    if page > 0:
        row.append(_button("◀", cb.encode(cb.WATCH_PAGE, session_id, str(page - 1))))
    row.append(_button(_("🔄 Refresh"), cb.encode(cb.WATCH_PAGE, session_id, str(page))))
    if page + 1 < pages:
        row.append(_button("▶", cb.encode(cb.WATCH_PAGE, session_id, str(page + 1))))
    return InlineKeyboardMarkup([row])


# What a question's button calls "for everyone" in its data.
FOR_ALL = "all"


def questions(_: Texts, q: SessionQuestions) -> InlineKeyboardMarkup | None:
    """Change a round's question, go back to its default; set or remove the extra one.

    None once the session is closed: a round not held by then is not held at all."""
    if q.session.phase == Phase.CLOSED:
        return None
    rows = []
    sid = q.session.id
    for kind in ROUND_ORDER:
        if kind.value in q.started:
            continue
        title = _(labels.ROUND_TITLE[kind.value])
        rows.append(
            [_button(_("✏️ %(round)s", round=title), cb.encode(cb.QUESTION_ROUND, sid, kind))]
        )
        if any(k == kind.value for k, _p in q.wordings):
            label = _("↩️ Back to the usual question: %(round)s", round=title)
            rows.append([_button(short(str(label)), cb.encode(cb.QUESTION_DEFAULT, sid, kind))])
    extra = RoundKind.EXTRA.value
    if extra not in q.started:
        add = _("✏️ Change the extra question") if q.extra else _("➕ Add an extra question")
        rows.append([_button(add, cb.encode(cb.QUESTION_FOR, sid, f"{extra}.{FOR_ALL}"))])
        if q.extra:
            rows.append(
                [_button(_("🗑 No extra question"), cb.encode(cb.QUESTION_DEFAULT, sid, extra))]
            )
    return InlineKeyboardMarkup(rows)


def question_readers(_: Texts, q: SessionQuestions, kind: str) -> InlineKeyboardMarkup:
    """For whom the new wording is: everyone, or one perspective."""
    sid = q.session.id
    rows = [[_button(_("For everyone"), cb.encode(cb.QUESTION_FOR, sid, f"{kind}.{FOR_ALL}"))]]
    for p in q.perspectives:
        label = _("Only for %(readers)s", readers=_(labels.PEOPLE[p]))
        rows.append([_button(label, cb.encode(cb.QUESTION_FOR, sid, f"{kind}.{p}"))])
    return InlineKeyboardMarkup(rows)


def proposal_invitation(_: Texts, participant_id: int) -> InlineKeyboardMarkup:
    """A participant's own way in to proposals: propose one, or read and back others'."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    str(_("Propose an action")),
                    callback_data=cb.encode(cb.PROPOSE, participant_id),
                )
            ],
            [
                InlineKeyboardButton(
                    str(_("See the proposals")),
                    callback_data=cb.encode(cb.PROPOSALS, participant_id),
                )
            ],
        ]
    )


def board(_: Texts, shown: BoardPage) -> InlineKeyboardMarkup | None:
    """Back (or no longer back) each proposal of someone else on the page, ◀ ▶ to the pages
    beside it, and propose one more; only the turns once proposals can no longer be made."""
    found = shown.board
    rows = []
    if found.open:
        for n, line in enumerate(shown.shown.items, start=shown.shown.first + 1):
            if line.own:
                continue
            label = str(_("Back %(num)d", num=n))
            wanted = cb.SET_OFF if line.endorsed else cb.SET_ON
            rows.append(
                [
                    _button(
                        f"✅ {label}" if line.endorsed else label,
                        cb.encode(cb.PROPOSAL_BACK, line.proposal.id, wanted),
                    )
                ]
            )
    rows += page_turns(
        shown.shown, lambda page: cb.encode(cb.PROPOSALS, found.participant_id, str(page))
    )
    if found.open:
        rows.append([_button(_("Propose an action"), cb.encode(cb.PROPOSE, found.participant_id))])
    return InlineKeyboardMarkup(rows) if rows else None


def _propose_instead(_: Texts, details: Mapping[str, object]) -> InlineKeyboardMarkup | None:
    """The participant's own proposal buttons, for the participation the refusal names."""
    participant_id = details.get("participant")
    return proposal_invitation(_, participant_id) if isinstance(participant_id, int) else None


# Refusals that point somewhere, with the buttons that lead there (their words are in
# reports.refusals); any other refusal has none.
WAYS_IN: dict[str, Callable[[Texts, Mapping[str, object]], InlineKeyboardMarkup | None]] = {
    # A participant asked for the leaders' list of proposals: theirs to make and back.
    "propose_instead": _propose_instead,
}


def way_in(_: Texts, code: str, details: Mapping[str, object]) -> InlineKeyboardMarkup | None:
    """The buttons a refusal points to, if any."""
    make = WAYS_IN.get(code)
    return make(_, details) if make else None
