-- Questions that fit the theme: a session's own wording of a round's question, for all
-- perspectives (perspective '') or for one; and room for one extra open round after
-- "what is needed" (round kind and phase 'extra').

CREATE TABLE session_questions (
    session_id  INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    round_kind  TEXT    NOT NULL
        CHECK (round_kind IN ('went_well', 'hurt', 'needed', 'extra')),
    -- '' for every perspective; a perspective's own wording goes before it.
    perspective TEXT    NOT NULL DEFAULT ''
        CHECK (perspective IN ('', 'parent', 'worker', 'partner', 'municipality')),
    text        TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    PRIMARY KEY (session_id, round_kind, perspective)
);

-- SQLite cannot change a CHECK constraint: both tables are built anew with every column
-- (foreign keys are off during a migration and checked before it commits, see storage/db.py).
CREATE TABLE sessions_new (
    id                INTEGER PRIMARY KEY,
    owner_id          INTEGER NOT NULL REFERENCES people (id),
    title             TEXT    NOT NULL,
    theme             TEXT    NOT NULL,
    lang              TEXT    NOT NULL,
    phase             TEXT    NOT NULL DEFAULT 'draft'
        CHECK (phase IN ('draft', 'went_well', 'hurt', 'needed', 'actions', 'extra', 'closed')),
    created_at        TEXT    NOT NULL,
    closed_at         TEXT,
    joins_closed_at   TEXT,
    purged_at         TEXT,
    tz                TEXT    NOT NULL DEFAULT 'Europe/Amsterdam',
    quiet_hours       INTEGER NOT NULL DEFAULT 1,
    reminders         TEXT    NOT NULL DEFAULT 'halfway,hour_before',
    invites_expire_at TEXT
);
INSERT INTO sessions_new (id, owner_id, title, theme, lang, phase, created_at, closed_at,
    joins_closed_at, purged_at, tz, quiet_hours, reminders, invites_expire_at)
    SELECT id, owner_id, title, theme, lang, phase, created_at, closed_at,
    joins_closed_at, purged_at, tz, quiet_hours, reminders, invites_expire_at FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_new RENAME TO sessions;

CREATE TABLE rounds_new (
    id             INTEGER PRIMARY KEY,
    session_id     INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    kind           TEXT    NOT NULL CHECK (kind IN ('went_well', 'hurt', 'needed', 'extra')),
    opened_at      TEXT    NOT NULL,
    closes_at      TEXT,
    closed_at      TEXT,
    reminders_sent INTEGER NOT NULL DEFAULT 0,
    UNIQUE (session_id, kind)
);
INSERT INTO rounds_new (id, session_id, kind, opened_at, closes_at, closed_at, reminders_sent)
    SELECT id, session_id, kind, opened_at, closes_at, closed_at, reminders_sent FROM rounds;
DROP TABLE rounds;
ALTER TABLE rounds_new RENAME TO rounds;
