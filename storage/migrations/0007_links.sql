-- Links reach only whom they are meant for.
-- One-person links (organiser, facilitator, co-facilitator) remember who claimed them:
-- the same person may open theirs again, anyone else is told it has been used.
-- Session links stop working at a moment the facilitator chooses; one-time links have
-- their own end. Someone the facilitator removed cannot come back with the same link.
-- The wrong-code brake is kept here, so a restart does not reset it.

ALTER TABLE invites ADD COLUMN claimed_by INTEGER REFERENCES people (id) ON DELETE SET NULL;
ALTER TABLE invites ADD COLUMN expires_at TEXT;
ALTER TABLE sessions ADD COLUMN invites_expire_at TEXT;

CREATE TABLE removed_participants (
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    removed_at TEXT    NOT NULL,
    PRIMARY KEY (session_id, person_id)
);

-- Only the Telegram id of someone who tried codes that do not exist, while it matters:
-- a right code clears the row, and rows long past their wait are dropped.
CREATE TABLE code_tries (
    tg_user_id    INTEGER PRIMARY KEY,
    failures      INTEGER NOT NULL,
    blocked_until TEXT    NOT NULL,
    last_try_at   TEXT    NOT NULL
);
CREATE INDEX code_tries_by_time ON code_tries (last_try_at);
