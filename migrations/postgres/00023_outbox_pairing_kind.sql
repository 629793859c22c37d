-- +goose Up
-- A confirmed cohort proposal emails both people of each pair (issue 17), as
-- its own kind of outbox message.
ALTER TABLE outbox DROP CONSTRAINT IF EXISTS outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check
    CHECK (kind IN ('reminder', 'cancellation', 'digest', 'invite', 'password_reset', 'nudge', 'extension', 'request', 'pairing'));

-- +goose Down
-- The outbox keeps the wider check: pairing emails already queued stay readable.
SELECT 1;
