"""The leaders group a closed round's answers into themes on the web page: suggested themes
first, alike answers ticked to go along, a proposed name taken or changed, rename, merge,
skip and revisit; the page passes axe on a phone."""

from __future__ import annotations

import re

import httpx
from playwright.async_api import Page, expect

from sandbox.world import World
from tests.conftest import rows
from tests.telegram.test_telegram_themes import closed_round, theme_of
from tests.web.browsing import form_token, serious_violations
from tests.web.test_web_lead import personal_path


def answer_id(world: World, body: str) -> int:
    return int(rows(world.db_path, "SELECT id FROM contributions WHERE body = ?", (body,))[0][0])


def theme_id(world: World, name: str) -> int:
    return int(rows(world.db_path, "SELECT id FROM themes WHERE name = ?", (name,))[0][0])


def item(page: str, answer: int) -> str:
    """The part of the page about one answer."""
    start = page.index(f'id="answer-{answer}"')
    return page[start : page.index("</li>", start)]


async def post(
    http: httpx.AsyncClient, url: str, action: str, fields: dict[str, str | list[str]]
) -> httpx.Response:
    shown = await http.get(url)
    assert shown.status_code == 200, shown.text
    return await http.post(action, data={**fields, "csrftoken": form_token(shown.text)})


async def test_sorting_a_round_on_the_web_page(
    web_world: World, client: httpx.AsyncClient
) -> None:
    facilitator, _ = await closed_round(web_world)
    session = (await client.get(await personal_path(facilitator))).text
    link = re.search(r'href="(/p/[\w-]+/session/themes\?session=\d+)"', session)
    assert link is not None, "the session view links to the grouping page"
    url = link.group(1)
    themes_path = url.split("?")[0]
    query = "?" + url.split("?")[1]

    page = (await client.get(url)).text
    assert "Geheim antwoord" not in page  # left out of the summary: never offered
    assert "Wachtlijst duurde maanden" in page
    added = await post(client, url, themes_path + query, {"names": "Wachtlijst\nSchool, Uitleg"})
    assert added.status_code == 303
    again = await post(client, url, themes_path + query, {"names": "school"})
    assert again.status_code == 303  # a name it had already is kept once
    assert [r["name"] for r in rows(web_world.db_path, "SELECT name FROM themes ORDER BY id")] == [
        "Wachtlijst", "School", "Uitleg",
    ]  # fmt: skip

    first = answer_id(web_world, "Wachtlijst duurde maanden")
    kees = answer_id(web_world, "Lange wachtlijst, maanden niets gehoord")
    shown = item((await client.get(url)).text, first)
    assert "(voorstel)" not in shown  # no theme holds an answer yet
    assert f'name="alike" value="{kees}"' in shown  # the alike answer can go along
    sorted_ = await post(
        client,
        url,
        themes_path + "/sort" + query,
        {
            "answer": str(first),
            "theme": str(theme_id(web_world, "Wachtlijst")),
            "alike": [str(kees)],
        },
    )
    assert sorted_.status_code == 303
    assert theme_of(web_world, "Lange wachtlijst, maanden niets gehoord") == "Wachtlijst"

    # Now Wachtlijst holds answers: for an answer about it, it is suggested and comes first.
    growing = answer_id(web_world, "Wachtlijst groeit steeds verder")
    shown = item((await client.get(url)).text, growing)
    first_choice = re.search(r'name="theme" value="(\d+)"', shown)
    assert first_choice is not None and int(first_choice.group(1)) == theme_id(
        web_world, "Wachtlijst"
    )
    assert "⭐ Wachtlijst" in shown and "(voorstel)" in shown
    assert theme_of(web_world, "Wachtlijst groeit steeds verder") == "unsorted"  # only shown

    # A new theme: the proposed name as it stands, and one changed.
    parking = answer_id(web_world, "Parkeren gemeentehuis lastig")
    shown = item((await client.get(url)).text, parking)
    proposed = re.search(r'name="name" maxlength="60" value="([^"]+)"', shown)
    assert proposed is not None
    await post(
        client,
        url,
        themes_path + "/sort" + query,
        {"answer": str(parking), "theme": "new", "name": proposed.group(1)},
    )
    assert theme_of(web_world, "Parkeren gemeentehuis lastig") == proposed.group(1)
    forms = answer_id(web_world, "Formulieren onduidelijk ingevuld")
    refused = await post(
        client,
        url,
        themes_path + "/sort" + query,
        {"answer": str(forms), "theme": "new", "name": "school"},
    )
    assert refused.status_code == 422
    assert "Er is al een thema met die naam" in item(refused.text, forms)
    await post(client, url, themes_path + "/sort" + query, {"answer": str(forms), "theme": "skip"})
    assert theme_of(web_world, "Formulieren onduidelijk ingevuld") is None  # skipped
    page = (await client.get(url)).text
    assert "Overgeslagen antwoorden" in page.split(f'id="answer-{forms}"')[0]
    await post(
        client,
        url,
        themes_path + "/sort" + query,
        {"answer": str(forms), "theme": "new", "name": "Formulieren"},
    )
    assert theme_of(web_world, "Formulieren onduidelijk ingevuld") == "Formulieren"

    # Rename, then merge: the answers move to the theme kept.
    await post(
        client,
        url,
        themes_path + "/rename" + query,
        {"theme": str(theme_id(web_world, "Formulieren")), "name": "Papierwerk"},
    )
    merged = await post(
        client,
        url,
        themes_path + "/merge" + query,
        {
            "theme": str(theme_id(web_world, "Papierwerk")),
            "into": str(theme_id(web_world, "Uitleg")),
        },
    )
    assert merged.status_code == 303
    assert theme_of(web_world, "Formulieren onduidelijk ingevuld") == "Uitleg"
    assert "Papierwerk" not in [
        r["name"] for r in rows(web_world.db_path, "SELECT name FROM themes ORDER BY id")
    ]

    # An answer that is not there (erased by its writer since, or never was) changes nothing:
    # the page says so, with the answers still to sort (we cannot tell the two apart).
    before = rows(web_world.db_path, "SELECT * FROM theme_answers ORDER BY contribution_id")
    gone = await post(
        client, url, themes_path + "/sort" + query, {"answer": "999999", "theme": "skip"}
    )
    assert gone.status_code == 303
    assert gone.headers["location"].endswith("done=answer_gone")
    assert (
        rows(web_world.db_path, "SELECT * FROM theme_answers ORDER BY contribution_id") == before
    )


async def test_the_grouping_page_passes_axe_on_a_phone(web_world: World, phone: Page) -> None:
    facilitator, _ = await closed_round(web_world)
    path = await personal_path(facilitator)
    await phone.goto(f"{web_world.web_url}{path}")
    await phone.get_by_role("link", name="Antwoorden in thema's zetten").click()
    await phone.wait_for_url("**/session/themes**")
    await phone.get_by_label("Thema's die je verwacht").fill("Wachtlijst\nSchool")
    await phone.get_by_role("button", name="Voeg deze thema's toe").click()
    await phone.wait_for_url("**/session/themes**")
    first = phone.locator("ol.entries > li").first
    await first.get_by_role("radio", name="Wachtlijst", exact=True).check()
    await first.get_by_role("checkbox").first.check()
    await first.get_by_role("button", name="Bewaren").click()
    # The page comes back at the same address: wait for what only the new one shows.
    await expect(phone.get_by_text("⭐ Wachtlijst").first).to_be_visible()
    assert theme_of(web_world, "Wachtlijst duurde maanden") == "Wachtlijst"
    assert await serious_violations(phone) == []
    assert await phone.evaluate("document.documentElement.scrollWidth") <= 390
