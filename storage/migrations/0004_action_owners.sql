-- A person in the bot can take an agreed action over from the facilitator who
-- recorded it: from then on the follow-up question on the due date goes to them.
-- They take it by opening a one-time link, so invites get a fourth kind.

ALTER TABLE actions ADD COLUMN owner_person_id INTEGER REFERENCES people (id) ON DELETE SET NULL;

-- SQLite cannot change a CHECK constraint in place: rebuild the table.
CREATE TABLE invites_new (
    code         TEXT PRIMARY KEY,
    kind         TEXT NOT NULL
        CHECK (kind IN ('participant', 'organiser', 'facilitator', 'action')),
    session_id   INTEGER REFERENCES sessions (id) ON DELETE CASCADE,
    perspective  TEXT,
    created_by   INTEGER REFERENCES people (id) ON DELETE SET NULL,
    created_at   TEXT NOT NULL,
    used_at      TEXT,
    revoked_at   TEXT,
    session_role TEXT,
    action_id    INTEGER REFERENCES actions (id) ON DELETE CASCADE,
    CHECK ((kind = 'action') = (action_id IS NOT NULL))
);
INSERT INTO invites_new
    (code, kind, session_id, perspective, created_by, created_at, used_at, revoked_at, session_role)
SELECT code, kind, session_id, perspective, created_by, created_at, used_at, revoked_at, session_role
FROM invites;
DROP TABLE invites;
ALTER TABLE invites_new RENAME TO invites;
CREATE INDEX invites_by_session ON invites (session_id);
CREATE INDEX invites_by_action ON invites (action_id) WHERE action_id IS NOT NULL;
CREATE INDEX actions_by_owner_person ON actions (owner_person_id) WHERE owner_person_id IS NOT NULL;
