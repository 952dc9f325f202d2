"""Updates arrive in the inbox first, so a crash or a repeat has exactly one effect."""

from __future__ import annotations

from typing import Any

from flows.clock import Clock
from storage import Database


async def accept(
    db: Database,
    clock: Clock,
    updates: list[dict[str, Any]],
    handled: list[int] | None = None,
    *,
    scrub: bool = False,
) -> set[int]:
    """Commit the raw updates; return the ids of those not seen before.

    `handled`: updates finished since the last call, marked in the same transaction.
    `scrub`: one of them erased something; its own words leave the files too.
    """
    if not updates and not handled:
        return set()
    async with db.transaction() as tx:
        if handled:
            await tx.inbox.handled(handled, clock.now())
        fresh = set(await tx.inbox.accept(updates, clock.now()))
    if scrub:
        await db.scrub(erasure=False)
    return fresh


async def pending(db: Database) -> list[dict[str, Any]]:
    async with db.transaction() as tx:
        return await tx.inbox.pending()
