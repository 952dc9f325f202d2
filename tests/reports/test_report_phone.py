"""The report read on a phone: accessible, nothing wider than the screen, chart text readable."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest
from playwright.async_api import Page, async_playwright

from flows.synthesis import Synthesis
from reports.report import report_html
from sandbox.synthesis_example import example_synthesis
from tests.reports.many_themes import many_themes
from tests.web.browsing import PHONE, chromium_path, serious_violations


@pytest.fixture
async def phone() -> AsyncIterator[Page]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path())
        context = await browser.new_context(viewport=PHONE, locale="nl-NL")
        yield await context.new_page()
        await browser.close()


@pytest.mark.parametrize(
    ("synthesis", "answers"),
    [
        (example_synthesis, ["answers-chart"]),
        (many_themes, [f"answers-chart-{n}" for n in range(1, 5)]),
    ],
    ids=["six themes", "forty themes"],
)
async def test_the_report_reads_on_a_phone(
    phone: Page, synthesis: Callable[[], Synthesis], answers: list[str]
) -> None:
    """Forty themes' answers are in four charts: each as readable as the one of six."""
    await phone.set_content(report_html(synthesis(), "nl"))
    assert await serious_violations(phone) == []
    # No sideways scrolling: the grid stacks, the charts scale to the screen.
    assert await phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    charts = await phone.evaluate("[...document.querySelectorAll('svg.chart')].map(c => c.id)")
    assert charts == [*answers, "response-chart"]
    for chart in charts:
        box = await phone.locator(f"#{chart}").bounding_box()
        assert box is not None and box["width"] <= PHONE["width"]
        # The chart's text as the reader sees it: its size in the viewBox, scaled.
        smallest = await phone.evaluate(
            """id => Math.min(...[...document.querySelectorAll(`#${id} text`)]
                .map(t => t.getBoundingClientRect().height))""",
            chart,
        )
        assert smallest >= 9


async def test_every_number_on_a_phone_is_in_view_beside_its_column(phone: Page) -> None:
    """A table wider than the screen scrolled sideways with no sign of the columns out of view
    (the totals, the last perspectives): on a phone each row stacks, each value labelled."""
    await phone.set_content(report_html(example_synthesis(), "nl"))
    for table in ("answers-data", "recognition-table", "response-table", "actions-table"):
        seen = await phone.evaluate(
            """id => {
                const table = document.getElementById(id);
                const heads = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
                return [...table.querySelectorAll('tbody tr')].filter(tr => tr.querySelector('td'))
                  .map(tr => [...tr.querySelectorAll('td')].map((td, i) => {
                    const box = td.getBoundingClientRect();
                    const label = getComputedStyle(td, '::before').content.replace(/^"|"$/g, '');
                    return {inView: box.left >= 0 && box.right <= window.innerWidth,
                            label, heading: heads[heads.length - tr.querySelectorAll('td').length + i]};
                  }));
            }""",
            table,
        )
        cells = [cell for row in seen for cell in row]
        assert cells, table
        assert all(cell["inView"] for cell in cells), table
        assert all(cell["label"] == cell["heading"] for cell in cells), (table, cells[:3])
