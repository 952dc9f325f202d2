"""`make demo` plays a whole session without Telegram: it keeps working at every commit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from sandbox.clock import ManualClock
from sandbox.demo import play


async def test_the_demo_plays_a_whole_session_and_makes_the_report(tmp_path: Path) -> None:
    played = await play(tmp_path / "demo.db")
    assert played is not None, "the organiser did not receive the report"
    assert played.pdf.startswith(b"%PDF")
    assert "Afspraken" in played.html
    femke, *_, pieter = played.transcripts
    assert "bot: 🤝 Iemand heeft een afspraak overgenomen" in femke
    assert "Ahmed tapped: [✅ Ja, ik doe het]" in "\n\n".join(played.transcripts)
    assert "Het rapport om te printen (PDF)." in pieter


async def test_the_demo_plays_in_the_evening_too(tmp_path: Path) -> None:
    # At 22:00 the quiet hours would hold the rounds and the summary until the morning.
    evening = dt.datetime(2026, 11, 24, 22, tzinfo=ZoneInfo("Europe/Amsterdam"))
    played = await play(tmp_path / "demo.db", ManualClock(evening))
    assert played is not None, "the organiser did not receive the report"
    assert "Stille uren staan uit" in played.transcripts[0]
