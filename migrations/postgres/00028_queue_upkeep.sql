-- +goose Up
-- meetings_feedback_to_ask (00026) repeats meetings_feedback_due (00020):
-- the same columns and condition, so every write to a meeting kept two.
DROP INDEX meetings_feedback_due;

-- The outbox and the reminders are queues: each sweep turns some of their
-- rows over, and until a vacuum every sweep's index scan reads past the old
-- versions. PostgreSQL's default waits for a fifth of a table to be dead,
-- which on an outbox of a million sent messages is 200,000 entries; these
-- vacuum after a thousand, however large the table. (Sweeps that change a
-- thousand rows at once vacuum straight after: ReclaimOutbox.)
ALTER TABLE outbox SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000,
  autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 10000);
ALTER TABLE reminders SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000,
  autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 10000);

-- +goose Down
ALTER TABLE reminders RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold,
  autovacuum_vacuum_insert_scale_factor, autovacuum_vacuum_insert_threshold);
ALTER TABLE outbox RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold,
  autovacuum_vacuum_insert_scale_factor, autovacuum_vacuum_insert_threshold);
CREATE INDEX meetings_feedback_due ON meetings (id) WHERE status = 'completed' AND feedback_asked_at IS NULL;
