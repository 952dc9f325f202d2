"""Wrong invite codes tried per identity (channel and its id for someone): what the brake
needs to survive a restart."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from storage.base import Repository
from storage.records import Identity
from storage.timestamps import from_db, to_db


@dataclass(frozen=True, slots=True)
class Tries:
    failures: int
    blocked_until: dt.datetime


class CodeTries(Repository):
    async def get(self, who: Identity) -> Tries | None:
        row = await self._one(
            "SELECT failures, blocked_until FROM code_tries WHERE channel = ? AND external_id = ?",
            (who.channel, who.external_id),
        )
        if row is None:
            return None
        blocked_until = from_db(row["blocked_until"])
        if blocked_until is None:
            raise RuntimeError("code_tries row without a time")
        return Tries(row["failures"], blocked_until)

    async def put(self, who: Identity, tries: Tries, now: dt.datetime) -> None:
        await self._run(
            "INSERT INTO code_tries (channel, external_id, failures, blocked_until, last_try_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (channel, external_id) DO UPDATE SET"
            " failures = excluded.failures, blocked_until = excluded.blocked_until,"
            " last_try_at = excluded.last_try_at",
            (who.channel, who.external_id, tries.failures, to_db(tries.blocked_until), to_db(now)),
        )

    async def clear(self, who: Identity) -> None:
        await self._run(
            "DELETE FROM code_tries WHERE channel = ? AND external_id = ?",
            (who.channel, who.external_id),
        )

    async def drop_older_than(self, moment: dt.datetime) -> int:
        return await self._run("DELETE FROM code_tries WHERE last_try_at < ?", (to_db(moment),))
