"""A cheap health check for a container: the database opens and answers."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path


def schema_version(path: Path) -> int:
    """Open the database read-only, read its catalogue, return its schema version
    (0: not set up yet). Raises FileNotFoundError or sqlite3.Error when it cannot."""
    if not path.exists():
        raise FileNotFoundError(path)
    uri = f"{path.resolve().as_uri()}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=5)) as conn:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
