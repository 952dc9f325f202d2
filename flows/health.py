"""Whether the bot's database is there, answers and is set up (for a container's HEALTHCHECK)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from storage import Database, health


def schema_version(path: Path) -> int:
    """The database's schema version, read without changing the file (0: not set up yet).
    Raises FileNotFoundError when there is no database, sqlite3.Error when it does not answer."""
    return health.schema_version(path)


async def database_answers(db: Database) -> bool:
    """Whether the running bot's database still answers a query (the web page's /healthz)."""
    try:
        return await db.schema_version() > 0
    except (sqlite3.Error, ValueError):
        # aiosqlite raises ValueError once the connection is closed.
        return False
