"""A crafted session for the synthesis and the summary: three perspectives, two rounds,
three themes sorted and mirrored, recognitions, an action, cover facts and a left-out answer.
The other rooms' tables (themes, mirrors, recognitions) are filled directly with SQL: also the
worker's marks on their own answers, as stored before that was refused, which count nowhere."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from flows import actions, answering, joining, sessions
from flows import summary as summary_flow
from flows.access import Actor
from flows.model import DisplayMode, Perspective
from flows.people import identify
from sandbox.clock import ManualClock
from storage import Database

PARENT, WORKER, PARTNER = Perspective.PARENT, Perspective.WORKER, Perspective.PARTNER
LEFT_OUT = "Mijn buurvrouw wist er alles van"


async def _person(db: Database, number: int) -> Actor:
    return await identify(db, "telegram", str(number), "nl", is_admin=number == 1)


def _sql(path: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return list(conn.execute(sql, params))


async def crafted(db: Database, clock: ManualClock, path: Path) -> tuple[int, dict[str, int]]:
    """Three perspectives, two rounds, three themes; returns the session and answer ids by text."""
    owner = await _person(db, 1)
    made = await sessions.create_session(
        db, clock, owner, title="Samen verder", theme="Jeugdhulp",
        perspectives=[PARENT, WORKER, PARTNER],
    )  # fmt: skip
    people = {}
    for number, perspective, mode, name in (
        (10, PARENT, DisplayMode.NAME, "Anna"),
        (11, PARENT, DisplayMode.ANONYMOUS, None),
        (20, WORKER, DisplayMode.PSEUDONYM, "Juf Ria"),
        (30, PARTNER, DisplayMode.ANONYMOUS, None),
    ):
        actor = await _person(db, number)
        joined = await joining.consent(db, clock, actor, made.participant_codes[perspective])
        await joining.set_display(db, joined.participant.id, mode, name)
        people[number] = await _person(db, number)  # now a person who takes part
    await joining.refuse(db, clock, made.participant_codes[PARTNER])
    said = (
        (
            (10, "De gezinswerker luisterde goed naar ons gezin"),
            (20, "Wij luisterden goed naar het gezin en de ouders"),
            (11, "Snelle hulp bij de eerste vraag"),
        ),
        (
            (30, "De wachttijd was veel te lang voor hulp"),
            (20, "Veel papierwerk en formulieren"),
            (11, "Ik moest steeds opnieuw mijn verhaal vertellen"),
            (10, LEFT_OUT),
            (30, "Onduidelijk wie wat doet"),
        ),
    )
    for round_said in said:
        await sessions.open_next_round(db, clock, made.session.id)
        for number, text in round_said:
            clock.advance(dt.timedelta(minutes=1))
            await answering.receive(db, clock, people[number], text, f"m:{text}")
        await sessions.close_current_round(db, clock, made.session.id)
    ids = {text: cid for cid, text in _sql(path, "SELECT id, body FROM contributions")}
    sid = made.session.id
    now = "2026-11-24T12:00:00+00:00"
    for name, texts in (
        ("Luisteren", said[0][:2] + said[1][2:3]),
        ("Snelheid", said[0][2:] + said[1][:1]),
        ("Administratie", said[1][1:2]),
    ):
        tid = _sql(
            path, "INSERT INTO themes (session_id, name, created_at) VALUES (?, ?, ?)"
            " RETURNING id", (sid, name, now),
        )[0][0]  # fmt: skip
        for _, text in texts:
            _sql(path, "INSERT INTO theme_answers VALUES (?, ?, ?)", (ids[text], tid, now))
    _sql(path, "INSERT INTO theme_answers VALUES (?, NULL, ?)", (ids[LEFT_OUT], now))
    rounds = dict(_sql(path, "SELECT kind, id FROM rounds"))
    for kind in ("went_well", "hurt"):
        _sql(path, "INSERT INTO mirrors (round_id, perspectives, shared_at) VALUES (?, ?, ?)",
             (rounds[kind], "parent,worker,partner", now))  # fmt: skip
    parts = dict(_sql(path, "SELECT person_id, id FROM participants"))
    perspective_of = {10: "parent", 11: "parent", 20: "worker", 30: "partner"}
    marks = {  # 20 wrote the first and third, 10 the last: their own marks count nowhere
        "Wij luisterden goed naar het gezin en de ouders": (10, 11, 20, 30),
        "De gezinswerker luisterde goed naar ons gezin": (11,),
        "Veel papierwerk en formulieren": (20, 30),
        LEFT_OUT: (10, 11, 20, 30),
    }
    person_ids = {
        int(ext): pid for ext, pid in _sql(path, "SELECT external_id, person_id FROM identities")
    }
    marked_at = clock.now().isoformat()  # before anything is approved, as in a session
    for text, numbers in marks.items():
        for number in numbers:
            _sql(path, "INSERT INTO recognitions VALUES (?, ?, ?, ?)",
                 (ids[text], parts[person_ids[number]], perspective_of[number], marked_at))  # fmt: skip
    _sql(path, "UPDATE session_perspectives SET invited = 3 WHERE perspective = 'parent'")
    await actions.add(
        db, clock, owner, sid, what="Vaste contactpersoon", owner="Buurtteam", due_on=None
    )
    _sql(path, "UPDATE actions SET theme_id = (SELECT id FROM themes WHERE name = 'Luisteren')")
    await summary_flow.set_draft_facts(
        db, clock, sid, municipality="Nijmegen", area="Dukenburg", opening="Dank voor uw tijd."
    )
    await summary_flow.leave_out(db, clock, sid, ids[LEFT_OUT], True)
    return sid, ids
