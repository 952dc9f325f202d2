"""Running it: webhook mode with its secret, online backups, retention on a schedule."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import sys
from pathlib import Path

import aiohttp
from structlog.testing import capture_logs

from sandbox import scenario
from sandbox.world import World
from tests.conftest import daytime, dump, rows


async def test_webhook_mode_runs_a_session_and_refuses_a_wrong_secret(tmp_path: Path) -> None:
    async with World(tmp_path / "hook.db", webhook=True, clock=daytime()) as world:
        assert world.standin.webhook is not None
        assert world.standin.webhook["secret_token"] == world.webhook_secret
        facilitator = world.admin()
        links = await scenario.create_session(facilitator)
        sanne = world.person("Sanne")
        await scenario.join(sanne, links.participant["parent"])
        await facilitator.send("/open")
        update_id = world.standin.send_text(sanne.id, "Via de webhook")
        await world.settle()
        assert sanne.last.text.startswith("✓ Bewaard.")

        world.standin.redeliver(update_id)  # Telegram retries what it thinks failed
        await world.settle()
        assert sum(t.startswith("✓ Bewaard.") for t in sanne.texts) == 1

        before = dump(world.db_path)
        forged = {
            "update_id": 99_999,
            "message": {**sanne.messages[0].raw, "text": "/nieuw", "from": sanne.state.as_user()},
        }
        async with aiohttp.ClientSession() as client:
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "raden"}):
                async with client.post(world.webhook_url, json=forged, headers=headers) as answer:
                    assert answer.status == 403
        await world.settle()
        assert dump(world.db_path) == before
        assert rows(world.db_path, "SELECT * FROM inbox WHERE update_id = 99999") == []
    assert [r["body"] for r in rows(tmp_path / "hook.db", "SELECT body FROM contributions")] == [
        "Via de webhook"
    ]


async def test_a_backup_taken_while_running_restores_every_answer(
    world: World, tmp_path: Path
) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    people = [world.person(f"P{i}") for i in range(3)]
    for person in people:
        await scenario.join(person, links.participant["worker"])
    await facilitator.send("/open")
    for person in people:
        for number in range(5):
            await person.send(f"{person.name} antwoord {number}")
    copy = tmp_path / "kopie" / "dialoogbot.db"
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "app.cli", "backup", str(copy),
        env={"DIALOOGBOT_DB": str(world.db_path), "PATH": ""},
        stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    stdout, _ = await process.communicate()
    assert process.returncode == 0
    assert stdout.decode().startswith(f"Backup written to {copy}")
    with sqlite3.connect(copy) as restored:
        assert restored.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        bodies = sorted(b for (b,) in restored.execute("SELECT body FROM contributions"))
    assert bodies == sorted(f"{p.name} antwoord {n}" for p in people for n in range(5))
    # The copy is a working database: a bot started on it carries on.
    async with World(
        copy, first_update_id=world.standin.last_update_id + 1, clock=daytime()
    ) as restored_world:
        p0 = restored_world.person("P0", user_id=people[0].id)
        await p0.send("Na het terugzetten")
        assert p0.last.text == "✓ Bewaard. Je hebt nu 6 antwoorden gegeven bij “Wat ging goed?”."


async def test_retention_runs_on_a_schedule_and_logs_counts_only(world: World) -> None:
    assert world.app is not None and world.app.job_queue is not None
    (job,) = world.app.job_queue.get_jobs_by_name("retention")
    assert job.next_t is not None
    with capture_logs() as events:
        await job.run(world.app)
    (purge,) = [e for e in events if e["event"] == "retention_purge"]
    assert {k: purge[k] for k in ("sessions", "answers")} == {"sessions": 0, "answers": 0}
    assert all(isinstance(purge[k], int) for k in ("sessions", "answers", "inbox_rows"))
    json.dumps(purge)  # counts only, nothing that is not plain data


ROOT = Path(__file__).resolve().parents[2]


def test_env_example_lists_every_setting_the_readme_and_the_code_name() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", readme, flags=re.MULTILINE))
    config = (ROOT / "bot" / "config.py").read_text(encoding="utf-8")
    read = set(re.findall(r"\"((?:DIALOOGBOT|TELEGRAM)_[A-Z0-9_]+)\"", config))
    example = set(
        re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE)
    )
    assert "DIALOOGBOT_RETENTION_DAYS" in read  # the pattern finds what bot/config.py reads
    assert read <= documented, f"settings missing from README: {sorted(read - documented)}"
    assert documented <= example, f"missing from .env.example: {sorted(documented - example)}"
