"""The organiser's and the leaders' pages in a real browser on a phone: they work without
help, and axe finds nothing serious."""

from __future__ import annotations

from playwright.async_api import Browser, Page

from sandbox import scenario
from sandbox.people import Person
from sandbox.world import World
from tests.conftest import rows
from tests.web.browsing import serious_violations
from tests.web.test_web_lead import code_of, leader_with_session, personal_path


async def _round_answered(world: World, words: str) -> Person:
    """A leader whose first round a parent answered with these words, closed."""
    femke, links = await leader_with_session(world)
    sanne = world.person("Sanne")
    await scenario.join(sanne, links.participant["parent"])
    await femke.send("/open")
    await sanne.send(words)
    await femke.send("/sluit")
    return femke


async def test_an_organiser_takes_the_link_on_a_phone_and_lands_on_the_session_view(
    web_world: World, phone: Page
) -> None:
    _, links = await leader_with_session(web_world)
    await phone.goto(f"{web_world.web_url}/o/{code_of(links.organiser)}")
    assert await phone.title() == "Het verslag ontvangen · Dialoogbot"
    assert await serious_violations(phone) == []
    await phone.get_by_role("button", name="Ja, ik ben de opdrachtgever").click()
    await phone.wait_for_url("**/session")
    assert await phone.get_by_role("heading", level=1).inner_text() == (
        "Evaluatie Buurtteams Oost"
    )
    assert await serious_violations(phone) == []

    # Back to the link: it is taken now, and says so calmly.
    await phone.goto(f"{web_world.web_url}/o/{code_of(links.organiser)}")
    assert await phone.title() == "Deze link is al genomen · Dialoogbot"
    assert await serious_violations(phone) == []


async def test_the_session_view_with_a_summary_passes_axe_on_a_phone(
    web_world: World, phone: Page
) -> None:
    femke = await _round_answered(web_world, "Ze luisterde echt.")
    await scenario.add_action(femke, "Terugbellen binnen 5 werkdagen", "buurtteam", "1 maand")
    await femke.send("/samenvatting")
    await femke.press("Verstuur")
    await phone.goto(f"{web_world.web_url}{await personal_path(femke)}")
    assert await phone.get_by_text("Ze luisterde echt.").is_visible()
    assert await phone.get_by_role("cell", name="Terugbellen binnen 5 werkdagen").is_visible()
    assert await phone.get_by_role("link", name="Download het verslag (PDF)").is_visible()
    assert await serious_violations(phone) == []
    # It fits the phone: nothing makes the whole page scroll sideways (WCAG 1.4.10, reflow).
    assert await phone.evaluate("document.documentElement.scrollWidth") <= 390


async def test_an_opening_paragraph_as_long_as_the_field_allows_is_kept_with_its_line_breaks(
    web_world: World, phone: Page
) -> None:
    """The browser counts a line break as one character and sends it as two (CRLF)."""
    femke = await _round_answered(web_world, "Ze luisterde echt.")
    line = "Dank aan iedereen die meedeed. "
    opening = "\n".join([line * 8] * 8)
    opening += "x" * (2000 - len(opening))
    assert len(opening) == 2000  # the field's maxlength, as the browser counts it
    await phone.goto(f"{web_world.web_url}{await personal_path(femke)}/draft")
    await phone.get_by_label("Openingstekst").fill(opening)
    await phone.get_by_role("button", name="Bewaren", exact=True).click()
    await phone.wait_for_url("**done=saved**")
    [stored] = rows(web_world.db_path, "SELECT opening FROM summary_drafts")
    assert stored["opening"] == opening  # line breaks as Telegram writes them, not CRLF


async def test_long_words_and_links_in_answers_fit_a_narrow_phone(
    web_world: World, browser: Browser
) -> None:
    """At 320 px, nothing in people's words makes a leader's page scroll sideways (1.4.10)."""
    femke = await _round_answered(
        web_world,
        "De jeugdhulpaanbiedersovereenkomstonderhandelingen duurden lang, zie"
        " https://www.example.nl/gemeente/jeugdhulp/wachttijden-overzicht-2026-per-wijk",
    )
    session = await personal_path(femke)
    context = await browser.new_context(viewport={"width": 320, "height": 640}, locale="nl-NL")
    narrow = await context.new_page()
    for page in ("answers", "draft", "themes"):
        await narrow.goto(f"{web_world.web_url}{session}/{page}")
        assert await narrow.get_by_text("jeugdhulpaanbieders", exact=False).count(), page
        width = await narrow.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, (page, width)
    await context.close()
