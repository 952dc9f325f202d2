"""Whether someone who types or taps stopped taking part, to tell them so kindly.

Leaving keeps no link between a person and the session they left (their answers stay
without any, or go), and nothing more is stored to remember it. What tells is what is
*not* there: a person we know who takes part nowhere and has no other part here. Little
but leaving leaves such a row behind (handing back an action taken over does too; a
removal by the facilitator is recorded, and told apart); retention forgets the row a day
later, after which they read as a stranger again.
"""

from __future__ import annotations

from storage import Database, Tx
from storage.records import Person


async def has_left(db: Database, person: Person | None) -> bool:
    """Whether someone who reaches us stopped taking part (see `left_every_session`)."""
    if person is None:
        return False
    async with db.read() as tx:
        return await left_every_session(tx, person)


async def left_every_session(tx: Tx, person: Person) -> bool:
    """Whether the person left the sessions they took part in, and has nothing else here.

    Someone still in another session, or with another part, is not told they left: they
    may hold a button of a session they never took part in only by making it up.
    """
    if person.is_facilitator or await tx.participation.participations_of(person.id):
        return False
    if await tx.participation.organised_by(person.id) or await tx.sessions.run_by(person.id):
        return False
    if await tx.actions.taken_by(person.id):
        return False
    return not await tx.personal.removed_from(person.id)
