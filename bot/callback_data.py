"""Callback data: short, naming what to do and the row it is about.

`prefix:row[:extra]`, at most 64 bytes. What comes back from a button is parsed
here and re-checked against the database by the guard; it is never trusted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Joining
JOIN_YES = "join.yes"  # :invite code
JOIN_NO = "join.no"  # :invite code
SHOW_NAME = "show.name"  # :participant
SHOW_PSEUDONYM = "show.pseudo"  # :participant
SHOW_ANONYMOUS = "show.anon"  # :participant
SUMMARY_YES = "wish.yes"  # :participant
SUMMARY_NO = "wish.no"  # :participant
# Answers
ANSWERS_LIST = "ans.list"  # :0[:page] (without a page: the list in a message of its own)
ANSWER_EDIT = "ans.edit"  # :contribution
ANSWER_DELETE = "ans.del"  # :contribution
ANSWER_DELETE_OK = "ans.delok"  # :contribution
ANSWER_KEEP = "ans.keep"  # :contribution
ANSWER_FOR = "ans.for"  # :pending:session
FLAGGED_MASK = "pii.mask"  # :contribution
FLAGGED_KEEP = "pii.keep"  # :contribution
# Consent, leaving, one's own data
CONSENT_AGAIN = "consent.ok"  # :participant:pending
LEAVE_ASK = "leave.ask"  # :participant
LEAVE_KEEP = "leave.keep"  # :participant
LEAVE_ERASE = "leave.erase"  # :participant
LEAVE_CANCEL = "leave.no"  # :participant
FORGET_YES = "forget.yes"  # :0
FORGET_NO = "forget.no"  # :0
# New session
NEW_THEME = "new.theme"  # :0:theme index
NEW_PERSPECTIVE = "new.persp"  # :0:perspective
NEW_DONE = "new.done"  # :0
# Running a session
SESSION_PICK = "ses.pick"  # :session
SESSIONS_PAGE = "ses.pg"  # :0:page (another page of one's sessions)
ACTION_WHO = "act.who"  # :session:party index
ACTION_DUE = "act.due"  # :session:preset
ACTION_EDIT = "act.edit"  # :action
ACTION_FIELD = "act.field"  # :action:field
ACTION_DROP = "act.drop"  # :action
ACTION_HAND_OVER = "act.hand"  # :action
ACTIONS_PAGE = "act.pg"  # :session:page (another page of the agreed actions)
TAKE_YES = "take.yes"  # :invite code
TAKE_NO = "take.no"  # :invite code
GIVE_BACK = "take.back"  # :action
SUMMARY_SEND = "sum.send"  # :session:version.mark of the draft shown
INVITES_RENEW = "inv.renew"  # :session:links (the generation of the links it replaces)
# Time
DEADLINE_SET = "dl.set"  # :session:preset.round
DEADLINE_MORE = "dl.more"  # :session:extension.round
DEADLINE_CLOSE = "dl.close"  # :session:round
SETTING_QUIET = "set.quiet"  # :session:on|off
SETTING_REMINDERS = "set.remind"  # :session:mode
PROGRESS = "fu.status"  # :action:done|on_track|stuck
PROGRESS_NO_NOTE = "fu.nonote"  # :action
INVITES_CLOSE = "inv.close"  # :session[:links] (passed on to the redrawn buttons)
INVITES_OPEN = "inv.open"  # :session[:links] (likewise)
INVITES_VALIDITY = "inv.valid"  # :session:1w|4w|end
INVITE_CARDS = "inv.cards"  # :session
# Newcomers
REMOVE_ASK = "rm.ask"  # :participant
REMOVE_OK = "rm.ok"  # :participant
REMOVE_NO = "rm.no"  # :participant
# -- watching a round, the questions (prefixes)
WATCH_PAGE = "watch.pg"  # :session:page (the same page again: refresh)
QUESTION_ROUND = "q.round"  # :session:round kind
QUESTION_FOR = "q.for"  # :session:round kind.perspective (or .all)
QUESTION_DEFAULT = "q.dflt"  # :session:round kind (for "extra": no extra round)
#
# -- themes (prefixes)
THEMES_SORT = "th.sort"  # :session:round
THEMES_SKIPPED = "th.back"  # :session:round.after (revisit the skipped answers after this one)
THEMES_ADD = "th.add"  # :session
THEMES_PAGE = "th.ov"  # :session:page (another page of the overview's themes)
THEMES_RENAME = "th.ren"  # :session[:page]
THEMES_MERGE = "th.mrg"  # :session[:page]
THEME_PUT = "th.put"  # :contribution:theme
THEME_PAGE = "th.pg"  # :contribution:page[.r] (another page of themes; .r: a skipped answer)
THEME_SKIP = "th.skip"  # :contribution
THEME_NEW = "th.new"  # :contribution
THEME_NAME = "th.name"  # :contribution (take the proposed name)
THEME_ALSO = "th.also"  # :contribution:anchor.theme (the answer sorted, the theme it went to)
THEME_RENAME = "th.rn"  # :theme
THEME_MERGE = "th.mg"  # :theme[:page]
THEME_MERGE_INTO = "th.mgi"  # :theme:kept theme
#
# -- mirror, recognition, proposals (prefixes)
RECOGNISE = "mir.rec"  # :contribution:SET_ON|SET_OFF
MIRROR_PAGE = "mir.pg"  # :session:page.round (by its number: an item on it may go meanwhile)
MIRROR_UNSORTED = "mir.flat"  # :session[:round] (share although nothing is in a theme)
MIRROR_ROUND = "mir.round"  # :session:round (an earlier round's mirror, never shared)
PROPOSE = "prop.new"  # :participant
PROPOSALS = "prop.list"  # :participant[:page]
PROPOSAL_BACK = "prop.back"  # :proposal:SET_ON|SET_OFF
PROPOSAL_AGREE = "prop.agree"  # :proposal
ACTION_THEME = "act.theme"  # :action:theme|none
ACTION_THEME_PAGE = "act.thpg"  # :action:page (another page of themes to choose from)
#
# -- the reviewed summary (prefixes)
SUMMARY_LIST = "sum.list"  # :session:page
SUMMARY_OUT = "sum.out"  # :contribution:page
SUMMARY_EDIT = "sum.edit"  # :session:field
SUMMARY_INVITED = "sum.inv"  # :session
SUMMARY_INVITED_ONE = "sum.invp"  # :session:perspective
#
# -- the report and the exports (prefixes)
#

MAX_BYTES = 64


_NUMBER = re.compile("[0-9]{1,18}")


@dataclass(frozen=True, slots=True)
class Press:
    prefix: str
    row: str
    extra: str | None

    @property
    def row_id(self) -> int | None:
        return number(self.row)


# What a two-state button (Herkenbaar, Steun) sets: a second tap of the same button then
# changes nothing, where a toggle would undo the first on a slow connection.
SET_ON = "1"
SET_OFF = "0"


def number(text: str) -> int | None:
    """The row id (or page) a part of the data names: up to 18 ASCII digits, so that it fits a
    database row id; None for anything else (words, a superscript two, too long a number)."""
    return int(text) if _NUMBER.fullmatch(text) else None


def with_round(choice: str, round_id: int) -> str:
    """The extra part of a choice about one round: `choice.round`."""
    return f"{choice}.{round_id}"


def round_choice(extra: str | None) -> tuple[str, int] | None:
    """The choice and the round of `with_round`; None for anything else (an older button)."""
    choice, _, round_ = (extra or "").rpartition(".")
    found = number(round_)
    return (choice, found) if choice and found is not None else None


def encode(prefix: str, row: int | str = 0, extra: str | None = None) -> str:
    data = f"{prefix}:{row}" if extra is None else f"{prefix}:{row}:{extra}"
    if len(data.encode("utf-8")) > MAX_BYTES:
        raise ValueError("callback data longer than Telegram allows")
    return data


def parse(data: str | None) -> Press | None:
    """Split callback data into its parts; None when it is not ours."""
    if not data or len(data.encode("utf-8")) > MAX_BYTES:
        return None
    parts = data.split(":")
    if len(parts) not in (2, 3) or not all(parts):
        return None
    return Press(parts[0], parts[1], parts[2] if len(parts) == 3 else None)
