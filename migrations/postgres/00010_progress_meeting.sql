-- +goose Up
-- A progress entry recorded with a session update names that session, so
-- the history can say which meeting the step came from. Entries written
-- on their own keep it empty.
ALTER TABLE engagement_progress ADD COLUMN meeting_id BIGINT REFERENCES meetings (id);

-- +goose Down
ALTER TABLE engagement_progress DROP COLUMN meeting_id;
