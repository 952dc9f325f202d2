-- Counting one person's answers in a round (every acknowledgement does) read every
-- answer in that round: the round's index was the only one on round_id. With the
-- author beside the round it reads only theirs, and lookups by round alone still use it.

DROP INDEX contributions_by_round;
CREATE INDEX contributions_by_round_and_author ON contributions (round_id, participant_id);
