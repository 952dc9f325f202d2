"""Joining on the web: the invite page, consent, the personal link, how to appear.

Plain HTTP, as an old phone without JavaScript: every form posts and is answered 303.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from collections.abc import Iterator

import httpx
import pytest
import structlog

from bot import logs
from sandbox import scenario
from sandbox.world import World
from tests.conftest import dump, rows
from tests.web.browsing import form_token, submit


def code_of(link: str) -> str:
    """The invite code of a Telegram deep link: the same code opens the web invite."""
    return link.split("start=", 1)[1]


async def a_session(world: World) -> scenario.Links:
    return await scenario.create_session(world.admin())


async def join(client: httpx.AsyncClient, code: str, **fields: str) -> httpx.Response:
    return await submit(client, f"/i/{code}", f"/i/{code}", fields)


def secret_in(location: str) -> str:
    assert location.startswith("/p/"), location
    return location.split("/")[2]


async def test_opening_an_invite_shows_the_welcome_and_consent_and_changes_nothing(
    web_world: World, client: httpx.AsyncClient
) -> None:
    links = await a_session(web_world)
    before = dump(web_world.db_path)
    page = await client.get(
        f"/i/{code_of(links.participant['parent'])}", headers={"accept-language": "nl"}
    )
    assert page.status_code == 200
    assert "Evaluatie Buurtteams Oost" in page.text
    assert "We zoeken geen fouten" in page.text
    assert "Wat bewaren we?" in page.text  # the consent text, as in Telegram
    assert "Telegram" not in page.text.split("<footer")[0]
    assert 'name="csrftoken"' in page.text
    assert dump(web_world.db_path) == before, "a GET (a link previewer) changes nothing"
    english = await client.get(
        f"/i/{code_of(links.participant['partner'])}", headers={"accept-language": "en"}
    )
    assert "we're not here to find fault" in english.text
    assert "partner organisation" in english.text


async def test_the_contract_a_bare_post_joins_and_leads_to_the_personal_page(
    web_world: World, client: httpx.AsyncClient
) -> None:
    links = await a_session(web_world)
    code = code_of(links.participant["partner"])
    answer = await join(client, code)
    assert answer.status_code == 303
    secret = secret_in(answer.headers["location"])
    assert answer.headers["location"] == f"/p/{secret}/name"
    page = await client.get(f"/p/{secret}/name")
    assert page.status_code == 200
    assert secret in page.text, "the personal link is shown to bookmark"
    joined = rows(web_world.db_path, "SELECT perspective, setup_done FROM participants")
    assert [(r["perspective"], r["setup_done"]) for r in joined] == [("partner", 0)]
    # The facilitator sees them in /status like anyone (display choice may come later).
    facilitator = web_world.admin()
    await facilitator.send("/status")
    assert "Partnerorganisatie: 1" in facilitator.last.text


async def test_choosing_how_to_appear_and_the_summary_wish(
    web_world: World, client: httpx.AsyncClient
) -> None:
    links = await a_session(web_world)
    secret = secret_in(
        (await join(client, code_of(links.participant["parent"]))).headers["location"]
    )
    chosen = await submit(
        client, f"/p/{secret}/name", f"/p/{secret}/name", {"appear": "pseudonym", "name": " Mo "}
    )
    assert chosen.status_code == 303
    assert chosen.headers["location"] == f"/p/{secret}/wish"
    wish = await submit(client, f"/p/{secret}/wish", f"/p/{secret}/wish", {"summary": "no"})
    assert wish.status_code == 303
    assert wish.headers["location"].startswith(f"/p/{secret}")
    (row,) = rows(
        web_world.db_path,
        "SELECT display_mode, display_name, wants_summary, setup_done FROM participants",
    )
    assert tuple(row) == ("pseudonym", "Mo", 0, 1)
    empty = await submit(
        client, f"/p/{secret}/name", f"/p/{secret}/name", {"appear": "pseudonym", "name": ""}
    )
    assert empty.status_code == 422
    assert "Dat is leeg" in empty.text
    too_long = await submit(
        client, f"/p/{secret}/name", f"/p/{secret}/name", {"appear": "pseudonym", "name": "x" * 41}
    )
    assert too_long.status_code == 422
    assert 'value="' + "x" * 41 + '"' in too_long.text, "the typed name is kept"


async def test_saying_no_stores_only_the_refusal(
    web_world: World, client: httpx.AsyncClient
) -> None:
    links = await a_session(web_world)
    code = code_of(links.participant["parent"])
    answer = await join(client, code, choice="no")
    assert answer.status_code == 303
    bye = await client.get(answer.headers["location"])
    assert "We hebben niets over jou bewaard" in bye.text
    assert rows(web_world.db_path, "SELECT * FROM participants") == []
    assert len(rows(web_world.db_path, "SELECT * FROM consent_refusals")) == 1
    assert rows(web_world.db_path, "SELECT * FROM identities WHERE channel = 'web'") == []


async def test_the_join_form_posted_twice_joins_once(
    web_world: World, client: httpx.AsyncClient
) -> None:
    links = await a_session(web_world)
    code = code_of(links.participant["parent"])
    shown = await client.get(f"/i/{code}")
    fields = {"csrftoken": form_token(shown.text), "choice": "yes"}
    fields["key"] = shown.text.split('name="key" value="')[1].split('"')[0]
    first = await client.post(f"/i/{code}", data=fields)
    second = await client.post(f"/i/{code}", data=fields)
    assert first.headers["location"] == second.headers["location"]
    assert len(rows(web_world.db_path, "SELECT * FROM participants")) == 1


async def test_unknown_and_renewed_codes_get_a_clear_page_and_guessing_is_braked(
    web_world: World, client: httpx.AsyncClient
) -> None:
    links = await a_session(web_world)
    facilitator = web_world.admin()
    gone = await client.get("/i/doesnotexist", headers={"accept-language": "nl"})
    assert gone.status_code == 404
    assert "Deze link werkt niet meer" in gone.text
    # A POST is braked as well: a guesser can't try codes by posting.
    token = form_token((await client.get(f"/i/{code_of(links.participant['worker'])}")).text)
    await client.get("/i/guess1")
    assert (await client.post("/i/guess2", data={"csrftoken": token})).status_code == 404
    await client.get("/i/guess3")
    assert (await client.get("/i/guess4")).status_code == 404
    braked = await client.get(f"/i/{code_of(links.participant['parent'])}")
    assert braked.status_code == 429, "after three wrong codes even a right one waits"
    assert "Te vaak geprobeerd" in braked.text
    # Kept in SQLite, against the address (hashed), not the person: a restart keeps it.
    (kept,) = rows(web_world.db_path, "SELECT channel, external_id FROM code_tries")
    assert kept["channel"] == "web-address"
    assert "127.0.0.1" not in kept["external_id"]
    await web_world.restart()
    assert (await client.get(f"/i/{code_of(links.participant['parent'])}")).status_code == 429
    await web_world.advance(minutes=2)
    assert (await client.get(f"/i/{code_of(links.participant['parent'])}")).status_code == 200
    # Renewed links stop working on the web too.
    await facilitator.send("/uitnodiging")
    await facilitator.press("Nieuwe links")
    renewed = await client.get(f"/i/{code_of(links.participant['parent'])}")
    assert renewed.status_code == 404


async def test_a_closed_door_and_an_organisers_code_are_no_way_in(
    web_world: World, client: httpx.AsyncClient
) -> None:
    links = await a_session(web_world)
    organiser = await client.get(f"/i/{code_of(links.organiser)}")
    assert organiser.status_code == 404
    facilitator = web_world.admin()
    await facilitator.send("/uitnodiging")
    await facilitator.press("Sluit voor nieuwe mensen")
    closed = await client.get(f"/i/{code_of(links.participant['parent'])}")
    assert closed.status_code == 410
    assert "geen nieuwe mensen meer meedoen" in closed.text


async def test_an_unknown_personal_link_is_the_link_invalid_page(
    client: httpx.AsyncClient,
) -> None:
    for path in ("/p/made-up-secret", "/p/made-up-secret/name", "/p/x/answers/1/change"):
        page = await client.get(path, headers={"accept-language": "en"})
        assert page.status_code == 404, path
        assert "This link no longer works" in page.text


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    buffer = io.StringIO()
    logs.configure("DEBUG", stream=buffer)
    yield buffer
    structlog.reset_defaults()
    logging.getLogger().handlers = []


async def test_the_secret_is_only_stored_as_its_hash_and_never_logged(
    web_world: World, client: httpx.AsyncClient, captured: io.StringIO
) -> None:
    links = await a_session(web_world)
    secret = secret_in(
        (await join(client, code_of(links.participant["parent"]))).headers["location"]
    )
    await submit(client, f"/p/{secret}/name", f"/p/{secret}/name", {"appear": "anonymous"})
    await web_world.admin().send("/open")
    await submit(
        client, f"/p/{secret}", f"/p/{secret}/answer", {"text": "Fijn", "nonce": "n" * 20}
    )
    hashed = hashlib.sha256(secret.encode()).hexdigest()
    (stored,) = rows(web_world.db_path, "SELECT external_id FROM identities WHERE channel = 'web'")
    assert stored["external_id"] == hashed
    for path in web_world.db_path.parent.glob(web_world.db_path.name + "*"):
        assert secret.encode() not in path.read_bytes(), path.name  # the file, its WAL
    for line in captured.getvalue().splitlines():
        assert secret not in line
        json.loads(line)
    assert "answer_stored" in captured.getvalue()
