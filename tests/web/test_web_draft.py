"""The draft's cover form on the web page beside the same draft in Telegram: the form shows
what is stored, also while a round is open, and saving it keeps what it did not change."""

from __future__ import annotations

import sqlite3

import httpx
from playwright.async_api import Page, expect

from sandbox import scenario
from sandbox.web_people import WebPerson
from sandbox.world import World
from tests.conftest import rows
from tests.web.browsing import form_fields, serious_violations
from tests.web.test_web_review import _table

COVER = {
    "municipality": "Nijmegen",
    "area": "Oost",
    "facilitator_name": "Femke",
    "opening": "Dank aan iedereen die meedeed.",
    "closing": "Tot de volgende keer.",
}


def _stored(world: World) -> dict[str, object]:
    [found] = rows(world.db_path, f"SELECT {', '.join(COVER)} FROM summary_drafts")
    return dict(found)


async def _save(http: httpx.AsyncClient, draft: str, **changed: str) -> dict[str, str]:
    """Open the draft, change these fields of its cover form and save it, as a browser would;
    the form as it was shown."""
    shown = form_fields((await http.get(draft)).text, f"{draft}/facts")
    saved = await http.post(f"{draft}/facts", data={**shown, **changed})
    assert saved.status_code == 303, saved.text[:300]
    assert saved.headers["location"].endswith("done=saved")
    return shown


async def test_the_cover_form_shows_what_is_stored_while_a_round_is_open(
    web_world: World, client: httpx.AsyncClient
) -> None:
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        table = await _table(web_world, sanne)
        draft = f"{table.lead}/session/draft"
        await _save(client, draft, **COVER)
        assert _stored(web_world) == COVER
        # The next round opens in Telegram; the leader comes back to enter who was invited.
        await table.femke.send("/open")
        shown = await _save(client, draft, invited_parent="6")
        assert _stored(web_world) == COVER, "saving the invited wiped the cover"
        assert {name: shown[name] for name in COVER} == COVER
        invited = "SELECT invited FROM session_perspectives WHERE perspective = 'parent'"
        assert rows(web_world.db_path, invited)[0]["invited"] == 6


async def test_saving_the_cover_keeps_what_was_set_in_telegram_meanwhile(
    web_world: World, client: httpx.AsyncClient
) -> None:
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        table = await _table(web_world, sanne)
        femke = table.femke
        draft = f"{table.lead}/session/draft"
        await _save(client, draft, **COVER, invited_parent="6")
        page = (await client.get(draft)).text  # left open on her laptop
        # Meanwhile, in Telegram, a new opening and another invited number.
        await femke.send("/samenvatting")
        await femke.press("Openingstekst")
        await femke.send("Fijn dat jullie er waren.")
        await femke.press("Uitgenodigd")
        await femke.press("Ouders/inwoners")
        await femke.send("8")
        # Back on the laptop she changes only the area, and saves: with a slip first, said
        # beside the form, which she then puts right.
        shown = form_fields(page, f"{draft}/facts")
        slip = await client.post(
            f"{draft}/facts", data={**shown, "area": "Noord", "invited_worker": "veel"}
        )
        assert slip.status_code == 422
        again = form_fields(slip.text, f"{draft}/facts")
        assert again["opening"] == COVER["opening"] and again["area"] == "Noord"
        saved = await client.post(f"{draft}/facts", data={**again, "invited_worker": ""})
        assert saved.headers["location"].endswith("done=saved")
        assert _stored(web_world) == {
            **COVER,
            "opening": "Fijn dat jullie er waren.",
            "area": "Noord",
        }
        invited = "SELECT invited FROM session_perspectives WHERE perspective = 'parent'"
        assert rows(web_world.db_path, invited)[0]["invited"] == 8
        # What she does change is kept, also a field she empties.
        await _save(client, draft, closing="", invited_parent="")
        assert _stored(web_world)["closing"] is None
        assert rows(web_world.db_path, invited)[0]["invited"] is None
        assert _stored(web_world)["opening"] == "Fijn dat jullie er waren."


async def test_an_invited_number_below_those_who_joined_is_refused_beside_the_form(
    web_world: World, client: httpx.AsyncClient
) -> None:
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        table = await _table(web_world, sanne)
        draft = f"{table.lead}/session/draft"
        worker = "SELECT invited FROM session_perspectives WHERE perspective = 'worker'"
        shown = form_fields((await client.get(draft)).text, f"{draft}/facts")
        # Ahmed joined as a family worker: none invited cannot be. Said beside the form, what
        # was typed kept, nothing stored.
        slip = await client.post(
            f"{draft}/facts", data={**shown, "area": "Noord", "invited_worker": "0"}
        )
        assert slip.status_code == 422
        assert (
            '<span class="warning" role="alert" id="invited_worker-error">Er heeft zich'
            " al 1 van de gezinswerkers aangemeld. Typ een getal van 1 tot en met 10000.</span>"
            in slip.text
        )
        again = form_fields(slip.text, f"{draft}/facts")
        assert again["area"] == "Noord" and again["invited_worker"] == "0"
        assert rows(web_world.db_path, "SELECT * FROM summary_drafts") == []
        assert rows(web_world.db_path, worker)[0]["invited"] is None
        saved = await client.post(f"{draft}/facts", data={**again, "invited_worker": "1"})
        assert saved.headers["location"].endswith("done=saved")
        assert rows(web_world.db_path, worker)[0]["invited"] == 1
        assert "meer gezinswerkers" not in (await client.get(draft)).text

        # A second family worker joins after it was typed: the draft says so by the field.
        await table.femke.send("/uitnodiging")
        links = scenario.links_in(table.femke.last.text)
        await scenario.join(web_world.person("Joke"), links.participant["worker"])
        page = (await client.get(draft)).text
        fieldset = page[page.index("<fieldset>") : page.index("</fieldset>")]
        assert (
            "Er hebben zich meer gezinswerkers aangemeld (2) dan er uitgenodigd waren (1)."
            " Pas het aantal uitgenodigden aan." in fieldset
        )
        assert "meer ouders/inwoners" not in page
        english = (await client.get(f"{draft}?lang=en")).text
        assert "More family workers have joined (2) than were invited (1)." in english


async def test_approving_sends_only_the_draft_the_page_showed(
    web_world: World, client: httpx.AsyncClient
) -> None:
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        table = await _table(web_world, sanne)
        draft = f"{table.lead}/session/draft"
        waiting = rows(web_world.db_path, "SELECT id FROM contributions WHERE body LIKE 'Het%'")
        answer = f"{draft}/answers/{waiting[0]['id']}"
        left = await client.post(answer, data=form_fields((await client.get(draft)).text, answer))
        assert left.status_code == 303
        page = (await client.get(draft)).text
        assert "(weggelaten)" in page
        # Meanwhile, in Telegram, the answer is put back in.
        femke = table.femke
        await femke.send("/samenvatting")
        await femke.press("Antwoorden weglaten")
        await femke.press("2 terugzetten")
        # The approval from the page she looked at sends nothing, and says why.
        approve = form_fields(page, f"{draft}/send")
        refused = await client.post(f"{draft}/send", data=approve)
        assert refused.status_code == 303
        assert refused.headers["location"].endswith("done=changed")
        assert rows(web_world.db_path, "SELECT id FROM summaries") == []
        fresh = (await client.get(refused.headers["location"])).text
        assert "Het concept is veranderd sinds je het bekeek." in fresh
        # A form from before approvals said what they showed: nothing is sent either.
        old = {"csrftoken": approve["csrftoken"], "version": "1"}
        assert (
            (await client.post(f"{draft}/send", data=old))
            .headers["location"]
            .endswith("done=changed")
        )
        assert rows(web_world.db_path, "SELECT id FROM summaries") == []
        # Approved as she now sees it, it goes out, with the answer in it.
        sent = await client.post(f"{draft}/send", data=form_fields(fresh, f"{draft}/send"))
        assert sent.headers["location"].endswith("done=sent")
        await web_world.settle()
        summary = next(t for t in table.ahmed.texts if t.startswith("Samenvatting:"))
        assert "Het wachten duurde lang." in summary


async def test_a_one_line_fact_typed_over_two_lines_is_not_rewritten_by_the_page(
    web_world: World, client: httpx.AsyncClient
) -> None:
    """A browser drops the line breaks from a one-line input: the page must not take that
    for a change, and write the fact typed in Telegram again without them."""
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        table = await _table(web_world, sanne)
        draft = f"{table.lead}/session/draft"
        await _save(client, draft, **COVER)
        with sqlite3.connect(web_world.db_path) as conn:
            conn.execute("UPDATE summary_drafts SET municipality = 'Gemeente\nNijmegen'")
        shown = form_fields((await client.get(draft)).text, f"{draft}/facts")
        typed = {**shown, "municipality": shown["municipality"].replace("\n", "")}
        saved = await client.post(f"{draft}/facts", data={**typed, "area": "Noord"})
        assert saved.headers["location"].endswith("done=saved")
        assert _stored(web_world)["municipality"] == "Gemeente\nNijmegen"
        assert _stored(web_world)["area"] == "Noord"


async def test_a_slip_in_an_invited_number_is_said_beside_that_field_naming_who(
    web_world: World, phone: Page
) -> None:
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        table = await _table(web_world, sanne)
        await phone.goto(f"{web_world.web_url}{table.lead}/session/draft")
        await phone.fill("#area", "Noord")
        # A number the browser lets through, but too big: four such fields, so the words
        # say which perspective, and the page says it beside that field.
        await phone.fill("#invited_parent", "99999999")
        await phone.locator("form[action*='/facts'] button").click()
        parent = phone.locator("#invited_parent")
        await expect(parent).to_have_accessible_description(
            "Typ voor de uitgenodigde ouders/inwoners een getal van 0 tot en met 10000."
        )
        await expect(parent).to_have_attribute("aria-invalid", "true")
        await expect(parent).to_have_value("99999999")
        await expect(phone.locator("#area")).to_have_value("Noord")
        for other in ("#invited_worker", "#area"):
            await expect(phone.locator(other)).not_to_have_attribute("aria-invalid", "true")
        assert await phone.locator("#invited_parent-error").evaluate(
            "w => w.closest('p') === document.getElementById('invited_parent').closest('p')"
        )
        assert await serious_violations(phone) == []

        # Fewer invited than joined: beside that perspective's field too.
        await parent.fill("")
        await phone.fill("#invited_worker", "0")
        await phone.locator("form[action*='/facts'] button").click()
        worker = phone.locator("#invited_worker")
        await expect(worker).to_have_accessible_description(
            "Er heeft zich al 1 van de gezinswerkers aangemeld. Typ een getal van 1 tot en met 10000."
        )
        await expect(worker).to_have_attribute("aria-invalid", "true")
        await expect(parent).not_to_have_attribute("aria-invalid", "true")
