"""Guessing links on the web: made-up personal links and board links are braked like wrong
invite codes (kept in SQLite); and a browser's language is never stored as a person's."""

from __future__ import annotations

import re

import httpx

from sandbox import scenario
from sandbox.people import Person
from sandbox.world import World
from tests.conftest import rows
from tests.web.browsing import form_token
from web.identity import identity_for, new_secret

PERSONAL = re.compile(r"http://127\.0\.0\.1:\d+/p/([\w-]+)/session")
BOARD = re.compile(r"http://127\.0\.0\.1:\d+(/b/[\w-]+)")
BRAKED = "Te vaak geprobeerd"


async def leader(world: World) -> Person:
    femke = world.admin("Femke")
    await femke.send("/start")
    await scenario.create_session(femke)
    return femke


async def personal_secret(person: Person) -> str:
    await person.send("/web")
    match = PERSONAL.search(person.last.text)
    assert match is not None, person.last.text
    return match.group(1)


def lang_of_person(world: World, secret: str) -> str:
    [found] = rows(
        world.db_path,
        "SELECT p.lang FROM people p JOIN identities i ON i.person_id = p.id"
        " WHERE i.external_id = ?",
        (identity_for(secret).external_id,),
    )
    return str(found["lang"])


async def test_made_up_personal_links_are_braked_and_a_restart_keeps_it(
    web_world: World, client: httpx.AsyncClient
) -> None:
    secret = await personal_secret(await leader(web_world))
    assert (await client.get(f"/p/{secret}/session")).status_code == 200
    token = form_token((await client.get(f"/p/{secret}/data")).text)
    for _ in range(4):
        wrong = await client.get(f"/p/{new_secret()}/data")
        assert wrong.status_code == 404
    braked = await client.get(f"/p/{secret}/session")
    assert braked.status_code == 429, "after the wrong links even a right one waits"
    assert BRAKED in braked.text
    # Words posted meanwhile are shown back, not lost.
    words = await client.post(
        f"/p/{secret}/answer",
        data={"text": "Ze luisterde echt.", "csrftoken": token},
    )
    assert words.status_code == 429
    assert "Ze luisterde echt." in words.text
    assert "Wacht een paar minuten" in words.text
    assert "?lang=" not in words.text, "no language switch to a path that only takes a post"
    # Counted against the hashed address, in SQLite: a restart hands out no fresh tries.
    (kept,) = rows(web_world.db_path, "SELECT channel, external_id FROM code_tries")
    assert kept["channel"] == "web-address" and "127.0.0.1" not in kept["external_id"]
    await web_world.restart()
    assert (await client.get(f"/p/{secret}/session")).status_code == 429
    await web_world.advance(minutes=2)
    assert (await client.get(f"/p/{secret}/session")).status_code == 200
    # The right link cleared the count.
    assert not rows(web_world.db_path, "SELECT 1 FROM code_tries")


async def test_made_up_board_links_are_braked_and_a_restart_keeps_it(
    web_world: World, client: httpx.AsyncClient
) -> None:
    femke = await leader(web_world)
    await femke.send("/bord")
    match = BOARD.search(femke.last.text)
    assert match is not None, femke.last.text
    board = match.group(1)
    assert (await client.get(board)).status_code == 200
    for _ in range(4):
        assert (await client.get(f"/b/{new_secret()}")).status_code == 410
    braked = await client.get(board)
    assert braked.status_code == 429
    assert BRAKED in braked.text
    await web_world.restart()
    assert (await client.get(board)).status_code == 429
    await web_world.advance(minutes=2)
    assert (await client.get(board)).status_code == 200


async def test_an_english_browser_does_not_change_a_dutch_facilitators_language(
    web_world: World, client: httpx.AsyncClient
) -> None:
    femke = await leader(web_world)
    secret = await personal_secret(femke)
    assert lang_of_person(web_world, secret) == "nl"
    english = {"accept-language": "en-GB,en;q=0.9"}
    page = await client.get(f"/p/{secret}/session", headers=english)
    assert page.status_code == 200
    # A browser's wish is only a guess: the page is in her language, as her messages
    # (reminders, notices) stay, and as every page she follows next will be.
    assert '<html lang="nl">' in page.text
    assert lang_of_person(web_world, secret) == "nl"
    # A language picked on the page (the footer's switch) is theirs from then on.
    assert f'href="/p/{secret}/session?lang=en"' in page.text
    picked = await client.get(f"/p/{secret}/data?lang=en")
    assert picked.status_code == 200
    assert lang_of_person(web_world, secret) == "en"
    dutch_browser = await client.get(f"/p/{secret}/data", headers={"accept-language": "nl"})
    assert '<html lang="en">' in dutch_browser.text
