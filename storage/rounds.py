"""Rounds, the contributions given in them, and answers waiting for a session."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, fields
from functools import cache

import aiosqlite

from storage.base import Repository
from storage.changes import CLOSED_ROUNDS, Changes
from storage.records import (
    Contribution,
    Identity,
    Participant,
    PendingAnswer,
    Person,
    Round,
)
from storage.timestamps import from_db, to_db


@dataclass(frozen=True, slots=True)
class RoundCount:
    """How many people of a perspective answered in a round, and how often."""

    kind: str
    perspective: str
    people: int
    contributions: int


# How many answers the author of a contribution row has in its round (the row's own
# columns, in a SELECT from contributions or an INSERT's RETURNING).
OWN_COUNT = (
    "(SELECT COUNT(*) FROM contributions AS mine"
    " WHERE mine.participant_id = contributions.participant_id"
    " AND mine.round_id = contributions.round_id)"
)

# The rounds open for a person, each with their participant row; {person} names the person.
_OPEN_FOR = (
    " FROM participants JOIN rounds ON rounds.session_id = participants.session_id"
    " WHERE participants.person_id = {person} AND participants.left_at IS NULL"
    " AND rounds.closed_at IS NULL"
)
OPEN_FOR_PERSON = _OPEN_FOR.format(person="?")  # parameter: the person

# A round's columns as `round_<column>` (what Round.from_row(row, "round_") reads): from a
# join, and from a contribution row, where RETURNING can't join.
_ROUND_COLUMNS = [f.name for f in fields(Round)]
ROUND_JOINED = ", ".join(f"rounds.{c} AS round_{c}" for c in _ROUND_COLUMNS)
ROUND_OF_CONTRIBUTION = ", ".join(
    f"(SELECT {c} FROM rounds WHERE rounds.id = contributions.round_id) AS round_{c}"
    for c in _ROUND_COLUMNS
)
PERSON_OF_CONTRIBUTION = ", ".join(
    f"(SELECT {c} FROM people WHERE people.id = (SELECT person_id FROM participants"
    f" WHERE participants.id = contributions.participant_id)) AS person_{c}"
    for c in (f.name for f in fields(Person))
)


@dataclass(frozen=True, slots=True)
class Added:
    """A stored contribution: new or seen before, and the author's count in its round."""

    contribution: Contribution
    new: bool
    own_count: int


@dataclass(frozen=True, slots=True)
class NewAnswer:
    """Words someone typed in a channel, for the one round open for them."""

    identity: Identity  # how the channel knows them
    lang: str  # the language their app asks for
    consent_version: str
    body: str
    source_ref: str
    now: dt.datetime
    flagged: bool = False
    # The round whose question the channel showed (a web form): the words go to it or to
    # none, never to a round opened since. None: whichever round is open for them.
    round_id: int | None = None


@dataclass(frozen=True, slots=True)
class Filed:
    """An answer stored in the round open for its author, and who that author is."""

    added: Added
    round: Round
    person: Person


@dataclass(frozen=True, slots=True)
class Authored:
    """A contribution with what the summary may show of its author."""

    round_kind: str
    contribution_id: int
    participant_id: int
    perspective: str
    display_mode: str
    display_name: str | None
    body: str
    flagged: bool


@dataclass(frozen=True, slots=True)
class Watched:
    """An answer as a round's leaders read it while the round runs."""

    contribution_id: int
    participant_id: int
    perspective: str
    display_mode: str
    display_name: str | None
    body: str
    created_at: dt.datetime | None


class Rounds(Repository):
    """Closing a round notes it, so its answers are encoded for sorting once it commits."""

    def __init__(self, conn: aiosqlite.Connection, changes: Changes) -> None:
        super().__init__(conn)
        self._changes = changes

    async def open(
        self, session_id: int, kind: str, now: dt.datetime, closes_at: dt.datetime | None = None
    ) -> Round:
        round_id = await self._insert(
            "INSERT INTO rounds (session_id, kind, opened_at, closes_at) VALUES (?, ?, ?, ?)",
            (session_id, kind, to_db(now), to_db(closes_at)),
        )
        opened = await self.get(round_id)
        if opened is None:
            raise RuntimeError("round vanished during creation")
        return opened

    async def get(self, round_id: int) -> Round | None:
        row = await self._one("SELECT * FROM rounds WHERE id = ?", (round_id,))
        return None if row is None else Round.from_row(row)

    async def of_session(self, session_id: int) -> list[Round]:
        rows = await self._all(
            "SELECT * FROM rounds WHERE session_id = ? ORDER BY opened_at, id", (session_id,)
        )
        return [Round.from_row(row) for row in rows]

    async def current(self, session_id: int) -> Round | None:
        row = await self._one(
            "SELECT * FROM rounds WHERE session_id = ? AND closed_at IS NULL", (session_id,)
        )
        return None if row is None else Round.from_row(row)

    async def set_closes_at(self, round_id: int, closes_at: dt.datetime | None) -> None:
        await self._run(
            "UPDATE rounds SET closes_at = ? WHERE id = ?", (to_db(closes_at), round_id)
        )

    async def count_reminder(self, round_id: int) -> None:
        await self._run(
            "UPDATE rounds SET reminders_sent = reminders_sent + 1 WHERE id = ?", (round_id,)
        )

    async def last_closed(self, session_id: int) -> Round | None:
        row = await self._one(
            "SELECT * FROM rounds WHERE session_id = ? AND closed_at IS NOT NULL"
            " ORDER BY closed_at DESC, id DESC LIMIT 1",
            (session_id,),
        )
        return None if row is None else Round.from_row(row)

    async def close(self, round_id: int, now: dt.datetime) -> bool:
        changed = await self._run(
            "UPDATE rounds SET closed_at = ? WHERE id = ? AND closed_at IS NULL",
            (to_db(now), round_id),
        )
        if changed == 1:
            self._changes.note(CLOSED_ROUNDS)
        return changed == 1

    async def open_for_person(self, person_id: int) -> list[tuple[Participant, Round]]:
        """Open rounds in the sessions a person takes part in, with their participant row."""
        rows = await self._all(
            f"SELECT participants.*, {ROUND_JOINED} {OPEN_FOR_PERSON}"
            " ORDER BY rounds.opened_at DESC",
            (person_id,),
        )
        return [(Participant.from_row(row), Round.from_row(row, "round_")) for row in rows]

    async def counts(self, session_id: int, *, left_out: bool = True) -> list[RoundCount]:
        """Who answered per round and perspective; `left_out=False`: without the answers the
        facilitator left out of the summary (what the board shows).

        `people` counts those still taking part, as "X of Y answered" does everywhere (Y being
        who is still in); `contributions` counts every answer, also those of people who left
        and kept them."""
        rows = await self._all(
            "SELECT rounds.kind, participants.perspective,"
            " COUNT(DISTINCT CASE WHEN participants.left_at IS NULL"
            " THEN contributions.participant_id END) AS people,"
            " COUNT(contributions.id) AS contributions"
            " FROM rounds JOIN contributions ON contributions.round_id = rounds.id"
            " JOIN participants ON participants.id = contributions.participant_id"
            " WHERE rounds.session_id = ? AND (? OR contributions.left_out_at IS NULL)"
            " GROUP BY rounds.kind, participants.perspective",
            (session_id, left_out),
        )
        return [
            RoundCount(row["kind"], row["perspective"], row["people"], row["contributions"])
            for row in rows
        ]


class Contributions(Repository):
    async def add(
        self,
        *,
        round_id: int,
        participant_id: int,
        body: str,
        source_ref: str,
        now: dt.datetime,
        flagged: bool = False,
    ) -> Added:
        """Store words once per source; with how many answers the participant has in the round.

        The count comes back with the insert: one trip to SQLite instead of two.
        """
        inserted = await self._one(
            "INSERT INTO contributions"
            " (round_id, participant_id, body, source_ref, created_at, flagged)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (participant_id, source_ref) DO NOTHING"
            f" RETURNING *, {OWN_COUNT} AS own_count",
            (round_id, participant_id, body, source_ref, to_db(now), int(flagged)),
        )
        if inserted is not None:
            return Added(Contribution.from_row(inserted), True, inserted["own_count"])
        row = await self._one(
            f"SELECT *, {OWN_COUNT} AS own_count FROM contributions"
            " WHERE participant_id = ? AND source_ref = ?",
            (participant_id, source_ref),
        )
        if row is None:
            raise RuntimeError("contribution vanished during creation")
        return Added(Contribution.from_row(row), False, row["own_count"])

    async def add_each_to_only_open_round(
        self, answers: Sequence[NewAnswer]
    ) -> list[Filed | None]:
        """Store each answer in the one round open for its author; a result per answer, in
        order: None (nothing stored) unless nothing else could be meant.

        That is: words that may be stored as an answer now (`ANSWERABLE`), from a known
        person who needs no update first (`AS_THEY_WERE`), not seen before.

        Most answers go this way, without looking the person up first: one statement for
        all answers that arrive together, where a lookup and an insert for each take two
        trips to SQLite's thread and a commit. A person may have one answer in it (their
        count comes with it).
        """
        if len({answer.identity for answer in answers}) != len(answers):
            raise ValueError("one answer per person at a time")
        rows = await self._all(
            _filing(len(answers)), [value for answer in answers for value in _values(answer)]
        )
        filed: dict[Identity, Filed] = {}
        for row in rows:
            one = _filed(row)
            for channel, external_id in json.loads(row["person_identities"]):
                filed[Identity(channel, external_id)] = one
        return [filed.get(answer.identity) for answer in answers]

    async def add_to_only_open_round(
        self,
        person_id: int,
        consent_version: str,
        body: str,
        source_ref: str,
        now: dt.datetime,
        flagged: bool = False,
    ) -> Filed | None:
        """Store a known person's answer if it may be stored now (`ANSWERABLE`), in one
        statement; None: not stored (it may not, or these words were stored before)."""
        row = await self._one(
            _FILING_FOR_PERSON,
            (person_id, consent_version, body, source_ref, to_db(now), int(flagged)),
        )
        return None if row is None else _filed(row)

    async def get(self, contribution_id: int) -> Contribution | None:
        row = await self._one("SELECT * FROM contributions WHERE id = ?", (contribution_id,))
        return None if row is None else Contribution.from_row(row)

    async def by_source(self, person_id: int, source_ref: str) -> Contribution | None:
        """The contribution a person's message became, if it became one."""
        row = await self._one(
            "SELECT contributions.* FROM contributions"
            " JOIN participants ON participants.id = contributions.participant_id"
            " WHERE participants.person_id = ? AND contributions.source_ref = ?",
            (person_id, source_ref),
        )
        return None if row is None else Contribution.from_row(row)

    async def of_participant(self, participant_id: int, round_id: int) -> list[Contribution]:
        rows = await self._all(
            "SELECT * FROM contributions WHERE participant_id = ? AND round_id = ? ORDER BY id",
            (participant_id, round_id),
        )
        return [Contribution.from_row(row) for row in rows]

    async def of_round(self, round_id: int) -> list[Contribution]:
        rows = await self._all(
            "SELECT * FROM contributions WHERE round_id = ? ORDER BY id", (round_id,)
        )
        return [Contribution.from_row(row) for row in rows]

    async def of_session(self, session_id: int) -> list[Authored]:
        rows = await self._all(
            "SELECT rounds.kind, contributions.id, contributions.participant_id,"
            " participants.perspective, participants.display_mode, participants.display_name,"
            " contributions.body, contributions.flagged FROM contributions"
            " JOIN rounds ON rounds.id = contributions.round_id"
            " JOIN participants ON participants.id = contributions.participant_id"
            " WHERE rounds.session_id = ? ORDER BY contributions.id",
            (session_id,),
        )
        return [Authored(*row[:7], bool(row[7])) for row in rows]

    async def set_body(
        self, contribution_id: int, body: str, now: dt.datetime, *, flagged: bool = False
    ) -> None:
        await self._run(
            "UPDATE contributions SET body = ?, edited_at = ?, flagged = ? WHERE id = ?",
            (body, to_db(now), int(flagged), contribution_id),
        )

    async def set_flag(self, contribution_id: int, flagged: bool) -> None:
        await self._run(
            "UPDATE contributions SET flagged = ? WHERE id = ?", (int(flagged), contribution_id)
        )

    async def of_participants(self, participant_ids: list[int]) -> list[Contribution]:
        if not participant_ids:
            return []
        rows = await self._all(
            f"SELECT * FROM contributions WHERE participant_id IN"
            f" ({', '.join('?' * len(participant_ids))}) ORDER BY id",
            participant_ids,
        )
        return [Contribution.from_row(row) for row in rows]

    async def watched(self, round_id: int) -> list[Watched]:
        """A round's answers for its leaders to read along, newest first (left-out ones never)."""
        rows = await self._all(
            "SELECT contributions.id, contributions.participant_id, participants.perspective,"
            " participants.display_mode,"
            " participants.display_name, contributions.body, contributions.created_at"
            " FROM contributions"
            " JOIN participants ON participants.id = contributions.participant_id"
            " WHERE contributions.round_id = ? AND contributions.left_out_at IS NULL"
            " ORDER BY contributions.created_at DESC, contributions.id DESC",
            (round_id,),
        )
        return [Watched(*row[:6], from_db(row[6])) for row in rows]

    async def purge_session(self, session_id: int) -> int:
        """Delete the raw answers of a session (its approved summary stays)."""
        return await self._run(
            "DELETE FROM contributions WHERE round_id IN"
            " (SELECT id FROM rounds WHERE session_id = ?)",
            (session_id,),
        )

    async def pending_of(self, person_id: int) -> list[PendingAnswer]:
        rows = await self._all(
            "SELECT * FROM pending_answers WHERE person_id = ? ORDER BY id", (person_id,)
        )
        return [PendingAnswer.from_row(row) for row in rows]

    async def drop_pending_of(self, person_id: int) -> int:
        return await self._run("DELETE FROM pending_answers WHERE person_id = ?", (person_id,))

    async def prune_pending(self, before: dt.datetime) -> int:
        return await self._run(
            "DELETE FROM pending_answers WHERE created_at < ?", (to_db(before),)
        )

    async def delete(self, contribution_id: int) -> bool:
        changed = await self._run("DELETE FROM contributions WHERE id = ?", (contribution_id,))
        return changed == 1

    async def count_of(self, participant_id: int, round_id: int) -> int:
        count = await self._scalar(
            "SELECT COUNT(*) FROM contributions WHERE participant_id = ? AND round_id = ?",
            (participant_id, round_id),
        )
        return int(count)

    async def answered_participants(self, round_id: int) -> set[int]:
        rows = await self._all(
            "SELECT DISTINCT participant_id FROM contributions WHERE round_id = ?", (round_id,)
        )
        return {row["participant_id"] for row in rows}

    # Answers that wait for the person to say which session they are for.

    async def add_pending(
        self, *, person_id: int, body: str, source_ref: str, now: dt.datetime
    ) -> PendingAnswer:
        await self._run(
            "INSERT INTO pending_answers (person_id, body, source_ref, created_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (person_id, source_ref) DO NOTHING",
            (person_id, body, source_ref, to_db(now)),
        )
        row = await self._one(
            "SELECT * FROM pending_answers WHERE person_id = ? AND source_ref = ?",
            (person_id, source_ref),
        )
        if row is None:
            raise RuntimeError("pending answer vanished during creation")
        return PendingAnswer.from_row(row)

    async def pending(self, pending_id: int) -> PendingAnswer | None:
        row = await self._one("SELECT * FROM pending_answers WHERE id = ?", (pending_id,))
        return None if row is None else PendingAnswer.from_row(row)

    async def drop_pending(self, pending_id: int) -> None:
        await self._run("DELETE FROM pending_answers WHERE id = ?", (pending_id,))


# Whether words may be stored as an answer right now, for the person of a `participants`
# row joined to `rounds` of its session and a row `new` carrying `consent_version`: the
# rule, in one place. They take part (have not left), the round is open, it is the only
# round open for them (else they must say which session the words are for), and they
# agreed to the current consent text (else they must agree again first).
ANSWERABLE = (
    " participants.left_at IS NULL AND rounds.closed_at IS NULL"
    " AND participants.consent_version = new.consent_version"
    f" AND (SELECT COUNT(*) {_OPEN_FOR.format(person='new.person_id')}) = 1"
)
# The fast path files words before the person is looked up; it may only when looking them
# up would change nothing: the language their app asks for is the one we know, they are
# reachable, and they are in no guided dialogue (where typed text is a step's input).
AS_THEY_WERE = (
    " AND people.lang = new.lang AND people.unreachable_since IS NULL"
    " AND NOT EXISTS (SELECT 1 FROM dialogues WHERE dialogues.person_id = people.id)"
)
# Words written for a round's question go to that round or nowhere.
_THE_ROUND_SHOWN = " AND (new.round_id IS NULL OR rounds.id = new.round_id)"
_INSERT_ANSWERABLE = (
    " INSERT INTO contributions"
    " (round_id, participant_id, body, source_ref, created_at, flagged)"
    " SELECT rounds.id, participants.id, new.body, new.source_ref, new.created_at,"
    " new.flagged FROM new JOIN people ON people.id = new.person_id"
    " JOIN participants ON participants.person_id = people.id"
    " JOIN rounds ON rounds.session_id = participants.session_id"
    " WHERE {where}"
    " ON CONFLICT (participant_id, source_ref) DO NOTHING"
    f" RETURNING *, {OWN_COUNT} AS own_count, {ROUND_OF_CONTRIBUTION},"
    f" {PERSON_OF_CONTRIBUTION}"
)
_FILING_FOR_PERSON = (
    "WITH new (person_id, consent_version, body, source_ref, created_at, flagged)"
    " AS (VALUES (?, ?, ?, ?, ?, ?))" + _INSERT_ANSWERABLE.format(where=ANSWERABLE)
)


@cache
def _filing(answers: int) -> str:
    """The statement of `add_each_to_only_open_round` for this many answers: made once for
    each batch size, not for each batch. Each answer names its author as their channel
    knows them; the person's identities come back, to tell whose answer each row is."""
    return (
        "WITH new (person_id, lang, consent_version, body, source_ref, created_at, flagged,"
        " round_id)"
        " AS (SELECT identities.person_id, given.column3, given.column4, given.column5,"
        " given.column6, given.column7, given.column8, given.column9"
        f" FROM (VALUES {', '.join(['(?, ?, ?, ?, ?, ?, ?, ?, ?)'] * answers)}) AS given"
        " JOIN identities ON identities.channel = given.column1"
        " AND identities.external_id = given.column2)"
        + _INSERT_ANSWERABLE.format(where=ANSWERABLE + AS_THEY_WERE + _THE_ROUND_SHOWN)
        + ", (SELECT json_group_array(json_array(channel, external_id)) FROM identities"
        " WHERE identities.person_id = (SELECT person_id FROM participants"
        " WHERE participants.id = contributions.participant_id)) AS person_identities"
    )


def _filed(row: sqlite3.Row) -> Filed:
    return Filed(
        Added(Contribution.from_row(row), True, row["own_count"]),
        Round.from_row(row, "round_"),
        Person.from_row(row, "person_"),
    )


def _values(answer: NewAnswer) -> tuple[object, ...]:
    """An answer's row of values in `add_each_to_only_open_round`."""
    return (
        answer.identity.channel,
        answer.identity.external_id,
        answer.lang,
        answer.consent_version,
        answer.body,
        answer.source_ref,
        to_db(answer.now),
        int(answer.flagged),
        answer.round_id,
    )
