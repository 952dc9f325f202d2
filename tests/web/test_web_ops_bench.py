"""Benchmark (d)'s harness and (a)'s variant with the web page on, run small: the servers
start as processes of their own, the posts are stored, the figures come out."""

from __future__ import annotations

import sqlite3
from contextlib import AsyncExitStack
from pathlib import Path

import httpx
import pytest
from starlette.routing import Match, Router

from bench import throughput, web
from web.app import ROUTES


def web_pages_built() -> bool:
    """Whether this build has the pages a web participant joins and answers through."""
    router = Router(routes=ROUTES)

    def served(path: str) -> bool:
        scope = {"type": "http", "method": "POST", "path": path}
        return any(route.matches(scope)[0] == Match.FULL for route in router.routes)

    return served("/i/some-code") and served("/p/some-secret/answer")


def answers_in(db_path: Path) -> list[tuple[int, str, str]]:
    with sqlite3.connect(db_path) as conn:
        return list(conn.execute("SELECT participant_id, body, source_ref FROM contributions"))


async def test_the_bare_endpoint_stores_each_post_as_an_answer(tmp_path: Path) -> None:
    async with AsyncExitStack() as stack:
        bare = await web.start_bare(stack, tmp_path, people=3)
        await web.turn(bare, 0, per_person=2)
        await web.turn(bare, 1, per_person=2)
        # The same post again (the same nonce) is stored once, as the bot's answers are.
        await web.turn(bare, 1, per_person=2)
    assert bare.posted == 18 and len(bare.rates) == 3 and len(bare.latency) == 18
    stored = answers_in(bare.db_path)
    assert len(stored) == 12
    assert {ref for _, _, ref in stored} == {"web:0-0", "web:0-1", "web:1-0", "web:1-1"}
    assert "Antwoord 1.1: het buurtteam kwam snel." in {body for _, body, _ in stored}


async def test_the_whole_bot_serves_its_web_page_in_the_benchmark(tmp_path: Path) -> None:
    async with AsyncExitStack() as stack:
        ours, codes = await web.launch_ours(stack, tmp_path)
        async with httpx.AsyncClient() as http:
            health = await http.get(ours.url + "/healthz")
    assert health.json() == {"healthy": True}
    assert set(codes) == {"parent", "worker", "partner", "municipality"}


async def test_a_telegram_bot_with_its_web_page_on_answers_in_benchmark_a(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(throughput, "PARTICIPANTS", 4)
    monkeypatch.setattr(throughput, "PER_PERSON", 2)
    monkeypatch.setattr(throughput, "SEQUENTIAL", 2)
    async with AsyncExitStack() as stack:
        bot = await throughput.start(stack, "ours-web", tmp_path)
        assert bot.web_url is not None
        async with httpx.AsyncClient() as http:
            health = await http.get(bot.web_url + "/healthz")
        assert health.json() == {"healthy": True}
        await throughput.turn(bot, 0)
    assert len(bot.rates) == 1 and len(bot.burst_latency) == 8 and len(bot.idle_latency) == 2


@pytest.mark.skipif(
    not web_pages_built(),
    reason="the web invite (/i/{code}) and answer (/p/{secret}/answer) pages are not built yet",
)
async def test_benchmark_d_posts_through_the_web_page_and_reports(
    capsys: pytest.CaptureFixture[str],
) -> None:
    figures = await web.run(rounds=2, people=4, per_person=3)
    printed = capsys.readouterr().out
    assert figures["ours"] > 0 and figures["bare"] > 0 and figures["ratio"] > 0
    assert "answers stored: Dialoogbot / bare" in printed
    assert "24 of 24 / 24 of 24" in printed
