"""Helpers for the web tests: forms with their token, and axe's verdict on a page."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser

import httpx
from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Page, ViewportSize

PHONE = ViewportSize(width=390, height=844)
TOKEN = re.compile(r'name="csrftoken" value="([^"]+)"')


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise RuntimeError("Chromium is missing: `make test` installs Debian's chromium")
    return found


def form_token(html: str) -> str:
    """The hidden form token of the (first) form on a page."""
    match = TOKEN.search(html)
    if match is None:
        raise AssertionError("the page has no form with a token")
    return match.group(1)


class _Form(HTMLParser):
    """The named fields of the form posting to `action`, as a browser would post them."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action
        self.inside = False
        self.fields: dict[str, str] = {}
        self.textarea: str | None = None
        self.textareas: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form":
            self.inside = (found.get("action") or "").startswith(self.action)
        elif self.inside and tag == "input" and found.get("name"):
            self.fields[str(found["name"])] = found.get("value") or ""
        elif self.inside and tag == "textarea" and found.get("name"):
            self.textarea = str(found["name"])
            self.textareas.add(self.textarea)
            self.fields[self.textarea] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.fields[self.textarea] += data


def form_fields(html: str, action: str) -> dict[str, str]:
    """What the page's form posting to `action` (its start, before `?`) sends as shown: its
    token, its hidden fields and what its fields hold."""
    parser = _Form(action)
    parser.feed(html)
    if not parser.fields:
        raise AssertionError(f"the page has no form posting to {action}")
    # A textarea's first newline is the markup's, not its text (as in a browser).
    return {
        name: value.removeprefix("\n") if name in parser.textareas else value
        for name, value in parser.fields.items()
    }


async def submit(
    http: httpx.AsyncClient, page_url: str, action: str, fields: dict[str, str]
) -> httpx.Response:
    """Open a page as a browser would, then post one of its forms with the page's token."""
    shown = await http.get(page_url)
    assert shown.status_code == 200, shown.text
    return await http.post(action, data={**fields, "csrftoken": form_token(shown.text)})


async def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now (WCAG 2.1 AA)."""
    # A page whose load has begun may have no document for axe yet. (A click returns
    # before its page even begins to load: the tests wait for what that page shows.)
    await page.wait_for_load_state("load")
    results = await Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        },
    )
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}×)"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
