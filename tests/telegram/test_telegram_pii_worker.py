"""The bot with its personal-details worker: answers checked there, and it stops with the bot."""

from __future__ import annotations

from pathlib import Path

from bot.personal_details import new_guard, start_loading
from sandbox import scenario
from sandbox.world import World
from tests.conftest import daytime


def running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False


async def test_the_worker_checks_answers_and_stops_with_the_application(tmp_path: Path) -> None:
    guard = new_guard({})  # as the bot makes it
    start_loading(guard)
    assert await guard.wait_ready()
    pid = guard.pid
    assert pid is not None and running(pid)
    async with World(tmp_path / "g.db", guard=guard, clock=daytime()) as world:
        facilitator = world.admin()
        links = await scenario.create_session(facilitator)
        sanne = world.person("Sanne")
        await scenario.join(sanne, links.participant["parent"])
        await facilitator.send("/open")
        await sanne.send("Jan de Vries belde me op 06-12345678.")
        # The name is deduce's find: made in the worker process.
        assert "[naam] belde me op [telefoonnummer]." in sanne.last.text
        assert guard.trips >= 1
    assert not running(pid)
    assert guard.pid is None and not guard.ready
