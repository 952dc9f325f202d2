"""Migration 0010: a database made by the schema before it keeps every person, answer and
action, and how Telegram knows each person moves into the identities table."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from storage import Database
from storage.records import Identity

BEFORE = 9  # the schema that still kept a Telegram id in people
AFTER = 10  # the migration that moved it; later ones add columns of their own

# Rows as schema 9 held them: two Telegram users, one person without one (a facilitator
# who was forgotten but still owns a session), a session with an answer, an action taken
# over, a half-finished dialogue, an outbox row, and a Telegram user braked for wrong codes.
ROWS_AT_9 = """
INSERT INTO people (id, tg_user_id, lang, is_facilitator, unreachable_since, created_at) VALUES
    (1, 1001, 'nl', 1, NULL, '2026-11-01T09:00:00+00:00'),
    (2, 2002, 'en', 0, '2026-11-02T09:00:00+00:00', '2026-11-01T09:05:00+00:00'),
    (3, NULL, 'nl', 0, NULL, '2026-11-01T09:10:00+00:00');
INSERT INTO sessions (id, owner_id, title, theme, lang, created_at)
    VALUES (1, 1, 'Evaluatie', 'Thema', 'nl', '2026-11-01T09:00:00+00:00'),
           (2, 3, 'Oud', 'Thema', 'nl', '2026-11-01T09:00:00+00:00');
UPDATE people SET active_session_id = 1 WHERE id = 1;
INSERT INTO session_perspectives VALUES (1, 'parent');
INSERT INTO participants (id, session_id, person_id, perspective, consent_version, consented_at)
    VALUES (1, 1, 2, 'parent', '1', '2026-11-01T09:06:00+00:00');
INSERT INTO rounds (id, session_id, kind, opened_at) VALUES (1, 1, 'went_well', '2026-11-01T10:00:00+00:00');
INSERT INTO contributions (id, round_id, participant_id, body, source_ref, created_at)
    VALUES (1, 1, 1, 'Het buurtteam luisterde', 'tg:2002:7', '2026-11-01T10:01:00+00:00'),
           (2, 1, 1, 'En kwam snel', 'tg:2002:8', '2026-11-01T10:02:00+00:00');
INSERT INTO actions (id, session_id, what, owner, created_by, owner_person_id, created_at, updated_at)
    VALUES (1, 1, 'Terugbellen', 'buurtteam', 1, 2, '2026-11-01T11:00:00+00:00',
            '2026-11-01T11:00:00+00:00');
INSERT INTO dialogues (person_id, flow, step, updated_at)
    VALUES (1, 'new_session', 'title', '2026-11-01T12:00:00+00:00');
INSERT INTO outbox (id, person_id, kind, ref_id, not_before, created_at, wanted_at)
    VALUES (1, 2, 'round', 1, '2026-11-01T10:00:00+00:00', '2026-11-01T10:00:00+00:00',
            '2026-11-01T10:00:00+00:00');
INSERT INTO code_tries (tg_user_id, failures, blocked_until, last_try_at)
    VALUES (3003, 4, '2026-11-01T13:00:00+00:00', '2026-11-01T12:59:30+00:00');
"""


def table(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


async def test_a_database_of_the_previous_schema_keeps_everyone_and_everything(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    db = await Database.open(path, upto=BEFORE)
    await db.close()
    with sqlite3.connect(path) as conn:
        conn.executescript(ROWS_AT_9)
    people_before = table(
        path,
        "SELECT id, lang, is_facilitator, active_session_id, unreachable_since, created_at"
        " FROM people ORDER BY id",
    )
    answers_before = table(path, "SELECT * FROM contributions ORDER BY id")
    actions_before = table(path, "SELECT * FROM actions ORDER BY id")
    others_before = {
        name: table(path, f"SELECT * FROM {name} ORDER BY 1")
        for name in ("sessions", "participants", "dialogues", "outbox")
    }

    db = await Database.open(path, upto=AFTER)
    assert await db.schema_version() == AFTER
    assert await db.integrity_check() == "ok"
    async with db.read() as tx:
        # Each channel's id leads to the same person as before; our ids did not change.
        known = await tx.people.by_identity(Identity("telegram", "2002"))
        assert known is not None and known.id == 2 and known.lang == "en"
        found = await tx.people.by_identity_with_dialogue(Identity("telegram", "1001"))
        assert found is not None
        facilitator, dialogue = found
        assert facilitator.id == 1 and dialogue is not None and dialogue.step == "title"
        assert await tx.people.identities(3) == []
        braked = await tx.code_tries.get(Identity("telegram", "3003"))
        assert braked is not None and braked.failures == 4
    await db.close()

    assert table(path, "PRAGMA foreign_key_check") == []
    assert "tg_user_id" not in {row[1] for row in table(path, "PRAGMA table_info(people)")}
    assert table(path, "SELECT channel, external_id, person_id FROM identities ORDER BY 3") == [
        ("telegram", "1001", 1),
        ("telegram", "2002", 2),
    ]
    assert (
        table(
            path,
            "SELECT id, lang, is_facilitator, active_session_id, unreachable_since, created_at"
            " FROM people ORDER BY id",
        )
        == people_before
    )
    assert table(path, "SELECT * FROM contributions ORDER BY id") == answers_before
    assert table(path, "SELECT * FROM actions ORDER BY id") == actions_before
    for name, rows in others_before.items():
        assert table(path, f"SELECT * FROM {name} ORDER BY 1") == rows, name
    # The references to people still hold, and still act: erasing a person cascades.
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM people WHERE id = 2")
        assert conn.execute("SELECT COUNT(*) FROM identities WHERE person_id = 2").fetchone() == (
            0,
        )
        # A participation outlives its person (answers kept, anonymised).
        assert conn.execute("SELECT person_id FROM participants").fetchall() == [(None,)]
        assert conn.execute("SELECT COUNT(*) FROM outbox").fetchone() == (0,)
