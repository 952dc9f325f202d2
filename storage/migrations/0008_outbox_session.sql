-- Which session a waiting message belongs to, so that switching a session's quiet hours
-- can re-time what waits for it (off: it goes now; on at night: it waits for the morning).
-- Rows queued before this migration have none and keep their time.

ALTER TABLE outbox ADD COLUMN session_id INTEGER REFERENCES sessions (id) ON DELETE CASCADE;
CREATE INDEX outbox_waiting_by_session ON outbox (session_id)
    WHERE sent_at IS NULL AND dropped_at IS NULL;
