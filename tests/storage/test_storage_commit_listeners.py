"""A commit that queues messages or timers tells its listeners: after the commit, never
before it, never for a block rolled back."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage import Database
from storage.changes import ERASED, OUTBOX, TIMERS
from storage.outbox import Outgoing
from storage.records import Identity

NOW = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)


class Heard:
    """What each listener was told, and what the file held at that moment."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.calls: list[tuple[str, int]] = []
        db.on_commit(OUTBOX, self.outbox)
        db.on_commit(TIMERS, self.timers)

    def outbox(self) -> None:
        self.calls.append((OUTBOX, _count(self.db.path, "outbox")))

    async def timers(self) -> None:
        # A listener may read: the lock is let go before it is called.
        async with asyncio.timeout(5), self.db.read() as tx:
            pending = len(await tx.timers.pending())
        self.calls.append((TIMERS, pending))


def _count(path: Path, table: str) -> int:
    """Rows another connection sees: only what is committed."""
    with sqlite3.connect(path) as other:
        return int(other.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    opened = await Database.open(tmp_path / "listeners.db")
    yield opened
    await opened.close()


async def person(db: Database) -> int:
    async with db.transaction() as tx:
        return (await tx.people.get_or_create(Identity("telegram", "1"), "nl", NOW)).id


async def test_a_commit_that_queues_a_message_tells_the_outbox_listener_after_it(
    db: Database,
) -> None:
    someone = await person(db)
    heard = Heard(db)
    async with db.transaction() as tx:
        await tx.outbox.enqueue([Outgoing(someone, "round_question", 1)], NOW)
        assert heard.calls == []  # not before the commit
    assert heard.calls == [(OUTBOX, 1)]


async def test_a_commit_that_adds_a_timer_tells_the_timer_listener(db: Database) -> None:
    heard = Heard(db)
    async with db.transaction() as tx:
        await tx.timers.add("close_round", 1, NOW + dt.timedelta(days=1), NOW)
    assert heard.calls == [(TIMERS, 1)]


async def test_a_rolled_back_block_tells_nobody_then_or_later(db: Database) -> None:
    someone = await person(db)
    heard = Heard(db)
    with pytest.raises(RuntimeError):
        async with db.transaction() as tx:
            await tx.outbox.enqueue([Outgoing(someone, "round_question", 1)], NOW)
            await tx.timers.add("close_round", 1, NOW + dt.timedelta(days=1), NOW)
            raise RuntimeError("halfway")
    # The next commit changes nothing anyone waits for: what was rolled back is forgotten.
    async with db.transaction() as tx:
        await tx.people.get_or_create(Identity("telegram", "2"), "nl", NOW)
    assert heard.calls == []
    assert _count(db.path, "outbox") == 0


async def test_blocks_that_queue_nothing_tell_nobody(db: Database) -> None:
    heard = Heard(db)
    async with db.transaction() as tx:
        await tx.outbox.enqueue([], NOW)
        await tx.timers.cancel("close_round", 1, NOW)
    async with db.read() as tx:
        await tx.outbox.pending_count()
    assert heard.calls == []


async def test_a_single_write_that_queues_a_message_tells_the_listener(db: Database) -> None:
    someone = await person(db)
    heard = Heard(db)
    async with db.one_write() as tx:
        await tx.outbox.enqueue([Outgoing(someone, "round_question", 1)], NOW)
    assert heard.calls == [(OUTBOX, 1)]
    # A single write commits by itself: a block failing after it still tells.
    with pytest.raises(RuntimeError):
        async with db.one_write() as tx:
            await tx.outbox.enqueue([Outgoing(someone, "round_question", 2)], NOW)
            raise RuntimeError("after the write")
    assert heard.calls == [(OUTBOX, 1), (OUTBOX, 2)]


async def test_each_listener_is_told_once_per_commit(db: Database) -> None:
    someone = await person(db)
    told: list[str] = []

    def listener() -> None:
        told.append("told")

    db.on_commit(OUTBOX, listener)
    db.on_commit(TIMERS, listener)
    async with db.transaction() as tx:
        await tx.outbox.enqueue([Outgoing(someone, "round_question", 1)], NOW)
        await tx.outbox.enqueue([Outgoing(someone, "round_question", 2)], NOW)
        await tx.timers.add("close_round", 1, NOW + dt.timedelta(days=1), NOW)
    assert told == ["told"]


async def test_an_unknown_kind_is_refused_at_once(db: Database) -> None:
    with pytest.raises(ValueError):
        db.on_commit("outboks", lambda: None)


async def test_an_erasure_tells_its_listeners_once_the_files_are_scrubbed(db: Database) -> None:
    told: list[int] = []
    db.on_commit(ERASED, lambda: told.append(db.erasures))
    await db.scrub(erasure=False)  # the second scrub of an update already handled
    assert told == []
    await db.scrub()
    assert told == [1]
