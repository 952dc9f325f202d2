-- The core of a dialogue session: people, sessions, invites, participants,
-- rounds, contributions, agreed actions, summaries, guided-dialogue state and
-- the outbox. Times are ISO 8601 text in UTC; dates are ISO 8601 text.

CREATE TABLE people (
    id                INTEGER PRIMARY KEY,
    tg_user_id        INTEGER UNIQUE,
    lang              TEXT    NOT NULL DEFAULT 'nl',
    is_facilitator    INTEGER NOT NULL DEFAULT 0,
    active_session_id INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
    unreachable_since TEXT,
    created_at        TEXT    NOT NULL
);

CREATE TABLE sessions (
    id         INTEGER PRIMARY KEY,
    owner_id   INTEGER NOT NULL REFERENCES people (id),
    title      TEXT    NOT NULL,
    theme      TEXT    NOT NULL,
    lang       TEXT    NOT NULL,
    phase      TEXT    NOT NULL DEFAULT 'draft'
        CHECK (phase IN ('draft', 'went_well', 'hurt', 'needed', 'actions', 'closed')),
    created_at TEXT    NOT NULL,
    closed_at  TEXT
);

CREATE TABLE session_perspectives (
    session_id  INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    perspective TEXT    NOT NULL
        CHECK (perspective IN ('parent', 'worker', 'partner', 'municipality')),
    PRIMARY KEY (session_id, perspective)
);

CREATE TABLE invites (
    code        TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('participant', 'organiser', 'facilitator')),
    session_id  INTEGER REFERENCES sessions (id) ON DELETE CASCADE,
    perspective TEXT,
    created_by  INTEGER REFERENCES people (id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL,
    used_at     TEXT,
    revoked_at  TEXT
);
CREATE INDEX invites_by_session ON invites (session_id);

CREATE TABLE participants (
    id              INTEGER PRIMARY KEY,
    session_id      INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    person_id       INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
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
CREATE INDEX participants_by_person ON participants (person_id);

-- A refusal keeps no link to the person: only that someone declined.
CREATE TABLE consent_refusals (
    id              INTEGER PRIMARY KEY,
    session_id      INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    perspective     TEXT    NOT NULL,
    consent_version TEXT    NOT NULL,
    refused_at      TEXT    NOT NULL
);

CREATE TABLE organisers (
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    joined_at  TEXT    NOT NULL,
    PRIMARY KEY (session_id, person_id)
);

CREATE TABLE rounds (
    id         INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL CHECK (kind IN ('went_well', 'hurt', 'needed')),
    opened_at  TEXT    NOT NULL,
    closes_at  TEXT,
    closed_at  TEXT,
    UNIQUE (session_id, kind)
);

CREATE TABLE contributions (
    id             INTEGER PRIMARY KEY,
    round_id       INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    body           TEXT    NOT NULL,
    -- Where the words came from (e.g. a Telegram message): a redelivered
    -- message is recognised and stored once.
    source_ref     TEXT    NOT NULL,
    created_at     TEXT    NOT NULL,
    edited_at      TEXT,
    UNIQUE (participant_id, source_ref)
);
CREATE INDEX contributions_by_round ON contributions (round_id);

-- Words sent while rounds of two sessions were open, waiting for the person
-- to say which session they are for.
CREATE TABLE pending_answers (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    body       TEXT    NOT NULL,
    source_ref TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    UNIQUE (person_id, source_ref)
);

CREATE TABLE actions (
    id         INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    what       TEXT    NOT NULL,
    owner      TEXT    NOT NULL,
    due_on     TEXT,
    created_by INTEGER REFERENCES people (id) ON DELETE SET NULL,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);
CREATE INDEX actions_by_session ON actions (session_id);

-- The approved summary is a snapshot: it outlives the raw contributions.
CREATE TABLE summaries (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    snapshot    TEXT    NOT NULL,
    approved_by INTEGER REFERENCES people (id) ON DELETE SET NULL,
    approved_at TEXT    NOT NULL
);

-- Where someone is in a guided dialogue (new session, new action, ...).
CREATE TABLE dialogues (
    person_id  INTEGER PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    flow       TEXT NOT NULL,
    step       TEXT NOT NULL,
    data       TEXT NOT NULL DEFAULT '{}',
    updated_at TEXT NOT NULL
);

-- Messages the bot must deliver on its own initiative, one row per message.
CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL,
    ref_id     INTEGER NOT NULL,
    part       INTEGER NOT NULL DEFAULT 0,
    not_before TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    sent_at    TEXT,
    dropped_at TEXT,
    error      TEXT
);
CREATE INDEX outbox_pending ON outbox (not_before) WHERE sent_at IS NULL AND dropped_at IS NULL;
