-- Trust: an inbox of raw updates (one effect per update, nothing lost in a crash),
-- co-facilitators, invites that can be closed, personal-details flags, retention,
-- and participations that can outlive the person (kept anonymised after /stop).

CREATE TABLE inbox (
    seq         INTEGER PRIMARY KEY,
    update_id   INTEGER NOT NULL UNIQUE,
    received_at TEXT    NOT NULL,
    -- The raw update until it is handled; then only its id stays, to recognise a repeat.
    payload     TEXT,
    handled_at  TEXT
);
CREATE INDEX inbox_pending ON inbox (seq) WHERE handled_at IS NULL;

CREATE TABLE co_facilitators (
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    added_at   TEXT    NOT NULL,
    PRIMARY KEY (session_id, person_id)
);

ALTER TABLE sessions ADD COLUMN joins_closed_at TEXT;
ALTER TABLE sessions ADD COLUMN purged_at TEXT;
ALTER TABLE invites ADD COLUMN session_role TEXT;
ALTER TABLE contributions ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0;

-- A participation whose person left (answers kept, anonymised) or was erased has no person.
CREATE TABLE participants_new (
    id              INTEGER PRIMARY KEY,
    session_id      INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    person_id       INTEGER REFERENCES people (id) ON DELETE SET NULL,
    perspective     TEXT    NOT NULL,
    consent_version TEXT    NOT NULL,
    consented_at    TEXT    NOT NULL,
    display_mode    TEXT    NOT NULL DEFAULT 'anonymous'
        CHECK (display_mode IN ('name', 'pseudonym', 'anonymous')),
    display_name    TEXT,
    wants_summary   INTEGER NOT NULL DEFAULT 0,
    setup_done      INTEGER NOT NULL DEFAULT 0,
    left_at         TEXT,
    UNIQUE (session_id, person_id)
);
INSERT INTO participants_new SELECT * FROM participants;
DROP TABLE participants;
ALTER TABLE participants_new RENAME TO participants;
CREATE INDEX participants_by_person ON participants (person_id);
