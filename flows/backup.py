"""A consistent copy of the bot's database, taken while it runs."""

from __future__ import annotations

from pathlib import Path

from storage import backup as storage_backup


def backup(source: Path, target: Path) -> int:
    """Copy the database at `source` to `target`; return the size of the copy in bytes.
    Raises FileNotFoundError when there is no database at `source`."""
    return storage_backup.backup(source, target)
