-- From voices to a shared result: themes, recognition, proposals, reviewed summaries.

-- What the facilitator expects per perspective: the response is counted against it.
ALTER TABLE session_perspectives ADD COLUMN invited INTEGER;

-- Themes the facilitator groups a session's answers into (typed in advance or made on the way).
CREATE TABLE themes (
    id         INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    UNIQUE (session_id, name)
);

-- Where each sorted answer went; theme_id NULL: looked at and skipped.
CREATE TABLE theme_answers (
    contribution_id INTEGER PRIMARY KEY REFERENCES contributions (id) ON DELETE CASCADE,
    theme_id        INTEGER REFERENCES themes (id) ON DELETE CASCADE,
    sorted_at       TEXT    NOT NULL
);
CREATE INDEX theme_answers_by_theme ON theme_answers (theme_id);

-- A round's anonymised overview, shared with the participants (the perspectives that got it
-- are the groups a broad recognition needs, comma-separated).
CREATE TABLE mirrors (
    id           INTEGER PRIMARY KEY,
    round_id     INTEGER NOT NULL UNIQUE REFERENCES rounds (id) ON DELETE CASCADE,
    perspectives TEXT    NOT NULL,
    shared_at    TEXT    NOT NULL
);

-- "Herkenbaar": one mark per item per participant, undone by deleting it.
CREATE TABLE recognitions (
    contribution_id INTEGER NOT NULL REFERENCES contributions (id) ON DELETE CASCADE,
    participant_id  INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    perspective     TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    PRIMARY KEY (contribution_id, participant_id)
);

-- Actions participants propose in their own words, the endorsements, and what was agreed.
CREATE TABLE proposals (
    id             INTEGER PRIMARY KEY,
    session_id     INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    body           TEXT    NOT NULL,
    created_at     TEXT    NOT NULL,
    action_id      INTEGER REFERENCES actions (id) ON DELETE SET NULL
);
CREATE INDEX proposals_by_session ON proposals (session_id);

CREATE TABLE endorsements (
    proposal_id    INTEGER NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    created_at     TEXT    NOT NULL,
    PRIMARY KEY (proposal_id, participant_id)
);

-- The theme an agreed action comes from.
ALTER TABLE actions ADD COLUMN theme_id INTEGER REFERENCES themes (id) ON DELETE SET NULL;

-- Left out of the summary by the facilitator: then in no summary, report, export or board.
ALTER TABLE contributions ADD COLUMN left_out_at TEXT;

-- The facilitator's draft: the cover facts and their own opening and closing words.
CREATE TABLE summary_drafts (
    session_id       INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
    municipality     TEXT,
    area             TEXT,
    facilitator_name TEXT,
    opening          TEXT,
    closing          TEXT,
    updated_at       TEXT    NOT NULL
);

-- Every sent version; a correction names the version it corrects.
ALTER TABLE summaries ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE summaries ADD COLUMN corrects INTEGER REFERENCES summaries (id) ON DELETE SET NULL;
