"""SQLite storage: schema, migrations and repositories. Imports nothing of ours."""

from storage.db import Database
from storage.tx import Tx

__all__ = ["Database", "Tx"]
