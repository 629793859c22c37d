-- +goose Up
-- The reminder sweep looks for completed meetings whose learner has not
-- yet been asked for feedback (storage.FeedbackToAsk) on every run. Read
-- through the status index, that visited every completed meeting there ever
-- was to find none (150 ms at 100,000 meetings, every minute); this index
-- holds only the meetings still to ask, so a sweep with none due is a lookup.
CREATE INDEX meetings_feedback_to_ask ON meetings (id) WHERE status = 'completed' AND feedback_asked_at IS NULL;

-- +goose Down
DROP INDEX meetings_feedback_to_ask;
