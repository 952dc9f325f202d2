"""`make demo` plays a whole session without Telegram: it keeps working at every commit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sandbox.clock import ManualClock
from sandbox.demo import play, run_demo

SUMMARY_TITLE = "Samenvatting: Evaluatie Buurtteams Jeugd en Gezin — Oost"


async def test_the_demo_plays_a_whole_session_and_makes_the_report(tmp_path: Path) -> None:
    played = await play(tmp_path / "demo.db")
    assert played is not None, "the organiser did not receive the report"
    assert played.pdf.startswith(b"%PDF")
    assert "Afspraken" in played.html
    screens = dict(played.transcripts)
    assert "bot: 🤝 Iemand heeft een afspraak overgenomen" in screens["Femke"]
    assert "Ahmed tapped: [✅ Ja, ik doe het]" in screens["Ahmed"]
    assert "Het rapport om te printen (PDF)." in screens["Pieter"]


async def test_the_conversation_is_told_once_in_the_order_it_happened(tmp_path: Path) -> None:
    played = await play(tmp_path / "demo.db")
    assert played is not None
    lines = played.conversation.splitlines()
    # The summary went to the facilitator and six people: it is written out once.
    assert sum(SUMMARY_TITLE in line for line in lines) == 1
    assert sum("(the same message as to Femke)" in line for line in lines) == 6

    def first(fragment: str) -> int:
        return next(i for i, line in enumerate(lines) if fragment in line)

    # What a tap changed comes after the tap, also when the bot edits an earlier message.
    assert first("Femke tapped [🌙 Stille uren uitzetten]") < first("Stille uren staan uit")
    assert first("Ahmed tapped [✅ Ja, ik doe het]") < first("Iemand heeft een afspraak")
    assert first("Femke: /nieuw") < first("Sanne: /start") < first("Femke: /open")
    assert len(lines) < 700  # it was about 1,000 lines when each person's screen was printed


def test_make_demo_prints_the_conversation_and_writes_each_screen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_demo(str(tmp_path)) == 0
    printed = capsys.readouterr().out
    assert printed.count(SUMMARY_TITLE) == 1
    assert (tmp_path / "rapport.pdf").read_bytes().startswith(b"%PDF")
    screens = sorted(p.name for p in (tmp_path / "transcripts").iterdir())
    assert screens == [
        "ahmed.txt", "femke.txt", "joke.txt", "kees.txt", "lotte.txt", "mo.txt", "pieter.txt",
        "rik.txt", "sanne.txt",
    ]  # fmt: skip
    assert SUMMARY_TITLE in (tmp_path / "transcripts" / "sanne.txt").read_text(encoding="utf-8")


async def test_the_demo_plays_in_the_evening_too(tmp_path: Path) -> None:
    # At 22:00 the quiet hours would hold the rounds and the summary until the morning.
    evening = dt.datetime(2026, 11, 24, 22, tzinfo=ZoneInfo("Europe/Amsterdam"))
    played = await play(tmp_path / "demo.db", ManualClock(evening))
    assert played is not None, "the organiser did not receive the report"
    assert "Stille uren staan uit" in dict(played.transcripts)["Femke"]
