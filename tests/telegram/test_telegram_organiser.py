"""An organiser's journey in Telegram: what they are told when they reach for what is not
theirs, in Dutch and in English."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl

from sandbox import scenario
from sandbox.people import Person
from sandbox.world import World
from tests.conftest import daytime, rows
from tests.telegram.rounds import closed_round


async def two_organisers(world: World) -> tuple[Person, Person]:
    """A closed round with two organisers: Pieter in Dutch, Paul (a fresh link) in English."""
    facilitator, _people, links = await closed_round(world)
    pieter = world.person("Pieter")
    await pieter.open_link(links.organiser)
    await facilitator.send("/uitnodiging")
    paul = world.person("Paul", lang="en")
    await paul.open_link(scenario.links_in(facilitator.last.text).organiser)
    return pieter, paul


async def test_an_organiser_asking_for_a_leaders_command_hears_what_is_theirs(
    world: World,
) -> None:
    pieter, paul = await two_organisers(world)
    for command in ("/status", "/open", "/samenvatting", "/themas", "/actie", "/voorstellen"):
        await pieter.send(command)
        reply = pieter.last.text
        assert not reply.startswith("Sorry"), command
        assert "gespreksleider" in reply, command
        assert "opdrachtgever" in reply, command
        assert "/export" in reply, command
        await paul.send(command)
        reply = paul.last.text
        assert not reply.startswith("Sorry"), command
        assert "facilitator" in reply, command
        assert "organiser" in reply, command
        assert "/export" in reply, command
    # A leader's button pressed by the organiser: the same words, as a pop-up.
    session = rows(world.db_path, "SELECT id FROM sessions")[0]["id"]
    toast = await pieter.press_data(f"sum.send:{session}")
    assert toast is not None and "gespreksleider" in toast and len(toast) <= 200
    assert not rows(world.db_path, "SELECT id FROM summaries")
    # Making someone a facilitator is the admin's alone, no facilitator's: a plain no.
    await pieter.send("/facilitator")
    assert pieter.last.text.startswith("Sorry, dat kun jij hier niet doen.")


async def test_a_stranger_asking_for_a_leaders_command_still_hears_the_general_no(
    world: World,
) -> None:
    await closed_round(world)
    xander = world.person("Xander")
    await xander.send("/status")
    assert xander.last.text.startswith("Sorry, dat kun jij hier niet doen.")


async def test_an_english_organisers_export_is_in_english(world: World) -> None:
    pieter, paul = await two_organisers(world)
    facilitator = world.admin()  # sends the summary: the results are the organisers' too
    await facilitator.send("/samenvatting")
    await facilitator.press("Akkoord, verstuur")
    await paul.send("/export")
    files = {m.document.file_name.rsplit(".", 1)[1]: m for m in paul.messages[-3:] if m.document}
    assert files["xlsx"].text == "The workbook for Excel."
    book = openpyxl.load_workbook(io.BytesIO(files["xlsx"].document.content))
    assert book.sheetnames[:2] == ["About", "Answers"]
    header = files["csv"].document.content.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Number;Round;Perspective;")
    assert "What went well?" in files["csv"].document.content.decode("utf-8-sig")
    # The JSON's words are its English keys; its "lang" is the session's own.
    assert json.loads(files["json"].document.content)["session"]["lang"] == "nl"
    # The Dutch organiser of the same session keeps Dutch.
    await pieter.send("/export")
    book = openpyxl.load_workbook(io.BytesIO(pieter.messages[-3].document.content))
    assert book.sheetnames[1] == "Antwoorden"


async def test_an_organiser_typing_stop_hears_how_to_stop_receiving_the_report(
    world: World,
) -> None:
    facilitator, _people, links = await closed_round(world)
    pieter = world.person("Pieter")
    await pieter.open_link(links.organiser)
    await pieter.send("/stop")
    reply = pieter.last.text
    assert "Er is niets om te stoppen" not in reply
    assert "opdrachtgever van Evaluatie Buurtteams Oost" in reply
    assert "/vergeetmij" in reply
    await facilitator.send("/uitnodiging")
    paul = world.person("Paul", lang="en")
    await paul.open_link(scenario.links_in(facilitator.last.text).organiser)
    await paul.send("/stop")
    assert "organiser of Evaluatie Buurtteams Oost" in paul.last.text
    assert "/forgetme" in paul.last.text
    # Of two sessions, each title stands out on its own, named as a sentence names them.
    second = await scenario.create_session(facilitator, "Evaluatie Buurtteams West")
    await pieter.open_link(second.organiser)
    await pieter.send("/stop")
    assert "opdrachtgever van Evaluatie Buurtteams Oost en Evaluatie Buurtteams West:" in (
        pieter.last.text
    )
    assert "<b>Evaluatie Buurtteams Oost</b> en <b>Evaluatie Buurtteams West</b>" in (
        pieter.last.html
    )
    third = await scenario.create_session(facilitator, "Evaluatie Buurtteams Zuid")
    await pieter.open_link(third.organiser)
    await pieter.send("/stop")
    assert "van Evaluatie Buurtteams Oost, Evaluatie Buurtteams West en Evaluatie" in (
        pieter.last.text
    )
    # Someone who neither takes part nor organises still hears there is nothing to stop.
    xander = world.person("Xander")
    await xander.send("/stop")
    assert "Er is niets om te stoppen" in xander.last.text


async def test_help_tells_an_organiser_what_came_and_what_they_can_do(world: World) -> None:
    facilitator, _people, links = await closed_round(world)
    pieter = world.person("Pieter")
    await pieter.open_link(links.organiser)
    await pieter.send("/help")
    waiting = pieter.last.text
    assert "Je krijgt de samenvatting en het verslag." in waiting
    assert "/mijngegevens" in waiting and "/vergeetmij" in waiting
    # The web page is off in this world: /help does not send them there.
    assert "/web" not in waiting
    await facilitator.send("/samenvatting")
    await facilitator.press("Akkoord, verstuur")
    await pieter.send("/help")
    sent = pieter.last.text
    assert "Je krijgt de samenvatting" not in sent
    assert "De samenvatting en het verslag zijn naar je verstuurd" in sent
    assert "/export" in sent


async def test_help_names_the_organisers_own_web_page_when_the_web_is_on(
    tmp_path: Path,
) -> None:
    async with World(tmp_path / "web.db", clock=daytime(), web=True) as world:
        facilitator = world.admin()
        links = await scenario.create_session(facilitator)
        paul = world.person("Paul", lang="en")
        await paul.open_link(links.organiser)
        await paul.send("/help")
        assert "/web — " in paul.last.text
        assert "/mydata" in paul.last.text and "/forgetme" in paul.last.text


async def test_a_corrected_report_reaches_the_organiser_under_a_name_of_its_own(
    world: World,
) -> None:
    facilitator, _people, links = await closed_round(world)
    pieter = world.person("Pieter")
    await pieter.open_link(links.organiser)
    await facilitator.send("/samenvatting")
    await facilitator.press("Akkoord, verstuur")
    await facilitator.send("/samenvatting")
    await facilitator.press("Openingstekst")
    await facilitator.send("Dank aan iedereen die meedeed.")
    await facilitator.press("Akkoord, verstuur")
    correction = next(m for m in pieter.messages if m.text.startswith("Correctie"))
    assert "Dank aan iedereen die meedeed." in correction.text
    # Saved side by side, the two versions are told apart by their names.
    names = [m.document.file_name for m in pieter.messages if m.document is not None]
    assert names == [
        "dialoogbot-evaluatie-buurtteams-oost.pdf",
        "dialoogbot-evaluatie-buurtteams-oost-v2.pdf",
    ]
