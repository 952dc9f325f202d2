"""One session, two channels: parents in Telegram, a partner and the municipality on the web
page in Chromium, in the same rounds and together in one summary."""

from __future__ import annotations

import io

from playwright.async_api import Browser, Page, expect
from pypdf import PdfReader

from sandbox import scenario
from sandbox.world import World
from tests.conftest import rows
from tests.web.browsing import PHONE, serious_violations


async def join_on_the_web(browser: Browser, world: World, link: str, name: str) -> Page:
    """Open a web invite on a phone, say yes, appear under `name`, ask for the summary."""
    context = await browser.new_context(viewport=PHONE, locale="nl-NL")
    page = await context.new_page()
    code = link.split("start=", 1)[1]
    await page.goto(f"{world.web_url}/i/{code}")
    await page.get_by_role("button", name="Ja, ik doe mee").click()
    await page.get_by_label("Met een zelfgekozen naam").check()
    await page.get_by_label("Je voornaam, of de naam die je kiest").fill(name)
    await page.get_by_role("button", name="Verder").click()
    await page.get_by_label("Ja, laat de samenvatting op mijn pagina zien").check()
    await page.get_by_role("button", name="Bewaren").click()
    # The click returns before the form's answer: wait for it, or the facilitator's notice of
    # this join may arrive after the next command's reply.
    await expect(page.get_by_role("status")).to_have_text("Alles is klaar. Dank je wel!")
    return page


async def answer_on_the_web(page: Page, text: str) -> None:
    await page.reload()
    await page.get_by_label("Je antwoord").fill(text)
    await page.get_by_role("button", name="Antwoord bewaren").click()
    # The click returns once the next page is on its way: wait for it to show the answer.
    await expect(page.locator(".entries > li").filter(has_text=text)).to_have_count(1)


async def test_telegram_and_web_people_answer_the_same_rounds_and_share_one_summary(
    web_world: World, browser: Browser
) -> None:
    facilitator = web_world.admin()
    links = await scenario.create_session(facilitator)
    sanne, ahmed = web_world.person("Sanne"), web_world.person("Ahmed")
    await scenario.join(sanne, links.participant["parent"])
    await scenario.join(ahmed, links.participant["worker"])
    partner = await join_on_the_web(browser, web_world, links.participant["partner"], "Zwaluw")
    council = await join_on_the_web(
        browser, web_world, links.participant["municipality"], "Beleid Oost"
    )
    # The facilitator's notices of the web joins go out through the outbox: let them arrive,
    # so the reply read next is the one to /status.
    await web_world.settle()

    await facilitator.send("/status")
    status = facilitator.last.text
    for joined in ("Ouder/inwoner: 1", "Gezinswerker: 1", "Partnerorganisatie: 1", "Gemeente: 1"):
        assert joined in status  # two joined in Telegram, two on the web

    said = {
        "went_well": ("Ze luisterde echt.", "Korte lijnen.", "Snel overleg.", "Goede cijfers."),
        "hurt": ("Lang wachten.", "Veel formulieren.", "Geen terugkoppeling.", "Te laat gemeld."),
        "needed": ("Vast aanspreekpunt.", "Minder papier.", "Wekelijks contact.", "Meer geld."),
    }
    for texts in said.values():
        await facilitator.send("/open")
        await sanne.send(texts[0])
        await ahmed.send(texts[1])
        await answer_on_the_web(partner, texts[2])
        await answer_on_the_web(council, texts[3])
        await facilitator.send("/sluit")
        # Everyone counts: the close says all four answered.
        assert "4 van de 4" in facilitator.last.text

    await facilitator.send("/samenvatting")
    await facilitator.press("Verstuur")
    telegram_summary = next(m.text for m in sanne.messages if m.text.startswith("Samenvatting:"))
    await partner.goto(partner.url.split("/p/")[0] + "/p/" + _secret(partner.url) + "/summary")
    web_summary = await partner.locator("main").inner_text()
    for texts in said.values():
        for text in texts:
            assert text in telegram_summary
            assert text in web_summary
    assert "Zwaluw" in telegram_summary and "Beleid Oost" in telegram_summary
    assert "Zwaluw" in web_summary
    assert await serious_violations(partner) == []

    # The web participant's report is the same report the Telegram people got.
    async with partner.expect_download() as waiting:
        await partner.get_by_role("link", name="Het verslag om te printen (PDF).").click()
    download = await waiting.value
    path = await download.path()
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)
    assert "Wekelijks contact." in text and "Korte lijnen." in text
    assert len(rows(web_world.db_path, "SELECT * FROM contributions")) == 12


def _secret(url: str) -> str:
    return url.split("/p/", 1)[1].split("/", 1)[0].split("?", 1)[0]
