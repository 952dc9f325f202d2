"""The session's leaders read along on the web: the answers so far, per perspective, under
the names people chose, from Telegram and the web alike; nobody else gets the page."""

from __future__ import annotations

import html
import re

import httpx
import pytest
from playwright.async_api import Page, expect

from sandbox import scenario
from sandbox.web_people import WebPerson, invite_code
from sandbox.world import World
from tests.conftest import rows
from tests.web.browsing import serious_violations
from tests.web.test_web_lead import leader_with_session, personal_path
from web import watching


async def test_the_leader_reads_answers_from_both_channels_as_they_arrive(
    web_world: World, client: httpx.AsyncClient, phone: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    femke, links = await leader_with_session(web_world)
    path = await personal_path(femke)
    assert web_world.web_url is not None
    sanne = web_world.person("Sanne")
    await scenario.join(sanne, links.participant["parent"])
    async with (
        WebPerson(web_world.web_url, "Mo") as mo,
        WebPerson(web_world.web_url, "Anouk") as anouk,
    ):
        await mo.join(invite_code(links.participant["worker"]))
        await mo.settle_in(appear="pseudonym", name="Mo de W.", wants_summary=True)
        await anouk.join(invite_code(links.participant["partner"]))
        await anouk.settle_in(appear="anonymous", name="Anouk", wants_summary=False)
        view = await client.get(path)
        assert f'href="{path}/answers?session=' in view.text

        before = await client.get(f"{path}/answers")
        assert before.status_code == 200
        assert "Er is nog geen ronde geopend." in before.text
        # Left open at the table, the page follows the session: the first round comes in
        # once it opens (it used to stand still until reloaded).
        assert 'data-refresh="20"' in before.text

        await femke.send("/open")
        await sanne.send("De gezinswerker luisterde echt.")
        await mo.answer("We hadden tijd voor elk gezin.")
        await anouk.answer("De lijnen waren kort.")
        await sanne.send("Ik werd snel teruggebeld.")

        page = await client.get(f"{path}/answers")
        text = page.text
        assert page.status_code == 200
        assert 'http-equiv="refresh"' not in text  # without JavaScript: only when asked
        assert "Elke 20 seconden vernieuwen</a>" in text
        assert 'data-refresh="20"' in text  # answers.js fetches it anew while open
        assert "<strong>Sanne</strong>: Ik werd snel teruggebeld." in text
        assert text.index("Ik werd snel teruggebeld.") < text.index("De gezinswerker luisterde")
        assert "<strong>Mo de W.</strong>: We hadden tijd voor elk gezin." in text
        assert "<strong>Partnerorganisatie</strong>: De lijnen waren kort." in text
        assert "Anouk" not in text
        assert "Ouder/inwoner: 1 persoon, 2 antwoorden" in text

        # The same list in Telegram, for the leader at the table.
        await femke.send("/meelezen")
        assert "Mo de W.: We hadden tijd voor elk gezin." in femke.last.text
        assert "Anouk" not in femke.last.text

        # On a phone, it reads well for everyone, and new answers come in without a reload.
        monkeypatch.setattr(watching, "REFRESH_SECONDS", 1)
        await phone.goto(f"{web_world.web_url}{path}/answers")
        assert (
            await phone.title() == "Antwoorden tot nu toe · Evaluatie Buurtteams Oost · Dialoogbot"
        )
        assert await serious_violations(phone) == []
        await phone.evaluate("window.notReloaded = true")
        await sanne.send("Er was altijd iemand bereikbaar.")
        await expect(phone.locator("#answers")).to_contain_text(
            "Er was altijd iemand bereikbaar.", timeout=10_000
        )
        assert await phone.evaluate("window.notReloaded === true")  # put in place

        # Closed: the round still reads; the page goes on refreshing only because the next
        # round may still open (tests/web/test_web_leftovers.py follows it to the end).
        await femke.send("/sluit")
        closed = await client.get(f"{path}/answers")
        assert "Ik werd snel teruggebeld." in closed.text
        assert "De volgende ronde verschijnt hier zodra die opent." in closed.text
        # The round asked for by name stops refreshing once it closed, as the page did.
        [went_well] = rows(web_world.db_path, "SELECT id FROM rounds")
        asked = await client.get(f"{path}/answers?round={went_well['id']}")
        assert "Ik werd snel teruggebeld." in asked.text
        assert 'http-equiv="refresh"' not in asked.text

        # A participant's own link does not open it.
        assert mo.secret is not None
        refused = await client.get(f"/p/{mo.secret}/session/answers")
        assert refused.status_code == 403
        assert "teruggebeld" not in refused.text


async def test_the_answers_page_keeps_the_readers_place_says_what_came_in_and_can_pause(
    web_world: World, client: httpx.AsyncClient, phone: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    femke, links = await leader_with_session(web_world)
    sanne = web_world.person("Sanne")
    await scenario.join(sanne, links.participant["parent"])
    answers = await personal_path(femke) + "/answers"
    await femke.send("/open")
    await sanne.send("De gezinswerker luisterde echt.")

    # Without JavaScript the page reloads itself only when asked to, and can stop again.
    plain = (await client.get(answers)).text
    assert 'http-equiv="refresh"' not in plain
    assert "Deze pagina ververst zichzelf" not in plain  # it would not be true
    asked = re.search(r'<a href="([^"]+)">Elke 20 seconden vernieuwen</a>', plain)
    assert asked is not None
    reloading = (await client.get(html.unescape(asked.group(1)))).text
    assert '<noscript><meta http-equiv="refresh" content="20"></noscript>' in reloading
    assert "Deze pagina ververst zichzelf zolang de ronde open is" in reloading
    stop = re.search(r'<a href="([^"]+)">Stoppen met elke 20 seconden vernieuwen</a>', reloading)
    assert stop is not None
    assert 'http-equiv="refresh"' not in (await client.get(html.unescape(stop.group(1)))).text

    monkeypatch.setattr(watching, "REFRESH_SECONDS", 1)
    fetched: list[str] = []
    phone.on("request", lambda request: fetched.append(request.url))
    await phone.goto(f"{web_world.web_url}{answers}")
    assert await serious_violations(phone) == []
    # A screen reader reads an answer; the page fetches itself anew, nothing new came in:
    # the answer it reads is still the one on the page (it used to be replaced each time).
    reading = await phone.query_selector("#answers ul.answers li")
    assert reading is not None
    start = len(fetched)
    for _ in range(75):  # three of the page's own (1 s) turns, at most 15 s on a busy machine
        if len(fetched) >= start + 3:
            break
        await phone.wait_for_timeout(200)
    assert len(fetched) >= start + 3, "the page stopped fetching itself"
    assert await reading.evaluate("item => item.isConnected")
    news = phone.locator("#answers-news")
    assert await news.text_content() == ""

    # A new answer is put in place and said, in a live region outside the part replaced.
    await sanne.send("Ik werd snel teruggebeld.")
    await expect(phone.locator("#answers")).to_contain_text("Ik werd snel teruggebeld.")
    await expect(news).to_have_text("1 nieuw antwoord", timeout=10_000)
    assert await news.get_attribute("role") == "status"
    # Only the new answer and the counts changed: the answer being read is still in place
    # (the whole list used to be replaced, and a screen reader lost its place).
    assert await reading.evaluate("item => item.isConnected")
    listed = await phone.locator("#answers ul.answers li").all_inner_texts()
    assert [text.split(": ", 1)[1] for text in listed] == [
        "Ik werd snel teruggebeld.",
        "De gezinswerker luisterde echt.",
    ]

    # Paused, nothing changes and nothing is fetched; resumed, it catches up.
    pause = phone.get_by_role("button", name="Automatisch bijwerken pauzeren")
    await pause.click()
    await expect(pause).to_have_attribute("aria-pressed", "true")
    await sanne.send("Er was altijd iemand bereikbaar.")
    await sanne.send("Vast aanspreekpunt.")
    start = len(fetched)
    await phone.wait_for_timeout(3000)  # three of the page's own (1 s) turns
    assert len(fetched) == start
    assert "Er was altijd iemand bereikbaar." not in await phone.locator("#answers").inner_text()
    await pause.click()
    await expect(pause).to_have_attribute("aria-pressed", "false")
    await expect(phone.locator("#answers")).to_contain_text("Er was altijd iemand bereikbaar.")
    await expect(news).to_have_text("2 nieuwe antwoorden")
    assert await serious_violations(phone) == []
    # An answer deleted from the middle goes, a changed one changes in its place, and the
    # answer being read stays where it is.
    acks = [m for m in sanne.messages if "🗑 Verwijderen" in m.labels]
    await sanne.press("Verwijderen", acks[1])  # "Ik werd snel teruggebeld."
    await sanne.press("Ja, verwijderen")
    await sanne.press("Veranderen", acks[2])  # "Er was altijd iemand bereikbaar."
    await sanne.send("Er was altijd iemand bereikbaar, ook 's avonds.")
    answers_now = phone.locator("#answers ul.answers li")
    await expect(answers_now).to_have_text(
        [
            re.compile("Vast aanspreekpunt."),
            re.compile("Er was altijd iemand bereikbaar, ook 's avonds."),
            re.compile("De gezinswerker luisterde echt."),
        ],
        timeout=10_000,
    )
    assert await reading.evaluate("item => item.isConnected")
    # The round closes: its heading and hint change in place, the answers stay as they are.
    await femke.send("/sluit")
    await expect(phone.locator("#answers h2")).to_have_text("Wat ging goed? (gesloten)")
    assert await reading.evaluate("item => item.isConnected")
    assert await phone.locator("#answers ul.answers li").count() == 3
    assert await phone.locator("#answers > p.hint").count() == 1
