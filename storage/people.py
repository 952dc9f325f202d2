"""People who talk to the bot in a role: participants, organisers, facilitators."""

from __future__ import annotations

import datetime as dt

from storage.base import Repository
from storage.records import Dialogue, Identity, Person
from storage.timestamps import to_db


class People(Repository):
    async def get(self, person_id: int) -> Person | None:
        row = await self._one("SELECT * FROM people WHERE id = ?", (person_id,))
        return None if row is None else Person.from_row(row)

    async def by_identity_with_dialogue(
        self, identity: Identity
    ) -> tuple[Person, Dialogue | None] | None:
        """A person and where they are in a guided dialogue, in one trip (every update asks)."""
        row = await self._one(
            "SELECT people.*, dialogues.person_id AS dialogue_person_id,"
            " dialogues.flow AS dialogue_flow, dialogues.step AS dialogue_step,"
            " dialogues.data AS dialogue_data, dialogues.updated_at AS dialogue_updated_at"
            " FROM identities JOIN people ON people.id = identities.person_id"
            " LEFT JOIN dialogues ON dialogues.person_id = people.id"
            " WHERE identities.channel = ? AND identities.external_id = ?",
            (identity.channel, identity.external_id),
        )
        if row is None:
            return None
        has_dialogue = row["dialogue_person_id"] is not None
        return Person.from_row(row), Dialogue.from_row(row, "dialogue_") if has_dialogue else None

    async def by_identity(self, identity: Identity) -> Person | None:
        row = await self._one(
            "SELECT people.* FROM identities JOIN people ON people.id = identities.person_id"
            " WHERE identities.channel = ? AND identities.external_id = ?",
            (identity.channel, identity.external_id),
        )
        return None if row is None else Person.from_row(row)

    async def get_or_create(self, identity: Identity, lang: str, now: dt.datetime) -> Person:
        """The person this identity names; a new person, known by it, when there is none."""
        person = await self.by_identity(identity)
        if person is not None:
            return person
        person_id = await self._insert(
            "INSERT INTO people (lang, created_at) VALUES (?, ?)", (lang, to_db(now))
        )
        await self._run(
            "INSERT INTO identities (channel, external_id, person_id) VALUES (?, ?, ?)",
            (identity.channel, identity.external_id, person_id),
        )
        created = await self.get(person_id)
        if created is None:
            raise RuntimeError("person vanished during creation")
        return created

    async def identities(self, person_id: int) -> list[Identity]:
        """How each channel knows the person."""
        rows = await self._all(
            "SELECT channel, external_id FROM identities WHERE person_id = ?"
            " ORDER BY channel, external_id",
            (person_id,),
        )
        return [Identity(row["channel"], row["external_id"]) for row in rows]

    async def replace_identities(self, person_id: int, identity: Identity) -> None:
        """Know the person on `identity`'s channel by this id alone: the ids it had there
        before stop naming anyone."""
        await self._run(
            "DELETE FROM identities WHERE person_id = ? AND channel = ?",
            (person_id, identity.channel),
        )
        await self._run(
            "INSERT INTO identities (channel, external_id, person_id) VALUES (?, ?, ?)",
            (identity.channel, identity.external_id, person_id),
        )

    async def replace_identity(self, old: Identity, external_id: str) -> bool:
        """Let the channel know the person by a new id from now on; False when `old`
        names nobody (already replaced, or never known)."""
        changed = await self._run(
            "UPDATE identities SET external_id = ? WHERE channel = ? AND external_id = ?",
            (external_id, old.channel, old.external_id),
        )
        return changed == 1

    async def set_lang(self, person_id: int, lang: str) -> None:
        await self._run(
            "UPDATE people SET lang = ? WHERE id = ? AND lang <> ?", (lang, person_id, lang)
        )

    async def set_facilitator(self, person_id: int, value: bool) -> None:
        await self._run(
            "UPDATE people SET is_facilitator = ? WHERE id = ?", (int(value), person_id)
        )

    async def set_active_session(self, person_id: int, session_id: int | None) -> None:
        await self._run(
            "UPDATE people SET active_session_id = ? WHERE id = ?", (session_id, person_id)
        )

    async def mark_unreachable(self, person_id: int, now: dt.datetime) -> None:
        await self._run(
            "UPDATE people SET unreachable_since = ? WHERE id = ? AND unreachable_since IS NULL",
            (to_db(now), person_id),
        )

    async def mark_reachable(self, person_id: int) -> None:
        await self._run(
            "UPDATE people SET unreachable_since = NULL"
            " WHERE id = ? AND unreachable_since IS NOT NULL",
            (person_id,),
        )

    async def delete(self, person_id: int) -> None:
        await self._run("DELETE FROM people WHERE id = ?", (person_id,))

    async def make_anonymous(self, person_id: int) -> None:
        """Keep a row that sessions still point to, but nothing that says who it was."""
        await self._run("DELETE FROM identities WHERE person_id = ?", (person_id,))
        await self._run(
            "UPDATE people SET is_facilitator = 0, active_session_id = NULL,"
            " unreachable_since = NULL WHERE id = ?",
            (person_id,),
        )

    async def owns_sessions(self, person_id: int) -> bool:
        row = await self._one("SELECT 1 FROM sessions WHERE owner_id = ? LIMIT 1", (person_id,))
        return row is not None
