"""Who takes part in a session: participants with their consent, refusals, organisers."""

from __future__ import annotations

import datetime as dt

from storage.base import Repository
from storage.records import Participant, Person
from storage.timestamps import to_db

# Who took part in a session: those still in, and those who left but kept their answers
# there (anonymised). The report and the summary count them as joined, so a perspective
# never reads more people answered than joined.
TOOK_PART = (
    "(participants.left_at IS NULL OR EXISTS"
    " (SELECT 1 FROM contributions WHERE contributions.participant_id = participants.id))"
)


class Participation(Repository):
    async def add_participant(
        self,
        *,
        session_id: int,
        person_id: int,
        perspective: str,
        consent_version: str,
        now: dt.datetime,
    ) -> Participant:
        """Record consent; joining again (after leaving) renews it."""
        await self._run(
            "INSERT INTO participants"
            " (session_id, person_id, perspective, consent_version, consented_at)"
            " VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (session_id, person_id) DO UPDATE SET"
            " consent_version = excluded.consent_version,"
            " consented_at = excluded.consented_at, left_at = NULL",
            (session_id, person_id, perspective, consent_version, to_db(now)),
        )
        participant = await self.participant_for(session_id, person_id)
        if participant is None:
            raise RuntimeError("participant vanished during creation")
        return participant

    async def participant(self, participant_id: int) -> Participant | None:
        row = await self._one("SELECT * FROM participants WHERE id = ?", (participant_id,))
        return None if row is None else Participant.from_row(row)

    async def participant_for(self, session_id: int, person_id: int) -> Participant | None:
        row = await self._one(
            "SELECT * FROM participants WHERE session_id = ? AND person_id = ?",
            (session_id, person_id),
        )
        return None if row is None else Participant.from_row(row)

    async def participations_of(self, person_id: int) -> list[Participant]:
        """The sessions a person takes part in now (not left), newest first."""
        rows = await self._all(
            "SELECT * FROM participants WHERE person_id = ? AND left_at IS NULL ORDER BY id DESC",
            (person_id,),
        )
        return [Participant.from_row(row) for row in rows]

    async def took_part(self, session_id: int) -> dict[str, int]:
        """Per perspective, how many took part (see `TOOK_PART`)."""
        rows = await self._all(
            "SELECT perspective, COUNT(*) FROM participants"
            f" WHERE session_id = ? AND {TOOK_PART} GROUP BY perspective",
            (session_id,),
        )
        return {row[0]: int(row[1]) for row in rows}

    async def participants_in(self, session_id: int) -> list[Participant]:
        rows = await self._all(
            "SELECT * FROM participants WHERE session_id = ? AND left_at IS NULL ORDER BY id",
            (session_id,),
        )
        return [Participant.from_row(row) for row in rows]

    async def renew_consent(self, participant_id: int, version: str, now: dt.datetime) -> None:
        await self._run(
            "UPDATE participants SET consent_version = ?, consented_at = ? WHERE id = ?",
            (version, to_db(now), participant_id),
        )

    async def leave_anonymised(self, participant_id: int, now: dt.datetime) -> None:
        """The person leaves; their answers stay, signed by perspective only, linked to nobody."""
        await self._run(
            "UPDATE participants SET person_id = NULL, display_mode = 'anonymous',"
            " display_name = NULL, wants_summary = 0, left_at = ? WHERE id = ?",
            (to_db(now), participant_id),
        )

    async def leave_erased(self, participant_id: int) -> None:
        """The person leaves and takes their answers with them."""
        await self._run("DELETE FROM participants WHERE id = ?", (participant_id,))

    async def all_of(self, person_id: int) -> list[Participant]:
        """Every participation of a person, also those they left."""
        rows = await self._all(
            "SELECT * FROM participants WHERE person_id = ? ORDER BY id", (person_id,)
        )
        return [Participant.from_row(row) for row in rows]

    async def set_display(self, participant_id: int, mode: str, name: str | None) -> None:
        await self._run(
            "UPDATE participants SET display_mode = ?, display_name = ? WHERE id = ?",
            (mode, name, participant_id),
        )

    async def set_wants_summary(self, participant_id: int, wants: bool) -> None:
        await self._run(
            "UPDATE participants SET wants_summary = ?, setup_done = 1 WHERE id = ?",
            (int(wants), participant_id),
        )

    # Removed by the facilitator: the link they came with does not let them in again.

    async def mark_removed(self, session_id: int, person_id: int, now: dt.datetime) -> None:
        await self._run(
            "INSERT INTO removed_participants (session_id, person_id, removed_at)"
            " VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            (session_id, person_id, to_db(now)),
        )

    async def was_removed(self, session_id: int, person_id: int) -> bool:
        row = await self._one(
            "SELECT 1 FROM removed_participants WHERE session_id = ? AND person_id = ?",
            (session_id, person_id),
        )
        return row is not None

    # Refusals: only that someone of a perspective declined, never who.

    async def add_refusal(
        self, *, session_id: int, perspective: str, consent_version: str, now: dt.datetime
    ) -> None:
        await self._run(
            "INSERT INTO consent_refusals (session_id, perspective, consent_version, refused_at)"
            " VALUES (?, ?, ?, ?)",
            (session_id, perspective, consent_version, to_db(now)),
        )

    async def refusal_count(self, session_id: int) -> int:
        return int(
            await self._scalar(
                "SELECT COUNT(*) FROM consent_refusals WHERE session_id = ?", (session_id,)
            )
        )

    # Organisers

    async def add_organiser(self, session_id: int, person_id: int, now: dt.datetime) -> bool:
        """Register an organiser; False when they already were."""
        changed = await self._run(
            "INSERT INTO organisers (session_id, person_id, joined_at) VALUES (?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (session_id, person_id, to_db(now)),
        )
        return changed == 1

    async def is_organiser(self, session_id: int, person_id: int) -> bool:
        row = await self._one(
            "SELECT 1 FROM organisers WHERE session_id = ? AND person_id = ?",
            (session_id, person_id),
        )
        return row is not None

    async def organisers_of(self, session_id: int) -> list[Person]:
        rows = await self._all(
            "SELECT people.* FROM organisers JOIN people ON people.id = organisers.person_id"
            " WHERE organisers.session_id = ? ORDER BY organisers.joined_at",
            (session_id,),
        )
        return [Person.from_row(row) for row in rows]

    async def drop_organiser(self, session_id: int, person_id: int) -> None:
        await self._run(
            "DELETE FROM organisers WHERE session_id = ? AND person_id = ?",
            (session_id, person_id),
        )

    async def organised_by(self, person_id: int) -> list[int]:
        rows = await self._all(
            "SELECT session_id FROM organisers WHERE person_id = ? ORDER BY joined_at DESC",
            (person_id,),
        )
        return [row["session_id"] for row in rows]
