-- The live board: one secret link per session for the beamer, read-only, counts only.
-- Only the SHA-256 of its secret is kept, so the database alone cannot rebuild the link.
-- Asking for a new link replaces the row: the old link stops working.

CREATE TABLE boards (
    session_id  INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
    secret_hash TEXT    NOT NULL UNIQUE,
    created_at  TEXT    NOT NULL
);
