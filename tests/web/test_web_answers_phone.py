"""The participant's journey in a real browser on a phone, and axe on every page of it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, expect

from flows import model
from flows.pii import PersonalDetailsGuard
from sandbox import scenario
from sandbox.world import World
from tests.conftest import daytime, rows
from tests.web.browsing import PHONE, serious_violations


def code_of(link: str) -> str:
    return link.split("start=", 1)[1]


async def clean(page: Page) -> None:
    assert await serious_violations(page) == [], page.url


async def test_join_on_a_phone_answer_twice_change_one_delete_one(
    web_world: World, phone: Page
) -> None:
    assert web_world.web_url is not None
    facilitator = web_world.admin()
    links = await scenario.create_session(facilitator)
    await phone.goto(f"{web_world.web_url}/i/{code_of(links.participant['partner'])}")
    assert await phone.locator("h1").inner_text() == "Evaluatie Buurtteams Oost"
    await clean(phone)
    await phone.get_by_role("button", name="Ja, ik doe mee").click()

    # How to appear; the personal link is there to bookmark. The click returns before the
    # next page is in: wait for what it shows, then look.
    await expect(phone).to_have_url(re.compile(r"/name$"))
    personal = phone.url.removesuffix("/name")
    await expect(phone.get_by_role("link", name=personal)).to_have_count(1)
    await clean(phone)
    await phone.get_by_label("Met een zelfgekozen naam").check()
    await phone.get_by_label("Je voornaam, of de naam die je kiest").fill("Zwaluw")
    await phone.get_by_role("button", name="Verder").click()
    await expect(phone.get_by_label("Nee, dank je")).to_be_visible()
    await clean(phone)
    await phone.get_by_label("Nee, dank je").check()
    await phone.get_by_role("button", name="Bewaren").click()
    await expect(phone.get_by_role("status")).to_have_text("Alles is klaar. Dank je wel!")
    assert phone.url.startswith(personal)
    await clean(phone)

    await facilitator.send("/open")
    await phone.reload()
    assert "Ronde 1 van 3" in await phone.locator("h2").first.inner_text()
    # In form mode a screen reader reads the box's name and description, not the text
    # around it: the question is part of the description.
    question = await phone.locator("p.question").inner_text()
    await expect(phone.get_by_label("Je antwoord")).to_have_accessible_description(
        re.compile("^" + re.escape(question) + " Je mag meer dan één antwoord geven")
    )
    for text in ("Snel een afspraak.", "Fijne gesprekken."):
        await phone.get_by_label("Je antwoord").fill(text)
        await phone.get_by_role("button", name="Antwoord bewaren").click()
    entries = phone.locator(".entries > li")
    await expect(entries).to_have_count(2)  # waits for the page the last click brings
    await clean(phone)

    await entries.nth(0).get_by_role("link", name="Veranderen").click()
    await expect(phone.get_by_role("button", name="Verandering bewaren")).to_be_visible()
    await clean(phone)
    await phone.get_by_label("Je antwoord").fill("Snel een afspraak, binnen een week.")
    await phone.get_by_role("button", name="Verandering bewaren").click()
    await entries.nth(1).get_by_role("link", name="Verwijderen").click()
    await expect(phone.get_by_role("button", name="Ja, verwijderen")).to_be_visible()
    await clean(phone)
    await phone.get_by_role("button", name="Ja, verwijderen").click()
    await expect(phone.get_by_role("status")).to_have_text("Het antwoord is verwijderd.")
    await expect(entries).to_have_count(1)
    await clean(phone)

    stored = rows(web_world.db_path, "SELECT display_mode, display_name FROM participants")
    assert tuple(stored[0]) == ("pseudonym", "Zwaluw")
    bodies = [r["body"] for r in rows(web_world.db_path, "SELECT body FROM contributions")]
    assert bodies == ["Snel een afspraak, binnen een week."]


async def test_the_other_pages_pass_axe_on_a_phone(tmp_path: Path, browser: Browser) -> None:
    """Saying no, a closed door, personal details, words kept after the round closed, and
    a participant taken out: each page is accessible too."""
    context = await browser.new_context(viewport=PHONE, locale="nl-NL")
    phone = await context.new_page()
    guard = PersonalDetailsGuard()  # its quick checks: phone numbers, e-mail addresses
    async with World(tmp_path / "p.db", clock=daytime(), web=True, guard=guard) as world:
        assert world.web_url is not None
        facilitator = world.admin()
        links = await scenario.create_session(facilitator)
        invite = f"{world.web_url}/i/{code_of(links.participant['parent'])}"
        await phone.goto(invite)
        await phone.get_by_role("button", name="Nee, liever niet").click()
        await expect(phone.locator("main")).to_contain_text("niets over jou bewaard")
        await clean(phone)

        await phone.goto(invite)
        await phone.get_by_role("button", name="Ja, ik doe mee").click()
        await phone.get_by_role("button", name="Verder").click()  # anonymous
        await phone.get_by_role("button", name="Bewaren").click()
        await expect(phone.get_by_role("status")).to_have_text("Alles is klaar. Dank je wel!")
        personal = phone.url.split("?")[0]
        await facilitator.send("/open")
        await phone.reload()
        await phone.get_by_label("Je antwoord").fill("Bel me op 06 12345678")
        await phone.get_by_role("button", name="Antwoord bewaren").click()
        await expect(phone).to_have_url(re.compile(r"/details$"))
        await expect(phone.get_by_role("button", name="Verberg die gegevens")).to_be_visible()
        await clean(phone)
        await phone.get_by_role("button", name="Verberg die gegevens").click()

        await phone.get_by_label("Je antwoord").fill("Nog één ding")
        await facilitator.send("/sluit")
        await phone.get_by_role("button", name="Antwoord bewaren").click()
        await expect(phone.get_by_label("Je tekst")).to_have_value("Nog één ding")
        await clean(phone)

        await world.settle()
        await facilitator.press("Weghalen uit de sessie")
        await facilitator.press("Ja, weghalen")
        await phone.goto(personal)
        assert await phone.locator("h1").inner_text() == "Je doet niet meer mee"
        await clean(phone)

        await facilitator.send("/uitnodiging")
        await facilitator.press("Sluit voor nieuwe mensen")
        await phone.goto(invite)
        assert await phone.locator("h1").inner_text() == "Meedoen kan niet meer"
        await clean(phone)
    await context.close()


async def test_an_answer_refused_and_the_consent_asked_again_pass_axe(
    web_world: World, phone: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert web_world.web_url is not None
    facilitator = web_world.admin()
    links = await scenario.create_session(facilitator)
    await phone.goto(f"{web_world.web_url}/i/{code_of(links.participant['worker'])}")
    await phone.get_by_role("button", name="Ja, ik doe mee").click()
    await phone.get_by_role("button", name="Verder").click()
    await phone.get_by_role("button", name="Bewaren").click()
    await expect(phone.get_by_role("status")).to_have_text("Alles is klaar. Dank je wel!")
    await facilitator.send("/open")
    await phone.reload()
    await phone.get_by_role("button", name="Antwoord bewaren").click()  # nothing typed
    await expect(phone.locator(".warning")).to_have_text("Dat is leeg. Typ een tekst.")
    await clean(phone)
    monkeypatch.setattr(model, "CONSENT_VERSION", str(int(model.CONSENT_VERSION) + 1))
    await phone.get_by_label("Je antwoord").fill("Na de nieuwe tekst")
    await phone.get_by_role("button", name="Antwoord bewaren").click()
    await expect(phone.locator("h1")).to_have_text("Ga je akkoord?")
    await clean(phone)
    await phone.get_by_role("button", name="Ja, ik ga akkoord").click()
    await expect(phone.locator(".entries")).to_contain_text("Na de nieuwe tekst")
