"""Migration 0016: a database of schema 15 keeps every row of every table while sessions
and rounds are built anew to allow the extra round; the new table holds a session's
wording of its questions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage import Database

BEFORE, AFTER = 15, 16

ROWS_AT_15 = """
INSERT INTO people (id, lang, is_facilitator, created_at) VALUES
    (1, 'nl', 1, '2026-11-01T09:00:00+00:00'), (2, 'en', 0, '2026-11-01T09:05:00+00:00');
INSERT INTO sessions (id, owner_id, title, theme, lang, phase, created_at, closed_at,
    joins_closed_at, tz, quiet_hours, reminders, invites_expire_at)
    VALUES (1, 1, 'Evaluatie', 'Thema', 'nl', 'hurt', '2026-11-01T09:00:00+00:00', NULL,
            '2026-11-02T09:00:00+00:00', 'Europe/Brussels', 0, 'halfway',
            '2026-12-01T09:00:00+00:00'),
           (2, 1, 'Oud', 'Thema', 'nl', 'closed', '2026-10-01T09:00:00+00:00',
            '2026-10-02T09:00:00+00:00', NULL, 'Europe/Amsterdam', 1, 'halfway,hour_before',
            NULL);
UPDATE people SET active_session_id = 1 WHERE id = 1;
INSERT INTO session_perspectives (session_id, perspective, invited) VALUES (1, 'parent', 5);
INSERT INTO participants (id, session_id, person_id, perspective, consent_version, consented_at)
    VALUES (1, 1, 2, 'parent', '2', '2026-11-01T09:06:00+00:00');
INSERT INTO rounds (id, session_id, kind, opened_at, closes_at, closed_at, reminders_sent)
    VALUES (1, 1, 'went_well', '2026-11-01T10:00:00+00:00', NULL, '2026-11-01T11:00:00+00:00', 1),
           (2, 1, 'hurt', '2026-11-01T11:00:00+00:00', '2026-11-01T12:00:00+00:00', NULL, 0);
INSERT INTO contributions (id, round_id, participant_id, body, source_ref, created_at)
    VALUES (1, 1, 1, 'Het buurtteam luisterde', 'tg:2002:7', '2026-11-01T10:01:00+00:00'),
           (2, 2, 1, 'Lang wachten', 'tg:2002:8', '2026-11-01T11:02:00+00:00');
INSERT INTO mirrors (id, round_id, perspectives, shared_at)
    VALUES (1, 1, 'parent', '2026-11-01T11:05:00+00:00');
INSERT INTO themes (id, session_id, name, created_at)
    VALUES (1, 1, 'Luisteren', '2026-11-01T11:03:00+00:00');
INSERT INTO theme_answers (contribution_id, theme_id, sorted_at)
    VALUES (1, 1, '2026-11-01T11:04:00+00:00');
INSERT INTO actions (id, session_id, what, owner, created_by, created_at, updated_at, theme_id)
    VALUES (1, 1, 'Terugbellen', 'buurtteam', 1, '2026-11-01T11:00:00+00:00',
            '2026-11-01T11:00:00+00:00', 1);
INSERT INTO outbox (id, person_id, kind, ref_id, not_before, created_at, session_id)
    VALUES (1, 2, 'round', 2, '2026-11-01T11:00:00+00:00', '2026-11-01T11:00:00+00:00', 1);
"""

TABLES = (
    "people",
    "sessions",
    "session_perspectives",
    "participants",
    "rounds",
    "contributions",
    "mirrors",
    "themes",
    "theme_answers",
    "actions",
    "outbox",
)


def table(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


async def test_a_database_of_schema_15_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = await Database.open(path, upto=BEFORE)
    await db.close()
    with sqlite3.connect(path) as conn:
        conn.executescript(ROWS_AT_15)
    before = {name: table(path, f"SELECT * FROM {name} ORDER BY 1") for name in TABLES}

    db = await Database.open(path, upto=AFTER)
    try:
        assert await db.schema_version() == AFTER
        assert await db.integrity_check() == "ok"
    finally:
        await db.close()
    after = {name: table(path, f"SELECT * FROM {name} ORDER BY 1") for name in TABLES}
    assert after == before
    assert table(path, "PRAGMA foreign_key_check") == []
    # The rebuilt tables keep their references: deleting a session still takes its rounds
    # and answers with it.
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM sessions WHERE id = 1")
    assert table(path, "SELECT COUNT(*) FROM rounds") == [(0,)]
    assert table(path, "SELECT COUNT(*) FROM contributions") == [(0,)]
    assert table(path, "SELECT COUNT(*) FROM mirrors") == [(0,)]
    assert table(path, "SELECT active_session_id FROM people WHERE id = 1") == [(None,)]


async def test_the_extra_round_and_its_phase_are_allowed_and_nothing_else(
    tmp_path: Path,
) -> None:
    path = tmp_path / "new.db"
    db = await Database.open(path)
    await db.close()
    with sqlite3.connect(path) as conn:
        conn.executescript(ROWS_AT_15)
        conn.execute("UPDATE sessions SET phase = 'extra' WHERE id = 1")
        conn.execute("INSERT INTO rounds (session_id, kind, opened_at) VALUES (1, 'extra', 'x')")
        conn.execute(
            "INSERT INTO session_questions VALUES (1, 'extra', '', 'Hoe ging de overgang?', 'x')"
        )
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE sessions SET phase = 'later' WHERE id = 1")
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(
                "INSERT INTO rounds (session_id, kind, opened_at) VALUES (2, 'other', 'x')"
            )
