"""Fixtures: a running world (stand-in + real bot + SQLite file) per test."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from flows.pii import PersonalDetailsGuard
from sandbox.world import World

os.environ.setdefault("PTB_TIMEDELTA", "1")  # as the bot does (bot/__init__.py)


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    async with World(tmp_path / "dialoogbot.db") as running:
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

    deduce builds its lookup cache the first time (about two minutes), then loads it.
    """
    guard = PersonalDetailsGuard(Path(__file__).resolve().parent.parent / ".cache" / "deduce")
    guard.load()
    return guard
