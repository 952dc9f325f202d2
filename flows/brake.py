"""Slow down someone who keeps trying invite codes that do not exist."""

from __future__ import annotations

import datetime as dt

from flows.clock import Clock
from flows.errors import Braked
from storage import Database
from storage.code_tries import Tries
from storage.records import Identity

FREE_TRIES = 3
FIRST_WAIT = dt.timedelta(seconds=30)
LONGEST_WAIT = dt.timedelta(hours=1)
# A row nobody added to for this long says nothing useful any more: it is dropped.
FORGET_AFTER = dt.timedelta(days=1)


class WrongCodeBrake:
    """After three wrong codes, each next one waits twice as long (30 s, 1 min, ... 1 hour).

    Kept in SQLite: a restart must not hand a guesser fresh tries. It protects the codes
    and is not a record about anyone: a right code clears it, and old rows are dropped.
    """

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def wait(self, who: Identity) -> dt.timedelta | None:
        """How long they must wait before a code is looked up again, if at all."""
        async with self._db.read() as tx:
            tries = await tx.code_tries.get(who)
        if tries is None:
            return None
        left = tries.blocked_until - self._clock.now()
        return left if left > dt.timedelta(0) else None

    async def failed(self, who: Identity) -> None:
        now = self._clock.now()
        async with self._db.transaction() as tx:
            await tx.code_tries.drop_older_than(now - FORGET_AFTER)
            before = await tx.code_tries.get(who)
            failures = 1 if before is None else before.failures + 1
            blocked_until = now if before is None else before.blocked_until
            if failures > FREE_TRIES:
                wait = min(FIRST_WAIT * 2 ** (failures - FREE_TRIES - 1), LONGEST_WAIT)
                blocked_until = now + wait
            await tx.code_tries.put(who, Tries(failures, blocked_until), now)

    async def succeeded(self, who: Identity) -> None:
        # A read first: most visits have no row, and a write per visit would queue them.
        async with self._db.read() as tx:
            if await tx.code_tries.get(who) is None:
                return
        async with self._db.transaction() as tx:
            await tx.code_tries.clear(who)

    async def refuse_if_braked(self, who: Identity) -> None:
        """Raise Braked while `who` must wait; a secret is then not even looked up."""
        if await self.wait(who) is not None:
            raise Braked()

    async def tried(self, who: Identity, *, found: bool) -> None:
        """Count a looked-up secret: a wrong one slows `who` down, a right one clears it."""
        if found:
            await self.succeeded(who)
        else:
            await self.failed(who)
