"""Every role against every web route: the web page does what docs/access.md says.

One world: session S, owned by Femke (admin, facilitator), co-led by Cor, organised by
someone who claimed the organiser link on the web, with a participant who joined on the web;
session T with a web participant of its own ("participant elsewhere"); and a stranger whose
personal link is made up. Each role sends the real request with its own key in the path and,
where a route names a row, the row of S's web participant. The expectation comes from the
table docs/access.md shows (app/access_doc.py, from web/access.py and flows/access.py); a
refused request changes nothing in the database.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
from playwright.async_api import async_playwright

from app.access_doc import WEB_COLUMNS, web_cell
from flows import invites, web_links
from flows.access import Act
from flows.people import Identity
from sandbox import scenario
from sandbox.people import Person
from sandbox.world import World
from tests.conftest import daytime, dump, rows
from tests.web.browsing import PHONE, chromium_path, form_token, serious_violations
from tests.web.webpeople import answer_on_the_web, invite_code, web_actor
from web.access import ROUTE_ACTS, Key, endpoints
from web.app import ROUTES
from web.identity import ADDRESS_CHANNEL, new_secret

PERSONAL = re.compile(r"http://127\.0\.0\.1:\d+/p/([\w-]+)/session")
BOARD = re.compile(r"http://127\.0\.0\.1:\d+/b/([\w-]+)")
# Whom the brake counts this test's requests against: the client's address, hashed.
HERE = Identity(ADDRESS_CHANNEL, hashlib.sha256(b"address:127.0.0.1").hexdigest())
ROLES = [name for name, _ in WEB_COLUMNS]
# Routes whose act changes who holds a key or whether they take part: played last, in
# this order, so that the routes before them find every role as it was.
LAST = [
    ("POST", "/p/{secret}/link"),
    ("POST", "/p/{secret}/leave"),
    ("POST", "/p/{secret}/forget"),
]
# Routes that name a row in their path or form (S's web participant's): "own" is then
# allowed to that participant only.
NAMES_A_ROW = {
    path
    for method, path in ROUTE_ACTS
    if "{answer" in path or path.endswith(("/leave", "/consent", "/propose"))
}
# Routes that show what only a sent summary or a waiting answer makes. None exists in this
# world, so a visitor the table lets through is told so after the access check: with this
# status (the participant's report says "none of yours", 403, as /mijngegevens would).
# Those the table refuses are refused before (403) or have no page (404, 410).
# No summary of S is sent: its results (the downloads, the mirror's and the proposals' words)
# are its leaders' alone until then (flows/exports.py).
NOT_YET_FOR = {
    (path, "organiser"): 409
    for path in (
        *(f"/p/{{secret}}/session/export.{ext}" for ext in ("xlsx", "csv", "json")),
        "/p/{secret}/session/mirror",
        "/p/{secret}/session/proposals",
    )
}
NOTHING_THERE_YET = {
    "/p/{secret}/consent": 410,
    "/p/{secret}/report.pdf": 403,
    "/p/{secret}/session/report.pdf": 410,
    # A round of S is open: the summary cannot be approved yet (the draft page says so).
    "/p/{secret}/session/draft/send": 409,
    # No round of S is closed: no answer to sort, and the forms name no theme of S.
    "/p/{secret}/session/themes/sort": 410,
    "/p/{secret}/session/themes/rename": 410,
    # A theme to merge that is not there (merged already by a second tap): the page again.
    "/p/{secret}/session/themes/merge": 303,
    # No mirror is shared, no round closed, no proposal made, and S does not gather actions.
    # An item in no shared mirror (never shared, or left out since): the mirror page says so.
    "/p/{secret}/mirror/{answer:row}": 303,
    "/p/{secret}/propose": 409,
    "/p/{secret}/proposals/{proposal:row}/back": 410,
    "/p/{secret}/session/mirror/share": 409,
    "/p/{secret}/session/proposals/{proposal:row}/agree": 410,
}
# A proposal that does not exist (S gathers no actions, so none can be made in it).
NO_PROPOSAL = "999999"


@dataclass
class Cast:
    world: World
    http: httpx.AsyncClient
    token: str
    secrets: dict[str, str]  # personal link secret per role
    board: str
    session_s: int
    participant_s: int  # S's web participant's participation
    codes: dict[str, str] = field(default_factory=dict)  # "participant", "organiser" of S

    async def fresh_codes(self) -> None:
        """New invite codes for S (the organiser link is one person's, once claimed)."""
        owner = await web_actor(self.world, self.secrets["owner"])
        renewed = await invites.renew(
            self.world.services.db, self.world.services.clock, owner, self.session_s
        )
        self.codes = {
            "participant": renewed.participant_codes[next(iter(renewed.participant_codes))],
            "organiser": renewed.organiser_code,
        }

    async def answer_of_s(self) -> int:
        """An answer of S's web participant, made now if they have none left."""
        found = rows(
            self.world.db_path,
            "SELECT id FROM contributions WHERE participant_id = ? ORDER BY id DESC",
            (self.participant_s,),
        )
        if found:
            return int(found[0]["id"])
        await answer_on_the_web(
            self.world, self.secrets["participant"], "Er werd geluisterd.", new_secret()
        )
        return await self.answer_of_s()


async def personal_secret(person: Person) -> str:
    await person.send("/web")
    match = PERSONAL.search(person.last.text)
    assert match is not None, person.last.text
    return match.group(1)


async def join_by_web(http: httpx.AsyncClient, code: str) -> str:
    page = await http.get(f"/i/{code}")
    assert page.status_code == 200, page.text
    key = new_secret()
    joined = await http.post(
        f"/i/{code}", data={"choice": "yes", "key": key, "csrftoken": form_token(page.text)}
    )
    assert joined.status_code == 303, joined.text
    return key


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def cast(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Cast]:
    path = tmp_path_factory.mktemp("access") / "dialoogbot.db"
    async with World(path, clock=daytime(), web=True) as world:
        assert world.web_url is not None
        async with httpx.AsyncClient(base_url=world.web_url, follow_redirects=False) as http:
            yield await _cast(world, http)


async def _cast(world: World, http: httpx.AsyncClient) -> Cast:
    femke = world.admin("Femke")
    await femke.send("/start")
    links_t = await scenario.create_session(femke, "Sessie T")
    await femke.send("/open")
    links_s = await scenario.create_session(femke, "Sessie S")
    await femke.send("/open")
    await femke.send("/medeleider")
    cor = world.person("Cor")
    await cor.open_link(femke.last.text.split()[-1])
    await femke.send("/bord")
    board = BOARD.search(femke.last.text)
    assert board is not None, femke.last.text

    participant = await join_by_web(http, invite_code(links_s.participant["parent"]))
    elsewhere = await join_by_web(http, invite_code(links_t.participant["parent"]))
    organiser_page = await http.get(f"/o/{invite_code(links_s.organiser)}")
    key = new_secret()
    claimed = await http.post(
        f"/o/{invite_code(links_s.organiser)}",
        data={"key": key, "csrftoken": form_token(organiser_page.text)},
    )
    assert claimed.status_code == 303, claimed.text
    for secret in (participant, elsewhere):
        await answer_on_the_web(world, secret, "Ze luisterde echt.", new_secret())
    [session_s] = rows(world.db_path, "SELECT id FROM sessions WHERE title = 'Sessie S'")
    [taking_part] = rows(
        world.db_path,
        "SELECT p.id FROM participants p JOIN identities i ON i.person_id = p.person_id"
        " WHERE i.external_id = ?",
        (web_links.link_external_id(participant),),
    )
    token = form_token(organiser_page.text)
    cast = Cast(
        world,
        http,
        token,
        {
            "owner": await personal_secret(femke),
            "co-facilitator": await personal_secret(cor),
            "organiser": key,
            "participant": participant,
            "participant elsewhere": elsewhere,
            "stranger": new_secret(),  # names nobody
        },
        board.group(1),
        int(session_s["id"]),
        int(taking_part["id"]),
    )
    return cast


def cases() -> list[tuple[str, str, str]]:
    found = [e for e in endpoints(ROUTES) if e not in LAST] + LAST
    return [(method, path, role) for method, path in found for role in ROLES]


def expected(method: str, path: str, role: str) -> bool:
    """Whether the table lets this role through this route."""
    route = ROUTE_ACTS[method, path]
    roles = dict(WEB_COLUMNS)[role]
    shown = web_cell(role, roles, route)
    if shown == "own":
        return path not in NAMES_A_ROW or role == "participant"
    return shown == "✓"


def fields(cast: Cast, path: str) -> dict[str, str]:
    """A form as the page for this route would post it."""
    row = str(cast.participant_s)
    return {
        "/i/{code}": {"choice": "yes", "key": new_secret()},
        "/o/{code}": {"key": new_secret()},
        "/p/{secret}/name": {"appear": "anonymous"},
        "/p/{secret}/wish": {"summary": "yes"},
        "/p/{secret}/answer": {"text": "Het ging goed.", "nonce": new_secret()},
        "/p/{secret}/consent": {"participant": row, "pending": "999999"},
        "/p/{secret}/answers/{answer:row}/change": {"text": "Het ging best goed."},
        "/p/{secret}/answers/{answer:row}/details": {"choice": "keep"},
        "/p/{secret}/leave": {"participant": row, "answers": "keep"},
        "/p/{secret}/session/questions": {
            "kind": "extra",
            "readers": "all",
            "text": "Wat is er nodig bij de overgang naar volwassenheid?",
            "do": "save",
        },
        "/p/{secret}/session/themes": {"names": "Wachtlijst, School"},
        "/p/{secret}/propose": {"participant": row, "text": "Eén vast telefoonnummer."},
        "/p/{secret}/session/proposals/{proposal:row}/agree": {"what": "Bellen.", "owner": "Wij"},
    }.get(path, {})


async def url_for(cast: Cast, path: str, role: str) -> str:
    url = path.replace("{secret}", cast.secrets[role])
    if "{code}" in url:
        await cast.fresh_codes()
        kind = "organiser" if path.startswith("/o/") else "participant"
        url = url.replace("{code}", cast.codes[kind])
    if "{answer:row}" in url:
        url = url.replace("{answer:row}", str(await cast.answer_of_s()))
    url = url.replace("{proposal:row}", NO_PROPOSAL)
    if path.startswith("/b/"):
        url = url.replace(cast.secrets[role], cast.board)
    return url.replace("{perspective}", "parent").replace("/static", "/static/site.css")


async def send(cast: Cast, method: str, url: str, path: str) -> httpx.Response:
    if method == "POST":
        data = {**fields(cast, path), "csrftoken": cast.token}
        return await cast.http.post(url, data=data)
    if path.endswith("/events"):
        # A stream: its status is the answer; the stream itself is not waited for.
        async with cast.http.stream("GET", url) as streamed:
            return streamed
    return await cast.http.get(url)


def state(db_path: Path) -> dict[str, list[tuple[object, ...]]]:
    """The database, but the brake's counts (they protect the links, they record nobody)."""
    return {t: r for t, r in dump(db_path).items() if t != "code_tries"}


def pages() -> list[tuple[str, str]]:
    """Every HTML page, with a role that may see it (a stranger sees the refusal page)."""
    found = []
    for method, path in endpoints(ROUTES):
        if method != "GET" or path.endswith(NOT_PAGES) or path.startswith(("/static", "/heal")):
            continue
        # A participant first: their pages hold the most (messages, answers).
        allowed = [role for role in PREFERRED if expected(method, path, role)]
        found.append((path, allowed[0] if allowed else "stranger"))
    return found


NOT_PAGES = (".pdf", ".json", ".xlsx", ".csv", "/events")
PREFERRED = ["participant", *(role for role in ROLES if role != "participant")]


@pytest.mark.asyncio(loop_scope="module")
async def test_every_page_passes_axe_on_a_phone(cast: Cast) -> None:
    """axe-core on every page of the route table, as the role that may see it, in Chromium
    (runs before the table's cases, which renew and erase links at the end)."""
    problems: dict[str, list[str]] = {}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path())
        page = await browser.new_page(viewport=PHONE, locale="nl-NL")
        for path, role in pages():
            await cast.world.services.brake.succeeded(HERE)
            await page.goto(f"{cast.world.web_url}{await url_for(cast, path, role)}")
            found = await serious_violations(page)
            if found:
                problems[f"{path} as {role}"] = found
        await browser.close()
    assert len(pages()) >= 15  # every page of the participant, organiser, leader and board
    assert problems == {}


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize(("method", "path", "role"), cases(), ids=lambda v: str(v))
async def test_each_role_gets_what_the_table_says_on_each_route(
    cast: Cast, method: str, path: str, role: str
) -> None:
    # Each case starts unbraked: the stranger's made-up links would slow down the rest.
    await cast.world.services.brake.succeeded(HERE)
    url = await url_for(cast, path, role)
    before = state(cast.world.db_path)
    answer = await send(cast, method, url, path)
    await cast.world.settle()
    allowed = expected(method, path, role)
    status = answer.status_code
    if path in NOTHING_THERE_YET:
        if allowed:
            assert status == NOTHING_THERE_YET[path], (status, answer.text[:500])
        else:
            assert status in (403, 404, 410), (status, answer.text[:500])
        if allowed or status != 403:
            return
    if allowed and (path, role) in NOT_YET_FOR:
        assert status == NOT_YET_FOR[path, role], (status, answer.text[:500])
        return
    if allowed:
        assert status in (200, 303), (status, answer.text[:500])
        if path == "/p/{secret}/link":
            cast.secrets[role] = answer.headers["location"].split("/")[2]
        if path == "/p/{secret}/leave":
            assert answer.headers["location"].endswith(("left_kept", "left_erased"))
        return
    if path == "/p/{secret}/leave" and status == 303:
        # Leaving a participation that is not one's own says "not a member" and does nothing.
        assert answer.headers["location"].endswith("done=not_member")
    else:
        # Words posted where they cannot be stored are shown back (409), never lost.
        refusals = (403, 404, 409, 410) if path == "/p/{secret}/answer" else (403, 404, 410)
        assert status in refusals, (status, answer.text[:500])
        assert "<h1" in answer.text  # a calm page, not a bare error
    assert state(cast.world.db_path) == before


def test_every_route_declares_its_act() -> None:
    undeclared = [e for e in endpoints(ROUTES) if e not in ROUTE_ACTS]
    assert undeclared == [], "declare these routes in web/access.py"
    stale = [e for e in ROUTE_ACTS if e not in endpoints(ROUTES)]
    assert stale == [], "web/access.py declares routes that no longer exist"


def test_a_route_without_a_declaration_is_caught() -> None:
    from starlette.routing import Route

    async def page(request: object) -> None:  # pragma: no cover - never served
        return None

    extra = [*ROUTES, Route("/p/{secret}/new", page, methods=["POST"])]
    assert [e for e in endpoints(extra) if e not in ROUTE_ACTS] == [("POST", "/p/{secret}/new")]


def test_the_personal_key_is_what_strangers_lack() -> None:
    """The stranger column is refused exactly where the path holds a personal link."""
    for (method, path), route in ROUTE_ACTS.items():
        if route.key is Key.PERSONAL:
            assert not expected(method, path, "stranger"), path
        elif route.act in (Act.HELP, Act.JOIN, Act.VIEW_BOARD, Act.HEALTH):
            assert expected(method, path, "stranger"), path
