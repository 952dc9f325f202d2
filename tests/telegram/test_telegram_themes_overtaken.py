"""A theme step whose premise went while the name was typed (the answer erased by its
writer, the theme merged away) ends and says why: its words are kept nowhere (they were a
theme's name, never an answer), and the words after them are not refused again."""

from __future__ import annotations

from sandbox import scenario
from sandbox.people import Person
from sandbox.world import World
from tests.conftest import rows

PLAIN = "Dit heb ik niet bewaard"  # the reply to typed words outside any step


async def sorting(world: World) -> tuple[Person, Person]:
    """A closed round with Sanne's answer and Kees's, and two themes."""
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    sanne, kees = world.person("Sanne"), world.person("Kees")
    await scenario.join(sanne, links.participant["parent"])
    await scenario.join(kees, links.participant["parent"])
    await facilitator.send("/open")
    await sanne.send("Wachtlijst duurde maanden")
    await kees.send("School overleg verliep soepel")
    await facilitator.send("/sluit")
    await facilitator.send("/themas")
    await facilitator.press("Thema's toevoegen")
    await facilitator.send("Wachten, Overleg")
    return facilitator, sanne


async def test_a_theme_name_typed_after_the_answer_was_erased(world: World) -> None:
    facilitator, sanne = await sorting(world)
    await facilitator.press("Sorteer ronde 1")
    assert "“Wachtlijst duurde maanden”" in facilitator.last.text
    await facilitator.press("Nieuw thema")
    # Sanne leaves and takes her answers along while the name is being typed.
    await sanne.send("/stop")
    await sanne.press("Verwijder mijn antwoorden")
    await facilitator.send("Lange wachttijd")
    assert rows(world.db_path, "SELECT * FROM dialogues") == []
    assert (
        facilitator.last.text == "Dit antwoord is er niet meer: wie het schreef, heeft het gewist."
    )
    names = rows(world.db_path, "SELECT name FROM themes ORDER BY name")
    assert [r["name"] for r in names] == ["Overleg", "Wachten"]
    await facilitator.send("Nog iets")
    assert facilitator.last.text.startswith(PLAIN)


async def test_a_new_name_typed_after_the_theme_was_merged_away(world: World) -> None:
    facilitator, _ = await sorting(world)
    overview = facilitator.last
    await facilitator.press("Thema hernoemen", overview)
    await facilitator.press("Wachten")
    # The theme is merged into another while its new name is being typed.
    await facilitator.press("Thema's samenvoegen", overview)
    await facilitator.press("Wachten")
    await facilitator.press("Overleg")
    assert rows(world.db_path, "SELECT name FROM themes")[0]["name"] == "Overleg"
    await facilitator.send("Lange wachttijd")
    assert rows(world.db_path, "SELECT * FROM dialogues") == []
    assert facilitator.last.text.startswith("Dit heb ik niet bewaard: waar je mee bezig was")
    assert [r["name"] for r in rows(world.db_path, "SELECT name FROM themes")] == ["Overleg"]
    await facilitator.send("Nog iets")
    assert facilitator.last.text.startswith(PLAIN)
    assert "waar je mee bezig was" not in facilitator.last.text
