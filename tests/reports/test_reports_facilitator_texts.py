"""The facilitator's replies outside the templates have words in Dutch and in English."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest

from flows.clock import DEFAULT_TZ
from reports import dialogues, facilitating, handover, rounds, summary
from reports.i18n import Texts

AT = dt.datetime(2026, 11, 27, 17, tzinfo=ZoneInfo(DEFAULT_TZ))
DAY = dt.date(2027, 1, 15)

TEXTS: dict[str, Callable[[Texts], object]] = {
    "no_sessions": facilitating.no_sessions,
    "pick_a_session": facilitating.pick_a_session,
    "facilitator_link": lambda _: facilitating.facilitator_link(_, "https://t.me/x?start=c"),
    "now_facilitator": facilitating.now_facilitator,
    "co_facilitator_link": lambda _: facilitating.co_facilitator_link(_, "https://t.me/x"),
    "now_co_facilitator": lambda _: facilitating.now_co_facilitator(_, "Evaluatie"),
    "links_renewed": facilitating.links_renewed,
    "links_renewed_already": facilitating.links_renewed_already,
    "joins_open": lambda _: facilitating.joins(_, open_=True),
    "joins_closed": lambda _: facilitating.joins(_, open_=False),
    "links_valid_to_end": lambda _: facilitating.links_valid(_, None, DEFAULT_TZ),
    "links_valid_until": lambda _: facilitating.links_valid(_, AT, DEFAULT_TZ),
    "ask_removal": lambda _: facilitating.ask_removal(_, "Ouder", "Evaluatie"),
    "removed": lambda _: facilitating.removed(_, 2),
    "removal_cancelled": facilitating.removal_cancelled,
    "action_dropped": lambda _: facilitating.action_dropped(_, "Een folder"),
    "offer_link": lambda _: handover.offer_link(_, "https://t.me/x"),
    "taken_no_date": lambda _: handover.taken(_, None),
    "taken_with_date": lambda _: handover.taken(_, DAY),
    "declined": handover.declined,
    "given_back": handover.given_back,
    "preview_note": summary.preview_note,
    "pdf_caption": summary.pdf_caption,
    "goes_to": lambda _: summary.goes_to(_, 3),
    "sent": lambda _: summary.sent(_, 1),
    "deadline": lambda _: rounds.deadline(_, AT, DEFAULT_TZ),
    "settings_quiet": lambda _: dialogues.settings_text(_, True, DEFAULT_TZ),
    "settings_loud": lambda _: dialogues.settings_text(_, False, DEFAULT_TZ),
    "progress_note_question": dialogues.progress_note_question,
    "progress_reported": dialogues.progress_reported,
    "use_buttons": dialogues.use_buttons,
}


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_each_reply_is_translated(name: str) -> None:
    dutch, english = str(TEXTS[name](Texts("nl"))), str(TEXTS[name](Texts("en")))
    assert dutch and english and dutch != english


def test_values_are_escaped_and_dates_read_the_local_way() -> None:
    dropped = facilitating.action_dropped(Texts("en"), "<b>folder</b>")
    assert "&lt;b&gt;folder&lt;/b&gt;" in dropped
    assert "15 januari 2027" in handover.taken(Texts("nl"), DAY)
    assert "vrijdag 27 november om 17:00" in rounds.deadline(Texts("nl"), AT, DEFAULT_TZ)
