"""The printable report: one HTML template, made into a PDF with WeasyPrint."""

from __future__ import annotations

import asyncio
import re

from flows.summary import Summary
from reports.render import TEMPLATES_DIR, render


def report_html(summary: Summary, lang: str) -> str:
    return render(lang, "report/report.html.j2", s=summary)


def pdf_from_html(html: str) -> bytes:
    # Imported here: WeasyPrint takes a second to load, only report makers need it.
    from weasyprint import HTML

    return HTML(string=html, base_url=str(TEMPLATES_DIR)).write_pdf()


async def render_pdf(summary: Summary, lang: str) -> bytes:
    """Make the PDF off the event loop, so the bot keeps answering meanwhile."""
    html = report_html(summary, lang)
    return await asyncio.to_thread(pdf_from_html, html)


def report_filename(title: str) -> str:
    """A file name that works on every phone: letters, digits and dashes."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40] or "sessie"
    return f"dialoogbot-{slug}.pdf"
