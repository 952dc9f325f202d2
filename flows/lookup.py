"""Rows the domain needs to exist; a missing one means the request is out of date."""

from __future__ import annotations

from flows.errors import Gone
from storage import Tx
from storage.records import Session


async def session_or_gone(tx: Tx, session_id: int) -> Session:
    session = await tx.sessions.get(session_id)
    if session is None:
        raise Gone()
    return session
