"""The exports on the session view: three downloads for its leaders and organisers, with the
right content types and as attachments; refused to a participant."""

from __future__ import annotations

import csv
import io
import json

import httpx
import openpyxl
from playwright.async_api import Page

from sandbox import scenario
from sandbox.world import World
from tests.exporting import LEFT_OUT, TRICKY, session_with_results, summary_sent
from tests.web.browsing import serious_violations
from tests.web.test_web_lead import personal_path
from tests.web.webpeople import join_on_the_web

STEM = "dialoogbot-evaluatie-buurtteams-oost"
# Each table's CSV by its name in the reader's words (the grid by its Dutch sheet's name).
TABLE_WORDS = {
    "nl": {"themes": "themas", "grid": "thema-perspectief", "recognitions": "herkenning",
           "actions": "acties"},
    "en": {"themes": "themes", "grid": "grid", "recognitions": "recognitions",
           "actions": "actions"},
}  # fmt: skip


async def table_names(client: httpx.AsyncClient, path: str, lang: str) -> dict[str, str]:
    """What each table's CSV download says its file is called, by table."""
    names = {}
    for key in TABLE_WORDS[lang]:
        download = await client.get(f"{path}/export.csv?table={key}")
        assert download.status_code == 200
        names[key] = download.headers["content-disposition"]
    return names


def expected_names(lang: str) -> dict[str, str]:
    return {
        key: f'attachment; filename="{STEM}-{word}-2026-11-24.csv"'
        for key, word in TABLE_WORDS[lang].items()
    }


async def test_an_organiser_downloads_the_three_files(
    web_world: World, client: httpx.AsyncClient
) -> None:
    played = await session_with_results(web_world)
    await summary_sent(web_world, played)
    path = await personal_path(played.organiser)
    view = await client.get(path)
    for ext in ("xlsx", "csv", "json"):
        assert f'href="{path}/export.{ext}' in view.text

    xlsx = await client.get(path + "/export.xlsx")
    assert xlsx.status_code == 200
    assert xlsx.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert xlsx.headers["content-disposition"] == (
        f'attachment; filename="{STEM}-2026-11-24.xlsx"'
    )
    assert xlsx.headers["cache-control"] == "no-store"
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames[1] == "Antwoorden"

    answers = await client.get(path + "/export.csv")
    assert answers.headers["content-type"] == "text/csv; charset=utf-8"
    assert answers.headers["content-disposition"] == (
        f'attachment; filename="{STEM}-2026-11-24.csv"'
    )
    assert answers.content.startswith(b"\xef\xbb\xbf")
    read = csv.DictReader(
        io.StringIO(answers.content.decode("utf-8-sig"), newline=""), delimiter=";"
    )
    assert TRICKY in [r["Antwoord"] for r in read]

    assert await table_names(client, path, "nl") == expected_names("nl")
    actions = await client.get(path + "/export.csv?table=actions")
    assert "Vaste contactpersoon per school" in actions.content.decode("utf-8-sig")
    assert (await client.get(path + "/export.csv?table=people")).status_code == 404

    data = await client.get(path + "/export.json")
    assert data.headers["content-type"] == "application/json"
    assert LEFT_OUT not in data.text
    assert json.loads(data.content)["grid"][0]["theme"] == "Bereikbaarheid"


async def test_an_organiser_downloads_nothing_before_the_summary_is_sent(
    web_world: World, client: httpx.AsyncClient
) -> None:
    """Participants agreed to organisers getting their answers after the session; before,
    the facilitator checks them (names, numbers) and may leave some out. The same for the
    mirror and the proposals, which organisers read along."""
    played = await session_with_results(web_world)
    path = await personal_path(played.organiser)
    view = await client.get(path)
    assert "/export." not in view.text
    assert "Je kunt de resultaten hier downloaden zodra de samenvatting verstuurd is." in view.text
    for ext in ("xlsx", "csv", "json"):
        refused = await client.get(f"{path}/export.{ext}")
        assert refused.status_code == 409, ext
        assert "zodra de samenvatting verstuurd is" in refused.text
        assert TRICKY not in refused.text
    # Nor do they read the answers in the mirror or the proposals before it (they did).
    assert "De spiegel en de voorgestelde acties kun je hier lezen zodra" in view.text
    assert f'href="{path}/mirror' not in view.text
    for page in ("mirror", "proposals"):
        refused = await client.get(f"{path}/{page}")
        assert refused.status_code == 409, page
        assert "Dit kun je lezen zodra de samenvatting verstuurd is." in refused.text
        assert "Het buurtteam belde snel terug" not in refused.text
    # The facilitator has them all the while.
    lead = await personal_path(played.facilitator)
    assert (await client.get(lead + "/export.json")).status_code == 200
    assert (await client.get(lead + "/mirror")).status_code == 200
    # Once the summary is sent, the organiser has them too.
    await summary_sent(web_world, played)
    assert (await client.get(f"{path}/mirror")).status_code == 200
    assert "Het buurtteam belde snel terug" in (await client.get(f"{path}/mirror")).text


async def test_the_facilitator_downloads_and_a_participant_is_refused(
    web_world: World, client: httpx.AsyncClient
) -> None:
    played = await session_with_results(web_world)
    path = await personal_path(played.facilitator)
    assert (await client.get(path + "/export.json")).status_code == 200
    links = [m.text for m in played.facilitator.messages if "?start=" in m.text]
    parent_link = next(line for text in links for line in text.split() if "?start=" in line)
    secret = await join_on_the_web(web_world, parent_link, name="Ria")
    for ext in ("xlsx", "csv", "json"):
        refused = await client.get(f"/p/{secret}/session/export.{ext}")
        assert refused.status_code == 403
        assert "attachment" not in refused.headers.get("content-disposition", "")


async def test_the_session_view_with_downloads_passes_axe_on_a_phone(
    web_world: World, phone: Page
) -> None:
    played = await session_with_results(web_world)
    await summary_sent(web_world, played)
    await phone.goto(f"{web_world.web_url}{await personal_path(played.organiser)}")
    assert await phone.get_by_role("heading", name="De resultaten downloaden").is_visible()
    assert await phone.get_by_role("link", name="Werkboek voor Excel (.xlsx)").is_visible()
    assert await serious_violations(phone) == []


async def test_an_english_organisers_downloads_are_in_english(
    web_world: World, client: httpx.AsyncClient
) -> None:
    played = await session_with_results(web_world)
    await played.facilitator.send("/uitnodiging")
    paul = web_world.person("Paul", lang="en")
    await paul.open_link(scenario.links_in(played.facilitator.last.text).organiser)
    await summary_sent(web_world, played)
    path = await personal_path(paul)
    book = openpyxl.load_workbook(io.BytesIO((await client.get(path + "/export.xlsx")).content))
    assert book.sheetnames[:2] == ["About", "Answers"]
    answers = (await client.get(path + "/export.csv")).content.decode("utf-8-sig")
    assert answers.startswith("Number;Round;Perspective;")
    assert "What went well?" in answers and "Parent/resident" in answers
    assert await table_names(client, path, "en") == expected_names("en")
    # The JSON file's words are its English keys; its "lang" is the session's own.
    assert json.loads((await client.get(path + "/export.json")).content)["session"]["lang"] == "nl"
