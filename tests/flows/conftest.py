"""The flows' test world: a database file and the test clock; no Telegram."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from flows.clock import DEFAULT_TZ
from sandbox.clock import ManualClock
from storage import Database


@pytest.fixture
def clock() -> ManualClock:
    """A Tuesday morning in Amsterdam: no quiet hours hold anything back."""
    return ManualClock(dt.datetime(2026, 11, 24, 10, tzinfo=ZoneInfo(DEFAULT_TZ)))


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "flows.db")
    yield database
    await database.close()
