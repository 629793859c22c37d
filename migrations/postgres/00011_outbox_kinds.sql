-- +goose Up
-- Databases migrated while 00005_scheduler still had its first text keep
-- an outbox.kind check without 'invite' and 'password_reset', so those
-- mails fail on them. Replacing the check by name brings every database to
-- the same constraint; on one that already has it nothing changes.
ALTER TABLE outbox DROP CONSTRAINT IF EXISTS outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check
    CHECK (kind IN ('reminder', 'cancellation', 'digest', 'invite', 'password_reset'));

-- +goose Down
-- The repaired check is what 00005 creates today, so there is nothing to undo.
SELECT 1;
