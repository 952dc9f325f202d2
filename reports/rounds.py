"""What a facilitator reads when running the rounds: opened, reminded, a new deadline."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from flows.sessions import Reminded, RoundOpened
from reports import labels
from reports.i18n import Texts


def round_opened(_: Texts, opened: RoundOpened, now: dt.datetime) -> Markup:
    """The round is open: to how many it goes, when, and until when."""
    kind, tz = opened.round.kind, opened.session.tz
    lines = [
        _("Round %(number)d is open: %(title)s",
          number=labels.ROUND_NUMBER[kind], title=_(labels.ROUND_TITLE[kind])),
        _.ngettext(
            "I am sending the question to %(num)d participant.",
            "I am sending the question to %(num)d participants.",
            opened.recipients,
        ),
    ]  # fmt: skip
    if opened.held_until > now:
        lines.append(
            _("It is quiet time (21:00–08:00), so the question goes out on %(moment)s.",
              moment=_.moment(opened.held_until, tz))
        )  # fmt: skip
    if opened.round.closes_at is not None:
        lines.append(deadline(_, opened.round.closes_at, tz))
    else:
        lines.append(_("How long may the round stay open? Choose below, or close it with /close."))
    lines.append(_("Read the answers as they come in with /watch."))
    return Markup("\n").join(lines)


def reminded(_: Texts, done: Reminded, now: dt.datetime, tz: str) -> Markup:
    """How many get a reminder, and when (later in the quiet hours)."""
    text = _.ngettext(
        "I am reminding %(num)d participant who has not answered yet.",
        "I am reminding %(num)d participants who have not answered yet.",
        done.recipients,
    )
    if done.held_until > now:
        text += " " + _("It is quiet time, so they get it on %(moment)s.",
                        moment=_.moment(done.held_until, tz))  # fmt: skip
    return text


def deadline(_: Texts, closes_at: dt.datetime, tz: str) -> Markup:
    return _("The round closes on %(moment)s.", moment=_.moment(closes_at, tz))
