"""Organisers and facilitators beyond the chat: web links beside the Telegram invites, cards
to print, the organiser's web invite, /web and the session view with its report."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import httpx
import pytest
import segno
from pypdf import PdfReader

from flows import joining, people
from sandbox import scenario
from sandbox.people import Person
from sandbox.world import World
from tests.conftest import rows
from tests.web.browsing import form_token
from web.identity import identity_for, new_secret

WEB_LINK = re.compile(r"http://127\.0\.0\.1:\d+/[io]/[\w-]+")
PERSONAL = re.compile(r"http://127\.0\.0\.1:\d+(/p/[\w-]+/session)")
A6 = (297.6, 419.5)  # points
# A card's file name: in the reader's words, the perspective by its plural label.
CARDS = {
    "nl": {
        "parent": "kaart-evaluatie-buurtteams-oost-ouders-inwoners.pdf",
        "worker": "kaart-evaluatie-buurtteams-oost-gezinswerkers.pdf",
        "partner": "kaart-evaluatie-buurtteams-oost-partnerorganisaties.pdf",
        "municipality": "kaart-evaluatie-buurtteams-oost-gemeente.pdf",
    },
    "en": {
        "parent": "card-evaluatie-buurtteams-oost-parents-residents.pdf",
        "worker": "card-evaluatie-buurtteams-oost-family-workers.pdf",
        "partner": "card-evaluatie-buurtteams-oost-partner-organisations.pdf",
        "municipality": "card-evaluatie-buurtteams-oost-municipality.pdf",
    },
}


def code_of(link: str) -> str:
    return re.split(r"start=|/[io]/", link)[-1]


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def web_links_in(text: str) -> dict[str, str]:
    """The web link under each perspective's Telegram link, by perspective."""
    found = {}
    for key, label in scenario.PERSPECTIVE_LABELS.items():
        match = re.search(
            rf"^{re.escape(label)}\n\S+\nZonder Telegram: ({WEB_LINK.pattern})", text, re.M
        )
        if match:
            found[key] = match.group(1)
    return found


async def leader_with_session(world: World) -> tuple[Person, scenario.Links]:
    femke = world.admin()
    await femke.send("/start")
    return femke, await scenario.create_session(femke)


async def personal_path(person: Person) -> str:
    await person.send("/web")
    match = PERSONAL.search(person.last.text)
    assert match is not None, person.last.text
    return match.group(1)


async def test_the_invites_carry_a_web_link_per_perspective_when_the_web_is_on(
    web_world: World,
) -> None:
    femke, links = await leader_with_session(web_world)
    text = femke.last.text
    web = web_links_in(text)
    assert set(web) == set(links.participant) == {"parent", "worker", "partner", "municipality"}
    for perspective, link in web.items():
        assert link == f"{web_world.web_url}/i/{code_of(links.participant[perspective])}"
    assert f"{web_world.web_url}/o/{code_of(links.organiser)}" in text
    # /uitnodiging shows them again, the same.
    await femke.send("/uitnodiging")
    assert web_links_in(femke.last.text) == web


async def test_the_invites_carry_no_web_link_when_the_web_is_off(world: World) -> None:
    femke, links = await leader_with_session(world)
    assert links.participant
    assert "Zonder Telegram" not in femke.last.text
    assert "/i/" not in femke.last.text and "/o/" not in femke.last.text


def dark_modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules a segno SVG path draws: `M`/`m` moves, `h` runs one row long."""
    path = re.search(r'<path class="qrline" [^>]*d="([^"]+)"', svg)
    assert path is not None, svg[:200]
    x = y = 0.0
    dark = set()
    for op, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?:\s(-?[\d.]+))?", path.group(1)):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            run = float(a)
            dark |= {(int(x + i), int(y)) for i in range(int(run))}
            x += run
    return dark


def matrix_modules(link: str, border: int) -> set[tuple[int, int]]:
    code = segno.make(link, error="m", micro=False)
    return {
        (col + border, row + border)
        for row, line in enumerate(code.matrix)
        for col, value in enumerate(line)
        if value
    }


async def test_the_cards_in_telegram_print_the_web_link_its_qr_code_and_the_telegram_link(
    web_world: World,
) -> None:
    femke, links = await leader_with_session(web_world)
    web = web_links_in(femke.last.text)
    await femke.press("Kaarten om te printen")
    documents = [m.document for m in femke.messages if m.document is not None]
    assert len(documents) == 4
    for perspective, document in zip(scenario.PERSPECTIVE_LABELS, documents, strict=True):
        reader = PdfReader(io.BytesIO(document.content))
        assert len(reader.pages) == 1
        box = reader.pages[0].mediabox
        assert (round(float(box.width), 1), round(float(box.height), 1)) == A6
        text = pdf_text(document.content)
        assert "Evaluatie Buurtteams Oost" in text
        assert web[perspective] in text.replace("\n", "")
        assert links.participant[perspective] in text.replace("\n", "")
        assert document.file_name == CARDS["nl"][perspective]


async def test_an_english_leader_gets_the_cards_named_in_english(world: World) -> None:
    femke, _links = await leader_with_session(world)
    en = world.person("Femke", lang="en", user_id=femke.id)
    await en.send("/invite")
    before = len(en.messages)
    await en.press("Cards to print")
    names = [m.document.file_name for m in en.messages[before:] if m.document is not None]
    assert names == list(CARDS["en"].values())


async def test_the_cards_qr_code_is_the_web_link(web_world: World) -> None:
    """The code drawn on the card is the matrix segno makes of the link, module for module."""
    from reports.cards import card_html

    link = f"{web_world.web_url}/i/{new_secret()}"
    html = card_html(
        "nl", title="Sessie", perspective="parent", link=link, telegram_link="https://t.me/x"
    )
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert dark_modules(svg) == matrix_modules(link, border=2)
    assert dark_modules(svg) != matrix_modules(link + "x", border=2)


async def test_without_the_web_page_a_card_codes_the_telegram_link(world: World) -> None:
    femke, links = await leader_with_session(world)
    await femke.press("Kaarten om te printen")
    document = next(m.document for m in femke.messages if m.document is not None)
    text = pdf_text(document.content).replace("\n", "")
    assert links.participant["parent"] in text
    assert "/i/" not in text


async def test_an_organiser_claims_the_link_on_the_web_once(
    web_world: World, client: httpx.AsyncClient
) -> None:
    _, links = await leader_with_session(web_world)
    page = f"/o/{code_of(links.organiser)}"
    shown = await client.get(page)
    assert shown.status_code == 200
    assert "Evaluatie Buurtteams Oost" in shown.text
    key = re.search(r'name="key" value="([^"]+)"', shown.text)
    assert key is not None
    fields = {"key": key.group(1), "csrftoken": form_token(shown.text)}
    claimed = await client.post(page, data=fields)
    assert claimed.status_code == 303
    personal = claimed.headers["location"]
    assert personal == f"/p/{key.group(1)}/session"
    # The same form posted again (a double click) has no second effect.
    again = await client.post(page, data=fields)
    assert again.status_code == 303 and again.headers["location"] == personal
    assert len(rows(web_world.db_path, "SELECT * FROM organisers")) == 1
    view = await client.get(personal)
    assert view.status_code == 200
    assert "Evaluatie Buurtteams Oost" in view.text
    # Only the hash of the personal link is stored.
    stored = [r["external_id"] for r in rows(web_world.db_path, "SELECT * FROM identities")]
    assert hashlib.sha256(key.group(1).encode()).hexdigest() in stored
    assert key.group(1) not in stored

    # A made-up personal key is refused before anything is looked up.
    made_up = await client.post(page, data={"key": "x", "csrftoken": form_token(shown.text)})
    assert made_up.status_code == 400

    # Someone else, on the web or in Telegram, finds it taken.
    other = await client.get(page)
    assert other.status_code == 410
    assert "al genomen" in other.text
    refused = await client.post(
        page, data={"key": new_secret(), "csrftoken": form_token(shown.text)}
    )
    assert refused.status_code == 410
    assert "al genomen" in refused.text
    pieter = web_world.person("Pieter")
    await pieter.open_link(links.organiser)
    assert pieter.last.text.startswith("Deze link is al gebruikt.")
    assert len(rows(web_world.db_path, "SELECT * FROM organisers")) == 1


async def test_an_organiser_link_taken_in_telegram_is_taken_on_the_web(
    web_world: World, client: httpx.AsyncClient
) -> None:
    _, links = await leader_with_session(web_world)
    pieter = web_world.person("Pieter")
    await pieter.open_link(links.organiser)
    assert "opdrachtgever" in pieter.last.text
    answer = await client.get(f"/o/{code_of(links.organiser)}")
    assert answer.status_code == 410


async def test_a_wrong_organiser_code_gets_a_clear_page_and_the_brake(
    client: httpx.AsyncClient,
) -> None:
    # Three tries are free; the fourth wrong one starts the wait.
    for _ in range(4):
        wrong = await client.get("/o/bestaat-niet")
        assert wrong.status_code == 404
        assert "werkt niet meer" in wrong.text
    braked = await client.get("/o/bestaat-ook-niet")
    assert braked.status_code == 429
    assert "Te vaak geprobeerd" in braked.text


async def test_a_facilitators_web_link_opens_the_session_view_with_status_and_actions(
    web_world: World, client: httpx.AsyncClient, capsys: pytest.CaptureFixture[str]
) -> None:
    femke, links = await leader_with_session(web_world)
    sanne = web_world.person("Sanne")
    await scenario.join(sanne, links.participant["parent"])
    await femke.send("/open")
    await sanne.send("Ze luisterde echt.")
    await scenario.add_action(femke, "Terugbellen binnen 5 werkdagen", "buurtteam", "1 maand")
    path = await personal_path(femke)
    assert "Ze luisterde echt." not in femke.last.text

    view = await client.get(path)
    assert view.status_code == 200
    assert view.headers["cache-control"] == "no-store"
    text = view.text
    assert "Evaluatie Buurtteams Oost" in text
    assert "Ouder/inwoner</th><td>1</td>" in text
    assert "1 van 1 geantwoord" in text
    assert "Terugbellen binnen 5 werkdagen" in text and "buurtteam" in text
    assert "Kaart voor ouders/inwoners (PDF)" in text
    # Before the summary is sent, nobody's words are on the page, and there is no report.
    assert "Ze luisterde echt." not in text
    assert (await client.get(path + "/report.pdf")).status_code == 410

    card = await client.get(path + "/card/parent.pdf")
    assert card.status_code == 200
    assert card.headers["content-type"] == "application/pdf"
    assert card.headers["content-disposition"] == f'attachment; filename="{CARDS["nl"]["parent"]}"'
    card_text = pdf_text(card.content).replace("\n", "")
    assert f"{web_world.web_url}/i/{code_of(links.participant['parent'])}" in card_text
    assert links.participant["parent"] in card_text

    # Asking again: a new link; the old one stops working.
    newer = await personal_path(femke)
    assert newer != path
    assert (await client.get(path)).status_code == 404
    assert (await client.get(newer)).status_code == 200
    # Neither link is kept or logged anywhere.
    logged = capsys.readouterr()
    assert "personal_web_link_made" in logged.out  # the log is captured here
    for secret in (path.split("/")[2], newer.split("/")[2]):
        assert secret not in logged.out + logged.err
        assert not rows(
            web_world.db_path, "SELECT 1 FROM identities WHERE external_id = ?", (secret,)
        )


async def test_an_english_leaders_cards_on_the_web_are_named_in_english(
    web_world: World, client: httpx.AsyncClient
) -> None:
    femke, _links = await leader_with_session(web_world)
    en = web_world.person("Femke", lang="en", user_id=femke.id)
    path = await personal_path(en)
    for perspective, name in CARDS["en"].items():
        card = await client.get(f"{path}/card/{perspective}.pdf")
        assert card.headers["content-disposition"] == f'attachment; filename="{name}"'


async def test_the_session_view_shows_the_sent_summary_and_its_report(
    web_world: World, client: httpx.AsyncClient
) -> None:
    femke, links = await leader_with_session(web_world)
    sanne = web_world.person("Sanne")
    await scenario.join(sanne, links.participant["parent"])
    await femke.send("/open")
    await sanne.send("Ze luisterde echt.")
    await femke.send("/sluit")
    await femke.send("/samenvatting")
    await femke.press("Verstuur")
    path = await personal_path(femke)
    view = await client.get(path)
    assert "Ze luisterde echt." in view.text
    report = await client.get(path + "/report.pdf")
    assert report.status_code == 200
    assert report.headers["content-type"] == "application/pdf"
    assert "Ze luisterde echt." in pdf_text(report.content)
    # The session is closed: its invites let nobody in, so there are no cards to print.
    assert "Kaart voor" not in view.text
    assert (await client.get(path + "/card/parent.pdf")).status_code == 410
    cards_before = sum(m.document is not None for m in femke.messages)
    assert await femke.press("Kaarten om te printen") == "Deze sessie is gesloten."
    assert sum(m.document is not None for m in femke.messages) == cards_before


async def test_a_participants_link_is_refused_on_the_session_view(
    web_world: World, client: httpx.AsyncClient
) -> None:
    _, links = await leader_with_session(web_world)
    # A participant on the web page: their personal link names them, nothing more.
    secret = new_secret()
    actor = await people.identify(
        web_world.services.db, "web", identity_for(secret).external_id, "nl", is_admin=False
    )
    await joining.consent(
        web_world.services.db,
        web_world.services.clock,
        actor,
        code_of(links.participant["partner"]),
    )
    for path in ("/session", "/session/report.pdf", "/session/card/partner.pdf"):
        refused = await client.get(f"/p/{secret}{path}")
        assert refused.status_code == 403, path
        assert "niet voor jou bedoeld" in refused.text
    # A participant in Telegram gets no personal link to it either.
    sanne = web_world.person("Sanne")
    await scenario.join(sanne, links.participant["parent"])
    await sanne.send("/web")
    assert "/p/" not in sanne.last.text
    assert "leiden" in sanne.last.text
    # Nor does an unknown link open anything.
    assert (await client.get(f"/p/{new_secret()}/session")).status_code == 404


async def test_an_organiser_sees_the_session_but_no_cards(
    web_world: World, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    _, links = await leader_with_session(web_world)
    pieter = web_world.person("Pieter")
    await pieter.open_link(links.organiser)
    path = await personal_path(pieter)
    view = await client.get(path)
    assert view.status_code == 200
    assert "Evaluatie Buurtteams Oost" in view.text
    assert "Kaart voor" not in view.text
    assert (await client.get(path + "/card/parent.pdf")).status_code == 403


async def test_someone_who_leads_two_sessions_switches_between_them(
    web_world: World, client: httpx.AsyncClient
) -> None:
    femke, _ = await leader_with_session(web_world)
    await scenario.create_session(femke, "Evaluatie Buurtteams West")
    frank = web_world.person("Frank")
    await femke.send("/facilitator")
    await frank.open_link(femke.last.text.split()[-1])
    await scenario.create_session(frank, "Sessie van Frank")
    ids = {r["title"]: r["id"] for r in rows(web_world.db_path, "SELECT id, title FROM sessions")}
    path = await personal_path(femke)
    view = await client.get(path)
    # The session she chose last in the bot, with a way to the other one.
    assert "<h1>Evaluatie Buurtteams West</h1>" in view.text
    assert f'href="{path}?session={ids["Evaluatie Buurtteams Oost"]}"' in view.text
    assert "Sessie van Frank" not in view.text
    other = await client.get(f"{path}?session={ids['Evaluatie Buurtteams Oost']}")
    assert "<h1>Evaluatie Buurtteams Oost</h1>" in other.text
    assert (await client.get(f"{path}?session={ids['Sessie van Frank']}")).status_code == 403
    assert (await client.get(f"{path}?session=abc")).status_code == 410
