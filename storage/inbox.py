"""Raw updates as they arrived: written before Telegram is told they were received."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from storage.base import Repository
from storage.timestamps import to_db


class Inbox(Repository):
    async def accept(self, updates: Iterable[dict[str, Any]], now: dt.datetime) -> list[int]:
        """Store updates not seen before; return the ids of those that are new."""
        new = []
        for update in updates:
            changed = await self._run(
                "INSERT INTO inbox (update_id, received_at, payload) VALUES (?, ?, ?)"
                " ON CONFLICT (update_id) DO NOTHING",
                (update["update_id"], to_db(now), json.dumps(update, ensure_ascii=False)),
            )
            if changed:
                new.append(update["update_id"])
        return new

    async def pending(self) -> list[dict[str, Any]]:
        """Updates received but not handled, in the order they arrived (not by id)."""
        rows = await self._all("SELECT payload FROM inbox WHERE handled_at IS NULL ORDER BY seq")
        return [json.loads(row["payload"]) for row in rows]

    async def is_handled(self, update_id: int) -> bool:
        row = await self._one(
            "SELECT 1 FROM inbox WHERE update_id = ? AND handled_at IS NOT NULL", (update_id,)
        )
        return row is not None

    async def handled(self, update_id: int, now: dt.datetime) -> None:
        """Done: keep only the id, to recognise the update if it comes again."""
        await self._run(
            "UPDATE inbox SET handled_at = ?, payload = NULL WHERE update_id = ?",
            (to_db(now), update_id),
        )

    async def prune(self, before: dt.datetime) -> int:
        return await self._run(
            "DELETE FROM inbox WHERE handled_at IS NOT NULL AND handled_at < ?", (to_db(before),)
        )
