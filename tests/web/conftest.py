"""Fixtures for the web channel: a world that serves the web page, a client, a browser."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, Page, async_playwright

from sandbox.world import World
from tests.conftest import daytime
from tests.web.browsing import PHONE, chromium_path


@pytest.fixture
async def web_world(tmp_path: Path) -> AsyncIterator[World]:
    async with World(tmp_path / "dialoogbot.db", clock=daytime(), web=True) as running:
        yield running


@pytest.fixture
async def client(web_world: World) -> AsyncIterator[httpx.AsyncClient]:
    """A plain HTTP client, as an old phone without JavaScript would be."""
    assert web_world.web_url is not None
    async with httpx.AsyncClient(base_url=web_world.web_url, follow_redirects=False) as http:
        yield http


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    """Debian's headless Chromium, driven by Playwright (its own download needs internet)."""
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=chromium_path())
        yield launched
        await launched.close()


@pytest.fixture
async def phone(browser: Browser) -> AsyncIterator[Page]:
    """A page in a phone-size window, with a Dutch browser."""
    context = await browser.new_context(viewport=PHONE, locale="nl-NL")
    page = await context.new_page()
    yield page
    await context.close()
