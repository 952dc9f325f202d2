"""What every repository shares: the connection of the current transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

import aiosqlite


class Repository:
    """Each helper makes one trip to SQLite's thread: a trip waits for the event loop to let
    go of the GIL, so on the hot path the number of trips is what costs time."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def _all(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        return list(await self._conn.execute_fetchall(sql, params))

    async def _one(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        rows = list(await self._conn.execute_fetchall(sql, params))
        return rows[0] if rows else None

    async def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = await self._one(sql, params)
        return None if row is None else row[0]

    async def _run(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Execute a statement; return the number of rows it changed."""
        cursor = await self._conn.execute(sql, params)  # closed with the object: no extra trip
        return cursor.rowcount

    async def _insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        row = await self._conn.execute_insert(sql, params)
        if row is None or row[0] is None:
            raise RuntimeError("insert returned no row id")
        return int(row[0])

    async def _many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        await self._conn.executemany(sql, rows)


def placeholders(count: int) -> str:
    return ", ".join("?" * count)
