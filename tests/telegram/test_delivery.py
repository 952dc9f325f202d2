"""Broadcasts within Telegram's limits: 429 is retried, 403 marks the person, restarts resume."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from pathlib import Path

from bot.pacing import MESSAGES_PER_SECOND, Pacer
from sandbox import scenario
from sandbox.people import Person
from sandbox.standin import FloodLimits
from sandbox.world import World
from tests.conftest import daytime


async def joined(world: World, count: int) -> tuple[Person, list[Person]]:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    people = [world.person(f"Deelnemer {i}") for i in range(count)]
    for person in people:
        await scenario.join(person, links.participant["worker"])
    return facilitator, people


def questions(world: World, person: Person) -> int:
    return sum(m.text.startswith("Ronde 1 van 3") for m in world.standin.bot_messages(person.id))


async def test_a_429_is_retried_after_its_wait_and_delivered_once(world: World) -> None:
    _, (sanne, kees) = await joined(world, 2)
    facilitator = world.admin()
    # More 429s in a row than PTB's rate limiter retries: delivery waits and tries again.
    world.standin.throttle(method="sendMessage", chat_id=kees.id, retry_after=1, times=4)
    await facilitator.send("/open")
    assert world.standin.count("sendMessage", status=429) == 4
    assert questions(world, kees) == 1
    assert questions(world, sanne) == 1


async def test_a_person_who_blocked_the_bot_is_marked_and_skipped(world: World) -> None:
    facilitator, (sanne, kees) = await joined(world, 2)
    world.standin.users[kees.id].blocked = True  # Telegram answers 403 from now on
    await facilitator.send("/open")
    assert questions(world, sanne) == 1
    await facilitator.send("/status")
    assert "Niet bereikbaar\n• Deelnemer 1 (gezinswerker)" in facilitator.last.text
    calls_to_kees = [c for c in world.standin.calls if c.chat_id == kees.id]
    await facilitator.send("/sluit")
    await facilitator.send("/open")
    assert [c for c in world.standin.calls if c.chat_id == kees.id] == calls_to_kees
    assert (
        sum(m.text.startswith("Ronde 2 van 3") for m in world.standin.bot_messages(sanne.id)) == 1
    )


async def test_a_broadcast_interrupted_by_a_restart_resumes_without_duplicates(
    tmp_path: Path,
) -> None:
    async with World(tmp_path / "resume.db", clock=daytime()) as world:
        facilitator, people = await joined(world, 45)
        # Telegram's limits, from the broadcast on (45 people don't join in three seconds).
        world.standin.limits = FloodLimits()
        world.standin.send_text(facilitator.id, "/open")
        await world.standin.wait_until(lambda: sum(questions(world, p) for p in people) >= 10)
        await world.restart()
        await world.settle()
        assert [questions(world, p) for p in people] == [1] * 45
        assert world.standin.count(status=429) == 0


def most_within(times: list[float], span: float = 1.0) -> int:
    """The most of `times` (sorted) that lie within any one `span` (a half-open window)."""
    most, first = 0, 0
    for last, moment in enumerate(times):
        while times[first] <= moment - span:
            first += 1
        most = max(most, last - first + 1)
    return most


# How much later than its neighbours the stand-in may note a message's arrival when the
# machine is busy: it reads requests on the same event loop as the bot.
RECORDING_JITTER = 0.1


def busiest_second(world: World, since: int, span: float = 1.0) -> int:
    """The most messages the stand-in received within any one second, from call `since` on."""
    times = sorted(
        c.at
        for c in world.standin.calls[since:]
        if c.method in ("sendMessage", "sendDocument") and c.status == 200
    )
    return most_within(times, span)


class Timeline:
    """A clock that moves only when the test moves it; sleepers wake once it passes their time."""

    def __init__(self) -> None:
        self.now = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def time(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        woken = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + seconds, next(self._order), woken))
        await woken

    async def move_to(self, moment: float) -> None:
        """Everyone due by `moment` wakes, together, and runs until they wait again."""
        self.now = moment
        while self._sleepers and self._sleepers[0][0] <= moment:
            heapq.heappop(self._sleepers)[2].set_result(None)
        for _ in range(3):  # a woken sender runs on the next turns of the loop
            await asyncio.sleep(0)


async def test_senders_woken_late_by_a_stalled_loop_do_not_go_together() -> None:
    timeline = Timeline()
    pacer = Pacer(now=timeline.time, sleep=timeline.sleep)
    sent: list[float] = []

    async def send() -> None:
        await pacer.slot()
        sent.append(timeline.now)

    senders = [asyncio.create_task(send()) for _ in range(60)]
    await timeline.move_to(0.0)
    moment = 0.0
    while len(sent) < 60 and moment < 10:
        # Half a second in which the loop ran nothing (a long job on it, a full collection):
        # the senders whose moments passed meanwhile all wake at its end.
        moment = 0.8 if 0.3 <= moment < 0.8 else round(moment + 0.001, 3)
        await timeline.move_to(moment)
    await asyncio.gather(*senders)
    assert most_within(sent, 1.0) <= 30
    # Each still went, in the time 60 take at the pace plus the stall.
    assert max(sent) < 60 / MESSAGES_PER_SECOND + 0.5


async def test_the_pace_holds_right_after_a_restart_with_a_backlog(world: World) -> None:
    facilitator = world.admin()
    await facilitator.send("/start")
    await world.restart()
    # A new run opens new connections, which Telegram answers slowly at first; meanwhile
    # a backlog of 60 messages waits for the pool, which grows once it learns the latency.
    world.standin.latency = 0.5
    asyncio.get_running_loop().call_later(0.6, setattr, world.standin, "latency", 0.01)
    since = len(world.standin.calls)
    assert world.app is not None
    bot = world.app.bot
    await asyncio.gather(*(bot.send_message(facilitator.id, f"Bericht {i}") for i in range(60)))
    # The stand-in notes when a message arrived, not when it left: on a busy machine a
    # message can reach it up to RECORDING_JITTER late, so its one-second windows show up
    # to 33 at a pace that holds. Any 0.9 s it recorded came from at most one second of
    # sending, which holds 30 at most (53 before sends were spaced after getting a connection).
    assert busiest_second(world, since, span=1.0 - RECORDING_JITTER) <= 30
