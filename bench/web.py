"""(d) Answers per second posted through the web page into the whole bot, against a bare
Starlette endpoint that stores the same row, in the same run.

Both servers run as processes of their own (bench/launch.py), each on its own copy of a
seeded database with one round open; this process plays the browsers. PARTICIPANTS people
join the bot's session through its web invite (their own HTTP client, cookie and form
token), then in each turn every one of them posts PER_PERSON answers, one form after
another as a browser does, all people at once. The bare endpoint gets the same posts (the
same fields and cookie, the same size). As in (a), the two servers take turns round after
round, and the figure is the median of the rounds' own ratios.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import sqlite3
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.launch import bot_process, cpu_seconds, free_port, meet
from bench.measure import line, median, percentile
from bench.seed import CLOCK, seed
from flows import sessions
from flows.model import Perspective
from sandbox.standin import StandIn
from sandbox.web_people import KEEP_ALIVE, WebPerson
from storage import Database

PARTICIPANTS = 50
PER_PERSON = 10  # answers each participant posts in one turn, one after another
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "9"))
STARTUP_LIMIT = 60.0


@dataclass(frozen=True)
class Poster:
    """One person's browser with the answer form open."""

    http: httpx.AsyncClient
    path: str  # where the form posts
    token: str  # its hidden form token (it goes with the client's cookie)


@dataclass
class Server:
    pid: int
    url: str
    db_path: Path
    posters: list[Poster] = field(default_factory=list)
    rates: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)  # the server's CPU time per answer
    # This process's CPU time per answer: the browsers' side (httpx), to see which side
    # was the bottleneck.
    client_ms: list[float] = field(default_factory=list)
    latency: list[float] = field(default_factory=list)
    posted: int = 0


async def open_round(db_path: Path, session_id: int) -> int:
    """Open the session's first round; its id."""
    db = await Database.open(db_path)
    try:
        return (await sessions.open_next_round(db, CLOCK, session_id)).round.id
    finally:
        await db.close()


async def answering(url: str, path: str) -> None:
    """Wait until the server at `url` answers `path` (anything but a refused connection)."""
    async with asyncio.timeout(STARTUP_LIMIT), httpx.AsyncClient() as http:
        while True:
            try:
                await http.get(url + path)
                return
            except httpx.TransportError:
                await asyncio.sleep(0.1)


@asynccontextmanager
async def bare_process(db_path: Path, round_id: int, listen: str) -> AsyncIterator[int]:
    """`python -m bench.bare_web` on `listen`; stopped with SIGTERM on exit."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.bare_web", str(db_path), str(round_id), listen,
        stderr=None if os.environ.get("BENCH_DEBUG") else asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    try:
        yield process.pid
    finally:
        process.terminate()
        await process.wait()


async def launch_ours(stack: AsyncExitStack, scratch: Path) -> tuple[Server, dict[str, str]]:
    """The whole bot with its web page on, as `dialoogbot run` runs it (the guard's own
    checks without deduce, as in (a)), against a stand-in of its own; nobody joined yet.
    With the session's invite codes per perspective."""
    db_path = scratch / "ours-web.db"
    seeded = await seed(db_path, 0)
    await open_round(db_path, seeded.session_id)
    standin = StandIn()
    await standin.start()
    stack.push_async_callback(standin.stop)
    meet(standin, [])
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    web = {"DIALOOGBOT_WEB_URL": url, "DIALOOGBOT_WEB_LISTEN": f"127.0.0.1:{port}"}
    process = await stack.enter_async_context(bot_process("ours", standin, db_path, web))
    await answering(url, "/healthz")
    return Server(process.pid, url, db_path), seeded.participant_codes


async def start_ours(stack: AsyncExitStack, scratch: Path, people: int) -> Server:
    """The bot with its web page, and `people` who joined through its web invites."""
    server, codes = await launch_ours(stack, scratch)
    server.posters = [
        await join_on_the_web(stack, server.url, codes, index) for index in range(people)
    ]
    return server


async def join_on_the_web(
    stack: AsyncExitStack, url: str, codes: dict[str, str], index: int
) -> Poster:
    """Open a web invite (the four perspectives in turn) and say yes, as a browser would."""
    order = list(Perspective)
    person = await stack.enter_async_context(WebPerson(url, f"Deelnemer{index}"))
    await person.join(codes[str(order[index % len(order)].value)])
    return Poster(person.http, f"/p/{person.secret}/answer", person.token)


async def start_bare(
    stack: AsyncExitStack, scratch: Path, people: int, like: Poster | None = None
) -> Server:
    """The bare endpoint on a database seeded the same way with `people` already in; its
    posters send what `like` sends: the same fields, a cookie and token of the same size."""
    db_path = scratch / "bare-web.db"
    seeded = await seed(db_path, people)
    round_id = await open_round(db_path, seeded.session_id)
    with sqlite3.connect(db_path) as conn:
        ids = [
            row[0]
            for row in conn.execute(
                "SELECT id FROM participants WHERE session_id = ? ORDER BY id",
                (seeded.session_id,),
            )
        ]
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    pid = await stack.enter_async_context(bare_process(db_path, round_id, f"127.0.0.1:{port}"))
    await answering(url, "/")
    server = Server(pid, url, db_path)
    cookie = (like.http.cookies.get("csrftoken") if like else None) or _same_size("x" * 88)
    token = like.token if like else cookie
    for participant_id in ids:
        http = httpx.AsyncClient(
            base_url=url, cookies={"csrftoken": _same_size(cookie)}, limits=KEEP_ALIVE
        )
        stack.push_async_callback(http.aclose)
        path = f"/p/{participant_id}/answer"
        server.posters.append(Poster(http, path, _same_size(token)))
    return server


def _same_size(text: str) -> str:
    return secrets.token_urlsafe(len(text))[: len(text)]


async def turn(server: Server, round_no: int, per_person: int = PER_PERSON) -> None:
    """Everyone posts their answers at once, each one after another."""
    cpu_before, client_before = cpu_seconds(server.pid), time.process_time()
    latencies: list[float] = []

    async def one_person(poster: Poster) -> None:
        for n in range(per_person):
            fields = {
                "text": f"Antwoord {round_no}.{n}: het buurtteam kwam snel.",
                "nonce": f"{round_no}-{n}",
                "csrftoken": poster.token,
            }
            sent = time.perf_counter()
            answer = await poster.http.post(poster.path, data=fields)
            if answer.status_code != 303:
                raise RuntimeError(f"an answer was refused: {answer.status_code}")
            latencies.append(time.perf_counter() - sent)

    started = time.perf_counter()
    await asyncio.gather(*(one_person(poster) for poster in server.posters))
    elapsed = time.perf_counter() - started
    count = len(latencies)
    server.posted += count
    server.rates.append(count / elapsed)
    server.cpu_ms.append((cpu_seconds(server.pid) - cpu_before) / count * 1000)
    server.client_ms.append((time.process_time() - client_before) / count * 1000)
    server.latency += latencies


def stored(db_path: Path) -> int:
    """How many answers the database holds (read after the server stopped)."""
    with sqlite3.connect(db_path) as conn:
        return int(conn.execute("SELECT count(*) FROM contributions").fetchone()[0])


def report(ours: Server, bare: Server, ours_stored: int, bare_stored: int) -> dict[str, float]:
    ratios = sorted(a / b for a, b in zip(ours.rates, bare.rates, strict=True))
    people, rounds = len(ours.posters), len(ours.rates)
    print(f"(d) answers posted through the web page: {rounds} rounds, each server in turn"
          f" {ours.posted // rounds} answers from {people} people posting at once"
          " (each one form after another); each server its own process")  # fmt: skip
    for server, label in (
        (bare, "bare Starlette endpoint, same row (baseline)"),
        (ours, "Dialoogbot's web page (token, identity, checks, 303)"),
    ):
        line(label, f"{median(server.rates):5.0f} answers/s (best {max(server.rates):.0f})"
                    f"  CPU {median(server.cpu_ms):.2f} ms/answer")  # fmt: skip
    line("ratio to the bare endpoint, median of rounds (>= 0.8)",
         f"{median(ratios):5.2f}  ({ratios[0]:.2f}-{ratios[-1]:.2f})")  # fmt: skip
    line("server CPU per answer: bare / Dialoogbot",
         f"{median(bare.cpu_ms) / median(ours.cpu_ms):5.2f}"
         f"  ({median(bare.cpu_ms):.2f} / {median(ours.cpu_ms):.2f} ms)")  # fmt: skip
    client_ms = median(ours.client_ms + bare.client_ms)
    line("the posting browsers' CPU per answer (httpx, this process)", f"{client_ms:5.2f} ms")
    if client_ms > median(bare.cpu_ms):
        # Both servers waited for the clients: the rates say little, the CPU ratio more.
        print("  the clients, not the servers, set the pace here: read the CPU ratio above")
    line("latency per answer p50/p95",
         f"{percentile(ours.latency, 0.5) * 1000:5.1f} / "
         f"{percentile(ours.latency, 0.95) * 1000:.1f} ms  (bare "
         f"{percentile(bare.latency, 0.5) * 1000:.1f} / "
         f"{percentile(bare.latency, 0.95) * 1000:.1f} ms)")  # fmt: skip
    line("answers stored: Dialoogbot / bare",
         f"{ours_stored} of {ours.posted} / {bare_stored} of {bare.posted}")  # fmt: skip
    return {
        "ratio": median(ratios),
        "ours": median(ours.rates),
        "bare": median(bare.rates),
        "p95_ours_ms": percentile(ours.latency, 0.95) * 1000,
        "p95_bare_ms": percentile(bare.latency, 0.95) * 1000,
        "cpu_ratio": median(bare.cpu_ms) / median(ours.cpu_ms),
    }


async def run(
    rounds: int = ROUNDS, people: int = PARTICIPANTS, per_person: int = PER_PERSON
) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as name:
        scratch = Path(name)
        async with AsyncExitStack() as stack:
            ours = await start_ours(stack, scratch, people)
            bare = await start_bare(stack, scratch, people, ours.posters[0])
            servers = (ours, bare)
            for round_no in range(rounds):
                # Each goes first in turn: neither always follows the other.
                for server in servers[round_no % 2 :] + servers[: round_no % 2]:
                    await turn(server, round_no, per_person)
        return report(ours, bare, stored(ours.db_path), stored(bare.db_path))
