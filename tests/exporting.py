"""A session with results to export, played through the bot; what the other rooms' parts
would store (themes, a mirror, recognitions, a left-out answer, an action's theme) is filled
in with small SQL statements, as those rows are in the shared schema."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sandbox import scenario
from sandbox.people import Person
from sandbox.world import World
from tests.conftest import rows

# Quotes, a `;` and a line break in one answer: it must round-trip through the CSV.
TRICKY = 'Wij zeiden: "bel ons eerst"; niemand belde.\nDaarna bleef het stil.'
LEFT_OUT = "Mijn buurman is een lastige man"
ANSWERS = {
    "Sanne": ["Het buurtteam belde snel terug", TRICKY],
    "Kees": ["Snel een afspraak gehad", LEFT_OUT],
    "Wim": ["De lijnen met school waren kort", "We konden snel schakelen met de wijkagent"],
}
THEME_OF = {
    "Het buurtteam belde snel terug": "Bereikbaarheid",
    TRICKY: "Samenwerking",
    "Snel een afspraak gehad": "Bereikbaarheid",
    LEFT_OUT: "Bereikbaarheid",
    "De lijnen met school waren kort": "Samenwerking",
    "We konden snel schakelen met de wijkagent": "Bereikbaarheid",
}
NOW = "2026-11-24T10:30:00.000000Z"


@dataclass
class Played:
    facilitator: Person
    organiser: Person
    people: dict[str, Person]
    session_id: int
    answer_ids: dict[str, int]  # by text


def fill(db_path: Path, sql: str, params: tuple[object, ...] = ()) -> int:
    """Write a row the way another part of the bot would have; its id."""
    with sqlite3.connect(db_path, timeout=10) as conn:
        return conn.execute(sql, params).lastrowid or 0


async def session_with_results(world: World) -> Played:
    femke = world.admin()
    await femke.send("/start")
    links = await scenario.create_session(femke)
    pieter = world.person("Pieter")
    await pieter.open_link(links.organiser)
    people = {name: world.person(name) for name in ANSWERS}
    for name, perspective in (("Sanne", "parent"), ("Kees", "parent"), ("Wim", "worker")):
        await scenario.join(people[name], links.participant[perspective])
        await world.advance(minutes=1)  # the order of joining makes the pseudonyms
    await femke.send("/open")
    for index in range(2):
        for name, answers in ANSWERS.items():
            await people[name].send(answers[index])
    await femke.send("/sluit")
    await scenario.add_action(femke, "Vaste contactpersoon per school", "buurtteam", "1 maand")
    await world.settle()

    db = world.db_path
    (session,) = rows(db, "SELECT id FROM sessions")
    session_id = session["id"]
    answer_ids = {r["body"]: r["id"] for r in rows(db, "SELECT id, body FROM contributions")}
    assert set(answer_ids) == set(THEME_OF)
    themes = {
        name: fill(
            db,
            "INSERT INTO themes (session_id, name, created_at) VALUES (?, ?, ?)",
            (session_id, name, NOW),
        )
        for name in ("Bereikbaarheid", "Samenwerking", "Nog leeg")
    }
    for text, theme in THEME_OF.items():
        fill(
            db,
            "INSERT INTO theme_answers (contribution_id, theme_id, sorted_at) VALUES (?, ?, ?)",
            (answer_ids[text], themes[theme], NOW),
        )
    fill(db, "UPDATE contributions SET left_out_at = ? WHERE id = ?", (NOW, answer_ids[LEFT_OUT]))
    (round_,) = rows(db, "SELECT id FROM rounds WHERE kind = 'went_well'")
    fill(
        db,
        "INSERT INTO mirrors (round_id, perspectives, shared_at) VALUES (?, 'parent,worker', ?)",
        (round_["id"], NOW),
    )
    participant = {
        r["perspective"] + str(i): r["id"]
        for i, r in enumerate(rows(db, "SELECT id, perspective FROM participants ORDER BY id"))
    }
    sanne, kees, wim = participant["parent0"], participant["parent1"], participant["worker2"]
    for text, who, perspective in (
        # The other parent and the one worker: broadly recognised (flows/recognition.py).
        # Sanne's mark on her own answer, as stored before that was refused, counts nowhere.
        ("Het buurtteam belde snel terug", sanne, "parent"),
        ("Het buurtteam belde snel terug", kees, "parent"),
        ("Het buurtteam belde snel terug", wim, "worker"),
        ("De lijnen met school waren kort", sanne, "parent"),
        (LEFT_OUT, wim, "worker"),
    ):
        fill(
            db,
            "INSERT INTO recognitions (contribution_id, participant_id, perspective, created_at)"
            " VALUES (?, ?, ?, ?)",
            (answer_ids[text], who, perspective, NOW),
        )
    fill(db, "UPDATE actions SET theme_id = ?", (themes["Samenwerking"],))
    return Played(femke, pieter, people, session_id, answer_ids)


async def summary_sent(world: World, played: Played) -> None:
    """The facilitator approves and sends the summary: from then on the organiser may
    download the results too."""
    await played.facilitator.send("/samenvatting")
    await played.facilitator.press("Akkoord, verstuur")
    await world.settle()
