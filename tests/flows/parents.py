"""A parent who takes part, as many flows tests need one."""

from __future__ import annotations

from flows import joining, sessions
from flows.access import Actor
from flows.model import Perspective
from flows.people import identify
from sandbox.clock import ManualClock
from storage import Database
from storage.records import Identity


async def parent_in_open_round(db: Database, clock: ManualClock, number: int, title: str) -> Actor:
    """A parent in a new session of its own, with its first round open."""
    owner = Actor(Identity("telegram", "1"), None, True, "nl")
    made = await sessions.create_session(
        db, clock, owner, title=title, theme="Jeugdhulp", perspectives=[Perspective.PARENT]
    )
    actor = await identify(db, "telegram", str(number), "nl", is_admin=False)
    await joining.consent(db, clock, actor, made.participant_codes[Perspective.PARENT])
    await sessions.open_next_round(db, clock, made.session.id)
    return await identify(db, "telegram", str(number), "nl", is_admin=False)
