"""The report read on a phone: accessible, nothing wider than the screen, chart text readable."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Page, async_playwright

from reports.report import report_html
from sandbox.synthesis_example import example_synthesis
from tests.web.browsing import PHONE, chromium_path, serious_violations


@pytest.fixture
async def phone() -> AsyncIterator[Page]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path())
        context = await browser.new_context(viewport=PHONE, locale="nl-NL")
        yield await context.new_page()
        await browser.close()


async def test_the_report_reads_on_a_phone(phone: Page) -> None:
    await phone.set_content(report_html(example_synthesis(), "nl"))
    assert await serious_violations(phone) == []
    # No sideways scrolling: the grid stacks, the charts scale to the screen.
    assert await phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for chart in ("answers-chart", "response-chart"):
        box = await phone.locator(f"#{chart}").bounding_box()
        assert box is not None and box["width"] <= PHONE["width"]
        # The chart's text as the reader sees it: its size in the viewBox, scaled.
        smallest = await phone.evaluate(
            """id => Math.min(...[...document.querySelectorAll(`#${id} text`)]
                .map(t => t.getBoundingClientRect().height))""",
            chart,
        )
        assert smallest >= 9
