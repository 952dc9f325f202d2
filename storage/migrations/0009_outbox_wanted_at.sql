-- When a waiting message would go if no quiet hours held it, so that switching quiet hours
-- off releases only what they held: a message that waits for its own reason (the notice
-- about a newcomer who did not finish joining waits ten minutes) keeps waiting.
-- Rows queued before this migration count as held since they were queued.

ALTER TABLE outbox ADD COLUMN wanted_at TEXT;
UPDATE outbox SET wanted_at = created_at;
