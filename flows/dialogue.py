"""Where someone is in a guided dialogue; stored so a restart loses no step."""

from __future__ import annotations

from typing import Any

from flows.access import Actor
from flows.clock import Clock
from flows.errors import Gone
from storage import Database
from storage.records import Dialogue


async def current(db: Database, actor: Actor) -> Dialogue | None:
    if actor.person is None:
        return None
    async with db.transaction() as tx:
        return await tx.dialogues.get(actor.person.id)


async def begin(
    db: Database, clock: Clock, actor: Actor, flow: str, step: str, data: dict[str, Any]
) -> None:
    """Start or move on in a dialogue (one per person: a new one replaces the old)."""
    if actor.person is None:
        raise ValueError("a dialogue needs a person row")
    async with db.transaction() as tx:
        await tx.dialogues.set(actor.person.id, flow, step, data, clock.now())


async def end(db: Database, actor: Actor) -> None:
    if actor.person is None:
        return
    async with db.transaction() as tx:
        await tx.dialogues.clear(actor.person.id)


async def cancel(db: Database, actor: Actor) -> bool:
    """Stop the guided dialogue the person is in, keeping nothing of it; False if none."""
    if await current(db, actor) is None:
        return False
    await end(db, actor)
    return True


async def expect(db: Database, actor: Actor, flow: str, *steps: str) -> Dialogue:
    """The person's dialogue, if it is at one of `steps` of `flow`; else the request is old."""
    found = await current(db, actor)
    if found is None or found.flow != flow or (steps and found.step not in steps):
        raise Gone()
    return found
