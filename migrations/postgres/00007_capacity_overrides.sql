-- +goose Up
-- An admin may place a pairing or an engagement beyond the mentor's or the
-- coach's capacity (max_mentees / max_coachees) by giving a reason, which is
-- kept and shown with it.
ALTER TABLE pairings ADD COLUMN capacity_override_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE engagements ADD COLUMN capacity_override_reason TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE engagements DROP COLUMN capacity_override_reason;
ALTER TABLE pairings DROP COLUMN capacity_override_reason;
