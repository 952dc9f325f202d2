"""Rows about one person that no other repository lists by person: for their data export.

Times are given as stored (ISO 8601, UTC).
"""

from __future__ import annotations

from typing import Any

from storage.base import Repository


class PersonalData(Repository):
    async def actions_recorded(self, person_id: int) -> list[dict[str, Any]]:
        """Agreed actions the person wrote down (as facilitator)."""
        return await self._dicts(
            "SELECT sessions.title AS session, actions.what AS action, actions.owner,"
            " actions.due_on, actions.status, actions.created_at FROM actions"
            " JOIN sessions ON sessions.id = actions.session_id"
            " WHERE actions.created_by = ? ORDER BY actions.id",
            person_id,
        )

    async def summaries_approved(self, person_id: int) -> list[dict[str, Any]]:
        return await self._dicts(
            "SELECT sessions.title AS session, summaries.approved_at FROM summaries"
            " JOIN sessions ON sessions.id = summaries.session_id"
            " WHERE summaries.approved_by = ? ORDER BY summaries.id",
            person_id,
        )

    async def invites_made(self, person_id: int) -> list[dict[str, Any]]:
        """The links the person made; not their codes, which are keys to a session."""
        return await self._dicts(
            "SELECT sessions.title AS session, invites.kind, invites.perspective,"
            " invites.session_role, invites.created_at, invites.used_at, invites.revoked_at"
            " FROM invites LEFT JOIN sessions ON sessions.id = invites.session_id"
            " WHERE invites.created_by = ? ORDER BY invites.created_at",
            person_id,
        )

    async def links_claimed(self, person_id: int) -> list[dict[str, Any]]:
        """The one-person links (organiser, facilitator, co-host) the person opened first."""
        return await self._dicts(
            "SELECT sessions.title AS session, invites.kind, invites.session_role,"
            " invites.used_at FROM invites"
            " LEFT JOIN sessions ON sessions.id = invites.session_id"
            " WHERE invites.claimed_by = ? ORDER BY invites.created_at",
            person_id,
        )

    async def removed_from(self, person_id: int) -> list[dict[str, Any]]:
        """Sessions a facilitator took the person out of (their link no longer lets them in)."""
        return await self._dicts(
            "SELECT sessions.title AS session, removed_participants.removed_at"
            " FROM removed_participants"
            " JOIN sessions ON sessions.id = removed_participants.session_id"
            " WHERE removed_participants.person_id = ? ORDER BY removed_participants.removed_at",
            person_id,
        )

    async def co_facilitating(self, person_id: int) -> list[dict[str, Any]]:
        return await self._dicts(
            "SELECT sessions.title AS session, co_facilitators.added_at FROM co_facilitators"
            " JOIN sessions ON sessions.id = co_facilitators.session_id"
            " WHERE co_facilitators.person_id = ? ORDER BY co_facilitators.added_at",
            person_id,
        )

    async def organising(self, person_id: int) -> list[dict[str, Any]]:
        return await self._dicts(
            "SELECT sessions.title AS session, organisers.joined_at FROM organisers"
            " JOIN sessions ON sessions.id = organisers.session_id"
            " WHERE organisers.person_id = ? ORDER BY organisers.joined_at",
            person_id,
        )

    async def messages(self, person_id: int) -> list[dict[str, Any]]:
        """The record of messages the bot sent, or will send, on its own accord."""
        return await self._dicts(
            "SELECT kind, not_before, created_at, sent_at, dropped_at FROM outbox"
            " WHERE person_id = ? ORDER BY id",
            person_id,
        )

    async def _dicts(self, sql: str, person_id: int) -> list[dict[str, Any]]:
        return [dict(row) for row in await self._all(sql, (person_id,))]
