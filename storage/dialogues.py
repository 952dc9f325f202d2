"""Where a person is in a guided dialogue, kept in the database to survive restarts."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from storage.base import Repository
from storage.records import Dialogue
from storage.timestamps import to_db


class Dialogues(Repository):
    async def get(self, person_id: int) -> Dialogue | None:
        row = await self._one("SELECT * FROM dialogues WHERE person_id = ?", (person_id,))
        return None if row is None else Dialogue.from_row(row)

    async def set(
        self, person_id: int, flow: str, step: str, data: dict[str, Any], now: dt.datetime
    ) -> None:
        await self._run(
            "INSERT INTO dialogues (person_id, flow, step, data, updated_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (person_id) DO UPDATE SET"
            " flow = excluded.flow, step = excluded.step, data = excluded.data,"
            " updated_at = excluded.updated_at",
            (person_id, flow, step, json.dumps(data, ensure_ascii=False), to_db(now)),
        )

    async def clear(self, person_id: int) -> None:
        await self._run("DELETE FROM dialogues WHERE person_id = ?", (person_id,))
