"""The `dialoogbot` command: clear failure without a token, and a real run against the stand-in."""

from __future__ import annotations

import ast
import asyncio
import json
import os
import signal
import socket
import sys
from pathlib import Path

from sandbox import scenario
from sandbox.people import Person
from sandbox.standin import StandIn
from storage import Database

DIALOOGBOT = [sys.executable, "-m", "app.cli"]


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DIALOOGBOT_"))}
    return {**env, **extra}


async def run(*args: str, env: dict[str, str]) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        *DIALOOGBOT, *args, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    _, stderr = await process.communicate()
    return process.returncode or 0, stderr.decode()


async def test_run_without_a_token_says_what_to_set_and_exits_2() -> None:
    code, stderr = await run("run", env=clean_env())
    assert code == 2
    assert stderr.strip().splitlines() == [
        "dialoogbot: Set TELEGRAM_BOT_TOKEN to the token BotFather gave you (see .env.example)."
    ]


async def test_run_refuses_an_unknown_time_zone() -> None:
    code, stderr = await run(
        "run", env=clean_env(TELEGRAM_BOT_TOKEN="1:x", DIALOOGBOT_TZ="Europe/Nijmegen")
    )
    assert code == 2
    assert "DIALOOGBOT_TZ" in stderr


async def test_run_refuses_garbled_admin_ids() -> None:
    code, stderr = await run(
        "run", env=clean_env(TELEGRAM_BOT_TOKEN="1:x", DIALOOGBOT_ADMINS="12,abc")
    )
    assert code == 2
    assert "DIALOOGBOT_ADMINS" in stderr


async def test_the_real_process_runs_a_session_through_telegram_api_base_url(
    tmp_path: Path,
) -> None:
    standin = StandIn()
    await standin.start()
    env = clean_env(
        TELEGRAM_BOT_TOKEN=standin.token,
        TELEGRAM_API_BASE_URL=standin.base_url,
        DIALOOGBOT_DB=str(tmp_path / "run.db"),
        DIALOOGBOT_ADMINS="900",
        # deduce would build its lookup cache in this fresh data directory: minutes.
        DIALOOGBOT_PII_GUARD="off",
    )
    process = await asyncio.create_subprocess_exec(
        *DIALOOGBOT, "run", env=env, stderr=asyncio.subprocess.PIPE
    )
    assert process.stderr is not None
    # Read the log as it comes, so a full pipe never blocks the bot.
    log = asyncio.create_task(process.stderr.read())
    try:
        femke = Person(standin, 900, "Femke")
        sanne = Person(standin, 901, "Sanne")
        links = await scenario.create_session_waiting(femke, "Via de echte opstart", "Veiligheid")
        await scenario.join_waiting(sanne, links.participant["parent"])
        await scenario.quiet_hours_off_waiting(femke)
        await femke.send("/open")
        await sanne.wait_for("Ronde 1 van 3")
        await sanne.send("Via een echt proces")
        await sanne.wait_for("✓ Bewaard.")
        await femke.send("/sluit")
        await femke.wait_for("Ronde gesloten")
        await femke.send("/samenvatting")
        await femke.wait_for("De samenvatting gaat naar 1 persoon")
        await femke.press("Verstuur")
        await sanne.wait_for("Samenvatting: Via de echte opstart")
    finally:
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 30)
        stderr = await log
        await standin.stop()
    assert process.returncode == 0, stderr.decode()[-2000:]
    assert "Via een echt proces" not in stderr.decode(), "logs never hold people's words"


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # nobody listens there once it is closed


async def test_unreachable_telegram_is_one_clear_line_and_a_retry_until_sigterm(
    tmp_path: Path,
) -> None:
    env = clean_env(
        TELEGRAM_BOT_TOKEN="123:secret-token",
        TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{closed_port()}/bot",
        DIALOOGBOT_DB=str(tmp_path / "run.db"),
        DIALOOGBOT_PII_GUARD="off",
    )
    process = await asyncio.create_subprocess_exec(
        *DIALOOGBOT, "run", env=env, stderr=asyncio.subprocess.PIPE
    )
    assert process.stderr is not None
    lines: list[dict[str, object]] = []
    try:
        async with asyncio.timeout(30):
            while len(lines) < 2:  # the first try, and one retry after a second
                line = await process.stderr.readline()
                assert line, "the process stopped by itself"
                lines.append(json.loads(line))
    finally:
        process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(30):
            rest = (await process.stderr.read()).decode()
            await process.wait()
    assert process.returncode == 0
    assert [entry["event"] for entry in lines] == ["telegram_unreachable"] * 2
    assert [entry["retry_in_seconds"] for entry in lines] == [1.0, 2.0]
    assert "ConnectError" in str(lines[0]["error"])
    assert "Traceback" not in rest and "secret-token" not in rest + str(lines)
    assert [json.loads(line)["event"] for line in rest.splitlines()] == ["stopping"]


async def test_a_token_telegram_refuses_is_one_line_and_exit_2(tmp_path: Path) -> None:
    standin = StandIn()
    await standin.start()
    try:
        env = clean_env(
            TELEGRAM_BOT_TOKEN="999:not-the-token",
            TELEGRAM_API_BASE_URL=standin.base_url,
            DIALOOGBOT_DB=str(tmp_path / "run.db"),
            DIALOOGBOT_PII_GUARD="off",
        )
        code, stderr = await run("run", env=env)
    finally:
        await standin.stop()
    assert code == 2
    assert stderr.strip().splitlines()[-1] == (
        "dialoogbot: Telegram refused TELEGRAM_BOT_TOKEN; copy it again from BotFather."
    )
    assert "Traceback" not in stderr and "not-the-token" not in stderr


async def test_health_says_whether_the_database_opens_and_answers(tmp_path: Path) -> None:
    path = tmp_path / "health.db"
    env = clean_env(DIALOOGBOT_DB=str(path))
    code, stderr = await run("health", env=env)
    assert (code, stderr.strip()) == (1, f"dialoogbot: unhealthy: no database at {path} yet.")
    path.write_bytes(b"not a database, but a file with this name" * 100)
    code, stderr = await run("health", env=env)
    assert code == 1 and "does not answer" in stderr
    path.unlink()
    db = await Database.open(path)
    await db.close()
    assert await run("health", env=env) == (0, "")


def test_the_command_reaches_the_database_files_through_flows_only() -> None:
    """bot/ is the channel: the health check and the backup are flows', not storage's."""
    tree = ast.parse((Path(__file__).parents[2] / "app" / "cli.py").read_text())
    imported = {
        *(n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module),
        *(a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names),
    }
    assert {"flows.health", "flows.backup"} <= imported
    assert not [m for m in imported if m == "storage" or m.startswith("storage.")]
