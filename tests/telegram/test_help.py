"""Whoever asks is told, in plain words, what the bot is and where they stand."""

from __future__ import annotations

from sandbox import scenario
from sandbox.world import World


async def test_start_without_a_link_explains_the_bot_and_the_invite(world: World) -> None:
    visitor = world.person("Bezoeker")
    await visitor.send("/start")
    assert visitor.last.text.startswith("Hallo! Ik ben Dialoogbot.")
    assert "Om mee te doen heb je een uitnodigingslink nodig." in visitor.last.text


async def test_a_wrong_link_is_explained(world: World) -> None:
    visitor = world.person("Bezoeker")
    await visitor.send("/start ditbestaatniet")
    assert "Deze uitnodigingslink werkt niet (meer)." in visitor.last.text


async def test_unknown_commands_get_a_friendly_word(world: World) -> None:
    visitor = world.person("Bezoeker")
    await visitor.send("/koffie")
    assert visitor.last.text == "Dat commando ken ik niet. Typ /help om te zien wat je kunt doen."


async def test_help_follows_the_participant_through_the_session(world: World) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator, "Sessie Oost")
    sanne = world.person("Sanne")
    await sanne.send("/help")
    assert "Je doet nog niet mee aan een sessie." in sanne.last.text
    await scenario.join(sanne, links.participant["parent"])
    await sanne.send("/help")
    assert "Je doet mee aan Sessie Oost als ouder of inwoner." in sanne.last.text
    assert "De eerste ronde is nog niet begonnen." in sanne.last.text
    await facilitator.send("/open")
    await sanne.send("/help")
    assert "Nu open: Wat ging goed?\nSchrijf je antwoord hier in de chat." in sanne.last.text
    assert "/antwoorden" in sanne.last.text
    assert "/nieuw" not in sanne.last.text
    # After the session, answers no longer change; what she can still do is said.
    await sanne.send("Een antwoord")
    await facilitator.send("/sluit")
    await facilitator.send("/samenvatting")
    await facilitator.press("Akkoord, verstuur")
    await sanne.send("/help")
    assert "Deze sessie is gesloten." in sanne.last.text
    assert "/antwoorden" not in sanne.last.text
    assert "/mijngegevens — alles krijgen wat we over jou bewaren" in sanne.last.text
    assert "/stop" in sanne.last.text


async def test_help_tells_the_facilitator_the_active_session_and_commands(world: World) -> None:
    facilitator = world.admin()
    await scenario.create_session(facilitator, "Sessie Oost")
    await facilitator.send("/nieuw")
    await facilitator.send("/help")
    help_text = facilitator.last.text
    assert "Actieve sessie: Sessie Oost (nog niet begonnen)." in help_text
    assert "/open — de volgende ronde openen" in help_text
    assert "Je bent midden in een stap. Typ /annuleer om te stoppen." in help_text


async def test_organisers_are_told_what_they_will_receive(world: World) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator, "Sessie Oost")
    pieter = world.person("Pieter")
    await pieter.open_link(links.organiser)
    await pieter.open_link(links.organiser)
    assert pieter.last.text == "Je bent al opdrachtgever van Sessie Oost."
    await pieter.send("/help")
    assert "Je bent opdrachtgever van Sessie Oost." in pieter.last.text
