"""A phone-size headless browser for the demo's screenshots: Debian's Chromium, driven by
Playwright (Playwright's own browser download needs the internet; `make demo` installs
Debian's `chromium` with apt when it is missing)."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from playwright.async_api import Page, ViewportSize, async_playwright

PHONE = ViewportSize(width=390, height=844)


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise RuntimeError("Chromium is missing: `make demo` installs Debian's chromium")
    return found


class Camera:
    """Opens pages on a phone and keeps what each looked like, in the order visited."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.shots: list[tuple[str, bytes]] = []  # (file name, PNG)

    async def shoot(self, name: str, url: str) -> bytes:
        """Open `url` as a phone would and keep a picture of the whole page as `name`.png.

        The demo shows pages that work: one answering with an error is a mistake in it."""
        response = await self.page.goto(url, wait_until="load")
        if response is None or not response.ok:
            status = "no answer" if response is None else response.status
            raise RuntimeError(f"the demo's page {name} answered {status}")
        png = await self.page.screenshot(full_page=True)
        self.shots.append((f"{name}.png", png))
        return png


@asynccontextmanager
async def phone(lang: str = "nl-NL") -> AsyncIterator[Camera]:
    """A phone-size page (390×844) in a browser with this language."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path())
        try:
            context = await browser.new_context(viewport=PHONE, locale=lang)
            yield Camera(await context.new_page())
        finally:
            await browser.close()
