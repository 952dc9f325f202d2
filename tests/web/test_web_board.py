"""The live board on the web: its link from Telegram, counts without names or words, live
changes over server-sent events, stopped links, and a server that stops with boards open."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import httpx
from playwright.async_api import Page, expect

from sandbox import scenario
from sandbox.people import Person
from sandbox.world import World
from tests.conftest import daytime
from tests.web.browsing import serious_violations

REFUSAL = "Sorry, dat kun jij hier niet doen. Typ /help om te zien wat je wel kunt doen."
BOARD = re.compile(r"http://127\.0\.0\.1:\d+(/b/[\w-]+)")
# Words that identify someone or quote them: never on the board.
NAME, PSEUDONYM, WORDS = "Wilhelmina", "Zonnebloem", "Kwartelkoning hielp ons"


async def board_path(facilitator: Person) -> str:
    await facilitator.send("/bord")
    found = BOARD.search(facilitator.last.text)
    assert found is not None, facilitator.last.text
    return found.group(1)


async def first_event(http: httpx.AsyncClient, path: str) -> str:
    """The data of the first `board` event the stream sends (in Dutch)."""
    async with http.stream("GET", path + "/events?lang=nl") as stream:
        assert stream.status_code == 200
        assert stream.headers["content-type"].startswith("text/event-stream")
        data: list[str] = []
        async for line in stream.aiter_lines():
            if line.startswith("data:"):
                data.append(line.removeprefix("data:").removeprefix(" "))
            elif not line and data:
                return "\n".join(data)
    raise AssertionError("the stream ended without an event")


async def test_those_who_lead_get_a_board_link_and_a_new_one_stops_the_old(
    web_world: World, client: httpx.AsyncClient
) -> None:
    facilitator = web_world.admin()
    links = await scenario.create_session(facilitator, "Bord voor de zaal")
    parent = web_world.person("Sanne")
    await scenario.join(parent, links.participant["parent"])
    await parent.send("/bord")
    assert parent.last.text == REFUSAL
    old = await board_path(facilitator)
    assert "nooit namen of antwoorden" in facilitator.last.text
    assert (await client.get(old)).status_code == 200
    new = await board_path(facilitator)
    assert new != old
    stopped = await client.get(old, headers={"accept-language": "nl"})
    assert stopped.status_code == 410
    assert "Deze link werkt niet meer" in stopped.text
    assert (await client.get(old + "/events")).status_code == 410  # a page, not a stream
    unknown = await client.get("/b/zomaar-iets")
    assert unknown.status_code == 410
    shown = await client.get(new)
    assert shown.status_code == 200
    assert "Bord voor de zaal" in shown.text


async def test_without_the_web_page_the_board_is_said_to_be_off(world: World) -> None:
    facilitator = world.admin()
    await scenario.create_session(facilitator)
    await facilitator.send("/bord")
    assert facilitator.last.text.startswith("Het live bord werkt via de webpagina")


async def test_the_board_shows_counts_and_nobodys_name_or_words(
    web_world: World, client: httpx.AsyncClient
) -> None:
    facilitator = web_world.admin("Femke")
    links = await scenario.create_session(facilitator, "Terugblik Oost")
    named, pseudonymous = web_world.person(NAME), web_world.person("Karel")
    await scenario.join(named, links.participant["parent"])
    await scenario.join(
        pseudonymous, links.participant["worker"], appear="zelfgekozen", pseudonym=PSEUDONYM
    )
    await facilitator.send("/open")
    await named.send(WORDS)
    await named.send("Nog een antwoord")
    path = await board_path(facilitator)

    page = (await client.get(path, headers={"accept-language": "nl"})).text
    event = await first_event(client, path)
    for shown in (page, event):
        assert "Terugblik Oost" in shown
        assert re.search(r'id="joined-parent">1<', shown)
        assert re.search(r'id="joined-worker">1<', shown)
        assert re.search(r'id="joined-total">2<', shown)
        assert re.search(r'id="answered-parent">1 van 1<', shown)
        assert re.search(r'id="answers-parent">2<', shown)
        assert re.search(r'id="answered-worker">0 van 1<', shown)
        assert "0 van 3 rondes klaar" in shown
        for secret in (NAME, PSEUDONYM, "Karel", "Femke", WORDS, "Nog een antwoord"):
            assert secret not in shown
    # Without JavaScript the page still refreshes; the script is our own file.
    assert '<noscript><meta http-equiv="refresh" content="30"></noscript>' in page
    assert '<script src="/static/board.js" defer></script>' in page
    assert (await client.get("/static/board.js")).status_code == 200


async def test_a_board_whose_browser_leaves_is_no_longer_looked_at(
    web_world: World, client: httpx.AsyncClient
) -> None:
    facilitator = web_world.admin()
    await scenario.create_session(facilitator)
    path = await board_path(facilitator)
    assert web_world.bot.web is not None
    boards = web_world.bot.web.boards
    await first_event(client, path)  # reads one event, then hangs up
    for _ in range(200):  # the server notices the hang-up in its own time
        if not boards.watched:
            break
        await asyncio.sleep(0.05)
    assert boards.watched == 0


async def test_the_server_stops_while_a_board_listens(tmp_path: Path) -> None:
    async with World(tmp_path / "stop.db", clock=daytime(), web=True) as world:
        assert world.web_url is not None
        facilitator = world.admin()
        await scenario.create_session(facilitator)
        path = await board_path(facilitator)
        showing = asyncio.Event()
        async with httpx.AsyncClient(base_url=world.web_url) as http:

            async def listen() -> None:
                async with http.stream("GET", path + "/events") as stream:
                    async for line in stream.aiter_lines():
                        if line.startswith("data:"):
                            showing.set()

            listening = asyncio.create_task(listen())
            async with asyncio.timeout(10):
                await showing.wait()
            async with asyncio.timeout(10):  # without closing the boards it waits forever
                await world.stop_bot()
            async with asyncio.timeout(5):
                await listening  # the stream ended cleanly


async def test_an_open_board_follows_an_answer_given_in_telegram(
    web_world: World, phone: Page
) -> None:
    assert web_world.web_url is not None
    facilitator = web_world.admin()
    links = await scenario.create_session(facilitator, "Live in de zaal")
    parent = web_world.person("Sanne")
    await scenario.join(parent, links.participant["parent"])
    await facilitator.send("/open")
    path = await board_path(facilitator)
    await phone.goto(web_world.web_url + path)
    assert await phone.title() == "Live bord · Dialoogbot"
    answered = phone.locator("#answered-parent")
    await expect(answered).to_have_text("0 van 1")
    await phone.evaluate("window.notReloaded = true")
    await parent.send("Het buurtteam luisterde goed")
    await expect(answered).to_have_text("1 van 1", timeout=10_000)
    await expect(phone.locator("#answers-parent")).to_have_text("1")
    assert await phone.evaluate("window.notReloaded === true")  # changed in place
    assert await serious_violations(phone) == []


async def test_focus_and_scroll_stay_on_the_rounds_region_when_the_board_changes(
    web_world: World, phone: Page
) -> None:
    assert web_world.web_url is not None
    facilitator = web_world.admin()
    links = await scenario.create_session(facilitator, "Live in de zaal")
    parent = web_world.person("Sanne")
    await scenario.join(parent, links.participant["parent"])
    await scenario.join(web_world.person("Ahmed"), links.participant["worker"])
    await facilitator.send("/open")
    path = await board_path(facilitator)
    await phone.goto(web_world.web_url + path)
    answered = phone.locator("#answered-parent")
    await expect(answered).to_have_text("0 van 1")
    # A keyboard user tabs to the round's table (a scroll region) and scrolls it sideways.
    region = phone.locator("#scroll-went_well")
    await region.focus()
    await region.evaluate("r => { r.scrollLeft = r.scrollWidth; }")
    scrolled = await region.evaluate("r => r.scrollLeft")
    await parent.send("Het buurtteam luisterde goed")
    await expect(answered).to_have_text("1 van 1", timeout=10_000)
    # Focus did not fall back to the page: it is on the same region, scrolled as it was.
    assert await phone.evaluate("document.activeElement.id") == "scroll-went_well"
    assert await region.evaluate("r => r.scrollLeft") == scrolled
    assert await serious_violations(phone) == []


async def test_a_screen_showing_a_replaced_link_says_it_no_longer_works(
    web_world: World, phone: Page
) -> None:
    assert web_world.web_url is not None
    facilitator = web_world.admin()
    await scenario.create_session(facilitator, "Oude link")
    path = await board_path(facilitator)
    await phone.goto(web_world.web_url + path)
    await expect(phone.locator("h1")).to_have_text("Oude link")
    await board_path(facilitator)  # a new link: the old one stops, also on this screen
    await expect(phone.locator("h1")).to_have_text("Deze link werkt niet meer", timeout=20_000)


async def test_an_open_board_follows_the_sorting_and_the_recognitions(
    web_world: World, phone: Page
) -> None:
    assert web_world.web_url is not None
    facilitator = web_world.admin()
    links = await scenario.create_session(facilitator, "Samen in de zaal")
    sanne, ahmed = web_world.person("Sanne"), web_world.person("Ahmed")
    await scenario.join(sanne, links.participant["parent"])
    await scenario.join(ahmed, links.participant["worker"])
    await facilitator.send("/open")
    await sanne.send("Wachtlijst duurde maanden")
    await ahmed.send("Lange wachtlijst voor jeugdhulp")
    await facilitator.send("/sluit")
    path = await board_path(facilitator)
    await phone.goto(web_world.web_url + path)
    await expect(phone.locator("#board-themes")).to_have_count(0)  # no themes yet
    await phone.evaluate("window.notReloaded = true")

    await facilitator.send("/themas")
    await facilitator.press("Thema's toevoegen")
    await facilitator.send("Wachtlijst")
    await facilitator.press("Sorteer ronde 1 (2)")
    await facilitator.press("Wachtlijst")
    await expect(phone.locator("#themes-sorted")).to_have_text(
        "1 van de 2 antwoorden gesorteerd", timeout=10_000
    )
    await expect(phone.locator("#theme-1-parent")).to_have_text("1")
    await expect(phone.locator("#theme-1-worker")).to_have_text("0")

    await facilitator.send("/spiegel")
    await ahmed.press("Herkenbaar 1")  # Sanne's words: hers to see, the others' to mark
    await expect(phone.locator("#recognised-marks")).to_have_text("1", timeout=10_000)
    await expect(phone.locator("#recognised-broadly")).to_have_text("1")
    await expect(phone.locator("#theme-1-recognised")).to_contain_text("1 breed herkend")
    assert await phone.evaluate("window.notReloaded === true")  # changed in place
    shown = await phone.locator("#board").inner_text()
    for secret in ("Sanne", "Ahmed", "Wachtlijst duurde maanden", "Lange wachtlijst"):
        assert secret not in shown
    assert await serious_violations(phone) == []
