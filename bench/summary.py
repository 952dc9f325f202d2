"""(c) The summary and the report of a big session, and the bot while a report is made.

A session of 1,000 participants with 9,000 contributions: the summary message (composed
from the database, rendered, split into Telegram messages) and the report's HTML; the
PDF of a typical session of about 100 contributions; and the acknowledgement latency a
participant sees while the bot makes the big session's PDF, against the same bot idle.
"""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from bench.launch import bot_process, meet
from bench.measure import line, peak_rss_mb, percentile, rss_mb
from bench.seed import CLOCK, answers, finished, seed
from bench.throughput import Acks, one_at_a_time
from flows import summary as summary_flow
from flows.summary import Summary
from reports.pdf import pdf_from_html, report_html
from reports.render import render
from reports.telegram import split_message
from sandbox.standin import StandIn
from storage import Database

BIG = 1000  # participants; three answers in each of the three rounds
TYPICAL = 11  # participants; three answers in each round, about 100 in all
ANSWERING = 20  # participants of another session who answer while the report is made
LATENCY_SAMPLES = 60
BLOCKS = 3

T = TypeVar("T")


async def timed(make: Callable[[], Awaitable[T]]) -> tuple[T, float, float]:
    """Run `make`; return its result, the seconds it took and its peak Python memory in MB.

    Timed and traced in separate runs: tracing every allocation slows the work down a lot.
    """
    start = time.perf_counter()
    result = await make()
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    await make()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return result, elapsed, peak


async def composed(db_path: Path, session_id: int) -> Summary:
    db = await Database.open(db_path)
    try:
        return await summary_flow.preview(db, CLOCK, session_id)
    finally:
        await db.close()


async def summary_message(db_path: Path, session_id: int) -> list[str]:
    summary = await composed(db_path, session_id)
    return split_message(render("nl", "telegram/summary.j2", s=summary, preview=False))


async def report(db_path: Path, session_id: int) -> str:
    return report_html(await composed(db_path, session_id), "nl")


async def pdf(db_path: Path, session_id: int) -> bytes:
    return await asyncio.to_thread(pdf_from_html, await report(db_path, session_id))


async def latency_while_rendering(db_path: Path, big_session: int, users: list[int]) -> None:
    """Participants answer one at a time: first with the bot idle, then while it makes a PDF."""
    # The seeded rounds' questions went out long ago; the bot should not send them now.
    with sqlite3.connect(db_path) as conn:
        conn.execute("DELETE FROM outbox")
    standin = StandIn()
    await standin.start()
    meet(standin, users)
    try:
        async with bot_process(
            "ours", standin, db_path, extra_env={"BENCH_RENDER_SESSION": str(big_session)}
        ) as process:
            acks = Acks(standin)
            await one_at_a_time(standin, acks, users, 10)  # warm up
            idle: list[float] = []
            busy: list[float] = []
            for _ in range(BLOCKS):  # alternating, so that drift shows in neither
                idle += await one_at_a_time(standin, acks, users, LATENCY_SAMPLES // BLOCKS)
                process.send_signal(signal.SIGUSR1)
                await asyncio.sleep(3)  # the summary is composed, the worker is rendering
                busy += await one_at_a_time(standin, acks, users, LATENCY_SAMPLES // BLOCKS)
                process.send_signal(signal.SIGUSR2)
                await asyncio.sleep(0.5)
    finally:
        await standin.stop()
    p50, p95 = percentile(idle, 0.5) * 1000, percentile(idle, 0.95) * 1000
    b50, b95 = percentile(busy, 0.5) * 1000, percentile(busy, 0.95) * 1000
    line("acknowledgement latency, bot idle p50/p95", f"{p50:5.1f} / {p95:5.1f} ms")
    line("... while it makes the big PDF (worker process)", f"{b50:5.1f} / {b95:5.1f} ms")
    line("ratio of p50 (target <= 2)", f"{b50 / p50:7.2f}")


async def run() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as scratch:
        big_db = Path(scratch) / "big.db"
        big = await seed(big_db, BIG)
        contributions = await finished(big_db, big, per_round=3)
        typical_db = Path(scratch) / "typical.db"
        typical = await seed(typical_db, TYPICAL)
        typical_count = await finished(typical_db, typical, per_round=3)

        print(f"(c) the summary of a session with {BIG} participants and {contributions} answers")
        await summary_message(big_db, big.session_id)  # templates compiled, caches warm
        parts, message_s, message_mb = await timed(lambda: summary_message(big_db, big.session_id))
        html, html_s, html_mb = await timed(lambda: report(big_db, big.session_id))
        line("summary message: compose, render, split (target < 1 s)",
             f"{message_s:7.2f} s  {len(parts)} messages, peak {message_mb:.0f} MB")  # fmt: skip
        line("report HTML", f"{html_s:7.2f} s  {len(html) / 1e6:.1f} MB, peak {html_mb:.0f} MB")

        await pdf(typical_db, typical.session_id)  # WeasyPrint loaded and warm
        rss_before = rss_mb()
        document, pdf_s, pdf_mb = await timed(lambda: pdf(typical_db, typical.session_id))
        line(f"PDF of a typical session ({typical_count} answers)",
             f"{pdf_s:7.2f} s  {len(document) / 1e3:.0f} kB, peak {pdf_mb:.0f} MB Python,"
             f" RSS +{rss_mb() - rss_before:.0f} MB")  # fmt: skip
        start = time.perf_counter()
        big_pdf = await pdf(big_db, big.session_id)
        line(f"PDF of the big session ({contributions} answers)",
             f"{time.perf_counter() - start:7.1f} s  {len(big_pdf) / 1e6:.1f} MB")  # fmt: skip
        line("peak RSS of this benchmark process", f"{peak_rss_mb():7.0f} MB")

        other = await seed(big_db, ANSWERING, first=300_000)
        await answers(big_db, other, 0)  # its first round is open
        await latency_while_rendering(big_db, big.session_id, other.participant_ids)
    return {"summary_s": message_s, "pdf_s": pdf_s}
