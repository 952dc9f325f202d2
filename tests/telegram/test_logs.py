"""Logs are JSON lines with ids and counts, never people's words, names or invite codes."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import structlog

from bot import logs
from flows import overview
from sandbox import scenario
from sandbox.world import World
from storage.rounds import Contributions
from tests.conftest import daytime


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    buffer = io.StringIO()
    logs.configure("DEBUG", stream=buffer)  # even at DEBUG
    yield buffer
    structlog.reset_defaults()
    logging.getLogger().handlers = []


async def test_a_whole_session_logs_no_words_names_or_codes(
    tmp_path: Path, captured: io.StringIO
) -> None:
    secrets_seen: list[str] = []
    async with World(tmp_path / "logs.db", clock=daytime()) as world:
        facilitator = world.admin("Femke")
        links = await scenario.create_session(facilitator, "Evaluatie gezin Jansen")
        secrets_seen += [*links.participant.values(), links.organiser]
        sanne, ahmed = world.person("Sanne"), world.person("Ahmed")
        await scenario.join(sanne, links.participant["parent"])
        await scenario.join(
            ahmed, links.participant["worker"], appear="zelfgekozen", pseudonym="Zwaluw"
        )
        organiser = world.person("Pieter")
        await organiser.open_link(links.organiser)
        await sanne.send("/start nietbestaandecode123")
        words = {
            sanne: ["Mijn zoon kreeg eindelijk hulp", "Het wachten deed pijn"],
            ahmed: ["Korte lijnen met school", "Te veel formulieren"],
        }
        for round_index in range(2):
            await facilitator.send("/open")
            for person, said in words.items():
                await person.send(said[round_index])
            await facilitator.send("/sluit")
        await sanne.send_media("voice")
        await scenario.add_action(facilitator, "Bel de school terug", "buurtteam", "2 weken")
        await facilitator.send("/samenvatting")
        await facilitator.press("Verstuur")
        ids = [str(p.id) for p in (facilitator, sanne, ahmed, organiser)]
    forbidden = [
        *secrets_seen,
        *(link.split("start=")[1] for link in secrets_seen),
        "nietbestaandecode123",
        *(w for said in words.values() for w in said),
        "Bel de school terug",
        "Evaluatie gezin Jansen",
        "Femke", "Sanne", "Ahmed", "Pieter", "Zwaluw",
    ]  # fmt: skip
    lines = captured.getvalue().splitlines()
    assert len(lines) > 20
    events = [json.loads(line) for line in lines]  # every line is one JSON object
    text = captured.getvalue()
    leaks = [secret for secret in forbidden if secret in text]
    # Telegram ids as whole numbers (not inside a timestamp's microseconds).
    leaks += [i for i in ids if re.search(rf"(?<![\d.]){i}(?!\d)", text)]
    assert leaks == []
    names = {e["event"] for e in events}
    assert {
        "session_created",
        "consent_given",
        "answer_stored",
        "round_opened",
        "summary_sent",
    } <= names
    stored = [e for e in events if e["event"] == "answer_stored"]
    assert all(
        isinstance(e["update_id"], int) and isinstance(e["session_id"], int) for e in stored
    )


async def test_a_failing_handler_is_logged_and_the_person_told(
    tmp_path: Path, captured: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with World(tmp_path / "err.db", clock=daytime()) as world:
        sanne = world.person("Sanne")

        async def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("the database fell over")

        monkeypatch.setattr(overview, "whereabouts", broken)
        await sanne.send("/help")
        assert sanne.last.text.startswith("Sorry, er ging bij ons iets mis.")
        monkeypatch.undo()
        await sanne.send("/help")
        assert sanne.last.text.startswith("Waar ben je nu?")
    failures = [
        json.loads(line) for line in captured.getvalue().splitlines() if "handler_failed" in line
    ]
    assert [(f["level"], f["error"]) for f in failures] == [("error", "RuntimeError")]
    assert isinstance(failures[0]["update_id"], int)


async def test_a_failing_answer_leaves_no_words_or_ids_in_the_log(
    tmp_path: Path, captured: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tracebacks carry types and frames only: a frame's locals hold the words being stored."""
    words = "Mijn zoon Daan de Vries, BSN 111222333, bel 0612345678"
    async with World(tmp_path / "fail.db", clock=daytime()) as world:
        facilitator = world.admin("Femke")
        links = await scenario.create_session(facilitator)
        sanne = world.person("Sanne")
        await scenario.join(sanne, links.participant["parent"])
        await facilitator.send("/open")

        async def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("disk I/O error")

        monkeypatch.setattr(Contributions, "add_each_to_only_open_round", broken)
        monkeypatch.setattr(Contributions, "add", broken)
        await sanne.send(words)
        assert sanne.last.text.startswith("Sorry, er ging bij ons iets mis.")
        ids = [str(p.id) for p in (facilitator, sanne)]
    text = captured.getvalue()
    failures = [json.loads(line) for line in text.splitlines() if "handler_failed" in line]
    assert failures and failures[0]["exception"][0]["exc_type"] == "RuntimeError"
    assert failures[0]["exception"][0]["frames"]  # still useful: where it failed
    forbidden = [
        "Daan", "Vries", "111222333", "0612345678", "Sanne", "Femke",
        *links.participant.values(), links.organiser,
        *(link.split("start=")[1] for link in links.participant.values()),
    ]  # fmt: skip
    assert [secret for secret in forbidden if secret in text] == []
    assert [i for i in ids if re.search(rf"(?<![\d.]){i}(?!\d)", text)] == []
