"""Answering on the web: the contract, several entries, change and delete, bad input that
loses nothing, and a web participant counted like a Telegram one."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from flows import model
from flows.pii import PersonalDetailsGuard
from sandbox import scenario
from sandbox.people import Person
from sandbox.world import World
from tests.conftest import daytime, rows
from tests.web.browsing import form_token, submit

NONCE = re.compile(r'name="nonce" value="([^"]+)"')
ROUND = re.compile(r'name="round" value="(\d+)"')


async def web_participant(
    world: World,
    client: httpx.AsyncClient,
    perspective: str = "partner",
    links: scenario.Links | None = None,
) -> tuple[Person, str]:
    """A session made in Telegram (or the one `links` invite to) and someone who joined it
    on the web: the facilitator, and the secret of the personal link."""
    facilitator = world.admin()
    links = links or await scenario.create_session(facilitator)
    code = links.participant[perspective].split("start=", 1)[1]
    joined = await submit(client, f"/i/{code}", f"/i/{code}", {})
    secret = joined.headers["location"].split("/")[2]
    await submit(client, f"/p/{secret}/name", f"/p/{secret}/name", {"appear": "anonymous"})
    await submit(client, f"/p/{secret}/wish", f"/p/{secret}/wish", {"summary": "yes"})
    return facilitator, secret


async def answer_form(client: httpx.AsyncClient, secret: str) -> dict[str, str]:
    """The answer form's hidden fields, as the page rendered them."""
    page = await client.get(f"/p/{secret}")
    assert page.status_code == 200
    nonce, round_ = NONCE.search(page.text), ROUND.search(page.text)
    assert nonce is not None and round_ is not None, "the page has no answer form"
    return {"csrftoken": form_token(page.text), "nonce": nonce.group(1), "round": round_.group(1)}


async def post_answer(client: httpx.AsyncClient, secret: str, text: str) -> httpx.Response:
    fields = await answer_form(client, secret)
    return await client.post(f"/p/{secret}/answer", data={**fields, "text": text})


def answers(world: World) -> list[str]:
    return [r["body"] for r in rows(world.db_path, "SELECT body FROM contributions ORDER BY id")]


async def test_the_contract_an_answer_is_stored_once_per_form(
    web_world: World, client: httpx.AsyncClient
) -> None:
    facilitator, secret = await web_participant(web_world, client)
    await facilitator.send("/open")
    shown = await answer_form(client, secret)
    # Just the three fields of the contract.
    fields = {k: shown[k] for k in ("csrftoken", "nonce")} | {
        "text": "Korte lijnen met de school."
    }
    first = await client.post(f"/p/{secret}/answer", data=fields)
    assert first.status_code == 303
    assert first.headers["location"] == f"/p/{secret}?done=saved"
    # Where the phone shows the page again, at its top: the answer is acknowledged.
    acknowledged = await client.get(first.headers["location"])
    assert '<p class="done" role="status">✓ Bewaard.</p>' in acknowledged.text
    again = await client.post(f"/p/{secret}/answer", data=fields)  # a double tap
    assert again.status_code == 303
    assert answers(web_world) == ["Korte lijnen met de school."]
    second = await post_answer(client, secret, "En ze belden terug.")
    assert second.status_code == 303
    page = await client.get(f"/p/{secret}")
    assert "Korte lijnen met de school." in page.text and "En ze belden terug." in page.text
    assert "Ronde 1 van 3" in page.text
    assert answers(web_world) == ["Korte lijnen met de school.", "En ze belden terug."]


async def test_the_page_says_when_no_round_is_open_and_shows_the_deadline(
    web_world: World, client: httpx.AsyncClient
) -> None:
    facilitator, secret = await web_participant(web_world, client)
    waiting = await client.get(f"/p/{secret}")
    assert "De eerste ronde is nog niet begonnen" in waiting.text
    assert 'name="nonce"' not in waiting.text
    await facilitator.send("/open 2d")
    page = await client.get(f"/p/{secret}")
    assert "De ronde sluit op donderdag 26 november om 10:00." in page.text
    await facilitator.send("/sluit")
    closed = await client.get(f"/p/{secret}")
    assert "De volgende ronde is nog niet begonnen" in closed.text


async def test_the_page_tells_the_end_of_the_questions_and_of_the_session_truly(
    web_world: World, client: httpx.AsyncClient
) -> None:
    facilitator, secret = await web_participant(web_world, client)
    await facilitator.send("/vragen")
    await facilitator.press("Extra vraag toevoegen")
    await facilitator.send("Hoe ging de overstap naar de nieuwe aanbieder?")
    for _round in ("went_well", "hurt", "needed"):
        await facilitator.send("/open")
        await post_answer(client, secret, "Een antwoord")
        await facilitator.send("/sluit")
    # The extra round is still to come: the questions are done for now, not for good.
    page = await client.get(f"/p/{secret}")
    assert "De vragen zijn klaar." in page.text
    assert "Alle rondes zijn klaar" not in page.text
    await facilitator.send("/open")
    await post_answer(client, secret, "Rommelig")
    await facilitator.send("/sluit")
    # After the extra round no next one is promised.
    page = await client.get(f"/p/{secret}")
    assert "De volgende ronde is nog niet begonnen" not in page.text
    assert "De vragen zijn klaar." in page.text
    await facilitator.send("/samenvatting")
    await facilitator.press("Akkoord, verstuur")
    ended = await client.get(f"/p/{secret}")
    assert "is afgelopen. Bedankt dat je meedeed!" in ended.text
    assert f'href="/p/{secret}/summary">Lees de samenvatting' in ended.text


async def test_an_empty_or_too_long_answer_is_refused_and_the_text_kept(
    web_world: World, client: httpx.AsyncClient
) -> None:
    facilitator, secret = await web_participant(web_world, client)
    await facilitator.send("/open")
    empty = await post_answer(client, secret, "   ")
    assert empty.status_code == 422
    assert "Dat is leeg" in empty.text
    long = "Het wachten duurde lang. " * 400  # 10,000 characters
    refused = await post_answer(client, secret, long)
    assert refused.status_code == 422
    assert "hoogstens 4096 tekens" in refused.text
    assert (
        "<title>Fout: Je antwoorden · Dialoogbot" in refused.text
    )  # a screen reader hears it first
    assert "<title>Fout" not in (await client.get(f"/p/{secret}")).text
    assert long.strip() in refused.text, "every typed character is in the form again"
    assert answers(web_world) == []
    fits = await post_answer(client, secret, "x" * 4096)
    assert fits.status_code == 303
    assert answers(web_world) == ["x" * 4096]


async def test_a_stale_page_after_the_round_closed_shows_the_words_back(
    web_world: World, client: httpx.AsyncClient
) -> None:
    facilitator, secret = await web_participant(web_world, client)
    await facilitator.send("/open")
    fields = await answer_form(client, secret)
    await facilitator.send("/sluit")
    late = await client.post(
        f"/p/{secret}/answer", data={**fields, "text": "Te laat <maar> belangrijk"}
    )
    assert late.status_code == 409
    assert "Kopieer je tekst" in late.text
    assert "Te laat &lt;maar&gt; belangrijk" in late.text
    assert answers(web_world) == []


async def test_change_and_delete_own_answers_while_the_round_is_open(
    web_world: World, client: httpx.AsyncClient
) -> None:
    links = await scenario.create_session(web_world.admin())
    facilitator, secret = await web_participant(web_world, client, "partner", links)
    _facilitator, other = await web_participant(web_world, client, "parent", links)
    await facilitator.send("/open")
    await post_answer(client, secret, "Eerste")
    await post_answer(client, secret, "Tweede")
    first, second = (r["id"] for r in rows(web_world.db_path, "SELECT id FROM contributions"))
    change = f"/p/{secret}/answers/{first}/change"
    form = await client.get(change)
    assert ">Eerste</textarea>" in form.text
    # The box is read with the question it answers, as on the page that took the answer.
    asked = re.compile(r'<p class="question" id="question">([^<]+)</p>')
    question = asked.search(form.text)
    assert question is not None and "goed" in question.group(1)
    own_page = asked.search((await client.get(f"/p/{secret}")).text)
    assert own_page is not None and own_page.group(1) == question.group(1)
    assert 'id="answer" name="text" rows="8" aria-describedby="question">' in form.text
    changed = await submit(client, change, change, {"text": "Eerste, beter"})
    assert changed.status_code == 303
    assert "Veranderd" in (await client.get(changed.headers["location"])).text
    delete = f"/p/{secret}/answers/{second}/delete"
    token = form_token((await client.get(delete)).text)
    gone = await client.post(delete, data={"csrftoken": token})
    twice = await client.post(delete, data={"csrftoken": token})
    assert gone.status_code == twice.status_code == 303
    assert "Het antwoord is verwijderd." in (await client.get(gone.headers["location"])).text
    assert answers(web_world) == ["Eerste, beter"]
    # Someone else's link can't touch it.
    assert (await client.get(f"/p/{other}/answers/{first}/change")).status_code == 403
    # Once the round closes, nothing changes, and the typed words come back.
    stale = await client.get(change)
    await facilitator.send("/sluit")
    late = await client.post(
        change, data={"csrftoken": form_token(stale.text), "text": "Nog beter"}
    )
    assert late.status_code == 409
    assert "Nog beter" in late.text
    assert answers(web_world) == ["Eerste, beter"]


async def test_a_participant_taken_out_gets_a_clear_page(
    web_world: World, client: httpx.AsyncClient
) -> None:
    facilitator, secret = await web_participant(web_world, client)
    await web_world.settle()  # the facilitator hears of the newcomer, with a button
    await facilitator.press("Weghalen uit de sessie")
    await facilitator.press("Ja, weghalen")
    page = await client.get(f"/p/{secret}")
    assert page.status_code == 410
    assert "Je doet niet meer mee" in page.text


@pytest.fixture
async def guarded_world(tmp_path: Path) -> AsyncIterator[World]:
    """A world whose personal-details guard runs its quick checks (phone numbers, e-mail)."""
    async with World(
        tmp_path / "g.db", clock=daytime(), web=True, guard=PersonalDetailsGuard()
    ) as running:
        yield running


async def test_personal_details_get_the_choice_telegram_offers(
    guarded_world: World,
) -> None:
    assert guarded_world.web_url is not None
    async with httpx.AsyncClient(base_url=guarded_world.web_url) as client:
        facilitator, secret = await web_participant(guarded_world, client)
        await facilitator.send("/open")
        said = await post_answer(client, secret, "Bel me op 06 12345678 als het kan")
        assert said.status_code == 303
        (answer_id,) = (
            r["id"] for r in rows(guarded_world.db_path, "SELECT id FROM contributions")
        )
        details = f"/p/{secret}/answers/{answer_id}/details"
        assert said.headers["location"] == details
        offer = await client.get(details)
        assert "Bel me op [telefoonnummer] als het kan" in offer.text
        hidden = await submit(client, details, details, {"choice": "hide"})
        assert hidden.status_code == 303
        assert answers(guarded_world) == ["Bel me op [telefoonnummer] als het kan"]
        kept = await post_answer(client, secret, "Mail naar a@b.nl")
        assert kept.headers["location"].endswith("/details")
        await submit(
            client, kept.headers["location"], kept.headers["location"], {"choice": "keep"}
        )
        flagged = rows(
            guarded_world.db_path, "SELECT body, flagged FROM contributions ORDER BY id"
        )
        assert [tuple(r) for r in flagged][1] == ("Mail naar a@b.nl", 1)


async def test_a_web_partner_counts_like_a_telegram_parent_in_status_and_summary(
    web_world: World, client: httpx.AsyncClient
) -> None:
    links = await scenario.create_session(web_world.admin())
    facilitator, secret = await web_participant(web_world, client, "partner", links)
    sanne = web_world.person("Sanne")
    await scenario.join(sanne, links.participant["parent"])
    await facilitator.send("/open")
    await sanne.send("Ze luisterde echt.")
    assert (await post_answer(client, secret, "Korte lijnen met school.")).status_code == 303
    await facilitator.send("/status")
    status = facilitator.last.text
    assert "• Ouder/inwoner: 1 van 1 geantwoord" in status
    assert "• Partnerorganisatie: 1 van 1 geantwoord" in status
    await facilitator.send("/sluit")
    assert "2 antwoorden" in facilitator.last.text
    for _ in range(2):
        await facilitator.send("/open")
        await facilitator.send("/sluit")
    await facilitator.send("/samenvatting")
    await facilitator.press("Verstuur")
    summary = next(m for m in sanne.messages if m.text.startswith("Samenvatting:"))
    assert "Ze luisterde echt." in summary.text
    assert "Partnerorganisatie: Korte lijnen met school." in summary.text


async def test_words_for_a_closed_round_never_land_in_the_next_one(
    web_world: World, client: httpx.AsyncClient
) -> None:
    facilitator, secret = await web_participant(web_world, client)
    await facilitator.send("/open")
    fields = await answer_form(client, secret)  # the page shows round 1's question
    await facilitator.send("/sluit")
    await facilitator.send("/open")
    late = await client.post(f"/p/{secret}/answer", data={**fields, "text": "Over wat goed ging"})
    assert late.status_code == 409
    assert "Over wat goed ging" in late.text
    assert answers(web_world) == []
    fresh = await post_answer(client, secret, "Over wat pijn deed")
    assert fresh.status_code == 303
    assert answers(web_world) == ["Over wat pijn deed"]


async def test_a_new_consent_text_is_asked_again_and_the_words_wait(
    web_world: World, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    facilitator, secret = await web_participant(web_world, client)
    await facilitator.send("/open")
    fields = await answer_form(client, secret)
    monkeypatch.setattr(model, "CONSENT_VERSION", str(int(model.CONSENT_VERSION) + 1))
    asked = await client.post(f"/p/{secret}/answer", data={**fields, "text": "Na de nieuwe"})
    assert asked.status_code == 200
    assert "We hebben veranderd waarvoor we je toestemming vragen" in asked.text
    assert "Na de nieuwe" in asked.text
    assert answers(web_world) == []
    pending = re.search(r'name="pending" value="(\d+)"', asked.text)
    participant = re.search(r'name="participant" value="(\d+)"', asked.text)
    assert pending is not None and participant is not None
    agreed = await client.post(
        f"/p/{secret}/consent",
        data={
            "csrftoken": form_token(asked.text),
            "pending": pending.group(1),
            "participant": participant.group(1),
        },
    )
    assert agreed.status_code == 303
    assert answers(web_world) == ["Na de nieuwe"]


async def test_an_answer_deleted_on_the_page_while_changed_in_telegram_ends_the_change(
    web_world: World, client: httpx.AsyncClient
) -> None:
    # She leads the session and takes part in it: Telegram and her personal link are her.
    femke = web_world.admin()
    links = await scenario.create_session(femke)
    await scenario.join(femke, links.participant["parent"])
    await femke.send("/open")
    await femke.send("Eerste gedachte")
    await femke.press("Veranderen")
    # Instead of typing the new words she deletes the answer on the web page.
    await femke.send("/web")
    found = re.search(r"/p/([\w-]+)/session", femke.last.text)
    assert found is not None, femke.last.text
    [answer] = rows(web_world.db_path, "SELECT id FROM contributions")
    delete = f"/p/{found.group(1)}/answers/{answer['id']}/delete"
    token = form_token((await client.get(delete)).text)
    assert (await client.post(delete, data={"csrftoken": token})).status_code == 303
    # Her next words in Telegram are an answer, not a change of the answer that went.
    await femke.send("Een nieuw antwoord")
    assert "✓ Bewaard." in femke.last.text
    assert answers(web_world) == ["Een nieuw antwoord"]
