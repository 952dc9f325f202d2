"""(a) Contributions per second through the whole bot, against a bare PTB echo bot.

Each bot talks HTTP to a local Bot API stand-in of its own, without Telegram's 30 a
second pacing, so what is measured is their own work: for the echo bot PTB's floor
(fetch the update, run a handler, send a reply), for Dialoogbot the same plus the
inbox, the personal-details check and the SQLite commit of each answer before its
acknowledgement.

The bots run side by side the whole time and take turns: a burst of answers to one,
then to the next, round after round. On a shared machine whose speed changes from
one minute to the next, bots measured seconds apart meet the same machine, so each
round gives a ratio of its own; the figure is their median.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.launch import bot_process, cpu_seconds, family, free_port, meet
from bench.measure import line, median, percentile
from bench.seed import seed
from sandbox.standin import StandIn
from sandbox.world import ADMIN_ID

PARTICIPANTS = 50
PER_PERSON = 10  # answers each participant sends in one burst
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "9"))
SEQUENTIAL = 20  # answers sent one at a time after each burst
BOTS = ("echo", "echo-buttons", "ours", "ours-deduce", "ours-web")
OURS = ("ours", "ours-deduce", "ours-web")

Key = tuple[int, int]  # chat, message id


def rss_of(pid: int, *, children: bool = True) -> float:
    """A process's resident memory now, with its descendants' (the guard's worker), in MB."""
    total = 0.0
    for member in family(pid) if children else [pid]:
        with open(f"/proc/{member}/status") as status:
            for row in status:
                if row.startswith("VmRSS:"):
                    total += int(row.split()[1]) / 1e3
    return total


class Acks:
    """When each message was sent, and when the bot's reply to it arrived."""

    def __init__(self, standin: StandIn) -> None:
        self.sent: dict[Key, float] = {}
        self.acked: dict[Key, float] = {}
        self.waiting: set[Key] = set()
        standin.on_call = self._seen

    def _seen(self, method: str, params: dict[str, Any]) -> None:
        reply = params.get("reply_parameters")
        if method == "sendMessage" and isinstance(reply, dict):
            key = (int(params["chat_id"]), int(reply["message_id"]))
            self.acked.setdefault(key, time.perf_counter())
            self.waiting.discard(key)

    def push(self, standin: StandIn, user_id: int, text: str) -> Key:
        standin.send_text(user_id, text)
        key = (user_id, max(standin.chat(user_id).messages))
        self.sent[key] = time.perf_counter()
        self.waiting.add(key)
        return key

    def latencies(self, keys: list[Key]) -> list[float]:
        return [self.acked[k] - self.sent[k] for k in keys]


@dataclass
class Bot:
    standin: StandIn
    users: list[int]
    pid: int
    acks: Acks
    rates: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)  # the bot's CPU time per answer
    burst_latency: list[float] = field(default_factory=list)
    idle_latency: list[float] = field(default_factory=list)
    rss_mb: float = 0.0  # resident memory after the last round, worker processes included
    rss_own_mb: float = 0.0  # the same, the bot's own process only
    web_url: str | None = None  # where it serves its web page, when it does


async def start(stack: AsyncExitStack, which: str, scratch: Path) -> Bot:
    """Start a bot as its own process, against a stand-in of its own in this one."""
    standin = StandIn()
    await standin.start()
    stack.push_async_callback(standin.stop)
    db_path = None
    users = list(range(200_000, 200_000 + PARTICIPANTS))
    if which in OURS:
        db_path = scratch / f"{which}.db"
        users = (await seed(db_path, PARTICIPANTS)).participant_ids
    meet(standin, users)
    web_url, env = None, {}
    if which == "ours-web":
        # The same bot with its web page served beside it (nobody visits it meanwhile).
        port = free_port()
        web_url = f"http://127.0.0.1:{port}"
        env = {"DIALOOGBOT_WEB_URL": web_url, "DIALOOGBOT_WEB_LISTEN": f"127.0.0.1:{port}"}
    kind = "ours" if which == "ours-web" else which
    process = await stack.enter_async_context(bot_process(kind, standin, db_path, env))
    if which in OURS:
        standin.send_text(ADMIN_ID, "/open")
        # With deduce, the bot polls once it has read deduce's cache (half a minute).
        async with asyncio.timeout(300):
            await standin.wait_until(lambda: all(standin.bot_messages(u) for u in users))
    return Bot(standin, users, process.pid, Acks(standin), web_url=web_url)


async def acknowledged(standin: StandIn, acks: Acks) -> None:
    async with asyncio.timeout(300):
        await standin.wait_until(lambda: not acks.waiting)


async def one_at_a_time(standin: StandIn, acks: Acks, users: list[int], count: int) -> list[float]:
    """Send `count` answers, each after the previous one was acknowledged; their latencies."""
    keys = []
    for n in range(count):
        keys.append(acks.push(standin, users[n % len(users)], f"Los antwoord {n}"))
        await acknowledged(standin, acks)
    return acks.latencies(keys)


async def turn(bot: Bot, round_no: int) -> None:
    """A burst of answers from everyone at once, then answers one at a time."""
    cpu_before = cpu_seconds(bot.pid)
    keys = [
        bot.acks.push(bot.standin, user, f"Antwoord {round_no}.{n}: het buurtteam kwam snel.")
        for n in range(PER_PERSON)
        for user in bot.users
    ]
    started = time.perf_counter()
    await acknowledged(bot.standin, bot.acks)
    bot.rates.append(len(keys) / (time.perf_counter() - started))
    bot.cpu_ms.append((cpu_seconds(bot.pid) - cpu_before) / len(keys) * 1000)
    bot.burst_latency += bot.acks.latencies(keys)
    bot.idle_latency += await one_at_a_time(bot.standin, bot.acks, bot.users, SEQUENTIAL)


def ratios(bot: Bot, baseline: Bot) -> list[float]:
    """Each round's ratio of the bot's rate to the baseline's."""
    return sorted(a / b for a, b in zip(bot.rates, baseline.rates, strict=True))


async def run() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as scratch:
        async with AsyncExitStack() as stack:
            bots = {which: await start(stack, which, Path(scratch)) for which in BOTS}
            for round_no in range(ROUNDS):
                # A different bot goes first each round: none always follows the same one.
                order = BOTS[round_no % len(BOTS) :] + BOTS[: round_no % len(BOTS)]
                for which in order:
                    await turn(bots[which], round_no)
            for bot in bots.values():
                bot.rss_mb = rss_of(bot.pid)
                bot.rss_own_mb = rss_of(bot.pid, children=False)
    echo, buttons, ours = bots["echo"], bots["echo-buttons"], bots["ours"]
    deduce, with_web = bots["ours-deduce"], bots["ours-web"]
    to_echo, to_buttons = ratios(ours, echo), ratios(ours, buttons)
    deduce_to_echo, web_to_echo = ratios(deduce, echo), ratios(with_web, echo)
    burst = PARTICIPANTS * PER_PERSON
    print(f"(a) answers through the whole bot: {ROUNDS} rounds, each bot in turn a burst of"
          f" {burst} answers from {PARTICIPANTS} people; each bot its own process")  # fmt: skip
    for bot, label in (
        (echo, "bare PTB echo bot (baseline)"),
        (buttons, "PTB echo bot, reply with our three buttons"),
        (ours, "Dialoogbot (check, store, commit, acknowledge)"),
        (deduce, "Dialoogbot with deduce loaded (as it runs for real)"),
        (with_web, "Dialoogbot with its web page served beside it"),
    ):
        line(label, f"{median(bot.rates):5.0f} msg/s (best {max(bot.rates):.0f})"
                    f"  CPU {median(bot.cpu_ms):.2f} ms/msg")  # fmt: skip
    line("ratio to the bare echo bot, median of rounds (>= 0.9)",
         f"{median(to_echo):5.2f}  ({to_echo[0]:.2f}-{to_echo[-1]:.2f})")  # fmt: skip
    line("with deduce: ratio to the bare echo bot (>= 0.9)",
         f"{median(deduce_to_echo):5.2f}  ({deduce_to_echo[0]:.2f}-{deduce_to_echo[-1]:.2f})")  # fmt: skip
    line("web page on: ratio to the bare echo bot (>= 0.9)",
         f"{median(web_to_echo):5.2f}  ({web_to_echo[0]:.2f}-{web_to_echo[-1]:.2f})")  # fmt: skip
    line("ratio to the echo bot with buttons, median of rounds",
         f"{median(to_buttons):5.2f}  ({to_buttons[0]:.2f}-{to_buttons[-1]:.2f})")  # fmt: skip
    line("acknowledgement latency, one at a time p50/p95",
         f"{percentile(ours.idle_latency, 0.5) * 1000:5.1f} / "
         f"{percentile(ours.idle_latency, 0.95) * 1000:.1f} ms  (echo "
         f"{percentile(echo.idle_latency, 0.5) * 1000:.1f} / "
         f"{percentile(echo.idle_latency, 0.95) * 1000:.1f} ms)")  # fmt: skip
    line("acknowledgement latency in the burst p50/p95",
         f"{percentile(ours.burst_latency, 0.5) * 1000:5.0f} / "
         f"{percentile(ours.burst_latency, 0.95) * 1000:.0f} ms  (echo "
         f"{percentile(echo.burst_latency, 0.5) * 1000:.0f} / "
         f"{percentile(echo.burst_latency, 0.95) * 1000:.0f} ms)")  # fmt: skip
    line("with deduce: acknowledgement latency, one at a time p50/p95",
         f"{percentile(deduce.idle_latency, 0.5) * 1000:5.1f} / "
         f"{percentile(deduce.idle_latency, 0.95) * 1000:.1f} ms")  # fmt: skip
    line("memory (RSS): echo bot / Dialoogbot / with deduce (bot + worker)",
         f"{echo.rss_mb:5.0f} / {ours.rss_mb:.0f} / {deduce.rss_mb:.0f} MB"
         f" ({deduce.rss_own_mb:.0f} + {deduce.rss_mb - deduce.rss_own_mb:.0f})")  # fmt: skip
    return {
        "ratio_web": median(web_to_echo),
        "ratio_deduce": median(deduce_to_echo),
        "rss_ours": ours.rss_mb,
        "rss_deduce": deduce.rss_mb,
        "ratio": median(to_echo),
        "ratio_buttons": median(to_buttons),
        "ours": median(ours.rates),
        "echo": median(echo.rates),
        "echo_buttons": median(buttons.rates),
    }
