"""SQLite storage: migrations, pragmas, transactions and the repositories' promises."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from storage import Database
from storage.db import migration_files
from storage.records import Identity

NOW = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)
NEWEST = migration_files()[-1][0]
V1_PEOPLE = """
INSERT INTO people (id, tg_user_id, lang, created_at) VALUES (1, 1, 'nl', 't'), (2, 2, 'nl', 't');
"""
# From version 10 on, how Telegram knows a person is kept in identities.
V10_PEOPLE = """
INSERT INTO people (id, lang, created_at) VALUES (1, 'nl', 't'), (2, 'nl', 't');
INSERT INTO identities (channel, external_id, person_id)
    VALUES ('telegram', '1', 1), ('telegram', '2', 2);
"""
V1_ROWS = """
INSERT INTO sessions (id, owner_id, title, theme, lang, created_at) VALUES (1, 1, 'T', 'Th', 'nl', 't');
INSERT INTO session_perspectives (session_id, perspective) VALUES (1, 'parent');
INSERT INTO participants (id, session_id, person_id, perspective, consent_version, consented_at)
    VALUES (1, 1, 2, 'parent', '1', 't');
INSERT INTO rounds (id, session_id, kind, opened_at) VALUES (1, 1, 'went_well', 't');
INSERT INTO contributions (round_id, participant_id, body, source_ref, created_at)
    VALUES (1, 1, 'blijft', 's', 't');
INSERT INTO invites (code, kind, session_id, perspective, created_by, created_at)
    VALUES ('c0de', 'participant', 1, 'parent', 1, 't');
"""


async def test_an_empty_file_ends_at_the_newest_schema(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "new.db")
    assert await db.schema_version() == NEWEST
    assert await db.integrity_check() == "ok"
    await db.close()
    with sqlite3.connect(tmp_path / "new.db") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize("old", [n for n, _ in migration_files()][:-1] or [0])
async def test_an_old_schema_ends_at_the_newest_and_keeps_its_rows(
    tmp_path: Path, old: int
) -> None:
    path = tmp_path / "old.db"
    db = await Database.open(path, upto=old)
    assert await db.schema_version() == old
    await db.close()
    if old:
        # Rows as the version-1 schema knew them, written the way that version did.
        with sqlite3.connect(path) as conn:
            conn.executescript((V1_PEOPLE if old < 10 else V10_PEOPLE) + V1_ROWS)
    db = await Database.open(path)
    assert await db.schema_version() == NEWEST
    assert await db.integrity_check() == "ok"
    await db.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        kept = conn.execute(
            "SELECT CAST(identities.external_id AS INTEGER), contributions.body FROM contributions"
            " JOIN participants ON participants.id = contributions.participant_id"
            " JOIN people ON people.id = participants.person_id"
            " JOIN identities ON identities.person_id = people.id"
        ).fetchall()
        invites = conn.execute("SELECT code, kind, perspective FROM invites").fetchall()
    assert kept == ([(2, "blijft")] if old else [])
    assert invites == ([("c0de", "participant", "parent")] if old else [])


async def test_a_failed_transaction_leaves_nothing_behind(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "tx.db")
    with pytest.raises(RuntimeError):
        async with db.transaction() as tx:
            await tx.people.get_or_create(Identity("telegram", "1"), "nl", NOW)
            raise RuntimeError("halfway")
    async with db.transaction() as tx:
        assert await tx.people.by_identity(Identity("telegram", "1")) is None
    await db.close()


async def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "fk.db")
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as tx:
            await tx.contributions.add(
                round_id=99, participant_id=99, body="zwevend", source_ref="x", now=NOW
            )
    await db.close()


async def seeded(db: Database) -> tuple[int, int]:
    """A session with one participant and an open round; returns (participant, round)."""
    async with db.transaction() as tx:
        owner = await tx.people.get_or_create(Identity("telegram", "1"), "nl", NOW)
        member = await tx.people.get_or_create(Identity("telegram", "2"), "nl", NOW)
        session = await tx.sessions.create(
            owner_id=owner.id, title="T", theme="Th", lang="nl", perspectives=("parent",),
            now=NOW, tz="Europe/Amsterdam",
        )  # fmt: skip
        participant = await tx.participation.add_participant(
            session_id=session.id, person_id=member.id, perspective="parent",
            consent_version="1", now=NOW,
        )  # fmt: skip
        opened = await tx.rounds.open(session.id, "went_well", NOW)
    return participant.id, opened.id


async def test_the_same_message_is_stored_once(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "once.db")
    participant, round_id = await seeded(db)
    async with db.transaction() as tx:
        first = await tx.contributions.add(
            round_id=round_id, participant_id=participant, body="a", source_ref="tg:2:7", now=NOW
        )
        again = await tx.contributions.add(
            round_id=round_id, participant_id=participant, body="a", source_ref="tg:2:7", now=NOW
        )
        other = await tx.contributions.add(
            round_id=round_id, participant_id=participant, body="b", source_ref="tg:2:8", now=NOW
        )
    assert (first.new, again.new, other.new) == (True, False, True)
    assert first.contribution.id == again.contribution.id
    # The author's count in the round comes back with the row, the new row included.
    assert (first.own_count, again.own_count, other.own_count) == (1, 1, 2)
    await db.close()


async def test_a_stored_answer_is_committed_when_the_call_returns(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "commit.db")
    participant, round_id = await seeded(db)
    async with db.transaction() as tx:
        await tx.contributions.add(
            round_id=round_id, participant_id=participant, body="zeker", source_ref="s", now=NOW
        )
    # Another connection (another process) sees it at once.
    with sqlite3.connect(tmp_path / "commit.db") as other:
        assert other.execute("SELECT body FROM contributions").fetchall() == [("zeker",)]
    await db.close()


async def test_times_are_stored_in_utc_and_read_back_aware(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "time.db")
    amsterdam = dt.datetime(2026, 11, 23, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    async with db.transaction() as tx:
        person = await tx.people.get_or_create(Identity("telegram", "5"), "nl", amsterdam)
    assert person.created_at == NOW
    await db.close()


async def test_the_last_closed_round_is_the_later_one_when_rounds_close_in_one_instant(
    tmp_path: Path,
) -> None:
    db = await Database.open(tmp_path / "t.db")
    _, first = await seeded(db)
    async with db.transaction() as tx:
        opened = await tx.rounds.get(first)
        assert opened is not None
        await tx.rounds.close(first, NOW)
        # A facilitator quicker than the clock's tick: three rounds closed in one instant.
        for kind in ("hurt", "needed"):
            later = await tx.rounds.open(opened.session_id, kind, NOW)
            await tx.rounds.close(later.id, NOW)
        last = await tx.rounds.last_closed(opened.session_id)
    await db.close()
    assert last is not None and last.id == later.id
