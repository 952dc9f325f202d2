"""Fixtures: a running world (stand-in + real bot + SQLite file) per test."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from flows.clock import DEFAULT_TZ
from flows.pii import PersonalDetailsGuard
from sandbox.clock import ManualClock
from sandbox.world import World

os.environ.setdefault("PTB_TIMEDELTA", "1")  # as the bot does (bot/__init__.py)


def daytime() -> ManualClock:
    """A clock at ten on a Tuesday morning in Amsterdam.

    The bot holds messages to participants during quiet hours (21:00-08:00): on the real
    clock, a test that sends a round or a summary would pass by day and fail at night.
    """
    return ManualClock(dt.datetime(2026, 11, 24, 10, tzinfo=ZoneInfo(DEFAULT_TZ)))


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    async with World(tmp_path / "dialoogbot.db", clock=daytime()) as running:
        yield running


def rows(db_path: Path, sql: str, params: tuple[object, ...] = ()) -> list[sqlite3.Row]:
    """Read the database file directly, the way an auditor would."""
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        return list(conn.execute(sql, params))


def dump(db_path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, to prove that nothing changed.

    Not the inbox: it records that an update arrived, which every update does.
    """
    with sqlite3.connect(db_path) as conn:
        tables = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            if r[0] != "inbox"
        ]
        return {t: sorted(map(tuple, conn.execute(f"SELECT * FROM {t}"))) for t in tables}


@pytest.fixture(scope="session")
def loaded_guard() -> PersonalDetailsGuard:
    """One personal-details guard with deduce loaded, shared by the tests that need it.

    deduce's cache is built once per machine outside the work tree (about two minutes),
    then read in seconds once its recorded sha256 matches.
    """
    guard = PersonalDetailsGuard()
    guard.load()
    return guard
