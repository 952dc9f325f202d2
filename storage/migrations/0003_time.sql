-- Time: deadlines, reminders, quiet hours, action follow-up. Every timer lives here,
-- so the in-memory scheduler is rebuilt from the database at start-up.

ALTER TABLE sessions ADD COLUMN tz TEXT NOT NULL DEFAULT 'Europe/Amsterdam';
ALTER TABLE sessions ADD COLUMN quiet_hours INTEGER NOT NULL DEFAULT 1;
-- Which automatic reminders a round gets: 'halfway', 'hour_before', both, or none ('').
ALTER TABLE sessions ADD COLUMN reminders TEXT NOT NULL DEFAULT 'halfway,hour_before';

ALTER TABLE rounds ADD COLUMN reminders_sent INTEGER NOT NULL DEFAULT 0;

ALTER TABLE actions ADD COLUMN status TEXT
    CHECK (status IS NULL OR status IN ('done', 'on_track', 'stuck'));
ALTER TABLE actions ADD COLUMN status_note TEXT;
ALTER TABLE actions ADD COLUMN status_at TEXT;

CREATE TABLE timers (
    id         INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL CHECK (kind IN ('close_round', 'remind', 'follow_up')),
    ref_id     INTEGER NOT NULL,
    due_at     TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    -- Set in the same transaction as the timer's effect: a timer never runs twice.
    done_at    TEXT
);
CREATE INDEX timers_pending ON timers (due_at) WHERE done_at IS NULL;
CREATE INDEX timers_by_ref ON timers (kind, ref_id);
