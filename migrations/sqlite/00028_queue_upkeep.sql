-- +goose Up
-- meetings_feedback_to_ask (00026) repeats meetings_feedback_due (00020):
-- the same columns and condition, so every write to a meeting kept two.
-- (PostgreSQL's half of this migration also tunes its vacuum of the
-- queues; SQLite drops a changed row's old index entries as it writes.)
DROP INDEX meetings_feedback_due;

-- +goose Down
CREATE INDEX meetings_feedback_due ON meetings (id) WHERE status = 'completed' AND feedback_asked_at IS NULL;
