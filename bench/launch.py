"""Run one of the benchmark bots as a process of its own, against a stand-in in this one.

Apart, the bot and the stand-in do not share one CPU's time slices, as they would not
in production (Telegram's servers are elsewhere).
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sandbox.standin import StandIn
from sandbox.world import ADMIN_ID


def _stat(pid: int) -> list[str]:
    """The fields of /proc/PID/stat after the command name (Linux)."""
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()


def family(pid: int) -> list[int]:
    """A process and all its descendants now: the bot with its worker processes."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parents[int(entry)] = int(_stat(int(entry))[1])
            except (FileNotFoundError, ProcessLookupError):
                continue  # ended while we looked
    found = [pid]
    for member in found:
        found += [child for child, parent in parents.items() if parent == member]
    return found


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process and its descendants used so far (Linux)."""
    total = 0
    for member in family(pid):
        try:
            fields = _stat(member)
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    """A port nothing listens on now, for a server a benchmark starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def meet(standin: StandIn, users: list[int]) -> None:
    """Make the users known to the stand-in, each having started the bot."""
    for user in [*users, ADMIN_ID]:
        standin.add_user(user, "Deelnemer")
        standin.users[user].started = True


@asynccontextmanager
async def bot_process(
    which: str,
    standin: StandIn,
    db_path: Path | None = None,
    extra_env: dict[str, str] | None = None,
) -> AsyncIterator[asyncio.subprocess.Process]:
    """`python -m bench.bots WHICH` talking to `standin`; stopped with SIGTERM on exit.

    BENCH_PROFILE (optional) is put before `-m`, e.g. "-m cProfile -o bot.prof".
    """
    env = {
        **os.environ,
        **(extra_env or {}),
        "TELEGRAM_BOT_TOKEN": standin.token,
        "TELEGRAM_API_BASE_URL": standin.base_url,
        "DIALOOGBOT_DB": str(db_path or ""),
        "DIALOOGBOT_ADMINS": str(ADMIN_ID),
        "DIALOOGBOT_PII_GUARD": "off",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *os.environ.get("BENCH_PROFILE", "").split(),
        "-m",
        "bench.bots",
        which,
        env=env,
        stderr=None if os.environ.get("BENCH_DEBUG") else asyncio.subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        await process.wait()
