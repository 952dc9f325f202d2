"""The facilitator groups a closed round's answers into themes in Telegram, one answer at a
time, with suggestions shown and only applied by a tap.

The answers share obvious words within a theme and none across themes, so a lexical and a
sentence-vector similarity rank them the same way.
"""

from __future__ import annotations

import sqlite3

from sandbox import scenario
from sandbox.people import Person
from sandbox.world import World
from tests.conftest import rows

REFUSAL = "Sorry, dat kun jij hier niet doen. Typ /help om te zien wat je wel kunt doen."

ROUND_ONE = [
    ("sanne", "Wachtlijst duurde maanden"),
    ("kees", "Lange wachtlijst, maanden niets gehoord"),
    ("ahmed", "School overleg verliep soepel"),
    ("joke", "Soepel contact school"),
    ("ahmed", "Wachtlijst groeit steeds verder"),
    ("kees", "Formulieren onduidelijk ingevuld"),
    ("joke", "Parkeren gemeentehuis lastig"),
    ("sanne", "Geheim antwoord weggelaten uit samenvatting"),
]


async def place(facilitator: Person, label: str) -> None:
    """Put the answer on screen in a theme and go on to the next one.

    How many alike answers are offered beside it depends on the similarity measure; after a
    placement that offers some, the next answer is one tap further."""
    await facilitator.press(label)
    if any("Volgend antwoord" in button for button in facilitator.last.labels):
        await facilitator.press("Volgend antwoord")


async def closed_round(world: World) -> tuple[Person, dict[str, Person]]:
    """A session with four participants of three perspectives; round 1 answered and closed,
    one answer left out of the summary."""
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    people = {name: world.person(name.title()) for name in ("sanne", "kees", "ahmed", "joke")}
    perspective = {"sanne": "parent", "kees": "parent", "ahmed": "worker", "joke": "partner"}
    for name, person in people.items():
        await scenario.join(person, links.participant[perspective[name]])
    await facilitator.send("/open")
    for name, text in ROUND_ONE:
        await people[name].send(text)
    await facilitator.send("/sluit")
    with sqlite3.connect(world.db_path) as conn:
        conn.execute(
            "UPDATE contributions SET left_out_at = '2026-11-24T10:00:00+00:00' WHERE body = ?",
            ("Geheim antwoord weggelaten uit samenvatting",),
        )
    return facilitator, people


def theme_of(world: World, body: str) -> str | None:
    found = rows(
        world.db_path,
        "SELECT themes.name FROM contributions JOIN theme_answers ON contribution_id = contributions.id"
        " LEFT JOIN themes ON themes.id = theme_answers.theme_id WHERE body = ?",
        (body,),
    )
    return found[0]["name"] if found else "unsorted"


async def test_sorting_a_round_with_suggestions_in_telegram(world: World) -> None:
    facilitator, people = await closed_round(world)
    await facilitator.send("/themas")
    assert "Nog geen thema's" in facilitator.last.text
    assert (
        "0 van 7 antwoorden in een thema" in facilitator.last.text
    )  # the left-out one not counted
    await facilitator.press("Thema's toevoegen")
    await facilitator.send("Wachtlijst, School\nOnduidelijk\nschool")
    assert "Thema's erbij: Wachtlijst, School, Onduidelijk" in facilitator.messages[-2].text
    await facilitator.press("Sorteer ronde 1 (7)")
    sorting = facilitator.last
    assert "“Wachtlijst duurde maanden”" in sorting.text
    assert "Voorstel" not in sorting.text  # no theme holds an answer yet: nothing to suggest
    assert "Lange wachtlijst" in sorting.text  # alike answers are shown beside it
    assert not any(label.startswith("⭐") for label in sorting.labels)

    await facilitator.press("Wachtlijst")
    placed = facilitator.last
    assert placed.message_id == sorting.message_id  # one message, edited per step
    assert "✓ In thema: Wachtlijst" in placed.text
    alike = placed.text.split("tik in hetzelfde thema:")[1]
    first_alike = alike.strip().splitlines()[0]
    assert "wachtlijst" in first_alike.lower()
    await facilitator.press("➕ 1 in hetzelfde thema")
    assert theme_of(world, first_alike.split("“")[1].rstrip("”")) == "Wachtlijst"
    await facilitator.press("Volgend antwoord")

    assert "“School overleg verliep soepel”" in facilitator.last.text
    await facilitator.press("School")
    await facilitator.press("Volgend antwoord")
    # Now School holds an answer alike to this one: it is suggested, first on the buttons.
    assert "“Soepel contact school”" in facilitator.last.text
    assert facilitator.last.labels[0] == "⭐ School"
    await place(facilitator, "⭐ School")
    remaining = [text for _, text in ROUND_ONE if theme_of(world, text) == "unsorted"]
    if "Wachtlijst groeit steeds verder" in remaining:
        assert facilitator.last.labels[0] == "⭐ Wachtlijst"
        await place(facilitator, "⭐ Wachtlijst")

    # Skip one, make a theme from a proposed name for the next.
    assert "“Formulieren onduidelijk ingevuld”" in facilitator.last.text
    await facilitator.press("Nu overslaan")
    assert "Overgeslagen" in facilitator.last.text
    assert "“Parkeren gemeentehuis lastig”" in facilitator.last.text
    await facilitator.press("Nieuw thema")
    proposal = facilitator.last
    assert "Voorstel voor de naam:" in proposal.text
    proposed = proposal.labels[0].removeprefix("✓ ")
    await facilitator.press(proposal.labels[0])
    assert theme_of(world, "Parkeren gemeentehuis lastig") == proposed

    # The round is done but for the skipped one; revisit it and give it a theme of one's own.
    assert "Er wacht nog 1 overgeslagen antwoord." in facilitator.last.text
    await facilitator.press("Overgeslagen in ronde 1 (1)")
    assert "“Formulieren onduidelijk ingevuld”" in facilitator.last.text
    await facilitator.press("Nieuw thema")
    await facilitator.send("Formulieren")
    assert theme_of(world, "Formulieren onduidelijk ingevuld") == "Formulieren"
    assert "Alle antwoorden van deze ronde zijn gesorteerd." in facilitator.last.text

    # A name typed twice is refused kindly.
    await facilitator.press("Thema hernoemen")
    await facilitator.press("Onduidelijk")
    await facilitator.send("school")
    assert "Er is al een thema met die naam" in facilitator.last.text
    await facilitator.send("Uitleg")
    assert "Het thema heet nu “Uitleg”." in facilitator.messages[-2].text

    await facilitator.press("Thema's samenvoegen")
    await facilitator.press("Formulieren")
    await facilitator.press("Uitleg")
    assert theme_of(world, "Formulieren onduidelijk ingevuld") == "Uitleg"
    names = [r["name"] for r in rows(world.db_path, "SELECT name FROM themes ORDER BY id")]
    assert names == ["Wachtlijst", "School", "Uitleg", proposed]
    assert "• Wachtlijst (3)" in facilitator.last.text
    assert "7 van 7 antwoorden in een thema" in facilitator.last.text

    # The answer left out of the summary was never offered.
    assert not any("Geheim antwoord" in text for text in facilitator.texts)
    assert theme_of(world, "Geheim antwoord weggelaten uit samenvatting") == "unsorted"

    # Participants cannot sort.
    for person in people.values():
        await person.send("/themas")
        assert person.last.text == REFUSAL


async def test_an_erased_participants_answers_leave_their_themes(world: World) -> None:
    facilitator, people = await closed_round(world)
    await facilitator.send("/themas")
    await facilitator.press("Thema's toevoegen")
    await facilitator.send("Wachtlijst")
    await facilitator.press("Sorteer ronde 1")
    await facilitator.press("Wachtlijst")
    await facilitator.press("➕ 1 in hetzelfde thema")
    await facilitator.press("➕ 1 in hetzelfde thema")
    sorted_before = rows(world.db_path, "SELECT * FROM theme_answers")
    assert len(sorted_before) == 3
    await people["kees"].send("/stop")
    await people["kees"].press("Verwijder mijn antwoorden")
    left = rows(
        world.db_path,
        "SELECT body FROM theme_answers JOIN contributions ON contributions.id = contribution_id",
    )
    assert sorted(r["body"] for r in left) == [
        "Wachtlijst duurde maanden",
        "Wachtlijst groeit steeds verder",
    ]
