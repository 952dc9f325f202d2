"""What flows hand to the channels: the rows they show, and the handle of the store.

The channels (bot/ and web/) get these rows from flows calls and pass the
database handle back into flows; they never query or import storage themselves.
"""

from __future__ import annotations

from storage import Database
from storage.records import (
    Action,
    Contribution,
    OutboxItem,
    Participant,
    Round,
    Session,
    ThemeRecord,
)

__all__ = [
    "Action",
    "Contribution",
    "Database",
    "OutboxItem",
    "Participant",
    "Round",
    "Session",
    "ThemeRecord",
]
