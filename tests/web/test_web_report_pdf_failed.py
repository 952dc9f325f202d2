"""A report whose PDF cannot be made now: the web page says so calmly, the summary stays."""

from __future__ import annotations

import httpx

from sandbox.world import World
from tests.telegram.test_delivery_pdf import pdf_workers_keep_dying
from tests.web.test_web_mine import summary_sent


async def test_a_report_that_cannot_be_made_gives_a_calm_page_and_the_summary_stays(
    web_world: World, client: httpx.AsyncClient
) -> None:
    wim, _other = await summary_sent(web_world, wants=True)
    async with pdf_workers_keep_dying():
        failed = await client.get(f"/p/{wim}/report.pdf")
    assert failed.status_code == 500
    assert failed.headers["content-type"].startswith("text/html")
    assert "Er ging bij ons iets mis" in failed.text
    assert "Traceback" not in failed.text and "PdfFailed" not in failed.text
    # The summary itself is still there to read, and the report comes once it can be made.
    page = await client.get(f"/p/{wim}/summary")
    assert "Korte lijnen met school." in page.text
    pdf = await client.get(f"/p/{wim}/report.pdf")
    assert pdf.content.startswith(b"%PDF")
