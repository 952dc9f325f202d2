"""The rows the repositories hand out, as plain frozen dataclasses."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from storage.timestamps import date_from_db, from_db


@dataclass(frozen=True, slots=True)
class Identity:
    """How a channel knows a person: the channel's name and its own id for them there
    (opaque here: only that channel reads it)."""

    channel: str
    external_id: str


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    lang: str
    is_facilitator: bool
    active_session_id: int | None
    unreachable_since: dt.datetime | None
    created_at: dt.datetime

    @classmethod
    def from_row(cls, row: sqlite3.Row, prefix: str = "") -> Person:
        """`prefix`: the person's columns carry it in a join (`person_id`, `person_lang`, ...)."""
        return cls(
            id=row[prefix + "id"],
            lang=row[prefix + "lang"],
            is_facilitator=bool(row[prefix + "is_facilitator"]),
            active_session_id=row[prefix + "active_session_id"],
            unreachable_since=from_db(row[prefix + "unreachable_since"]),
            created_at=_at(row[prefix + "created_at"]),
        )


@dataclass(frozen=True, slots=True)
class Session:
    id: int
    owner_id: int
    title: str
    theme: str
    lang: str
    phase: str
    created_at: dt.datetime
    closed_at: dt.datetime | None
    perspectives: tuple[str, ...]
    joins_closed_at: dt.datetime | None = None
    purged_at: dt.datetime | None = None
    tz: str = "Europe/Amsterdam"
    quiet_hours: bool = True
    reminders: tuple[str, ...] = ("halfway", "hour_before")
    invites_expire_at: dt.datetime | None = None

    @classmethod
    def from_row(cls, row: sqlite3.Row, perspectives: tuple[str, ...]) -> Session:
        return cls(
            id=row["id"],
            owner_id=row["owner_id"],
            title=row["title"],
            theme=row["theme"],
            lang=row["lang"],
            phase=row["phase"],
            created_at=_at(row["created_at"]),
            closed_at=from_db(row["closed_at"]),
            perspectives=perspectives,
            joins_closed_at=from_db(row["joins_closed_at"]),
            purged_at=from_db(row["purged_at"]),
            tz=row["tz"],
            quiet_hours=bool(row["quiet_hours"]),
            reminders=tuple(r for r in row["reminders"].split(",") if r),
            invites_expire_at=from_db(row["invites_expire_at"]),
        )


@dataclass(frozen=True, slots=True)
class Invite:
    code: str
    kind: str
    session_id: int | None
    perspective: str | None
    created_by: int | None
    created_at: dt.datetime
    used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    session_role: str | None = None
    action_id: int | None = None
    claimed_by: int | None = None
    expires_at: dt.datetime | None = None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Invite:
        return cls(
            code=row["code"],
            kind=row["kind"],
            session_id=row["session_id"],
            perspective=row["perspective"],
            created_by=row["created_by"],
            created_at=_at(row["created_at"]),
            used_at=from_db(row["used_at"]),
            revoked_at=from_db(row["revoked_at"]),
            session_role=row["session_role"],
            action_id=row["action_id"],
            claimed_by=row["claimed_by"],
            expires_at=from_db(row["expires_at"]),
        )


@dataclass(frozen=True, slots=True)
class Participant:
    id: int
    session_id: int
    person_id: int | None
    perspective: str
    consent_version: str
    consented_at: dt.datetime
    display_mode: str
    display_name: str | None
    wants_summary: bool
    setup_done: bool
    left_at: dt.datetime | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Participant:
        return cls(
            id=row["id"],
            session_id=row["session_id"],
            person_id=row["person_id"],
            perspective=row["perspective"],
            consent_version=row["consent_version"],
            consented_at=_at(row["consented_at"]),
            display_mode=row["display_mode"],
            display_name=row["display_name"],
            wants_summary=bool(row["wants_summary"]),
            setup_done=bool(row["setup_done"]),
            left_at=from_db(row["left_at"]),
        )


@dataclass(frozen=True, slots=True)
class Round:
    id: int
    session_id: int
    kind: str
    opened_at: dt.datetime
    closes_at: dt.datetime | None
    closed_at: dt.datetime | None
    reminders_sent: int = 0

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @classmethod
    def from_row(cls, row: sqlite3.Row, prefix: str = "") -> Round:
        """`prefix`: the round's columns carry it in a join (`round_id`, `round_kind`, ...)."""
        return cls(
            id=row[prefix + "id"],
            session_id=row[prefix + "session_id"],
            kind=row[prefix + "kind"],
            opened_at=_at(row[prefix + "opened_at"]),
            closes_at=from_db(row[prefix + "closes_at"]),
            closed_at=from_db(row[prefix + "closed_at"]),
            reminders_sent=row[prefix + "reminders_sent"],
        )


@dataclass(frozen=True, slots=True)
class Contribution:
    id: int
    round_id: int
    participant_id: int
    body: str
    source_ref: str
    created_at: dt.datetime
    edited_at: dt.datetime | None
    flagged: bool = False
    left_out_at: dt.datetime | None = None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Contribution:
        return cls(
            id=row["id"],
            round_id=row["round_id"],
            participant_id=row["participant_id"],
            body=row["body"],
            source_ref=row["source_ref"],
            created_at=_at(row["created_at"]),
            edited_at=from_db(row["edited_at"]),
            flagged=bool(row["flagged"]),
            left_out_at=from_db(row["left_out_at"]),
        )


@dataclass(frozen=True, slots=True)
class PendingAnswer:
    id: int
    person_id: int
    body: str
    source_ref: str
    created_at: dt.datetime

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> PendingAnswer:
        return cls(
            id=row["id"],
            person_id=row["person_id"],
            body=row["body"],
            source_ref=row["source_ref"],
            created_at=_at(row["created_at"]),
        )


@dataclass(frozen=True, slots=True)
class Action:
    id: int
    session_id: int
    what: str
    owner: str
    due_on: dt.date | None
    created_by: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    status: str | None = None
    status_note: str | None = None
    status_at: dt.datetime | None = None
    # The person in the bot who took the action over; they get its follow-up.
    owner_person_id: int | None = None
    # The theme it comes from (None: none, or the theme was removed).
    theme_id: int | None = None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Action:
        return cls(
            id=row["id"],
            session_id=row["session_id"],
            what=row["what"],
            owner=row["owner"],
            due_on=date_from_db(row["due_on"]),
            created_by=row["created_by"],
            created_at=_at(row["created_at"]),
            updated_at=_at(row["updated_at"]),
            status=row["status"],
            status_note=row["status_note"],
            status_at=from_db(row["status_at"]),
            owner_person_id=row["owner_person_id"],
            theme_id=row["theme_id"],
        )


@dataclass(frozen=True, slots=True)
class SummaryRecord:
    id: int
    session_id: int
    snapshot: dict[str, Any]
    approved_by: int | None
    approved_at: dt.datetime
    version: int = 1
    # The version this one corrects (None: the first).
    corrects: int | None = None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> SummaryRecord:
        return cls(
            id=row["id"],
            session_id=row["session_id"],
            snapshot=json.loads(row["snapshot"]),
            approved_by=row["approved_by"],
            approved_at=_at(row["approved_at"]),
            version=row["version"],
            corrects=row["corrects"],
        )


@dataclass(frozen=True, slots=True)
class Dialogue:
    person_id: int
    flow: str
    step: str
    data: dict[str, Any]
    updated_at: dt.datetime

    @classmethod
    def from_row(cls, row: sqlite3.Row, prefix: str = "") -> Dialogue:
        """`prefix`: the dialogue's columns carry it in a join (`dialogue_flow`, ...)."""
        return cls(
            person_id=row[prefix + "person_id"],
            flow=row[prefix + "flow"],
            step=row[prefix + "step"],
            data=json.loads(row[prefix + "data"]),
            updated_at=_at(row[prefix + "updated_at"]),
        )


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    person_id: int
    # The person's id on the channel the outbox was read for; None: not reachable there.
    external_id: str | None
    lang: str
    kind: str
    ref_id: int
    part: int
    not_before: dt.datetime
    attempts: int
    # When it was delivered (None: it still waits).
    sent_at: dt.datetime | None = None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> OutboxItem:
        return cls(
            id=row["id"],
            person_id=row["person_id"],
            external_id=row["external_id"],
            lang=row["lang"],
            kind=row["kind"],
            ref_id=row["ref_id"],
            part=row["part"],
            not_before=_at(row["not_before"]),
            attempts=row["attempts"],
            sent_at=from_db(row["sent_at"]),
        )


def _at(text: str) -> dt.datetime:
    moment = from_db(text)
    if moment is None:
        raise ValueError("required timestamp is missing")
    return moment


@dataclass(frozen=True, slots=True)
class Timer:
    id: int
    kind: str
    ref_id: int
    due_at: dt.datetime

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Timer:
        return cls(id=row["id"], kind=row["kind"], ref_id=row["ref_id"], due_at=_at(row["due_at"]))


@dataclass(frozen=True, slots=True)
class ThemeRecord:
    id: int
    session_id: int
    name: str
    created_at: dt.datetime

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> ThemeRecord:
        return cls(
            id=row["id"],
            session_id=row["session_id"],
            name=row["name"],
            created_at=from_db(row["created_at"]),
        )


@dataclass(frozen=True, slots=True)
class ProposalRecord:
    id: int
    session_id: int
    participant_id: int
    body: str
    created_at: dt.datetime
    action_id: int | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> ProposalRecord:
        return cls(
            id=row["id"],
            session_id=row["session_id"],
            participant_id=row["participant_id"],
            body=row["body"],
            created_at=from_db(row["created_at"]),
            action_id=row["action_id"],
        )
