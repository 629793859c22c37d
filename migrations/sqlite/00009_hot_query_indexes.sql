-- +goose Up
-- Indexes for the hot queries (issue 9). A relationship's completed
-- meetings (last check-in, sessions done: the flag sweep, engagement pages
-- and lists) are found by relationship and status together, so no planner
-- prefers the much less selective meetings_status_time, with or without
-- statistics.
CREATE INDEX meetings_pairing_status_time ON meetings (pairing_id, status, scheduled_at);
CREATE INDEX meetings_engagement_status_time ON meetings (engagement_id, status, scheduled_at);

-- +goose Down
DROP INDEX meetings_engagement_status_time;
DROP INDEX meetings_pairing_status_time;
