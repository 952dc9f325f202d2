"""Proposals through the bot: after "what is needed" participants of several perspectives
propose and back actions; the leader turns one into an agreed action with its theme."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from flows import retention
from sandbox import scenario
from sandbox.people import Person
from sandbox.world import World
from tests.conftest import rows
from tests.telegram.rounds import closed_round
from tests.telegram.test_erasure import holding


async def _after_the_rounds(world: World) -> tuple[Person, dict[str, Person]]:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator, without=("municipality",))
    people = {name: world.person(name) for name in ("Sanne", "Kees", "Ahmed", "Joke")}
    await scenario.join(people["Sanne"], links.participant["parent"])
    await scenario.join(people["Kees"], links.participant["parent"])
    await scenario.join(people["Ahmed"], links.participant["worker"])
    await scenario.join(people["Joke"], links.participant["partner"])
    for words in ("Ze luisterde.", "Lang wachten.", "Een vast aanspreekpunt."):
        await facilitator.send("/open")
        await people["Sanne"].send(words)
        await facilitator.send("/sluit")
    with sqlite3.connect(world.db_path) as conn:
        conn.execute(
            "INSERT INTO themes (session_id, name, created_at) VALUES (1, 'Bereikbaarheid', '2026-01-01')"
        )
    return facilitator, people


async def test_participants_propose_and_back_and_the_leader_agrees(world: World) -> None:
    facilitator, people = await _after_the_rounds(world)
    sanne, kees, ahmed, joke = (people[n] for n in ("Sanne", "Kees", "Ahmed", "Joke"))
    # Closing "what is needed" invited every participant.
    for person in people.values():
        assert "Stel een actie voor" in person.last.text
    await sanne.press("Stel een actie voor")
    await sanne.send("Eén vast telefoonnummer voor ouders")
    assert "Je voorstel is bewaard" in sanne.texts[-2]
    await ahmed.press("Stel een actie voor")
    await ahmed.send("Elke maand overleg met school")
    # One cannot back one's own proposal: no button for it.
    assert ahmed.last.labels[:1] == ["Steun 1"]
    await ahmed.press("Steun 1")
    assert "✅ Steun 1" in ahmed.last.labels
    await kees.press("Bekijk de voorstellen")
    assert "1. Eén vast telefoonnummer voor ouders" in kees.last.text
    await kees.press("Steun 1")
    await joke.press("Bekijk de voorstellen")
    tapped = joke.last.button("Steun 2")
    assert tapped is not None and tapped.callback_data is not None
    await joke.press("Steun 2")
    await joke.press_data(tapped.callback_data)  # a double tap: still backed
    assert "✅ Steun 2" in joke.last.labels
    await joke.press("Steun 2")  # undone
    assert rows(world.db_path, "SELECT COUNT(*) AS n FROM endorsements")[0]["n"] == 2
    # A forged press on one's own proposal is refused.
    own = rows(world.db_path, "SELECT id FROM proposals WHERE body LIKE 'Eén%'")[0]["id"]
    toast = await sanne.press_data(f"prop.back:{own}")
    assert toast == "Dit is je eigen voorstel. Anderen kunnen het steunen."

    await facilitator.send("/voorstellen")
    listing = facilitator.last.text
    assert "1. Eén vast telefoonnummer voor ouders\n    2 personen steunen dit" in listing
    await facilitator.press("Maak afspraak van 1")
    await facilitator.press("Buurtteam")
    await facilitator.press("Over 1 maand")
    assert "Bij welk thema" in facilitator.texts[-2] or "Bij welk thema" in facilitator.last.text
    await facilitator.press("Bereikbaarheid")
    # Saved once, and said once; the theme is said to be noted, not saved again.
    assert sum(t.startswith("✓ Afspraak bewaard.") for t in facilitator.texts) == 1
    assert facilitator.saw("✓ Het thema staat nu bij de afspraak.")
    (action,) = rows(world.db_path, "SELECT * FROM actions")
    assert action["what"] == "Eén vast telefoonnummer voor ouders"
    assert action["theme_id"] == 1
    (agreed,) = rows(world.db_path, "SELECT * FROM proposals WHERE action_id IS NOT NULL")
    assert agreed["body"] == action["what"]
    await facilitator.send("/voorstellen")
    assert "afgesproken" in facilitator.last.text
    assert facilitator.last.labels == ["Maak afspraak van 2"]


async def test_a_theme_merged_before_it_is_chosen_for_an_action_is_said_to_be_gone(
    world: World,
) -> None:
    facilitator, people = await _after_the_rounds(world)
    with sqlite3.connect(world.db_path) as conn:
        conn.execute(
            "INSERT INTO themes (session_id, name, created_at) VALUES (1, 'Wachten', '2026-01-01')"
        )
    await people["Sanne"].press("Stel een actie voor")
    await people["Sanne"].send("Eén vast telefoonnummer voor ouders")
    await facilitator.send("/medeleider")
    cor = world.person("Cor")
    await cor.open_link(facilitator.last.text.split()[-1])
    await facilitator.send("/voorstellen")
    await facilitator.press("Maak afspraak van 1")
    await facilitator.press("Buurtteam")
    await facilitator.press("Over 1 maand")
    asked = facilitator.last
    assert asked.button("Bereikbaarheid") is not None
    # The co-leader merges that theme into another before it is chosen.
    await cor.send("/themas")
    await cor.press("Thema's samenvoegen")
    await cor.press("Bereikbaarheid")
    await cor.press("Wachten")
    toast = await facilitator.press("Bereikbaarheid", asked)
    assert toast == (
        "Dat thema is er niet meer: het is samengevoegd met een ander thema. Kies een ander thema."
    )
    (action,) = rows(world.db_path, "SELECT * FROM actions")
    assert action["theme_id"] is None
    # The question still stands: the theme kept can be chosen.
    await facilitator.press("Wachten", asked)
    (action,) = rows(world.db_path, "SELECT * FROM actions")
    kept = rows(world.db_path, "SELECT id FROM themes WHERE name = 'Wachten'")[0]["id"]
    assert action["theme_id"] == kept


PROPOSED = "Een folder over de wachttijden bij het buurtteam"


@pytest.mark.parametrize("how", ["forget", "stop"])
async def test_proposal_words_leave_the_database_files_with_their_author(
    world: World, how: str
) -> None:
    _, people = await _after_the_rounds(world)
    kees = people["Kees"]
    await kees.press("Stel een actie voor")
    await kees.send(PROPOSED)
    await people["Joke"].press("Bekijk de voorstellen")
    await people["Joke"].press("Steun 1")
    assert holding(world.db_path, PROPOSED)  # the check can see them
    if how == "forget":
        await kees.send("/vergeetmij")
        await kees.press("Ja, wis alles")
    else:
        await kees.send("/stop")
        await kees.press("Verwijder mijn antwoorden")
    assert rows(world.db_path, "SELECT * FROM proposals") == []
    assert rows(world.db_path, "SELECT * FROM endorsements") == []
    assert holding(world.db_path, PROPOSED) == []


async def test_the_retention_purge_removes_proposals_with_the_answers(world: World) -> None:
    facilitator, people = await _after_the_rounds(world)
    await people["Kees"].press("Stel een actie voor")
    await people["Kees"].send(PROPOSED)
    await facilitator.send("/samenvatting")
    await facilitator.press("Verstuur")
    # Once the summary went out, proposals are no longer made or backed.
    await people["Joke"].press("Bekijk de voorstellen")
    assert "Voorstellen doen of steunen kan niet meer." in people["Joke"].last.text
    assert people["Joke"].last.labels == []
    proposal = rows(world.db_path, "SELECT id FROM proposals")[0]["id"]
    toast = await people["Joke"].press_data(f"prop.back:{proposal}")
    assert toast is not None and "na de laatste ronde" in toast
    assert rows(world.db_path, "SELECT * FROM endorsements") == []
    # A press carries the message it was on: its raw update leaves the inbox at the next fetch.
    await facilitator.send("/help")
    terms = world.services.settings.terms
    world.clock.advance(dt.timedelta(days=terms.answers_days, seconds=1))
    await retention.purge(world.services.db, world.clock, terms)
    assert rows(world.db_path, "SELECT * FROM proposals") == []
    assert holding(world.db_path, PROPOSED) == []


async def test_a_proposal_never_typed_does_not_swallow_the_extra_rounds_answer(
    world: World,
) -> None:
    facilitator, people, _links = await closed_round(world)
    sanne = people["sanne"]
    await facilitator.send("/vragen")
    await facilitator.press("Extra vraag toevoegen")
    await facilitator.send("Hoe ging de overstap naar de nieuwe aanbieder?")
    for _round in ("hurt", "needed"):
        await facilitator.send("/open")
        await sanne.send("Een antwoord")
        await facilitator.send("/sluit")
    # She taps to propose, but types nothing; then the extra round's question comes.
    await sanne.press("Stel een actie voor")
    await world.advance(minutes=5)
    await facilitator.send("/open")
    await sanne.send("Rommelig, niemand wist wat")
    assert sanne.last.text.startswith("✓ Bewaard.")
    assert "Rommelig, niemand wist wat" in [
        r["body"] for r in rows(world.db_path, "SELECT body FROM contributions")
    ]
    assert rows(world.db_path, "SELECT * FROM proposals") == []


async def test_a_participant_asking_for_the_proposals_hears_their_own_way(world: World) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator, without=("municipality",))
    sanne, kees = world.person("Sanne"), world.person("Kees")
    await scenario.join(sanne, links.participant["parent"])
    await scenario.join(kees, links.participant["worker"])
    await facilitator.send("/vragen")
    await facilitator.press("Extra vraag toevoegen")
    await facilitator.send("Hoe ging de overstap naar de nieuwe aanbieder?")
    # Before the rounds: not a plain no, but when their turn comes.
    await sanne.send("/voorstellen")
    assert "Na de laatste ronde kun je zelf acties voorstellen" in sanne.last.text
    assert "Sorry" not in sanne.last.text
    assert sanne.last.labels == []
    for words in ("Ze luisterde.", "Lang wachten.", "Een vast aanspreekpunt."):
        await facilitator.send("/open")
        await sanne.send(words)
        await facilitator.send("/sluit")
    # Proposals are open: the buttons participants propose and back with.
    await kees.send("/proposals")
    assert "gebruik de knoppen hieronder" in kees.last.text
    assert kees.last.labels == ["Stel een actie voor", "Bekijk de voorstellen"]
    await kees.press("Stel een actie voor")
    await kees.send(PROPOSED)
    assert "Je voorstel is bewaard" in kees.texts[-2]
    # The leaders' list is still theirs alone.
    await sanne.send("/voorstellen")
    assert PROPOSED not in sanne.last.text
    assert sanne.last.labels == ["Stel een actie voor", "Bekijk de voorstellen"]
    # An extra round: proposing comes back once it is closed.
    await facilitator.send("/open")
    await kees.send("/voorstellen")
    assert "Als die klaar is, kun je weer acties voorstellen" in kees.last.text
    assert kees.last.labels == []


async def test_someone_who_takes_part_nowhere_still_hears_a_plain_no(world: World) -> None:
    stranger = world.person("Bram")
    await stranger.send("/voorstellen")
    assert "Sorry" in stranger.last.text
    assert stranger.last.labels == []


async def _a_proposal_and_a_co_leader(world: World) -> tuple[Person, Person]:
    """After the rounds, Sanne proposes an action, and Cor joins as a second leader."""
    facilitator, people = await _after_the_rounds(world)
    await people["Sanne"].press("Stel een actie voor")
    await people["Sanne"].send("Eén vast telefoonnummer voor ouders")
    await facilitator.send("/medeleider")
    cor = world.person("Cor")
    await cor.open_link(facilitator.last.text.split()[-1])
    return facilitator, cor


async def test_a_due_date_typed_after_another_leader_agreed_the_proposal_ends_the_step(
    world: World,
) -> None:
    facilitator, cor = await _a_proposal_and_a_co_leader(world)
    await facilitator.send("/voorstellen")
    await facilitator.press("Maak afspraak van 1")
    await facilitator.send("Buurtteam")
    # While the due date is being typed, the co-leader makes the same proposal an action.
    await cor.send("/voorstellen")
    await cor.press("Maak afspraak van 1")
    await cor.press("Buurtteam")
    await cor.press("Over 1 maand")
    assert sum(t.startswith("✓ Afspraak bewaard.") for t in cor.texts) == 1
    await facilitator.send("15-1-2099")
    # The step ended and says why, once: the words are kept nowhere.
    assert rows(world.db_path, "SELECT * FROM dialogues WHERE person_id = 1") == []
    assert facilitator.last.text == "Van dit voorstel is al een afspraak gemaakt."
    assert len(rows(world.db_path, "SELECT * FROM actions")) == 1


async def test_a_due_date_button_after_another_leader_agreed_the_proposal_ends_the_step(
    world: World,
) -> None:
    facilitator, cor = await _a_proposal_and_a_co_leader(world)
    await facilitator.send("/voorstellen")
    await facilitator.press("Maak afspraak van 1")
    await facilitator.press("Buurtteam")
    asked = facilitator.last
    # Before the due date is chosen, the co-leader makes the same proposal an action.
    await cor.send("/voorstellen")
    await cor.press("Maak afspraak van 1")
    await cor.press("Buurtteam")
    await cor.press("Over 1 maand")
    toast = await facilitator.press("Over 1 maand", asked)
    # The step ended and says why, as for a typed date: the next words are no date.
    assert toast == "Van dit voorstel is al een afspraak gemaakt."
    assert rows(world.db_path, "SELECT * FROM dialogues WHERE person_id = 1") == []
    await facilitator.send("15-1-2099")
    assert not facilitator.last.text.startswith("✓ Afspraak bewaard.")
    assert len(rows(world.db_path, "SELECT * FROM actions")) == 1
