"""Someone who never answers the summary question is in no step that traps them: their
answers, other sessions, leaving and erasure, and a facilitator's own steps work as ever."""

from __future__ import annotations

import pytest

from sandbox import scenario
from sandbox.people import Person
from sandbox.world import World
from tests.conftest import rows
from tests.telegram.rounds import facilitator_with_another

WISH = "Wil je de samenvatting krijgen als de sessie klaar is?"


async def half_join(person: Person, link: str) -> None:
    """Join and choose how to appear, but leave the summary question unanswered."""
    await person.open_link(link)
    await person.press("Ja, ik doe mee")
    await person.press("voornaam")
    assert person.last.text == WISH


async def sanne_half_joined(world: World) -> tuple[Person, Person]:
    """A session's facilitator, and Sanne, who joined as a parent and left the summary
    question unanswered."""
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    sanne = world.person("Sanne")
    await half_join(sanne, links.participant["parent"])
    return facilitator, sanne


def bodies(world: World) -> list[str]:
    return [r["body"] for r in rows(world.db_path, "SELECT body FROM contributions ORDER BY id")]


async def test_answers_to_rounds_are_kept(world: World) -> None:
    facilitator, sanne = await sanne_half_joined(world)
    await facilitator.send("/open")
    await sanne.send("Eerste gedachte")
    assert sanne.last.text.startswith("✓ Bewaard.")
    await sanne.send("Tweede gedachte")
    assert "Je hebt nu 2 antwoorden gegeven" in sanne.last.text
    assert bodies(world) == ["Eerste gedachte", "Tweede gedachte"]
    # The question can still be answered later.
    await sanne.press("Ja, stuur")
    assert sum(t.startswith("Alles is klaar") for t in sanne.texts) == 1
    assert rows(world.db_path, "SELECT * FROM dialogues") == []


async def test_joining_another_session_works_and_both_questions_still_count(
    world: World,
) -> None:
    facilitator = world.admin()
    first = await scenario.create_session(facilitator, "Noord")
    second = await scenario.create_session(facilitator, "Zuid")
    sanne = world.person("Sanne")
    await half_join(sanne, first.participant["parent"])
    north_wish = sanne.last
    await half_join(sanne, second.participant["parent"])
    south_wish = sanne.last
    # She answers the older question first: the newer one still takes its tap.
    await sanne.press("Ja, stuur", north_wish)
    assert sum(t.startswith("Alles is klaar") for t in sanne.texts) == 1
    await sanne.press("Nee, dank je", south_wish)
    assert sum(t.startswith("Alles is klaar") for t in sanne.texts) == 2
    wishes = rows(world.db_path, "SELECT wants_summary FROM participants ORDER BY id")
    assert [w["wants_summary"] for w in wishes] == [1, 0]
    assert rows(world.db_path, "SELECT * FROM dialogues") == []


async def test_cancel_finds_nothing_to_stop_and_the_question_still_counts(
    world: World,
) -> None:
    _facilitator, sanne = await sanne_half_joined(world)
    wish = sanne.last
    await sanne.send("/annuleer")
    # Nothing waits for her words: the question waits for a tap, and still takes one.
    assert sanne.last.text.startswith("Er is niets om te stoppen.")
    await sanne.press("Nee, dank je", wish)
    assert sum(t.startswith("Alles is klaar") for t in sanne.texts) == 1
    assert rows(world.db_path, "SELECT wants_summary FROM participants")[0]["wants_summary"] == 0
    assert rows(world.db_path, "SELECT * FROM dialogues") == []


@pytest.mark.parametrize("how", ["Bewaar mijn antwoorden", "Verwijder mijn antwoorden"])
async def test_leaving_with_stop_keeps_no_step_of_that_session(world: World, how: str) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    sanne = world.person("Sanne")
    await sanne.open_link(links.participant["parent"])
    await sanne.press("Ja, ik doe mee")
    await sanne.press("zelfgekozen")  # the name she never types is a step that waits
    assert len(rows(world.db_path, "SELECT * FROM dialogues")) == 1
    await facilitator.send("/open")
    await sanne.send("/stop")
    await sanne.press(how)
    # What waited for her in that session went with her: nothing of it stays stored.
    assert rows(world.db_path, "SELECT * FROM dialogues") == []
    await sanne.send("Toch nog iets")
    assert "Je bent gestopt met meedoen aan de sessie" in sanne.last.text
    assert bodies(world) == []


async def test_forget_me_erases_the_step_too(world: World) -> None:
    _facilitator, sanne = await sanne_half_joined(world)
    await sanne.send("/vergeetmij")
    await sanne.press("Ja, wis alles")
    assert sanne.last.text.startswith("Klaar. We hebben alles over jou gewist.")
    assert rows(world.db_path, "SELECT * FROM dialogues") == []
    assert rows(world.db_path, "SELECT * FROM identities WHERE external_id = ?", (sanne.id,)) == []


async def test_a_facilitator_who_joined_elsewhere_uses_their_own_steps(world: World) -> None:
    _host, facilitator, elsewhere = await facilitator_with_another(world)
    await half_join(facilitator, elsewhere.participant["worker"])
    wish = facilitator.last
    await scenario.add_action(facilitator, "Een vast aanspreekpunt", "Gemeente", "Over 2 weken")
    actions = rows(world.db_path, "SELECT what FROM actions")
    assert [a["what"] for a in actions] == ["Een vast aanspreekpunt"]
    await facilitator.send("/vragen")
    await facilitator.press("Extra vraag toevoegen")
    await facilitator.send("Hoe ging de overstap?")
    questions = rows(world.db_path, "SELECT * FROM session_questions")
    assert [q["text"] for q in questions] == ["Hoe ging de overstap?"]
    # The question of the session she joined still takes its tap.
    await facilitator.press("Ja, stuur", wish)
    assert sum(t.startswith("Alles is klaar") for t in facilitator.texts) == 1
    await facilitator.send("/annuleer")
    assert facilitator.last.text.startswith("Er is niets om te stoppen.")
    assert rows(world.db_path, "SELECT * FROM dialogues") == []
