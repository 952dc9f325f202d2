"""The words for leaving follow the choice made, also when there were no answers."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

from flows import joining, leaving, sessions
from flows.access import Actor
from flows.model import Perspective
from flows.people import identify
from reports import rights
from reports.i18n import Texts
from sandbox.clock import ManualClock
from storage import Database
from storage.records import Identity


async def test_leaving_without_answers_says_what_was_chosen(tmp_path: Path) -> None:
    clock = ManualClock(dt.datetime(2026, 11, 24, 10, tzinfo=ZoneInfo("Europe/Amsterdam")))
    db = await Database.open(tmp_path / "rights.db")
    try:
        left = {}
        for number, keep in ((1, True), (2, False)):
            made = await sessions.create_session(
                db, clock, Actor(Identity("telegram", "100"), None, True, "nl"), title="Samen", theme="Jeugdhulp",
                perspectives=[Perspective.PARENT],
            )  # fmt: skip
            actor = await identify(db, "telegram", str(number), "nl", is_admin=False)
            joined = await joining.consent(
                db, clock, actor, made.participant_codes[Perspective.PARENT]
            )
            left[keep] = await leaving.leave(db, clock, joined.participant.id, keep_answers=keep)
    finally:
        await db.close()
    _ = Texts("en")
    stay = _.ngettext(
        "Your %(num)d answer stays, without your name.",
        "Your %(num)d answers stay, without your name.",
        0,
    )
    deleted = _.ngettext("We deleted your %(num)d answer.", "We deleted your %(num)d answers.", 0)
    assert stay in rights.left(_, left[True]) and deleted not in rights.left(_, left[True])
    assert deleted in rights.left(_, left[False]) and stay not in rights.left(_, left[False])


def test_the_export_says_what_it_is() -> None:
    _ = Texts("nl")
    at = dt.datetime(2026, 11, 24, 10).isoformat()
    document = json.loads(rights.export_document(_, {"known_since": at}))
    assert document == {"about": str(rights.export_caption(_)), "known_since": at}
