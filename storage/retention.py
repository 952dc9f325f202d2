"""What the retention terms remove: whole sessions, people nothing links to, old outbox rows."""

from __future__ import annotations

import datetime as dt

from storage.base import Repository, placeholders
from storage.timestamps import to_db

# The latest moment anything happened in a session (all times are fixed-width UTC text,
# so text order is time order). A deadline still ahead counts as activity to come.
LAST_ACTIVITY = """
MAX(
    sessions.created_at,
    COALESCE((SELECT MAX(MAX(opened_at, COALESCE(closed_at, ''), COALESCE(closes_at, '')))
              FROM rounds WHERE rounds.session_id = sessions.id), ''),
    COALESCE((SELECT MAX(COALESCE(contributions.edited_at, contributions.created_at))
              FROM contributions JOIN rounds ON rounds.id = contributions.round_id
              WHERE rounds.session_id = sessions.id), ''),
    COALESCE((SELECT MAX(consented_at) FROM participants
              WHERE participants.session_id = sessions.id), ''),
    COALESCE((SELECT MAX(joined_at) FROM organisers
              WHERE organisers.session_id = sessions.id), ''),
    COALESCE((SELECT MAX(created_at) FROM invites WHERE invites.session_id = sessions.id), ''),
    COALESCE((SELECT MAX(updated_at) FROM actions WHERE actions.session_id = sessions.id), '')
)
"""


class Retention(Repository):
    async def idle_since(self, moment: dt.datetime) -> list[int]:
        """Sessions never closed in which nothing happened after `moment`."""
        rows = await self._all(
            f"SELECT id FROM sessions WHERE closed_at IS NULL AND {LAST_ACTIVITY} <= ?"
            " ORDER BY id",
            (to_db(moment),),
        )
        return [row["id"] for row in rows]

    async def delete_session(
        self,
        session_id: int,
        now: dt.datetime,
        *,
        round_kinds: tuple[str, ...],
        action_kinds: tuple[str, ...],
        summary_kinds: tuple[str, ...],
    ) -> None:
        """Delete a session with everything in it (the schema cascades), and retire the
        timers and queued messages about its rounds, actions and summaries."""
        rounds = await self._ids("rounds", session_id)
        actions = await self._ids("actions", session_id)
        summaries = await self._ids("summaries", session_id)
        at = to_db(now)
        if rounds:
            await self._run(
                "UPDATE timers SET done_at = ? WHERE done_at IS NULL"
                " AND kind IN ('close_round', 'remind')"
                f" AND ref_id IN ({placeholders(len(rounds))})",
                (at, *rounds),
            )
        if actions:
            await self._run(
                "UPDATE timers SET done_at = ? WHERE done_at IS NULL"
                f" AND kind = 'follow_up' AND ref_id IN ({placeholders(len(actions))})",
                (at, *actions),
            )
        for kinds, ids in (
            (round_kinds, rounds),
            (action_kinds, actions),
            (summary_kinds, summaries),
        ):
            if ids and kinds:
                await self._run(
                    "UPDATE outbox SET dropped_at = ?, error = 'retention'"
                    " WHERE sent_at IS NULL AND dropped_at IS NULL"
                    f" AND kind IN ({placeholders(len(kinds))})"
                    f" AND ref_id IN ({placeholders(len(ids))})",
                    (at, *kinds, *ids),
                )
        await self._run("DELETE FROM sessions WHERE id = ?", (session_id,))

    async def delete_unlinked_people(self, before: dt.datetime) -> int:
        """Delete people no session, removal, action, message or recent step links to any
        more (not facilitators, whose role is their link), known since before `before`."""
        return await self._run(
            "DELETE FROM people WHERE is_facilitator = 0 AND created_at <= ?"
            " AND NOT EXISTS (SELECT 1 FROM participants WHERE person_id = people.id)"
            " AND NOT EXISTS (SELECT 1 FROM organisers WHERE person_id = people.id)"
            " AND NOT EXISTS (SELECT 1 FROM sessions WHERE owner_id = people.id)"
            " AND NOT EXISTS (SELECT 1 FROM co_facilitators WHERE person_id = people.id)"
            # A removal keeps its person while the session lasts: deleting them would
            # cascade to the removal and let a forwarded link in again.
            " AND NOT EXISTS (SELECT 1 FROM removed_participants WHERE person_id = people.id)"
            " AND NOT EXISTS (SELECT 1 FROM actions WHERE owner_person_id = people.id)"
            " AND NOT EXISTS (SELECT 1 FROM pending_answers WHERE person_id = people.id)"
            " AND NOT EXISTS (SELECT 1 FROM outbox WHERE person_id = people.id"
            "   AND sent_at IS NULL AND dropped_at IS NULL)"
            " AND NOT EXISTS (SELECT 1 FROM dialogues WHERE person_id = people.id"
            "   AND updated_at > ?)",
            (to_db(before), to_db(before)),
        )

    async def prune_outbox(self, before: dt.datetime) -> int:
        """Delete the record of messages sent or given up before `before`."""
        return await self._run(
            "DELETE FROM outbox WHERE COALESCE(sent_at, dropped_at) < ?", (to_db(before),)
        )

    async def _ids(self, table: str, session_id: int) -> list[int]:
        rows = await self._all(f"SELECT id FROM {table} WHERE session_id = ?", (session_id,))
        return [row["id"] for row in rows]
