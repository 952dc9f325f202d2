"""Commits wake what they concern: a flow that queues a message or a timer needs nobody to
wake delivery or arm the scheduler, and a rolled-back one arms nothing."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
from contextlib import closing

import pytest

from flows import sessions
from flows.sessions import ROUND_QUESTION
from flows.timers import CLOSE_ROUND
from sandbox import scenario
from sandbox.people import Person
from sandbox.world import World
from storage.outbox import Outgoing
from storage.timestamps import to_db
from tests.conftest import rows

# Delivery with nothing due sleeps for a minute: a message within this came from a wake.
PROMPTLY = 5.0


async def session_with(world: World) -> tuple[int, Person]:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    sanne = world.person("Sanne")
    await scenario.join(sanne, links.participant["worker"])
    (session,) = rows(world.db_path, "SELECT id FROM sessions")
    return int(session["id"]), sanne


def questions(person: Person) -> int:
    return sum(text.startswith("Ronde 1 van 3") for text in person.texts)


def armed(world: World) -> set[str]:
    assert world.app is not None and world.app.job_queue is not None
    return {job.name for job in world.app.job_queue.jobs() if job.name.startswith("timer:")}


async def test_a_flow_that_queues_a_question_gets_it_delivered_without_a_wake(
    world: World,
) -> None:
    session_id, sanne = await session_with(world)
    # The flow itself, no handler: only its commit can wake delivery.
    opened = await sessions.open_next_round(world.services.db, world.clock, session_id)
    assert opened.recipients == 1
    async with asyncio.timeout(PROMPTLY):
        await world.settle()
    assert questions(sanne) == 1


async def test_a_flow_that_plans_a_timer_gets_it_armed_without_an_arm(world: World) -> None:
    session_id, _ = await session_with(world)
    await sessions.open_next_round(world.services.db, world.clock, session_id)
    assert armed(world) == set()
    await sessions.set_deadline(world.services.db, world.clock, session_id, dt.timedelta(days=2))
    pending = rows(world.db_path, "SELECT id FROM timers WHERE done_at IS NULL")
    assert pending  # the deadline, and reminders before it
    assert armed(world) == {f"timer:{row['id']}" for row in pending}


async def test_a_rolled_back_transaction_wakes_nothing(world: World) -> None:
    session_id, sanne = await session_with(world)
    await sessions.open_next_round(world.services.db, world.clock, session_id)
    await world.settle()
    (person,) = rows(world.db_path, "SELECT person_id FROM participants")
    (round_,) = rows(world.db_path, "SELECT id FROM rounds")
    now = world.clock.now()
    # Written by another connection, so nothing of ours hears of them: only a wake-up
    # (delivery) or an arming (the scheduler) would find them.
    with closing(sqlite3.connect(world.db_path)) as other, other:
        other.execute(
            "INSERT INTO outbox (person_id, kind, ref_id, not_before, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (person["person_id"], ROUND_QUESTION, round_["id"], to_db(now), to_db(now)),
        )
        other.execute(
            "INSERT INTO timers (kind, ref_id, due_at, created_at) VALUES (?, ?, ?, ?)",
            (CLOSE_ROUND, round_["id"], to_db(now + dt.timedelta(days=1)), to_db(now)),
        )
    with pytest.raises(RuntimeError):
        async with world.services.db.transaction() as tx:
            await tx.outbox.enqueue([Outgoing(person["person_id"], ROUND_QUESTION, 1)], now)
            await tx.timers.add(CLOSE_ROUND, round_["id"], now + dt.timedelta(days=1), now)
            raise RuntimeError("halfway")
    # Delivery, had it been woken, sends at once; asleep, it waits for a minute.
    await asyncio.sleep(0.5)
    assert armed(world) == set()
    assert questions(sanne) == 1
    # What was waiting could be sent all along: a wake-up sends it.
    world.services.delivery.wake()
    await world.settle()
    assert questions(sanne) == 2
