"""Sessions, the perspectives they invite, and their invite codes."""

from __future__ import annotations

import datetime as dt
import sqlite3

from storage.base import Repository
from storage.records import Invite, Session
from storage.timestamps import to_db

# A session with its perspectives in one trip (their order: the key's, as before).
SESSIONS = (
    "SELECT sessions.*, (SELECT group_concat(perspective) FROM (SELECT perspective"
    " FROM session_perspectives WHERE session_perspectives.session_id = sessions.id"
    " ORDER BY perspective)) AS perspective_list FROM sessions"
)


def _session(row: sqlite3.Row) -> Session:
    listed = row["perspective_list"]
    return Session.from_row(row, tuple(listed.split(",")) if listed else ())


class Sessions(Repository):
    async def create(
        self,
        *,
        owner_id: int,
        title: str,
        theme: str,
        lang: str,
        perspectives: tuple[str, ...],
        now: dt.datetime,
        tz: str,
    ) -> Session:
        session_id = await self._insert(
            "INSERT INTO sessions (owner_id, title, theme, lang, created_at, tz)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (owner_id, title, theme, lang, to_db(now), tz),
        )
        await self._many(
            "INSERT INTO session_perspectives (session_id, perspective) VALUES (?, ?)",
            [(session_id, p) for p in perspectives],
        )
        session = await self.get(session_id)
        if session is None:
            raise RuntimeError("session vanished during creation")
        return session

    async def get(self, session_id: int) -> Session | None:
        row = await self._one(SESSIONS + " WHERE id = ?", (session_id,))
        return None if row is None else _session(row)

    async def owned_by(self, person_id: int) -> list[Session]:
        rows = await self._all(SESSIONS + " WHERE owner_id = ? ORDER BY id DESC", (person_id,))
        return [_session(row) for row in rows]

    async def run_by(self, person_id: int) -> list[Session]:
        """Sessions a person owns or co-facilitates, newest first."""
        rows = await self._all(
            SESSIONS + " WHERE owner_id = ? OR id IN"
            " (SELECT session_id FROM co_facilitators WHERE person_id = ?) ORDER BY id DESC",
            (person_id, person_id),
        )
        return [_session(row) for row in rows]

    async def add_co_facilitator(self, session_id: int, person_id: int, now: dt.datetime) -> bool:
        changed = await self._run(
            "INSERT INTO co_facilitators (session_id, person_id, added_at) VALUES (?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (session_id, person_id, to_db(now)),
        )
        return changed == 1

    async def is_co_facilitator(self, session_id: int, person_id: int) -> bool:
        row = await self._one(
            "SELECT 1 FROM co_facilitators WHERE session_id = ? AND person_id = ?",
            (session_id, person_id),
        )
        return row is not None

    async def co_facilitators(self, session_id: int) -> list[int]:
        rows = await self._all(
            "SELECT person_id FROM co_facilitators WHERE session_id = ? ORDER BY added_at",
            (session_id,),
        )
        return [row["person_id"] for row in rows]

    async def set_quiet_hours(self, session_id: int, on: bool) -> None:
        await self._run("UPDATE sessions SET quiet_hours = ? WHERE id = ?", (int(on), session_id))

    async def set_reminders(self, session_id: int, reminders: tuple[str, ...]) -> None:
        await self._run(
            "UPDATE sessions SET reminders = ? WHERE id = ?", (",".join(reminders), session_id)
        )

    async def set_joins_closed(self, session_id: int, at: dt.datetime | None) -> None:
        await self._run(
            "UPDATE sessions SET joins_closed_at = ? WHERE id = ?", (to_db(at), session_id)
        )

    async def closed_before(
        self, moment: dt.datetime, *, include_purged: bool = False
    ) -> list[Session]:
        """Sessions closed at `moment` or earlier; only those whose raw answers have not
        been purged yet, unless `include_purged`."""
        unpurged = "" if include_purged else " AND purged_at IS NULL"
        rows = await self._all(
            SESSIONS
            + " WHERE closed_at IS NOT NULL AND closed_at <= ?"
            + unpurged
            + " ORDER BY id",
            (to_db(moment),),
        )
        return [_session(row) for row in rows]

    async def mark_purged(self, session_id: int, now: dt.datetime) -> None:
        await self._run("UPDATE sessions SET purged_at = ? WHERE id = ?", (to_db(now), session_id))

    async def set_phase(
        self, session_id: int, phase: str, *, closed_at: dt.datetime | None = None
    ) -> None:
        await self._run(
            "UPDATE sessions SET phase = ?, closed_at = COALESCE(?, closed_at) WHERE id = ?",
            (phase, to_db(closed_at), session_id),
        )

    # Invites

    async def add_invite(
        self,
        *,
        code: str,
        kind: str,
        session_id: int | None,
        perspective: str | None,
        created_by: int | None,
        now: dt.datetime,
        session_role: str | None = None,
        action_id: int | None = None,
        expires_at: dt.datetime | None = None,
    ) -> Invite:
        await self._run(
            "INSERT INTO invites (code, kind, session_id, perspective, created_by, created_at,"
            " session_role, action_id, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                code, kind, session_id, perspective, created_by, to_db(now), session_role,
                action_id, to_db(expires_at),
            ),
        )  # fmt: skip
        invite = await self.invite(code)
        if invite is None:
            raise RuntimeError("invite vanished during creation")
        return invite

    async def invite(self, code: str) -> Invite | None:
        row = await self._one("SELECT * FROM invites WHERE code = ?", (code,))
        return None if row is None else Invite.from_row(row)

    async def invites_for(self, session_id: int) -> list[Invite]:
        rows = await self._all(
            "SELECT * FROM invites WHERE session_id = ? AND revoked_at IS NULL ORDER BY rowid",
            (session_id,),
        )
        return [Invite.from_row(row) for row in rows]

    async def revoke_invites(
        self, session_id: int, kinds: tuple[str, ...], now: dt.datetime
    ) -> int:
        """Stop the session's current invite codes of these kinds from working."""
        return await self._run(
            f"UPDATE invites SET revoked_at = ? WHERE session_id = ? AND revoked_at IS NULL"
            f" AND kind IN ({', '.join('?' * len(kinds))})",
            (to_db(now), session_id, *kinds),
        )

    async def revoke_action_invites(self, action_id: int, now: dt.datetime) -> int:
        """Stop the unused links to take over this action from working."""
        return await self._run(
            "UPDATE invites SET revoked_at = ?"
            " WHERE action_id = ? AND revoked_at IS NULL AND used_at IS NULL",
            (to_db(now), action_id),
        )

    async def claim_invite(self, code: str, person_id: int, now: dt.datetime) -> bool:
        """Give a one-person invite to this person; False when someone else has it.

        The same person may claim it again. Once used, an invite whose claimant was
        erased (claimed_by set to NULL) is nobody's to take any more.
        """
        changed = await self._run(
            "UPDATE invites SET used_at = COALESCE(used_at, ?), claimed_by = ?"
            " WHERE code = ? AND (used_at IS NULL OR claimed_by = ?)",
            (to_db(now), person_id, code, person_id),
        )
        return changed == 1

    async def set_invites_expire_at(self, session_id: int, at: dt.datetime | None) -> None:
        await self._run(
            "UPDATE sessions SET invites_expire_at = ? WHERE id = ?", (to_db(at), session_id)
        )

    async def use_invite(self, code: str, now: dt.datetime) -> bool:
        """Mark a one-time invite used; False when it already was."""
        changed = await self._run(
            "UPDATE invites SET used_at = ? WHERE code = ? AND used_at IS NULL",
            (to_db(now), code),
        )
        return changed == 1
