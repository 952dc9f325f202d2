"""The summary draft on the web page, in a phone browser: a leader leaves an answer out, fills
in the cover and an opening, approves; a second approval is a correction. Organisers and
participants cannot open it."""

from __future__ import annotations

import re

import httpx
from playwright.async_api import Page, expect

from sandbox import scenario
from sandbox.world import World
from tests.conftest import rows
from tests.web.browsing import serious_violations
from tests.web.test_web_lead import leader_with_session, personal_path


async def test_a_leader_reviews_and_approves_the_summary_on_a_phone(
    web_world: World, phone: Page
) -> None:
    femke, links = await leader_with_session(web_world)
    sanne, kees = web_world.person("Sanne"), web_world.person("Kees")
    await scenario.join(sanne, links.participant["parent"])
    await scenario.join(kees, links.participant["worker"], appear="Anoniem", wants_summary=False)
    await femke.send("/open")
    await sanne.send("Ze luisterde echt.")
    await kees.send("Mijn buurman Jan weet er alles van.")
    await femke.send("/sluit")
    path = await personal_path(femke)

    await phone.goto(f"{web_world.web_url}{path}")
    await phone.get_by_role("link", name="Open het concept van de samenvatting").click()
    await phone.wait_for_url("**/session/draft**")
    assert await serious_violations(phone) == []
    assert "Mijn buurman Jan" in await phone.content()
    # Per theme (none sorted yet: one row), what each perspective said, side by side.
    assert await phone.get_by_role("heading", name="Niet bij een thema").count() == 1
    assert await phone.get_by_role("heading", name="Ouders/inwoners").count() == 1
    assert await phone.get_by_role("heading", name="Gezinswerkers").count() == 1

    # Leave Kees's answer out (the second), then fill in the cover and an opening.
    await phone.get_by_role("button", name="Weglaten").nth(1).click()
    await phone.wait_for_url("**#answer-*")
    # The page comes back at that answer, and its button says which answer it is about.
    at = phone.locator(":target")
    await expect(at).to_contain_text("Mijn buurman Jan weet er alles van.")
    await expect(at.get_by_role("button", name="Terugzetten")).to_have_accessible_description(
        re.compile("Mijn buurman Jan weet er alles van.")
    )
    assert await phone.get_by_role("button", name="Terugzetten").count() == 1
    await phone.get_by_label("Naam van de gemeente", exact=True).fill("Nijmegen")
    await phone.get_by_label("Openingstekst").fill("Dank aan iedereen die meedeed.")
    await phone.get_by_label("Uitgenodigde ouders/inwoners", exact=True).fill("6")
    await phone.get_by_role("button", name="Bewaren").click()
    await phone.wait_for_url("**done=saved")
    assert await phone.get_by_label("Naam van de gemeente").input_value() == "Nijmegen"
    assert not sanne.saw("Samenvatting:"), "nothing goes out before approval"

    await phone.get_by_role("button", name="Goedkeuren en versturen").click()
    await phone.wait_for_url("**done=sent")
    assert await serious_violations(phone) == []
    await web_world.settle()
    summary = next(m for m in sanne.messages if m.text.startswith("Samenvatting:"))
    assert "Dank aan iedereen die meedeed." in summary.text and "Nijmegen" in summary.text
    assert "buurman" not in summary.text
    assert kees.saw("is afgelopen")
    assert [r["invited"] for r in rows(web_world.db_path, "SELECT invited FROM"
            " session_perspectives WHERE perspective = 'parent'")] == [6]  # fmt: skip

    # A change approved again is sent as a correction.
    await phone.get_by_label("Slottekst").fill("Tot de volgende keer.")
    await phone.get_by_role("button", name="Bewaren").click()
    await phone.wait_for_url("**done=saved")
    await phone.get_by_role("button", name="Goedkeuren en versturen").click()
    await phone.wait_for_url("**done=sent")
    versions = rows(web_world.db_path, "SELECT version, corrects FROM summaries ORDER BY id")
    assert [(v["version"], v["corrects"] is not None) for v in versions] == [(1, False), (2, True)]
    await web_world.settle()
    assert any(t.startswith("Correctie") for t in sanne.texts)


async def test_the_cover_municipality_and_the_invited_municipality_have_labels_of_their_own(
    web_world: World, phone: Page
) -> None:
    femke, links = await leader_with_session(web_world)
    sanne = web_world.person("Sanne")
    await scenario.join(sanne, links.participant["parent"])
    await femke.send("/open")
    await sanne.send("Ze luisterde echt.")
    await femke.send("/sluit")
    await phone.goto(f"{web_world.web_url}{await personal_path(femke)}")
    await phone.get_by_role("link", name="Open het concept van de samenvatting").click()
    await phone.wait_for_url("**/session/draft**")
    form = phone.locator("form", has=phone.get_by_role("button", name="Bewaren"))
    names = [await label.inner_text() for label in await form.locator("label").all()]
    assert len(names) == len(set(names)), names
    assert not any(name.strip() == "Gemeente" for name in names), names
    # The cover's municipality, by its label, is the one field named so.
    cover = form.get_by_label("Naam van de gemeente", exact=True)
    assert await cover.get_attribute("name") == "municipality"
    # The invited counts are a group of their own, each field by its own label.
    invited = form.get_by_role("group", name="Uitgenodigd per perspectief")
    for label, name in (
        ("Uitgenodigde ouders/inwoners", "invited_parent"),
        ("Uitgenodigde gezinswerkers", "invited_worker"),
        ("Uitgenodigde partnerorganisaties", "invited_partner"),
        ("Uitgenodigde mensen van de gemeente", "invited_municipality"),
    ):
        assert await invited.get_by_label(label, exact=True).get_attribute("name") == name
    await cover.fill("Nijmegen")
    await invited.get_by_label("Uitgenodigde mensen van de gemeente").fill("3")
    await phone.get_by_role("button", name="Bewaren").click()
    await phone.wait_for_url("**done=saved")
    assert await phone.get_by_label("Naam van de gemeente").input_value() == "Nijmegen"
    stored = rows(
        web_world.db_path,
        "SELECT invited FROM session_perspectives WHERE perspective = 'municipality'",
    )
    assert [r["invited"] for r in stored] == [3]


async def test_the_session_page_says_in_words_who_was_invited_and_nobody_joined(
    web_world: World, client: httpx.AsyncClient
) -> None:
    femke, links = await leader_with_session(web_world)  # four perspectives invited
    sanne = web_world.person("Sanne")
    await scenario.join(sanne, links.participant["parent"])
    await femke.send("/open")
    await sanne.send("Ze luisterde echt.")
    await femke.send("/sluit")
    await femke.send("/samenvatting")
    await femke.press("Akkoord, verstuur")
    await web_world.settle()
    html = (await client.get(await personal_path(femke))).text  # the session page
    assert "Ouder/inwoner: 1 persoon, 1 antwoord" in html
    assert "Gemeente: uitgenodigd, niemand deed mee" in html
    assert "0 personen" not in html
