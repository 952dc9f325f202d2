"""Whether the bot's database is there, answers and is set up (for a container's HEALTHCHECK)."""

from __future__ import annotations

from pathlib import Path

from storage import health


def schema_version(path: Path) -> int:
    """The database's schema version, read without changing the file (0: not set up yet).
    Raises FileNotFoundError when there is no database, sqlite3.Error when it does not answer."""
    return health.schema_version(path)
