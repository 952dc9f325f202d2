"""`make demo` plays a whole session without Telegram: it keeps working at every commit."""

from __future__ import annotations

import datetime as dt
import struct
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from starlette.routing import Match, Router

from sandbox.clock import ManualClock
from sandbox.demo import (
    WEB_PEOPLE,
    Played,
    page_kind,
    path_of,
    play,
    run_demo,
    web_links_in,
    write_out,
)
from web.app import ROUTES

SUMMARY_TITLE = "Samenvatting: Evaluatie Buurtteams Jeugd en Gezin — Oost"


def web_pages_built() -> bool:
    """Whether this build has the pages a web participant joins and answers through."""
    router = Router(routes=ROUTES)

    def served(path: str) -> bool:
        scope = {"type": "http", "method": "POST", "path": path}
        return any(route.matches(scope)[0] == Match.FULL for route in router.routes)

    return served("/i/some-code") and served("/p/some-secret/answer")


needs_web_pages = pytest.mark.skipif(
    not web_pages_built(),
    reason="the web invite (/i/{code}) and answer (/p/{secret}/answer) pages are not built yet",
)


def png_size(png: bytes) -> tuple[int, int]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    return width, height


async def test_the_demo_plays_a_whole_session_and_makes_the_report(tmp_path: Path) -> None:
    played = await play(tmp_path / "demo.db", web_people=(), screenshots=False)
    assert played is not None, "the organiser did not receive the report"
    assert played.pdf.startswith(b"%PDF")
    assert "Afspraken" in played.html
    screens = dict(played.transcripts)
    assert "bot: 🤝 Iemand heeft een afspraak overgenomen" in screens["Femke"]
    assert "Ahmed tapped: [✅ Ja, ik doe het]" in screens["Ahmed"]
    assert "Het verslag om te printen (PDF)." in screens["Pieter"]


async def test_the_conversation_is_told_once_in_the_order_it_happened(tmp_path: Path) -> None:
    played = await play(tmp_path / "demo.db", web_people=(), screenshots=False)
    assert played is not None
    lines = played.conversation.splitlines()
    # The facilitator's draft, then the approved summary to six people: each written out once
    # (the draft had no cover facts yet, so it differs from what was sent).
    summaries = [i for i, line in enumerate(lines) if SUMMARY_TITLE in line]
    assert len(summaries) == 2
    sent = lines[summaries[-1]]
    first_reader = sent.split("bot → ", 1)[1].split(":", 1)[0]
    assert first_reader != "Femke"
    # Six got the approved version: five of them are told "the same message as" the first.
    same = f"(the same message as to {first_reader})"
    assert sum(same in line for line in lines[summaries[-1] :]) == 5

    def first(fragment: str) -> int:
        return next(i for i, line in enumerate(lines) if fragment in line)

    # What a tap changed comes after the tap, also when the bot edits an earlier message.
    assert first("Femke tapped [🌙 Stille uren uitzetten]") < first("Stille uren staan uit")
    assert first("Ahmed tapped [✅ Ja, ik doe het]") < first("Iemand heeft een afspraak")
    assert first("Femke: /nieuw") < first("Sanne: /start") < first("Femke: /open")
    # It was about 1,000 lines when each person's screen was printed; sorting three rounds
    # into themes (one edited message per answer), the mirror, the proposals and the draft
    # add about 700: a bound that still catches a screen printed twice.
    assert len(lines) < 2000


async def test_the_demo_serves_the_web_page_prints_its_links_and_photographs_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answered: dict[str, int] = {}

    async def visit(played: Played) -> None:
        # While the demo still runs, every link it prints opens.
        async with httpx.AsyncClient() as http:
            for _, url in played.web_links:
                answered[url] = (await http.get(url)).status_code

    played = await play(tmp_path / "demo.db", web_people=(), then=visit)
    assert played is not None
    kinds = [what for what, _ in played.web_links]
    assert kinds[:4] == ["home", "web invite, parent", "web invite, worker", "web invite, partner"]
    for what, url in played.web_links:
        if what.startswith("web invite"):
            # The session closed when its summary went out: its invites stop, calmly.
            assert answered[url] in (404, 410), what
        elif what == "home":
            assert answered[url] == 200
        else:
            # A page the bot handed out: an organiser link already claimed in Telegram
            # says so to anyone else; none breaks.
            assert answered[url] < 500, what
    write_out(played, tmp_path / "out")
    printed = capsys.readouterr().out
    for _, url in played.web_links:
        assert url in printed
    # The organiser's /export: the workbook, the CSV and the JSON beside the report.
    assert sorted(p.suffix for p in (tmp_path / "out").glob("dialoogbot-*")) == [
        ".csv",
        ".json",
        ".xlsx",
    ]
    home = (tmp_path / "out" / "web" / "home.png").read_bytes()
    width, height = png_size(home)
    assert width == 390 and height >= 844  # a phone's width, the whole page


def test_make_demo_prints_the_conversation_and_writes_each_screen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = run_demo(str(tmp_path))
    printed = capsys.readouterr().out
    if not web_pages_built():
        # Until the web participant's pages exist, the demo says so and fails.
        assert status == 1
        assert "The web page did not take part as expected: GET /i/… answered 404" in printed
        return
    assert status == 0
    assert printed.count(SUMMARY_TITLE) == 2  # the facilitator's draft and the sent version
    assert (tmp_path / "rapport.pdf").read_bytes().startswith(b"%PDF")
    screens = sorted(p.name for p in (tmp_path / "transcripts").iterdir())
    assert screens == [
        "ahmed.txt", "femke.txt", "joke.txt", "kees.txt", "lotte.txt", "mo.txt", "pieter.txt",
        "rik.txt", "sanne.txt",
    ]  # fmt: skip
    assert SUMMARY_TITLE in (tmp_path / "transcripts" / "sanne.txt").read_text(encoding="utf-8")
    pictures = {p.name for p in (tmp_path / "web").iterdir()}
    assert {"home.png", "invite.png", "own-page-answered.png", "own-page.png"} <= pictures
    assert "Noor's own page:" in printed


@needs_web_pages
async def test_a_web_participant_answers_in_the_same_rounds_and_summary(tmp_path: Path) -> None:
    played = await play(tmp_path / "demo.db")
    assert played is not None, "the organiser did not receive the report"
    (noor,) = WEB_PEOPLE
    lines = played.conversation.splitlines()
    assert (
        f"{noor.name} (web page): opened the web invite, said yes, appears by first name" in lines
    )
    # Each answer posted on the web page is in the report beside the Telegram answers.
    for answer in noor.answers:
        assert answer in played.html
    assert "Mijn gezinswerker kwam gewoon bij ons thuis." in played.html
    assert f"{noor.name}:" in played.conversation.split(SUMMARY_TITLE, 1)[1]  # signed
    links = dict(played.web_links)
    assert links[f"{noor.name}'s own page"].startswith(links["home"] + "p/")
    pictures = dict(played.screenshots)
    # Every page fits a phone's width: nothing to scroll sideways.
    names = ("home", "invite", "own-page-answered", "own-page", "messages", "summary", "data")
    names += ("session", "board", "organiser", "mirror", "proposals", "session-mirror")
    names += ("session-proposals",)
    for name in (f"{n}.png" for n in names):
        assert png_size(pictures[name])[0] == 390, name


def test_the_pages_the_bot_hands_out_are_found_once_and_named() -> None:
    base = "http://127.0.0.1:8080"
    shown = [
        f"Het bord voor de beamer: {base}/b/Geheim-1.",
        f'<a href="{base}/p/Geheim-2/session">De sessie</a>',
        f"{base}/b/Geheim-1",
        "https://t.me/dialoogbot?start=abc",
        f"{base}/o/Code-3",
    ]
    links = web_links_in(shown, base)
    assert links == [f"{base}/b/Geheim-1", f"{base}/p/Geheim-2/session", f"{base}/o/Code-3"]
    assert [page_kind(path_of(link, base)) for link in links] == [
        "board", "session", "organiser"
    ]  # fmt: skip
    assert page_kind("/") == "home" and page_kind("/i/x") == "invite"


async def test_the_demo_plays_in_the_evening_too(tmp_path: Path) -> None:
    # At 22:00 the quiet hours would hold the rounds and the summary until the morning.
    evening = dt.datetime(2026, 11, 24, 22, tzinfo=ZoneInfo("Europe/Amsterdam"))
    played = await play(
        tmp_path / "demo.db", ManualClock(evening), web_people=(), screenshots=False
    )
    assert played is not None, "the organiser did not receive the report"
    assert "Stille uren staan uit" in dict(played.transcripts)["Femke"]
