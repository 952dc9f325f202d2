"""A web participant's own pages: the messages Telegram would have sent, the summary they
asked for with its report, their data (export, leaving, erasure) and a new personal link."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
from playwright.async_api import Page

from flows.brake import LONGEST_WAIT
from reports import labels
from reports.i18n import Texts
from sandbox import scenario
from sandbox.world import World
from tests.conftest import rows
from tests.web.browsing import form_token, serious_violations, submit
from tests.web.webpeople import answer_on_the_web, join_on_the_web
from web.identity import identity_for

NL = Texts("nl")


def worker_question(kind: str) -> str:
    return str(NL(labels.ROUND_QUESTION[(kind, "worker")]))


def outbox_of(world: World, secret: str) -> list[tuple[str, bool]]:
    """The web person's outbox rows: kind, and whether they count as delivered."""
    return [
        (row["kind"], row["sent_at"] is not None)
        for row in rows(
            world.db_path,
            "SELECT outbox.kind, outbox.sent_at FROM outbox JOIN identities"
            " ON identities.person_id = outbox.person_id WHERE identities.external_id = ?"
            " ORDER BY outbox.id",
            (identity_for(secret).external_id,),
        )
    ]


async def test_the_question_and_a_reminder_wait_on_the_page_while_telegram_gets_them(
    web_world: World, client: httpx.AsyncClient
) -> None:
    femke = web_world.admin()
    links = await scenario.create_session(femke)
    sanne = web_world.person("Sanne")
    await scenario.join(sanne, links.participant["parent"])
    secret = await join_on_the_web(web_world, links.participant["worker"], name="Wim")

    empty = await client.get(f"/p/{secret}/messages")
    assert empty.status_code == 200
    assert "Er zijn nog geen berichten voor je" in empty.text

    # settle() returns only when Telegram's delivery is idle: the web person's question,
    # which no Telegram chat can take, must not keep it busy.
    await femke.send("/open")
    assert "Ronde 1 van 3" in sanne.last.text
    assert outbox_of(web_world, secret) == [("round_question", False)]

    page = await client.get(f"/p/{secret}/messages")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert "Ronde 1 van 3" in page.text
    assert worker_question("went_well") in page.text
    assert "Nieuw" in page.text
    assert f'href="/p/{secret}"' in page.text  # where to answer
    assert outbox_of(web_world, secret) == [("round_question", True)]

    await femke.send("/herinner")
    assert "Herinnering" in sanne.last.text
    page = await client.get(f"/p/{secret}/messages")
    assert page.text.index("Herinnering") < page.text.index("Ronde 1 van 3"), "newest first"
    assert "1 van de 2 deelnemers" not in page.text  # nobody answered yet
    assert "Al geantwoord: 0 van de 2 deelnemers." in page.text
    assert outbox_of(web_world, secret) == [("round_question", True), ("reminder", True)]

    again = await client.get(f"/p/{secret}/messages")
    assert "Nieuw" not in again.text, "a message is new once"
    assert "Herinnering" in again.text and "Ronde 1 van 3" in again.text
    # Sanne's Telegram chat got each once, as before.
    assert sum("Ronde 1 van 3" in t for t in sanne.texts) == 1
    assert sum("Herinnering" in t for t in sanne.texts) == 1


async def test_a_reminder_that_lost_its_point_before_it_was_seen_is_not_shown(
    web_world: World, client: httpx.AsyncClient
) -> None:
    femke = web_world.admin()
    links = await scenario.create_session(femke)
    sanne = web_world.person("Sanne")
    await scenario.join(sanne, links.participant["parent"])
    secret = await join_on_the_web(web_world, links.participant["worker"])
    await femke.send("/open")
    await femke.send("/herinner")
    await answer_on_the_web(web_world, secret, "Korte lijnen met school.", "web:1")
    page = await client.get(f"/p/{secret}/messages")
    assert "Ronde 1 van 3" in page.text
    assert "Herinnering" not in page.text, "they answered before they saw it"
    dropped = rows(
        web_world.db_path,
        "SELECT error FROM outbox WHERE kind = 'reminder' AND dropped_at IS NOT NULL",
    )
    assert [r["error"] for r in dropped] == ["obsolete"]


async def summary_sent(world: World, *, wants: bool) -> tuple[str, str]:
    """A session with one answer from a web participant who wants the summary (or not),
    and another who does the opposite, closed and sent; return both secrets."""
    femke = world.admin()
    links = await scenario.create_session(femke)
    wim = await join_on_the_web(
        world, links.participant["worker"], name="Wim", wants_summary=wants
    )
    other = await join_on_the_web(world, links.participant["partner"], wants_summary=not wants)
    await femke.send("/open")
    await answer_on_the_web(world, wim, "Korte lijnen met school.", "web:1")
    await femke.send("/sluit")
    await femke.send("/samenvatting")
    await femke.press("Verstuur")
    return wim, other


async def test_the_summary_page_says_in_words_who_was_invited_and_nobody_joined(
    web_world: World, client: httpx.AsyncClient
) -> None:
    wim, _other = await summary_sent(web_world, wants=True)  # nobody as a parent or municipality
    page = (await client.get(f"/p/{wim}/summary")).text
    assert "Gezinswerker: 1 persoon, 1 antwoord" in page
    assert "Gemeente: uitgenodigd, niemand deed mee" in page
    assert "Ouder/inwoner: uitgenodigd, niemand deed mee" in page
    assert "0 personen" not in page


async def test_who_asked_for_the_summary_reads_it_and_downloads_the_report(
    web_world: World, client: httpx.AsyncClient
) -> None:
    wim, kees = await summary_sent(web_world, wants=True)

    messages = await client.get(f"/p/{wim}/messages")
    assert "De samenvatting van deze sessie is klaar." in messages.text
    assert ("summary", True) in outbox_of(web_world, wim)

    page = await client.get(f"/p/{wim}/summary")
    assert page.status_code == 200
    assert "Evaluatie Buurtteams Oost" in page.text
    assert "Wim</strong>: Korte lijnen met school." in page.text
    assert f"/p/{wim}/report.pdf?summary=" in page.text

    pdf = await client.get(f"/p/{wim}/report.pdf")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf.headers["content-disposition"]

    # Kees said no to the summary: no message about it, no summary, no report.
    assert (
        "samenvatting van deze sessie is klaar"
        not in (await client.get(f"/p/{kees}/messages")).text
    )
    nothing = await client.get(f"/p/{kees}/summary")
    assert "Er is nog geen samenvatting voor je" in nothing.text
    assert "Korte lijnen met school." not in nothing.text
    refused = await client.get(f"/p/{kees}/report.pdf")
    assert refused.status_code == 403
    summary_id = rows(web_world.db_path, "SELECT id FROM summaries")[0]["id"]
    named = await client.get(f"/p/{kees}/report.pdf?summary={summary_id}")
    assert named.status_code == 403


async def test_the_data_page_and_its_file_hold_their_answers(
    web_world: World, client: httpx.AsyncClient
) -> None:
    femke = web_world.admin()
    links = await scenario.create_session(femke)
    secret = await join_on_the_web(web_world, links.participant["worker"], name="Wim")
    await femke.send("/open")
    await answer_on_the_web(web_world, secret, "Korte lijnen met school.", "web:1")

    page = await client.get(f"/p/{secret}/data")
    assert page.status_code == 200
    assert "Korte lijnen met school." in page.text
    assert "Onder je antwoorden staat: Wim" in page.text
    assert "Autoriteit Persoonsgegevens" in page.text  # the privacy text, as /privacy has it
    assert "Telegram" not in page.text

    download = await client.get(f"/p/{secret}/data.json")
    assert download.status_code == 200
    assert download.headers["content-disposition"] == (
        'attachment; filename="dialoogbot-mijn-gegevens.json"'
    )
    document = json.loads(download.content)
    [taking_part] = document["taking_part"]
    assert [a["text"] for a in taking_part["answers"]] == ["Korte lijnen met school."]
    assert document["identities"] == [
        {"channel": "web", "external_id": identity_for(secret).external_id}
    ]
    assert secret not in download.text, "the link itself is never stored"


async def test_an_english_participants_file_is_named_in_english(
    web_world: World, client: httpx.AsyncClient
) -> None:
    femke = web_world.admin()
    links = await scenario.create_session(femke)
    secret = await join_on_the_web(web_world, links.participant["partner"], lang="en")
    download = await client.get(f"/p/{secret}/data.json")
    assert download.headers["content-disposition"] == (
        'attachment; filename="dialoogbot-my-data.json"'
    )


async def test_leaving_keeps_the_answers_without_the_name(
    web_world: World, client: httpx.AsyncClient
) -> None:
    femke = web_world.admin()
    links = await scenario.create_session(femke)
    secret = await join_on_the_web(web_world, links.participant["worker"], name="Wim")
    await femke.send("/open")
    await answer_on_the_web(web_world, secret, "Korte lijnen met school.", "web:1")
    [participant] = rows(web_world.db_path, "SELECT id FROM participants")
    data = f"/p/{secret}/data"

    left = await submit(
        client,
        data,
        f"/p/{secret}/leave",
        {"participant": str(participant["id"]), "answers": "keep"},
    )
    assert left.status_code == 303
    assert left.headers["location"] == f"{data}?done=left_kept"
    shown = await client.get(left.headers["location"])
    assert "Je bent gestopt met meedoen. Je antwoorden blijven, zonder je naam." in shown.text
    [after] = rows(web_world.db_path, "SELECT left_at, display_name FROM participants")
    assert after["left_at"] is not None and after["display_name"] is None
    assert [r["body"] for r in rows(web_world.db_path, "SELECT body FROM contributions")] == [
        "Korte lijnen met school."
    ]
    # Posting it again (a reload, a second tap) changes nothing more, and says so.
    again = {"participant": str(participant["id"]), "answers": "erase"}
    twice = await submit(client, data, f"/p/{secret}/leave", again)
    assert twice.status_code == 303
    assert twice.headers["location"] == f"{data}?done=not_member"
    said = await client.get(twice.headers["location"])
    assert "Je doet niet meer mee aan die sessie" in said.text
    assert len(rows(web_world.db_path, "SELECT 1 FROM contributions")) == 1


async def test_leaving_without_a_choice_changes_nothing_and_says_so(
    web_world: World, client: httpx.AsyncClient
) -> None:
    femke = web_world.admin()
    links = await scenario.create_session(femke)
    secret = await join_on_the_web(web_world, links.participant["worker"])
    [participant] = rows(web_world.db_path, "SELECT id FROM participants")
    for fields in ({"participant": str(participant["id"])}, {"answers": "keep"}):
        refused = await submit(client, f"/p/{secret}/data", f"/p/{secret}/leave", fields)
        assert refused.status_code == 400
        assert f'href="/p/{secret}/data"' in refused.text
    assert rows(web_world.db_path, "SELECT left_at FROM participants")[0]["left_at"] is None


async def test_someone_elses_participation_cannot_be_left_from_my_page(
    web_world: World, client: httpx.AsyncClient
) -> None:
    femke = web_world.admin()
    links = await scenario.create_session(femke)
    mine = await join_on_the_web(web_world, links.participant["worker"])
    await join_on_the_web(web_world, links.participant["partner"])
    theirs = rows(web_world.db_path, "SELECT id FROM participants ORDER BY id")[1]["id"]
    refused = await submit(
        client,
        f"/p/{mine}/data",
        f"/p/{mine}/leave",
        {"participant": str(theirs), "answers": "erase"},
    )
    assert refused.status_code == 303
    assert refused.headers["location"] == f"/p/{mine}/data?done=not_member"
    assert all(
        r["left_at"] is None for r in rows(web_world.db_path, "SELECT left_at FROM participants")
    )


async def test_erasure_removes_them_everywhere_and_kills_the_link(
    web_world: World, client: httpx.AsyncClient
) -> None:
    wim, _kees = await summary_sent(web_world, wants=True)
    words = "Korte lijnen met school."
    assert words in (await client.get(f"/p/{wim}/summary")).text

    asked = await client.get(f"/p/{wim}/forget")
    assert asked.status_code == 200
    assert "Dit kun je niet terugdraaien." in asked.text
    token = {"csrftoken": form_token(asked.text)}
    gone = await client.post(f"/p/{wim}/forget", data=token)
    assert gone.status_code == 303
    # The same form posted again (a second tap, a reload) finds nobody: a calm page.
    twice = await client.post(f"/p/{wim}/forget", data=token)
    assert twice.status_code == 404
    assert "Deze link werkt niet meer" in twice.text
    farewell = await client.get(gone.headers["location"])
    assert farewell.status_code == 200
    assert "Daarbij hoort 1 antwoord." in farewell.text

    for path in ("data", "messages", "summary", "data.json", "report.pdf"):
        # A dead link is a wrong link to the brake: each try here waits out the one before.
        web_world.clock.advance(LONGEST_WAIT)
        dead = await client.get(f"/p/{wim}/{path}")
        assert dead.status_code == 404, path
        assert "Deze link werkt niet meer" in dead.text
    assert not rows(
        web_world.db_path,
        "SELECT 1 FROM identities WHERE external_id = ?",
        (identity_for(wim).external_id,),
    )
    assert not rows(web_world.db_path, "SELECT 1 FROM contributions")
    [snapshot] = rows(web_world.db_path, "SELECT snapshot FROM summaries")
    assert words not in snapshot["snapshot"]
    # Not in a free page of the file or in its write-ahead log either.
    for path in Path(web_world.db_path).parent.glob(Path(web_world.db_path).name + "*"):
        assert words.encode() not in path.read_bytes(), path.name


async def test_a_new_link_replaces_the_old_one_at_once(
    web_world: World, client: httpx.AsyncClient
) -> None:
    femke = web_world.admin()
    links = await scenario.create_session(femke)
    old = await join_on_the_web(web_world, links.participant["worker"], name="Wim")
    renewed = await submit(client, f"/p/{old}/data", f"/p/{old}/link", {})
    assert renewed.status_code == 303
    location = renewed.headers["location"]
    assert location.endswith("/data?done=renewed")
    new = location.split("/")[2]
    assert new != old

    shown = await client.get(location)
    assert shown.status_code == 200
    assert "Dit is je nieuwe persoonlijke link." in shown.text
    assert f"{web_world.web_url}/p/{new}" in shown.text
    assert "Onder je antwoorden staat: Wim" in shown.text, "the same person"

    dead = await client.get(f"/p/{old}/data")
    assert dead.status_code == 404
    assert "Deze link werkt niet meer" in dead.text
    # The old page's form, posted again, makes no second link.
    client.cookies.clear()
    again = await submit(client, f"/p/{new}/data", f"/p/{old}/link", {})
    assert again.status_code == 404
    identities = rows(
        web_world.db_path, "SELECT external_id FROM identities WHERE channel = 'web'"
    )
    assert [r["external_id"] for r in identities] == [identity_for(new).external_id]


async def test_the_messages_and_data_pages_pass_axe_on_a_phone(
    web_world: World, phone: Page
) -> None:
    femke = web_world.admin()
    links = await scenario.create_session(femke)
    secret = await join_on_the_web(web_world, links.participant["worker"], name="Wim")
    await femke.send("/open")
    await femke.send("/herinner")
    await answer_on_the_web(web_world, secret, "Korte lijnen met school.", "web:1")
    base = f"{web_world.web_url}/p/{secret}"
    await phone.goto(f"{base}/messages")
    assert await phone.title() == "Jouw berichten · Dialoogbot"
    assert await serious_violations(phone) == []
    await phone.goto(f"{base}/data")
    assert await phone.title() == "Jouw gegevens · Dialoogbot"
    assert await serious_violations(phone) == []
    # Without any script: choose, press, and the page says what happened.
    await phone.get_by_label("Verwijder mijn antwoorden").check()
    await phone.get_by_role(
        "button", name="Stop met meedoen aan Evaluatie Buurtteams Oost"
    ).click()
    await phone.wait_for_url(f"{base}/data?done=left_erased")
    assert "We hebben je antwoorden gewist." in await phone.content()
    assert await serious_violations(phone) == []
    await phone.goto(f"{base}/forget")
    assert await serious_violations(phone) == []
    await phone.goto(f"{base}/summary")
    assert await serious_violations(phone) == []
