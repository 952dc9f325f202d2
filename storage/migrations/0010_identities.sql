-- A person is ours: each channel (Telegram now, a web page next) knows them by its own id,
-- kept here and nowhere else. Everything else names the person by our id.
-- People keep their ids, so every reference to them stays as it was.

CREATE TABLE identities (
    channel     TEXT    NOT NULL,
    external_id TEXT    NOT NULL,
    person_id   INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    UNIQUE (channel, external_id)
);
CREATE INDEX identities_by_person ON identities (person_id);

INSERT INTO identities (channel, external_id, person_id)
    SELECT 'telegram', CAST(tg_user_id AS TEXT), id FROM people WHERE tg_user_id IS NOT NULL;

-- SQLite cannot drop a UNIQUE column: the table is built anew (foreign keys are off during
-- a migration and checked before it commits, see storage/db.py).
CREATE TABLE people_new (
    id                INTEGER PRIMARY KEY,
    lang              TEXT    NOT NULL DEFAULT 'nl',
    is_facilitator    INTEGER NOT NULL DEFAULT 0,
    active_session_id INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
    unreachable_since TEXT,
    created_at        TEXT    NOT NULL
);
INSERT INTO people_new (id, lang, is_facilitator, active_session_id, unreachable_since, created_at)
    SELECT id, lang, is_facilitator, active_session_id, unreachable_since, created_at FROM people;
DROP TABLE people;
ALTER TABLE people_new RENAME TO people;

-- The wrong-code brake holds back whoever tries codes, known to us or not: it keys on how
-- their channel knows them.
CREATE TABLE code_tries_new (
    channel       TEXT NOT NULL,
    external_id   TEXT NOT NULL,
    failures      INTEGER NOT NULL,
    blocked_until TEXT    NOT NULL,
    last_try_at   TEXT    NOT NULL,
    PRIMARY KEY (channel, external_id)
);
INSERT INTO code_tries_new (channel, external_id, failures, blocked_until, last_try_at)
    SELECT 'telegram', CAST(tg_user_id AS TEXT), failures, blocked_until, last_try_at
    FROM code_tries;
DROP TABLE code_tries;
ALTER TABLE code_tries_new RENAME TO code_tries;
CREATE INDEX code_tries_by_time ON code_tries (last_try_at);
