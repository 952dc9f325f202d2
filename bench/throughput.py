"""(a) Contributions per second through the whole bot, against a bare PTB echo bot.

Both talk HTTP to the same local Bot API stand-in; both run without Telegram's 30 a
second pacing, so what is measured is their own work: for the echo bot PTB's floor
(fetch the update, run a handler, send a reply), for Dialoogbot the same plus the
inbox, the access check, the personal-details check and the SQLite commit of each
answer before its acknowledgement.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.launch import bot_process, cpu_seconds, meet
from bench.measure import line, percentile
from bench.seed import seed
from sandbox.standin import StandIn
from sandbox.world import ADMIN_ID

PARTICIPANTS = 50
PER_PERSON = 20
SEQUENTIAL = 150
ATTEMPTS = 5


@dataclass
class Run:
    rate: float
    cpu_ms: float  # the bot process's CPU time per answer in the burst
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


async def one_at_a_time(standin: StandIn, acks: Acks, users: list[int], count: int) -> list[float]:
    """Send `count` answers, each after the previous one was acknowledged; their latencies."""
    keys = []
    for n in range(count):
        key = acks.push(standin, users[n % len(users)], f"Los antwoord {n}")
        async with asyncio.timeout(30):
            await standin.wait_until(lambda key=key: key in acks.acked)
        keys.append(key)
    return acks.latencies(keys)


async def drive(standin: StandIn, users: list[int], pid: int) -> Run:
    """A burst of answers from everyone at once, then answers one at a time."""
    acks = Acks(standin)
    cpu_before = cpu_seconds(pid)
    keys = [
        acks.push(standin, user, f"Antwoord {n}: het buurtteam kwam snel langs.")
        for n in range(PER_PERSON)
        for user in users
    ]
    start = time.perf_counter()
    async with asyncio.timeout(300):
        await standin.wait_until(lambda: all(k in acks.acked for k in keys))
    rate = len(keys) / (time.perf_counter() - start)
    cpu_ms = (cpu_seconds(pid) - cpu_before) / len(keys) * 1000
    burst = acks.latencies(keys)
    idle = await one_at_a_time(standin, acks, users, SEQUENTIAL)
    return Run(rate, cpu_ms, percentile(burst, 0.5), percentile(burst, 0.95),
               percentile(idle, 0.5), percentile(idle, 0.95))  # fmt: skip


async def in_process(which: str, db_path: Path | None, users: list[int]) -> Run:
    """Start the bot as its own process against a stand-in here, and drive it."""
    standin = StandIn()
    await standin.start()
    meet(standin, users)
    try:
        async with bot_process(which, standin, db_path) as process:
            if which == "ours":
                standin.send_text(ADMIN_ID, "/open")
                async with asyncio.timeout(60):
                    await standin.wait_until(
                        lambda: all(standin.bot_messages(u) for u in users)  # the questions
                    )
            return await drive(standin, users, process.pid)
    finally:
        await standin.stop()


async def run() -> dict[str, float]:
    echo_users = list(range(200_000, 200_000 + PARTICIPANTS))
    runs: dict[str, list[Run]] = {"echo": [], "echo-buttons": [], "ours": []}
    with tempfile.TemporaryDirectory() as scratch:
        for attempt in range(ATTEMPTS):
            for which in ("echo", "echo-buttons"):
                runs[which].append(await in_process(which, None, echo_users))
            db_path = Path(scratch) / f"bench{attempt}.db"
            seeded = await seed(db_path, PARTICIPANTS)
            runs["ours"].append(await in_process("ours", db_path, seeded.participant_ids))
    echo, buttons, ours = (max(runs[w], key=lambda r: r.rate) for w in runs)
    ratio = ours.rate / echo.rate
    # Each attempt's own ratio: the runs next to each other share the machine's mood.
    paired = sorted(o.rate / e.rate for o, e in zip(runs["ours"], runs["echo"], strict=True))
    print(f"(a) answers through the whole bot, {PARTICIPANTS * PER_PERSON} in one burst from"
          f" {PARTICIPANTS} people; each bot its own process (best of {ATTEMPTS}, alternating)")  # fmt: skip
    line("bare PTB echo bot (baseline)", f"{echo.rate:7.0f} msg/s  CPU {echo.cpu_ms:.2f} ms/msg")
    line("PTB echo bot, reply with our three buttons",
         f"{buttons.rate:7.0f} msg/s  CPU {buttons.cpu_ms:.2f} ms/msg")  # fmt: skip
    line("Dialoogbot (check, store, commit, acknowledge)",
         f"{ours.rate:7.0f} msg/s  CPU {ours.cpu_ms:.2f} ms/msg")  # fmt: skip
    line("ratio to the bare echo bot (target >= 0.9)", f"{ratio:7.2f}")
    line("ratio to the echo bot with buttons", f"{ours.rate / buttons.rate:7.2f}")
    line("ratio within each attempt, median (lowest-highest)",
         f"{statistics.median(paired):7.2f}  ({paired[0]:.2f}-{paired[-1]:.2f})")  # fmt: skip
    line("acknowledgement latency, one at a time p50/p95",
         f"{ours.idle_p50 * 1000:5.1f} / {ours.idle_p95 * 1000:5.1f} ms"
         f"  (echo {echo.idle_p50 * 1000:.1f} / {echo.idle_p95 * 1000:.1f} ms)")  # fmt: skip
    line("acknowledgement latency in the burst p50/p95",
         f"{ours.burst_p50 * 1000:5.0f} / {ours.burst_p95 * 1000:5.0f} ms"
         f"  (echo {echo.burst_p50 * 1000:.0f} / {echo.burst_p95 * 1000:.0f} ms)")  # fmt: skip
    return {
        "ratio": ratio,
        "paired_median": statistics.median(paired),
        "ours": ours.rate,
        "echo": echo.rate,
        "echo_buttons": buttons.rate,
    }
