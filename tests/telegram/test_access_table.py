"""Every role against every command and every kind of button: the bot does what the table says.

The expectation for each case comes from docs/access.md's table (rendered from the same
policy); the behaviour comes from the running bot over HTTP. A refused case changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from app.access_doc import cell, holds
from bot.app import BUTTONS, COMMANDS
from flows.access import Role, TargetKind
from reports.i18n import Texts
from reports.labels import COMMANDS as DUTCH
from reports.refusals import REFUSALS
from sandbox import scenario
from sandbox.people import Person
from sandbox.world import World
from tests.conftest import daytime, dump, rows

REFUSAL = "Sorry, dat kun jij hier niet doen. Typ /help om te zien wat je wel kunt doen."
GONE = "Deze knop werkt niet meer. Typ /help om te zien wat je nu kunt doen."
NO_ACTIVE = "Kies eerst een sessie met /sessies, of begin een nieuwe met /nieuw."
# A participant asking for a leaders' act that has a share of theirs hears that share.
SHARE = frozenset(
    str(Texts("nl")(REFUSALS[code]))
    for code in ("propose_instead", "proposals_later", "proposals_after_extra")
)
# An organiser asking for a leaders' act hears that it is the facilitator's, and what is theirs.
FOR_LEADERS = str(Texts("nl")(REFUSALS["for_leaders"]))


@dataclass
class Cast:
    world: World
    actors: dict[str, Person]
    rows_s: dict[TargetKind, int]  # rows of session S, per kind of target
    rows_t: dict[TargetKind, int]  # rows of session T (another owner's)


async def facilitator(world: World, admin: Person, name: str) -> Person:
    await admin.send("/facilitator")
    person = world.person(name)
    await person.open_link(admin.last.text.split()[-1])
    return person


async def cast(world: World) -> Cast:
    """S: owned by Olga, co-led by Cor, with Piet (participant, who took over S's action)
    and Greet (organiser). T: owned by Frank, with Quinn. Anna is admin of neither; Xander
    is a stranger."""
    anna = world.admin("Anna")
    await anna.send("/start")
    olga, frank = await facilitator(world, anna, "Olga"), await facilitator(world, anna, "Frank")
    links_t = await scenario.create_session(frank, "Sessie T")
    links_s = await scenario.create_session(olga, "Sessie S")
    await olga.send("/medeleider")
    cor = world.person("Cor")
    await cor.open_link(olga.last.text.split()[-1])
    piet, quinn, greet = world.person("Piet"), world.person("Quinn"), world.person("Greet")
    await scenario.join(piet, links_s.participant["parent"])
    await scenario.join(quinn, links_t.participant["parent"])
    await greet.open_link(links_s.organiser)
    await olga.send("/open")
    await frank.send("/open")
    await piet.send("Antwoord van Piet")
    await quinn.send("Antwoord van Quinn")
    await scenario.add_action(olga, "Actie in S", "buurtteam", "2 weken")
    await scenario.add_action(frank, "Actie in T", "buurtteam", "2 weken")
    await olga.press("1 doorgeven")
    await piet.open_link(olga.last.text.split()[-1])
    await piet.press("Ja, ik doe het")
    xander = world.person("Xander")
    await xander.send("/start")

    def ids(title: str, person: Person) -> dict[TargetKind, int]:
        session = rows(world.db_path, "SELECT id FROM sessions WHERE title = ?", (title,))[0]["id"]
        return {
            TargetKind.SESSION: session,
            TargetKind.PARTICIPANT: rows(
                world.db_path,
                "SELECT participants.id FROM participants JOIN identities USING (person_id)"
                " WHERE session_id = ? AND external_id = ?",
                (session, person.id),
            )[0]["id"],
            TargetKind.CONTRIBUTION: rows(
                world.db_path,
                "SELECT contributions.id FROM contributions JOIN rounds ON rounds.id = round_id"
                " WHERE rounds.session_id = ?",
                (session,),
            )[0]["id"],
            TargetKind.ACTION: rows(
                world.db_path, "SELECT id FROM actions WHERE session_id = ?", (session,)
            )[0]["id"],
        }

    actors = {
        "admin": anna, "facilitator": frank, "owner": olga, "co-facilitator": cor,
        "participant": piet, "organiser": greet, "stranger": xander,
    }  # fmt: skip
    return Cast(world, actors, ids("Sessie S", piet), ids("Sessie T", quinn))


# Whose own the rows of S are in this cast: S's action was recorded by Olga and taken
# over by Piet; answers and participations are Piet's.
OWN_IN_CAST = {TargetKind.ACTION: frozenset({"owner", "participant"})}

# What each column holds towards session S (Frank leads T, not S).
TOWARDS_S = {
    "admin": frozenset({Role.ADMIN}),
    "facilitator": frozenset({Role.FACILITATOR}),
    "owner": frozenset({Role.FACILITATOR, Role.OWNER}),
    "co-facilitator": frozenset({Role.CO_FACILITATOR}),
    "participant": frozenset({Role.PARTICIPANT}),
    "organiser": frozenset({Role.ORGANISER}),
    "stranger": frozenset(),
}
# A command acts on the sender's own active (or followed) session: Frank's is T, which he
# owns.
TOWARDS_OWN_SESSION = {**TOWARDS_S, "facilitator": TOWARDS_S["owner"]}


def refused(text: str | None, column: str) -> bool:
    """A refusal, in the words meant for this column: a leaders' act refused to an
    organiser says it is the facilitator's; the participant hears their own share."""
    if text in (REFUSAL, NO_ACTIVE):
        return True
    return (column == "organiser" and text == FOR_LEADERS) or (
        column == "participant" and text in SHARE
    )


async def test_every_role_against_every_command(tmp_path: Path) -> None:
    async with World(tmp_path / "commands.db", clock=daytime()) as world:
        roles = await cast(world)
        checked = 0
        for name, act, target, _handler in COMMANDS:
            for column, person in roles.actors.items():
                own = target in (TargetKind.ACTIVE_SESSION, TargetKind.FOLLOWED_SESSION)
                towards = TOWARDS_OWN_SESSION if own else TOWARDS_S
                held = holds(column, towards[column], target, OWN_IN_CAST)
                allowed = cell(act, held) != "—"
                before = dump(world.db_path)
                await person.send(f"/{DUTCH[name]}")
                reply = person.last.text
                assert refused(reply, column) != allowed, (
                    f"/{DUTCH[name]} by {column}: {reply[:80]!r}"
                )
                if not allowed:
                    assert dump(world.db_path) == before, (
                        f"/{DUTCH[name]} by {column} changed data"
                    )
                await person.send("/annuleer")  # leave no guided step behind
                checked += 1
        assert checked == len(COMMANDS) * 7


@pytest.mark.parametrize(("prefix", "act", "target"), [(p, a, t) for p, a, t, _ in BUTTONS])
async def test_every_role_against_every_button(
    tmp_path: Path, prefix: str, act: object, target: TargetKind
) -> None:
    async with World(tmp_path / "buttons.db", clock=daytime()) as world:
        roles = await cast(world)
        for session_rows, towards in ((roles.rows_t, "T"), (roles.rows_s, "S")):
            row = session_rows.get(target, 0)
            for column, person in roles.actors.items():
                # Towards T nobody but Frank has a part, and no row of T is anyone else's own.
                held = (
                    holds(column, TOWARDS_S[column], target, OWN_IN_CAST)
                    if towards == "S"
                    else _towards_t(column)
                )
                allowed = cell(act, held) != "—"  # type: ignore[arg-type]
                before = dump(world.db_path)
                toast = await person.press_data(f"{prefix}:{row}:0", person.last)
                case = f"{prefix}:{row} in {towards} by {column}: {toast!r}"
                if allowed:
                    assert toast not in (REFUSAL, FOR_LEADERS), case
                else:
                    # Refused, or the row is gone already (an allowed person used it): either
                    # way nothing happens.
                    assert toast in (REFUSAL, GONE, FOR_LEADERS), case
                    assert dump(world.db_path) == before, case
                await person.send("/annuleer")


def _towards_t(column: str) -> frozenset[Role]:
    """What each column holds towards T: only Frank leads it, nobody else has a part in it."""
    if column == "facilitator":
        return TOWARDS_S["owner"]
    if column in ("admin", "owner"):
        return frozenset({Role.ADMIN} if column == "admin" else {Role.FACILITATOR})
    return frozenset()
