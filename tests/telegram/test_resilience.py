"""Duplicates and crashes: one effect per update, and nothing lost when the bot is killed."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from sandbox import scenario
from sandbox.people import Person
from sandbox.standin import StandIn
from sandbox.world import World
from tests.conftest import rows

DIALOOGBOT = [sys.executable, "-m", "app.cli", "run"]


async def parent_in_open_round(world: World) -> Person:
    """Sanne, a parent who joined a session whose first round is open."""
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    sanne = world.person("Sanne")
    await scenario.join(sanne, links.participant["parent"])
    await facilitator.send("/open")
    return sanne


async def test_the_same_update_delivered_twice_has_one_effect(world: World) -> None:
    sanne = await parent_in_open_round(world)
    update_id = world.standin.send_text(sanne.id, "Maar één keer")
    await world.settle()
    await world.stop_bot()
    world.standin.redeliver(update_id)  # a restart before Telegram heard it was handled
    await world.start_bot()
    await world.settle()
    assert [r["body"] for r in rows(world.db_path, "SELECT body FROM contributions")] == [
        "Maar één keer"
    ]
    assert sum(t.startswith("✓ Bewaard.") for t in sanne.texts) == 1


async def test_a_handled_message_leaves_only_its_id_in_the_inbox(world: World) -> None:
    sanne = await parent_in_open_round(world)
    await sanne.send("Iets over mijn zoon")
    for _ in range(100):  # marks go with the next fetch, or a second later
        if not rows(world.db_path, "SELECT 1 FROM inbox WHERE payload IS NOT NULL"):
            break
        await asyncio.sleep(0.05)
    assert rows(world.db_path, "SELECT 1 FROM inbox WHERE payload IS NOT NULL") == []
    assert rows(world.db_path, "SELECT 1 FROM inbox WHERE handled_at IS NULL") == []


async def test_stopping_commits_every_handled_mark(world: World) -> None:
    sanne = world.person("Sanne")
    await sanne.send("/start")
    await world.stop_bot()
    assert rows(world.db_path, "SELECT 1 FROM inbox WHERE handled_at IS NULL") == []
    await world.start_bot()  # the fixture stops it again


def bot_env(standin: StandIn, db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DIALOOGBOT_"))}
    return {
        **env,
        "TELEGRAM_BOT_TOKEN": standin.token,
        "TELEGRAM_API_BASE_URL": standin.base_url,
        "DIALOOGBOT_DB": str(db),
        "DIALOOGBOT_ADMINS": "900",
        "DIALOOGBOT_PII_GUARD": "off",
    }


async def start_bot(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        *DIALOOGBOT, env=env, stderr=asyncio.subprocess.DEVNULL
    )


async def test_a_kill_during_a_burst_loses_no_answer_and_stores_none_twice(
    tmp_path: Path,
) -> None:
    standin = StandIn()
    await standin.start()
    env = bot_env(standin, tmp_path / "crash.db")
    bot = await start_bot(env)
    try:
        femke = Person(standin, 900, "Femke")
        links = await scenario.create_session_waiting(femke, "Crashtest", "Veiligheid")
        people = [Person(standin, 3000 + i, f"P{i}") for i in range(12)]
        worker = links.participant["worker"]
        await asyncio.gather(
            *(
                scenario.join_waiting(p, worker, appear="Anoniem", wants_summary=False)
                for p in people
            )
        )
        await scenario.quiet_hours_off_waiting(femke)
        await femke.send("/open")
        await asyncio.gather(*(p.wait_for("Ronde 1 van 3") for p in people))

        sent: dict[int, list[int]] = {p.id: [] for p in people}
        for number in range(25):
            for person in people:
                standin.send_text(person.id, f"{person.name} zegt {number}")
                sent[person.id].append(max(standin.chat(person.id).messages))

        def acknowledged() -> int:
            return sum(1 for p in people for m in p.messages if m.reply_to is not None)

        await standin.wait_until(lambda: acknowledged() >= 100)
        bot.send_signal(signal.SIGKILL)
        await bot.wait()
        before_restart = acknowledged()
        assert before_restart < 300, "the kill must land in the middle of the burst"

        def missing() -> int:
            return sum(
                len(set(sent[p.id]) - {m.reply_to for m in p.messages if m.reply_to})
                for p in people
            )

        bot = await start_bot(env)
        # Every message gets its acknowledgement; some may get a second one after the replay.
        async with asyncio.timeout(60):
            await standin.wait_until(lambda: missing() == 0)
    finally:
        if bot.returncode is None:
            bot.send_signal(signal.SIGTERM)
            await bot.wait()
        await standin.stop()
    stored = rows(tmp_path / "crash.db", "SELECT body, source_ref FROM contributions")
    assert len(stored) == 300
    assert len({r["source_ref"] for r in stored}) == 300
    assert sorted(r["body"] for r in stored) == sorted(
        f"{p.name} zegt {n}" for p in people for n in range(25)
    )
    print(f"\nkilled after {before_restart} of 300 acknowledgements; all 300 stored once")
