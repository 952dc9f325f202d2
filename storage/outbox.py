"""Messages the bot sends on its own initiative, waiting to be delivered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import aiosqlite

from storage.base import Repository, placeholders
from storage.changes import OUTBOX, Changes
from storage.records import OutboxItem
from storage.timestamps import from_db, to_db


@dataclass(frozen=True, slots=True)
class Outgoing:
    person_id: int
    kind: str
    ref_id: int
    part: int = 0
    not_before: dt.datetime | None = None
    # When it would go if no quiet hours held it (None: at not_before); switching the
    # quiet hours off moves it back to this moment, not to now.
    wanted_at: dt.datetime | None = None


class Outbox(Repository):
    """What adds or re-times waiting messages notes it, so delivery is woken on commit."""

    def __init__(self, conn: aiosqlite.Connection, changes: Changes) -> None:
        super().__init__(conn)
        self._changes = changes

    async def enqueue(
        self, items: Iterable[Outgoing], now: dt.datetime, session_id: int | None = None
    ) -> int:
        rows = [
            (
                i.person_id,
                i.kind,
                i.ref_id,
                i.part,
                to_db(i.not_before or now),
                to_db(i.wanted_at or i.not_before or now),
                to_db(now),
                session_id,
            )
            for i in items
        ]
        await self._many(
            "INSERT INTO outbox"
            " (person_id, kind, ref_id, part, not_before, wanted_at, created_at, session_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        if rows:
            self._changes.note(OUTBOX)
        return len(rows)

    async def note_undeliverable(
        self, item: Outgoing, now: dt.datetime, session_id: int, reason: str
    ) -> None:
        """Keep the record of a message that cannot go (the person blocked the bot) as
        given up at once, so what they are told later does not claim it came."""
        await self._run(
            "INSERT INTO outbox (person_id, kind, ref_id, part, not_before, wanted_at,"
            " created_at, session_id, dropped_at, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (item.person_id, item.kind, item.ref_id, item.part, to_db(now), to_db(now),
             to_db(now), session_id, to_db(now), reason),
        )  # fmt: skip

    async def release(self, session_id: int, now: dt.datetime) -> int:
        """What the quiet hours held for the session goes now, or at its own later
        moment; return how many."""
        return await self._retime(session_id, "MIN(not_before, MAX(wanted_at, ?))", now)

    async def hold(self, session_id: int, until: dt.datetime) -> int:
        """What waits for the session goes no earlier than `until`; return how many."""
        return await self._retime(session_id, "MAX(not_before, ?)", until)

    async def _retime(self, session_id: int, new_time: str, moment: dt.datetime) -> int:
        """Set the waiting messages of the session to `new_time` (SQL with one parameter,
        `moment`) where that changes them; return how many."""
        changed = await self._run(
            f"UPDATE outbox SET not_before = {new_time}"
            " WHERE session_id = ? AND sent_at IS NULL AND dropped_at IS NULL"
            f" AND not_before <> {new_time}",
            (to_db(moment), session_id, to_db(moment)),
        )
        if changed:
            # Delivery sleeps until the next message it knew of: that moment moved.
            self._changes.note(OUTBOX)
        return changed

    async def due(self, now: dt.datetime, limit: int, channel: str) -> list[OutboxItem]:
        """Undelivered messages whose time has come, oldest first, for people `channel`
        knows, each with their id there: who to send them to, in the same trip.

        Only people the channel knows: messages for people it cannot reach (known only on
        the web page, which shows them) would otherwise fill every batch and keep the
        sender awake."""
        rows = await self._all(
            "SELECT outbox.*, identities.external_id, people.lang FROM outbox"
            " JOIN people ON people.id = outbox.person_id"
            " JOIN identities ON identities.person_id = outbox.person_id"
            " AND identities.channel = ?"
            " WHERE outbox.sent_at IS NULL AND outbox.dropped_at IS NULL"
            " AND outbox.not_before <= ? ORDER BY outbox.not_before, outbox.id LIMIT ?",
            (channel, to_db(now), limit),
        )
        return [OutboxItem.from_row(row) for row in rows]

    async def next_due_at(self, channel: str) -> dt.datetime | None:
        """When the next message for someone `channel` knows falls due."""
        value = await self._scalar(
            "SELECT MIN(outbox.not_before) FROM outbox"
            " JOIN identities ON identities.person_id = outbox.person_id"
            " AND identities.channel = ?"
            " WHERE outbox.sent_at IS NULL AND outbox.dropped_at IS NULL",
            (channel,),
        )
        return from_db(value)

    async def of_person(self, person_id: int, now: dt.datetime, limit: int) -> list[OutboxItem]:
        """The person's messages that went or are due (not those given up), newest first."""
        rows = await self._all(
            "SELECT outbox.*, NULL AS external_id, people.lang FROM outbox"
            " JOIN people ON people.id = outbox.person_id"
            " WHERE outbox.person_id = ? AND outbox.dropped_at IS NULL"
            " AND (outbox.sent_at IS NOT NULL OR outbox.not_before <= ?)"
            " ORDER BY outbox.not_before DESC, outbox.id DESC"
            " LIMIT ?",
            (person_id, to_db(now), limit),
        )
        return [OutboxItem.from_row(row) for row in rows]

    async def mark_shown(self, item_ids: list[int], now: dt.datetime) -> int:
        """Messages a person saw on a page count as delivered (once: a second look at the
        page changes nothing)."""
        if not item_ids:
            return 0
        return await self._run(
            "UPDATE outbox SET sent_at = ?, attempts = attempts + 1"
            " WHERE sent_at IS NULL AND dropped_at IS NULL"
            f" AND id IN ({placeholders(len(item_ids))})",
            (to_db(now), *item_ids),
        )

    async def mark_sent(self, item_id: int, now: dt.datetime) -> None:
        await self._run(
            "UPDATE outbox SET sent_at = ?, attempts = attempts + 1 WHERE id = ?",
            (to_db(now), item_id),
        )

    async def drop(self, item_id: int, now: dt.datetime, reason: str) -> None:
        await self._run(
            "UPDATE outbox SET dropped_at = ?, error = ? WHERE id = ?",
            (to_db(now), reason, item_id),
        )

    async def drop_for_person(self, person_id: int, now: dt.datetime, reason: str) -> int:
        return await self._run(
            "UPDATE outbox SET dropped_at = ?, error = ?"
            " WHERE person_id = ? AND sent_at IS NULL AND dropped_at IS NULL",
            (to_db(now), reason, person_id),
        )

    async def retry_later(self, item_id: int, not_before: dt.datetime, reason: str) -> None:
        await self._run(
            "UPDATE outbox SET not_before = ?, wanted_at = ?, attempts = attempts + 1, error = ?"
            " WHERE id = ?",
            (to_db(not_before), to_db(not_before), reason, item_id),
        )

    async def advance(self, item_id: int, part: int, not_before: dt.datetime) -> None:
        """Record that a multi-part message got one part further."""
        await self._run(
            "UPDATE outbox SET part = ?, not_before = ?, wanted_at = ?, attempts = 0, error = NULL"
            " WHERE id = ?",
            (part, to_db(not_before), to_db(not_before), item_id),
        )

    async def pending_count(self) -> int:
        return int(
            await self._scalar(
                "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND dropped_at IS NULL"
            )
        )

    async def sent_count(self, kind: str, ref_id: int) -> int:
        return int(
            await self._scalar(
                "SELECT COUNT(*) FROM outbox WHERE kind = ? AND ref_id = ? AND sent_at IS NOT NULL",
                (kind, ref_id),
            )
        )

    async def delivered_at(self, person_id: int, kind: str, ref_id: int) -> dt.datetime | None:
        """When a message of this kind about this row last reached the person (sent, or
        seen on their page); None: it has not, or still waits (in the quiet hours)."""
        value = await self._scalar(
            "SELECT MAX(sent_at) FROM outbox WHERE person_id = ? AND kind = ? AND ref_id = ?",
            (person_id, kind, ref_id),
        )
        return from_db(value)

    async def state(self, person_id: int, kind: str, ref_id: int) -> str | None:
        """Where the newest message of this kind about this row stands for the person:
        "waiting" (held for the quiet hours, or retried), "sent", "dropped" (given up), or
        None (there was none, or its record was pruned)."""
        row = await self._one(
            "SELECT sent_at, dropped_at FROM outbox WHERE person_id = ? AND kind = ? AND ref_id = ?"
            " ORDER BY id DESC LIMIT 1",
            (person_id, kind, ref_id),
        )
        if row is None:
            return None
        if row["sent_at"] is not None:
            return "sent"
        return "waiting" if row["dropped_at"] is None else "dropped"

    async def drop_refs_for_person(
        self, person_id: int, kind: str, ref_ids: list[int], now: dt.datetime, reason: str
    ) -> int:
        """Withdraw what still waits for this person of this kind about these rows."""
        if not ref_ids:
            return 0
        return await self._run(
            "UPDATE outbox SET dropped_at = ?, error = ?"
            " WHERE person_id = ? AND kind = ? AND sent_at IS NULL AND dropped_at IS NULL"
            f" AND ref_id IN ({placeholders(len(ref_ids))})",
            (to_db(now), reason, person_id, kind, *ref_ids),
        )
