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
        at = to_db(now)
        values = [
            (update["update_id"], at, json.dumps(update, ensure_ascii=False)) for update in updates
        ]
        if not values:
            return []
        # One statement for the whole batch: a burst of updates costs one trip, not one each.
        rows = await self._all(
            "INSERT INTO inbox (update_id, received_at, payload) VALUES "
            + ", ".join(["(?, ?, ?)"] * len(values))
            + " ON CONFLICT (update_id) DO NOTHING RETURNING update_id",
            [field for row in values for field in row],
        )
        return [row["update_id"] for row in rows]

    async def pending(self) -> list[dict[str, Any]]:
        """Updates received but not handled, in the order they arrived (not by id)."""
        rows = await self._all("SELECT payload FROM inbox WHERE handled_at IS NULL ORDER BY seq")
        return [json.loads(row["payload"]) for row in rows]

    async def handled(self, update_ids: Iterable[int], now: dt.datetime) -> None:
        """Done: keep only the ids, to recognise the updates if they come again."""
        at = to_db(now)
        await self._many(
            "UPDATE inbox SET handled_at = ?, payload = NULL WHERE update_id = ?",
            [(at, update_id) for update_id in update_ids],
        )

    async def prune(self, before: dt.datetime) -> int:
        return await self._run(
            "DELETE FROM inbox WHERE handled_at IS NOT NULL AND handled_at < ?", (to_db(before),)
        )
