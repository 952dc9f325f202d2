"""The web server in the bot's process: health, strict headers, form tokens, calm errors."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Page
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from app.http import CannotListen
from bot.config import ConfigError, Settings
from sandbox import scenario
from sandbox.world import World
from tests.conftest import daytime, rows
from tests.web.browsing import serious_violations
from web.security import CONTENT_SECURITY_POLICY, SecurityHeaders


async def test_healthz_says_healthy_while_the_database_answers_and_delivery_runs(
    web_world: World, client: httpx.AsyncClient
) -> None:
    answer = await client.get("/healthz")
    assert answer.status_code == 200
    assert answer.json() == {"healthy": True}
    await web_world.services.delivery.stop()
    answer = await client.get("/healthz")
    assert answer.status_code == 503
    assert answer.json() == {"healthy": False}


async def test_every_page_carries_the_strict_headers(client: httpx.AsyncClient) -> None:
    for path in ("/", "/no-such-page", "/static/site.css"):
        answer = await client.get(path)
        assert answer.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert answer.headers["referrer-policy"] == "no-referrer"
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["x-frame-options"] == "DENY"
    assert "strict-transport-security" not in answer.headers  # plain HTTP in the test


async def test_an_unknown_page_is_a_calm_page_in_the_visitors_language(
    client: httpx.AsyncClient,
) -> None:
    dutch = await client.get("/zomaar", headers={"accept-language": "nl-NL,nl;q=0.9"})
    assert dutch.status_code == 404
    assert "Deze pagina bestaat niet" in dutch.text
    assert '<html lang="nl">' in dutch.text
    english = await client.get("/zomaar", headers={"accept-language": "en-GB,en;q=0.8"})
    assert "This page does not exist" in english.text
    assert '<html lang="en">' in english.text


async def test_a_post_without_the_form_token_is_refused_kindly(client: httpx.AsyncClient) -> None:
    forged = await client.post("/", data={"text": "x"})
    assert forged.status_code == 403
    assert "te lang open" in forged.text
    client.cookies.set("csrftoken", "made-up")
    wrong = await client.post("/", data={"text": "x", "csrftoken": "other"})
    assert wrong.status_code == 403


async def test_the_webhook_rides_on_the_web_server(tmp_path: Path) -> None:
    async with World(tmp_path / "both.db", clock=daytime(), webhook=True, web=True) as world:
        assert world.web_url is not None and world.webhook_url is not None
        assert world.webhook_url.startswith(world.web_url)
        sanne = world.person("Sanne")
        await sanne.send("/help")
        assert sanne.texts, "the update came in through the webhook on the web server"
        async with httpx.AsyncClient() as http:
            forged = await http.post(world.webhook_url, json={"update_id": 1})
        assert forged.status_code == 403  # its own secret, not the form token


def test_the_web_address_must_be_an_address() -> None:
    env = {"TELEGRAM_BOT_TOKEN": "1:x", "DIALOOGBOT_WEB_URL": "dialoog.example.nl"}
    with pytest.raises(ConfigError, match="DIALOOGBOT_WEB_URL"):
        Settings.from_env(env)
    env["DIALOOGBOT_WEB_URL"] = "https://dialoog.example.nl/"
    settings = Settings.from_env(env)
    assert settings.web_url == "https://dialoog.example.nl"
    assert settings.web_listen == "127.0.0.1:8080"
    assert Settings.from_env({"TELEGRAM_BOT_TOKEN": "1:x"}).web_url is None


async def test_the_home_page_passes_axe_on_a_phone(web_world: World, phone: Page) -> None:
    assert web_world.web_url is not None
    await phone.goto(web_world.web_url + "/")
    assert await phone.title() == "Welkom · Dialoogbot"
    assert await serious_violations(phone) == []


async def test_a_taken_port_is_a_clear_error_and_leaves_nothing_open(tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        world = World(tmp_path / "taken.db", clock=daytime(), web=True)
        world.web_port = taken.getsockname()[1]
        await world.standin.start()
        try:
            with pytest.raises(CannotListen, match=r"cannot listen on 127\.0\.0\.1"):
                await world.start_bot()
            await world.bot.stop()  # what serve() does: undo the half start
        finally:
            await world.standin.stop()
    # The database was closed: its file can be read and nothing holds it.
    assert rows(tmp_path / "taken.db", "SELECT COUNT(*) AS n FROM people")[0]["n"] == 0


async def test_the_form_cookie_is_http_only_same_site_strict_and_secure_over_https(
    web_world: World, client: httpx.AsyncClient
) -> None:
    links = await scenario.create_session(web_world.admin())
    code = links.participant["parent"].split("start=", 1)[1]
    page = await client.get(f"/i/{code}")  # a page with a form sets the token cookie
    assert page.status_code == 200
    cookies = page.headers.get_list("set-cookie")
    assert cookies, "a page with a form sets the form token"
    for cookie in cookies:
        parts = {p.strip().split("=")[0].lower() for p in cookie.split(";")}
        assert {"httponly", "samesite"} <= parts
        assert "samesite=strict" in cookie.lower()
        assert "secure" not in parts  # the test serves plain HTTP
    https = SecurityHeaders(_cookie_app, https=True)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=https)) as direct:
        answer = await direct.get("https://dialoog.example.nl/")
    assert answer.headers["set-cookie"] == "a=b; Secure; HttpOnly"
    assert answer.headers["strict-transport-security"] == "max-age=31536000"


async def _cookie_app(scope: Scope, receive: Receive, send: Send) -> None:
    await Response("", headers={"set-cookie": "a=b; Secure"})(scope, receive, send)
