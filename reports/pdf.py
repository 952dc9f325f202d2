"""The printable report: one HTML template, made into a PDF with WeasyPrint."""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import structlog

from flows.summary import Summary
from flows.synthesis import Synthesis
from reports import report
from reports.filenames import slug
from reports.render import TEMPLATES_DIR, render

log = structlog.get_logger()

# Tagged PDF for accessibility (PDF/UA-1): public bodies must publish accessible documents.
PDF_UA = "pdf/ua-1"


def report_html(summary: Summary, lang: str) -> str:
    """The report of a summary: what the session found, with every answer per round after it
    (a summary stored before the findings existed shows the answers only)."""
    if summary.synthesis is not None:
        return report.report_html(summary.synthesis, lang, summary)
    return transcript_html(summary, lang)


def transcript_html(summary: Summary, lang: str) -> str:
    """The answers per round and perspective alone: how a summary stored before the findings
    existed is printed."""
    return render(lang, "report/report.html.j2", s=summary)


def _variant(summary: Summary) -> str | None:
    return PDF_UA if summary.synthesis is not None else None


def pdf_from_html(html: str, variant: str | None = None) -> bytes:
    """The page as a PDF; `variant` is one of WeasyPrint's, e.g. PDF_UA for a tagged one."""
    # Imported here: WeasyPrint takes a second to load, only report makers need it.
    from weasyprint import HTML

    return HTML(string=html, base_url=str(TEMPLATES_DIR)).write_pdf(pdf_variant=variant)


def report_pdf(synthesis: Synthesis, lang: str, transcript: Summary | None = None) -> bytes:
    """The report of what a session found, as a tagged PDF (in this process: for tools)."""
    return pdf_from_html(report.report_html(synthesis, lang, transcript), PDF_UA)


# What WeasyPrint raises when it cannot lay out or tag a page: its layout says "not handled
# yet" with TypeError or NotImplementedError, its tagging (pdf/ua) asserts and pops mapped
# content (AssertionError, KeyError), and a page nested too deep runs out of recursion. None of
# these gets better by trying again at once; anything else is a bug of ours and goes up.
RENDER_ERRORS: tuple[type[Exception], ...] = (
    AssertionError,
    IndexError,
    KeyError,
    NotImplementedError,
    RecursionError,
    TypeError,
    ValueError,
)


class PdfFailed(Exception):
    """No PDF could be made now (its worker died twice in a row, or WeasyPrint could not lay
    out the page): the caller says so and goes on, and a queued report waits its backoff."""


class PdfMaker:
    """Makes PDFs in a worker process, so the bot keeps answering meanwhile.

    WeasyPrint lays out pages in Python: in a thread it would hold the interpreter lock
    for most of a big report, and acknowledgements would wait (bench/summary.py measures
    it). The worker starts with the first report and stays for the next.
    """

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None

    async def render(self, summary: Summary, lang: str) -> bytes:
        return await self.from_html(report_html(summary, lang), _variant(summary))

    async def report(
        self, synthesis: Synthesis, lang: str, transcript: Summary | None = None
    ) -> bytes:
        """The report of what a session found, as a tagged PDF."""
        return await self.from_html(report.report_html(synthesis, lang, transcript), PDF_UA)

    async def from_html(self, html: str, variant: str | None = None) -> bytes:
        """Any of our printable pages (the report, an invite card) as a PDF."""
        loop = asyncio.get_running_loop()
        for attempt in (1, 2):
            pool = self._worker()
            try:
                return await loop.run_in_executor(pool, pdf_from_html, html, variant)
            except RENDER_ERRORS as error:
                # WeasyPrint raised in the worker, which lives on for the next report. The
                # error's type only: its message may quote the page (people's words).
                log.error("pdf_render_failed", error=type(error).__name__)
                raise PdfFailed(type(error).__name__) from None
            except BrokenProcessPool:
                # The worker died (killed, out of memory): its pool never recovers, and
                # every later report would fail. Start a fresh one and try once more.
                log.error("pdf_worker_died", attempt=attempt)
                self._drop(pool)
        raise PdfFailed("BrokenProcessPool")

    def _worker(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # A fresh interpreter, not a fork of one that runs threads (SQLite's, deduce's).
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
        return self._pool

    def _drop(self, pool: ProcessPoolExecutor) -> None:
        pool.shutdown(wait=False, cancel_futures=True)
        if self._pool is pool:  # a report made meanwhile may have started a new one
            self._pool = None

    def close(self) -> None:
        """Stop the worker; a report in the making is dropped (its outbox row stays queued)."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def report_filename(title: str, version: int | None = None) -> str:
    """A file name that works on every phone: letters, digits and dashes. A correction
    (version 2 and on) carries its version, so a reader who keeps both tells them apart."""
    suffix = f"-v{version}" if version is not None and version > 1 else ""
    return f"dialoogbot-{slug(title)}{suffix}.pdf"
