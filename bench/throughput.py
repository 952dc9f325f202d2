"""(a) Contributions per second through the whole bot, against a bare PTB echo bot.

Both talk HTTP to the same local Bot API stand-in; both run without Telegram's 30 a
second pacing, so what is measured is their own work: for the echo bot PTB's floor
(fetch the update, run a handler, send a reply), for Dialoogbot the same plus the
inbox, the access check, the personal-details check and the SQLite commit of each
answer before its acknowledgement.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.measure import line, percentile
from bench.seed import seed
from sandbox.standin import StandIn
from sandbox.world import ADMIN_ID

PARTICIPANTS = 50
PER_PERSON = 20
SEQUENTIAL = 150


@dataclass
class Run:
    rate: float
    burst_p50: float
    burst_p95: float
    idle_p50: float
    idle_p95: float


class Acks:
    """When each message was sent, and when the bot's reply to it arrived."""

    def __init__(self, standin: StandIn) -> None:
        self.sent: dict[tuple[int, int], float] = {}
        self.acked: dict[tuple[int, int], float] = {}
        standin.on_call = self._seen

    def _seen(self, method: str, params: dict[str, Any]) -> None:
        reply = params.get("reply_parameters")
        if method == "sendMessage" and isinstance(reply, dict):
            key = (int(params["chat_id"]), int(reply["message_id"]))
            self.acked.setdefault(key, time.perf_counter())

    def push(self, standin: StandIn, user_id: int, text: str) -> tuple[int, int]:
        standin.send_text(user_id, text)
        key = (user_id, max(standin.chat(user_id).messages))
        self.sent[key] = time.perf_counter()
        return key

    def latencies(self, keys: list[tuple[int, int]]) -> list[float]:
        return [self.acked[k] - self.sent[k] for k in keys]


async def drive(standin: StandIn, users: list[int]) -> Run:
    """A burst of answers from everyone at once, then answers one at a time."""
    acks = Acks(standin)
    keys = [
        acks.push(standin, user, f"Antwoord {n}: het buurtteam kwam snel langs.")
        for n in range(PER_PERSON)
        for user in users
    ]
    start = time.perf_counter()
    async with asyncio.timeout(300):
        await standin.wait_until(lambda: all(k in acks.acked for k in keys))
    rate = len(keys) / (time.perf_counter() - start)
    burst = acks.latencies(keys)
    single = []
    for n in range(SEQUENTIAL):
        key = acks.push(standin, users[n % len(users)], f"Los antwoord {n}")
        async with asyncio.timeout(30):
            await standin.wait_until(lambda key=key: key in acks.acked)
        single.append(key)
    idle = acks.latencies(single)
    return Run(rate, percentile(burst, 0.5), percentile(burst, 0.95),
               percentile(idle, 0.5), percentile(idle, 0.95))  # fmt: skip


async def in_process(which: str, db_path: Path | None, users: list[int]) -> Run:
    """Start the bot as its own process against a stand-in here, and drive it."""
    standin = StandIn()
    await standin.start()
    for user in [*users, ADMIN_ID]:
        standin.add_user(user, "Deelnemer")
        standin.users[user].started = True
    env = {
        **os.environ,
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
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        if which == "ours":
            standin.send_text(ADMIN_ID, "/open")
            async with asyncio.timeout(60):
                await standin.wait_until(
                    lambda: all(standin.bot_messages(u) for u in users)  # the questions
                )
        return await drive(standin, users)
    finally:
        process.send_signal(signal.SIGTERM)
        await process.wait()
        await standin.stop()


async def run() -> dict[str, float]:
    echo_users = list(range(200_000, 200_000 + PARTICIPANTS))
    echo, ours = [], []
    with tempfile.TemporaryDirectory() as scratch:
        for attempt in range(2):
            echo.append(await in_process("echo", None, echo_users))
            db_path = Path(scratch) / f"bench{attempt}.db"
            seeded = await seed(db_path, PARTICIPANTS)
            ours.append(await in_process("ours", db_path, seeded.participant_ids))
    best_echo = max(echo, key=lambda r: r.rate)
    best_ours = max(ours, key=lambda r: r.rate)
    ratio = best_ours.rate / best_echo.rate
    print(f"(a) answers through the whole bot, {PARTICIPANTS * PER_PERSON} in one burst, each bot"
          " its own process (best of 2)")  # fmt: skip
    line("bare PTB echo bot (baseline)", f"{best_echo.rate:7.0f} msg/s")
    line("Dialoogbot (store, commit, acknowledge)", f"{best_ours.rate:7.0f} msg/s")
    line("ratio (target >= 0.9)", f"{ratio:7.2f}")
    line("acknowledgement latency, one at a time p50/p95",
         f"{best_ours.idle_p50 * 1000:5.1f} / {best_ours.idle_p95 * 1000:5.1f} ms"
         f"  (echo {best_echo.idle_p50 * 1000:.1f} / {best_echo.idle_p95 * 1000:.1f} ms)")  # fmt: skip
    line("acknowledgement latency in the burst p50/p95",
         f"{best_ours.burst_p50 * 1000:5.0f} / {best_ours.burst_p95 * 1000:5.0f} ms"
         f"  (echo {best_echo.burst_p50 * 1000:.0f} / {best_echo.burst_p95 * 1000:.0f} ms)")  # fmt: skip
    return {"ratio": ratio, "ours": best_ours.rate, "echo": best_echo.rate}
