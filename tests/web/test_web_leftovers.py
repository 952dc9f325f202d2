"""Small things a facilitator at the table or a parent on a phone still tripped over on the
web page: a form for an answer its writer erased meanwhile, a dead personal link, the
answers page left open all session."""

from __future__ import annotations

import httpx
import pytest
from playwright.async_api import Page, expect

from flows.brake import LONGEST_WAIT
from flows.web_links import new_secret
from sandbox import scenario
from sandbox.web_people import WebPerson, invite_code
from sandbox.world import World
from tests.conftest import rows
from tests.web.browsing import form_token, serious_violations
from tests.web.test_web_lead import leader_with_session, personal_path
from tests.web.test_web_review import _share_the_mirror, _table, _token
from web import watching

ANSWER_GONE = "Dit antwoord is er niet meer: wie het schreef, heeft het gewist."


async def test_forms_for_an_answer_its_writer_erased_meanwhile_say_so_and_carry_on(
    web_world: World, client: httpx.AsyncClient
) -> None:
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        table = await _table(web_world, sanne)
        waiting = await _share_the_mirror(web_world, client, table.lead)
        themes = f"{table.lead}/session/themes"
        draft = f"{table.lead}/session/draft"
        lead_token = await _token(client, themes)
        assert "Het wachten duurde lang." in (await client.get(themes)).text
        mirror = f"/p/{sanne.secret}/mirror"
        sanne_token = await _token(sanne.http, mirror)
        # Meanwhile Ahmed, who wrote the answer, erases everything he wrote.
        await table.ahmed.send("/vergeetmij")
        await table.ahmed.press("Ja, wis alles")

        # Sorting it: the page again, saying so, with the answers still to sort.
        sorted_ = await client.post(
            f"{themes}/sort",
            data={"csrftoken": lead_token, "answer": str(waiting), "theme": "skip"},
        )
        assert sorted_.status_code == 303, sorted_.text[:300]
        page = (await client.get(sorted_.headers["location"])).text
        assert ANSWER_GONE in page
        assert "Deze link werkt niet meer" not in page
        assert "Ze luisterde echt naar ons." in page
        assert "Het wachten duurde lang." not in page

        # Leaving it out of the summary: the draft again, saying so.
        left_out = await client.post(
            f"{draft}/answers/{waiting}", data={"csrftoken": lead_token, "want": "out"}
        )
        assert left_out.status_code == 303, left_out.text[:300]
        page = (await client.get(left_out.headers["location"])).text
        assert ANSWER_GONE in page

        # Marking it Herkenbaar: the mirror again, saying so.
        marked = await sanne.http.post(
            f"{mirror}/{waiting}", data={"csrftoken": sanne_token, "want": "yes"}
        )
        assert marked.status_code == 303, marked.text[:300]
        page = (await sanne.http.get(marked.headers["location"])).text
        assert ANSWER_GONE in page
        assert "Het wachten duurde lang." not in page


# Every page a personal link opens, for whom it names nobody.
PERSONAL_PAGES = (
    "", "/name", "/wish", "/data", "/data.json", "/messages", "/summary", "/report.pdf",
    "/mirror", "/proposals", "/forget", "/answers/1/change", "/session", "/session/answers",
    "/session/themes", "/session/draft", "/session/mirror", "/session/proposals",
    "/session/questions", "/session/report.pdf", "/session/export.csv",
)  # fmt: skip


async def test_a_dead_personal_link_answers_the_same_on_every_page(
    web_world: World, client: httpx.AsyncClient
) -> None:
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        await _table(web_world, sanne)
        erased = sanne.secret
        asked = await sanne.http.get(f"/p/{erased}/forget")
        await sanne.http.post(f"/p/{erased}/forget", data={"csrftoken": form_token(asked.text)})
        for secret in (erased, new_secret()):  # erased meanwhile, and never made
            for page in PERSONAL_PAGES:
                # A dead link is a wrong link to the brake: each try waits out the one before.
                web_world.clock.advance(LONGEST_WAIT)
                dead = await client.get(f"/p/{secret}{page}")
                what = f"{page or '/'}: {dead.status_code}"
                assert dead.status_code == 404, what
                assert "<h1>Deze link werkt niet meer</h1>" in dead.text, what
                assert "Vraag de persoon die hem stuurde om een nieuwe link." in dead.text, what


# Without JavaScript the page offers to reload itself (it no longer does so unasked).
REFRESHES = "Elke 20 seconden vernieuwen</a>"


async def test_the_answers_page_left_open_follows_the_session_from_round_to_round(
    web_world: World, client: httpx.AsyncClient, phone: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    femke, links = await leader_with_session(web_world)
    sanne, ahmed = web_world.person("Sanne"), web_world.person("Ahmed")
    await scenario.join(sanne, links.participant["parent"])
    await scenario.join(ahmed, links.participant["worker"])
    answers = await personal_path(femke) + "/answers"

    # Opened at the table before the first round: it shows that round once it opens.
    before = (await client.get(answers)).text
    assert "Er is nog geen ronde geopend." in before
    assert REFRESHES in before and 'data-refresh="20"' in before
    await femke.send("/open")
    await sanne.send("De gezinswerker luisterde echt.")
    first = (await client.get(answers)).text
    assert "Wat ging goed? (open)" in first and "De gezinswerker luisterde echt." in first
    # Invited and nobody joined: left out, as the status leaves it out.
    assert "Ouder/inwoner: 1 persoon, 1 antwoord" in first
    assert "Gezinswerker: 0 personen, 0 antwoorden" in first
    assert "Gemeente:" not in first and "Partnerorganisatie:" not in first

    # Closed: it says so and keeps refreshing, for the next round is still to come ...
    await femke.send("/sluit")
    closed = (await client.get(answers)).text
    assert "Wat ging goed? (gesloten)" in closed and "De gezinswerker luisterde echt." in closed
    assert "De volgende ronde verschijnt hier zodra die opent." in closed
    assert REFRESHES in closed
    # ... and once it opens, the same address shows it.
    await femke.send("/open")
    await ahmed.send("Te weinig tijd per gezin.")
    second = (await client.get(answers)).text
    assert "Waar deed het pijn? (open)" in second and "Te weinig tijd per gezin." in second
    assert "De gezinswerker luisterde echt." not in second

    # A round asked for keeps showing that round, and a closed one does not refresh.
    [went_well] = rows(web_world.db_path, "SELECT id FROM rounds WHERE kind = 'went_well'")
    asked = (await client.get(f"{answers}?round={went_well['id']}")).text
    assert "Wat ging goed? (gesloten)" in asked and "De gezinswerker luisterde echt." in asked
    assert 'http-equiv="refresh"' not in asked and 'data-refresh=""' in asked
    assert "Te weinig tijd per gezin." not in asked
    assert f'href="{answers}?session=' in asked  # back to following the session

    # On a phone with JavaScript, the next round comes in without a reload.
    monkeypatch.setattr(watching, "REFRESH_SECONDS", 1)
    await phone.goto(f"{web_world.web_url}{answers}")
    await phone.evaluate("window.notReloaded = true")
    await femke.send("/sluit")
    await expect(phone.locator("#answers")).to_contain_text(
        "De volgende ronde verschijnt hier", timeout=10_000
    )
    await femke.send("/open")
    await sanne.send("Vast aanspreekpunt.")
    await expect(phone.locator("#answers")).to_contain_text("Vast aanspreekpunt.", timeout=10_000)
    assert await phone.evaluate("window.notReloaded === true")
    assert await serious_violations(phone) == []

    # After the session's last round nothing more comes: no pointless refresh.
    await femke.send("/sluit")
    last = (await client.get(answers)).text
    assert "Wat is nodig? (gesloten)" in last and "Vast aanspreekpunt." in last
    assert 'http-equiv="refresh"' not in last and 'data-refresh=""' in last
    assert "De volgende ronde verschijnt hier" not in last


async def test_a_web_participant_who_left_hears_so_and_how_to_take_part_again(
    web_world: World,
) -> None:
    femke, links = await leader_with_session(web_world)
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        await sanne.join(invite_code(links.participant["parent"]))
        await sanne.settle_in(appear="anonymous", name=None, wants_summary=True)
        await femke.send("/open")
        page = f"/p/{sanne.secret}"
        token = await _token(sanne.http, f"{page}/data")
        [participant] = rows(web_world.db_path, "SELECT id FROM participants")
        left = await sanne.http.post(
            f"{page}/leave",
            data={"csrftoken": token, "participant": str(participant["id"]), "answers": "keep"},
        )
        assert left.status_code == 303, left.text[:300]

        # Her own page, still open on the phone, and words typed there after all.
        gone = await sanne.http.get(page)
        assert gone.status_code == 410
        assert "Je bent gestopt met meedoen aan deze sessie." in gone.text
        assert "Vraag de gespreksleider om een nieuwe link." in gone.text
        typed = await sanne.http.post(
            f"{page}/answer", data={"csrftoken": token, "text": "Nog iets", "nonce": "n1"}
        )
        assert typed.status_code == 409
        assert "Wat je typte, is daarom niet bewaard." in typed.text
        assert "Vraag de gespreksleider om een nieuwe link." in typed.text
        assert "Nog iets" in typed.text  # shown back, so nothing typed is lost
