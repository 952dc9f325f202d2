"""Approved summaries, kept as snapshots that outlive the raw answers."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from storage.base import Repository
from storage.records import SummaryRecord
from storage.timestamps import to_db


class Summaries(Repository):
    async def add(
        self,
        *,
        session_id: int,
        snapshot: dict[str, Any],
        approved_by: int | None,
        now: dt.datetime,
        version: int = 1,
        corrects: int | None = None,
    ) -> SummaryRecord:
        summary_id = await self._insert(
            "INSERT INTO summaries (session_id, snapshot, approved_by, approved_at, version,"
            " corrects) VALUES (?, ?, ?, ?, ?, ?)",
            (
                session_id,
                json.dumps(snapshot, ensure_ascii=False),
                approved_by,
                to_db(now),
                version,
                corrects,
            ),
        )
        record = await self.get(summary_id)
        if record is None:
            raise RuntimeError("summary vanished during creation")
        return record

    async def get(self, summary_id: int) -> SummaryRecord | None:
        row = await self._one("SELECT * FROM summaries WHERE id = ?", (summary_id,))
        return None if row is None else SummaryRecord.from_row(row)

    async def of_session(self, session_id: int) -> list[SummaryRecord]:
        rows = await self._all(
            "SELECT * FROM summaries WHERE session_id = ? ORDER BY id", (session_id,)
        )
        return [SummaryRecord.from_row(row) for row in rows]

    async def replace_snapshot(self, summary_id: int, snapshot: dict[str, Any]) -> None:
        await self._run(
            "UPDATE summaries SET snapshot = ? WHERE id = ?",
            (json.dumps(snapshot, ensure_ascii=False), summary_id),
        )

    async def latest(self) -> SummaryRecord | None:
        row = await self._one("SELECT * FROM summaries ORDER BY id DESC LIMIT 1")
        return None if row is None else SummaryRecord.from_row(row)

    async def latest_for(self, session_id: int) -> SummaryRecord | None:
        row = await self._one(
            "SELECT * FROM summaries WHERE session_id = ? ORDER BY id DESC LIMIT 1",
            (session_id,),
        )
        return None if row is None else SummaryRecord.from_row(row)
