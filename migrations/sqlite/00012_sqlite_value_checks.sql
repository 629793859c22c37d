-- +goose Up
-- PostgreSQL refuses a boolean that is not one, a date that is not a date
-- and a time that is not a time; SQLite stores whatever it is given. These
-- triggers make SQLite refuse the same values, so both stores hold the same
-- data and a bad write fails the same way on each (as a constraint error,
-- which the app reports as an invalid value). One pair per column, named
-- check_TABLE_COLUMN_ins and _upd, so a schema test can see that every
-- such column is guarded.

-- +goose StatementBegin
CREATE TRIGGER check_action_links_created_at_ins BEFORE INSERT ON action_links
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: action_links.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_action_links_created_at_upd BEFORE UPDATE OF created_at ON action_links
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: action_links.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_action_links_expires_at_ins BEFORE INSERT ON action_links
WHEN NEW.expires_at IS NOT NULL AND (typeof(NEW.expires_at) <> 'text' OR julianday(NEW.expires_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: action_links.expires_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_action_links_expires_at_upd BEFORE UPDATE OF expires_at ON action_links
WHEN NEW.expires_at IS NOT NULL AND (typeof(NEW.expires_at) <> 'text' OR julianday(NEW.expires_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: action_links.expires_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_action_links_used_at_ins BEFORE INSERT ON action_links
WHEN NEW.used_at IS NOT NULL AND (typeof(NEW.used_at) <> 'text' OR julianday(NEW.used_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: action_links.used_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_action_links_used_at_upd BEFORE UPDATE OF used_at ON action_links
WHEN NEW.used_at IS NOT NULL AND (typeof(NEW.used_at) <> 'text' OR julianday(NEW.used_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: action_links.used_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_api_tokens_created_at_ins BEFORE INSERT ON api_tokens
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: api_tokens.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_api_tokens_created_at_upd BEFORE UPDATE OF created_at ON api_tokens
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: api_tokens.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_api_tokens_revoked_at_ins BEFORE INSERT ON api_tokens
WHEN NEW.revoked_at IS NOT NULL AND (typeof(NEW.revoked_at) <> 'text' OR julianday(NEW.revoked_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: api_tokens.revoked_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_api_tokens_revoked_at_upd BEFORE UPDATE OF revoked_at ON api_tokens
WHEN NEW.revoked_at IS NOT NULL AND (typeof(NEW.revoked_at) <> 'text' OR julianday(NEW.revoked_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: api_tokens.revoked_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_app_secrets_created_at_ins BEFORE INSERT ON app_secrets
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: app_secrets.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_app_secrets_created_at_upd BEFORE UPDATE OF created_at ON app_secrets
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: app_secrets.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_audit_log_at_ins BEFORE INSERT ON audit_log
WHEN NEW.at IS NOT NULL AND (typeof(NEW.at) <> 'text' OR julianday(NEW.at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: audit_log.at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_audit_log_at_upd BEFORE UPDATE OF at ON audit_log
WHEN NEW.at IS NOT NULL AND (typeof(NEW.at) <> 'text' OR julianday(NEW.at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: audit_log.at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_calendar_feeds_created_at_ins BEFORE INSERT ON calendar_feeds
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: calendar_feeds.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_calendar_feeds_created_at_upd BEFORE UPDATE OF created_at ON calendar_feeds
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: calendar_feeds.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_engagement_progress_at_ins BEFORE INSERT ON engagement_progress
WHEN NEW.at IS NOT NULL AND (typeof(NEW.at) <> 'text' OR julianday(NEW.at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: engagement_progress.at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_engagement_progress_at_upd BEFORE UPDATE OF at ON engagement_progress
WHEN NEW.at IS NOT NULL AND (typeof(NEW.at) <> 'text' OR julianday(NEW.at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: engagement_progress.at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_engagements_starts_on_ins BEFORE INSERT ON engagements
WHEN NEW.starts_on IS NOT NULL AND (typeof(NEW.starts_on) <> 'text' OR NEW.starts_on IS NOT date(NEW.starts_on))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: engagements.starts_on must be a date (YYYY-MM-DD)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_engagements_starts_on_upd BEFORE UPDATE OF starts_on ON engagements
WHEN NEW.starts_on IS NOT NULL AND (typeof(NEW.starts_on) <> 'text' OR NEW.starts_on IS NOT date(NEW.starts_on))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: engagements.starts_on must be a date (YYYY-MM-DD)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_engagements_ends_on_ins BEFORE INSERT ON engagements
WHEN NEW.ends_on IS NOT NULL AND (typeof(NEW.ends_on) <> 'text' OR NEW.ends_on IS NOT date(NEW.ends_on))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: engagements.ends_on must be a date (YYYY-MM-DD)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_engagements_ends_on_upd BEFORE UPDATE OF ends_on ON engagements
WHEN NEW.ends_on IS NOT NULL AND (typeof(NEW.ends_on) <> 'text' OR NEW.ends_on IS NOT date(NEW.ends_on))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: engagements.ends_on must be a date (YYYY-MM-DD)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_engagements_closed_at_ins BEFORE INSERT ON engagements
WHEN NEW.closed_at IS NOT NULL AND (typeof(NEW.closed_at) <> 'text' OR julianday(NEW.closed_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: engagements.closed_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_engagements_closed_at_upd BEFORE UPDATE OF closed_at ON engagements
WHEN NEW.closed_at IS NOT NULL AND (typeof(NEW.closed_at) <> 'text' OR julianday(NEW.closed_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: engagements.closed_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_engagements_created_at_ins BEFORE INSERT ON engagements
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: engagements.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_engagements_created_at_upd BEFORE UPDATE OF created_at ON engagements
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: engagements.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_engagements_updated_at_ins BEFORE INSERT ON engagements
WHEN NEW.updated_at IS NOT NULL AND (typeof(NEW.updated_at) <> 'text' OR julianday(NEW.updated_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: engagements.updated_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_engagements_updated_at_upd BEFORE UPDATE OF updated_at ON engagements
WHEN NEW.updated_at IS NOT NULL AND (typeof(NEW.updated_at) <> 'text' OR julianday(NEW.updated_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: engagements.updated_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_flag_digests_digest_date_ins BEFORE INSERT ON flag_digests
WHEN NEW.digest_date IS NOT NULL AND (typeof(NEW.digest_date) <> 'text' OR NEW.digest_date IS NOT date(NEW.digest_date))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: flag_digests.digest_date must be a date (YYYY-MM-DD)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_flag_digests_digest_date_upd BEFORE UPDATE OF digest_date ON flag_digests
WHEN NEW.digest_date IS NOT NULL AND (typeof(NEW.digest_date) <> 'text' OR NEW.digest_date IS NOT date(NEW.digest_date))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: flag_digests.digest_date must be a date (YYYY-MM-DD)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_flag_digests_queued_at_ins BEFORE INSERT ON flag_digests
WHEN NEW.queued_at IS NOT NULL AND (typeof(NEW.queued_at) <> 'text' OR julianday(NEW.queued_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: flag_digests.queued_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_flag_digests_queued_at_upd BEFORE UPDATE OF queued_at ON flag_digests
WHEN NEW.queued_at IS NOT NULL AND (typeof(NEW.queued_at) <> 'text' OR julianday(NEW.queued_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: flag_digests.queued_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_flags_raised_at_ins BEFORE INSERT ON flags
WHEN NEW.raised_at IS NOT NULL AND (typeof(NEW.raised_at) <> 'text' OR julianday(NEW.raised_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: flags.raised_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_flags_raised_at_upd BEFORE UPDATE OF raised_at ON flags
WHEN NEW.raised_at IS NOT NULL AND (typeof(NEW.raised_at) <> 'text' OR julianday(NEW.raised_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: flags.raised_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_flags_cleared_at_ins BEFORE INSERT ON flags
WHEN NEW.cleared_at IS NOT NULL AND (typeof(NEW.cleared_at) <> 'text' OR julianday(NEW.cleared_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: flags.cleared_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_flags_cleared_at_upd BEFORE UPDATE OF cleared_at ON flags
WHEN NEW.cleared_at IS NOT NULL AND (typeof(NEW.cleared_at) <> 'text' OR julianday(NEW.cleared_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: flags.cleared_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_meeting_private_notes_updated_at_ins BEFORE INSERT ON meeting_private_notes
WHEN NEW.updated_at IS NOT NULL AND (typeof(NEW.updated_at) <> 'text' OR julianday(NEW.updated_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: meeting_private_notes.updated_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_meeting_private_notes_updated_at_upd BEFORE UPDATE OF updated_at ON meeting_private_notes
WHEN NEW.updated_at IS NOT NULL AND (typeof(NEW.updated_at) <> 'text' OR julianday(NEW.updated_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: meeting_private_notes.updated_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_meetings_scheduled_at_ins BEFORE INSERT ON meetings
WHEN NEW.scheduled_at IS NOT NULL AND (typeof(NEW.scheduled_at) <> 'text' OR julianday(NEW.scheduled_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: meetings.scheduled_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_meetings_scheduled_at_upd BEFORE UPDATE OF scheduled_at ON meetings
WHEN NEW.scheduled_at IS NOT NULL AND (typeof(NEW.scheduled_at) <> 'text' OR julianday(NEW.scheduled_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: meetings.scheduled_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_meetings_ends_at_ins BEFORE INSERT ON meetings
WHEN NEW.ends_at IS NOT NULL AND (typeof(NEW.ends_at) <> 'text' OR julianday(NEW.ends_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: meetings.ends_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_meetings_ends_at_upd BEFORE UPDATE OF ends_at ON meetings
WHEN NEW.ends_at IS NOT NULL AND (typeof(NEW.ends_at) <> 'text' OR julianday(NEW.ends_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: meetings.ends_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_meetings_created_at_ins BEFORE INSERT ON meetings
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: meetings.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_meetings_created_at_upd BEFORE UPDATE OF created_at ON meetings
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: meetings.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_meetings_updated_at_ins BEFORE INSERT ON meetings
WHEN NEW.updated_at IS NOT NULL AND (typeof(NEW.updated_at) <> 'text' OR julianday(NEW.updated_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: meetings.updated_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_meetings_updated_at_upd BEFORE UPDATE OF updated_at ON meetings
WHEN NEW.updated_at IS NOT NULL AND (typeof(NEW.updated_at) <> 'text' OR julianday(NEW.updated_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: meetings.updated_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_notifications_created_at_ins BEFORE INSERT ON notifications
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: notifications.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_notifications_created_at_upd BEFORE UPDATE OF created_at ON notifications
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: notifications.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_notifications_read_at_ins BEFORE INSERT ON notifications
WHEN NEW.read_at IS NOT NULL AND (typeof(NEW.read_at) <> 'text' OR julianday(NEW.read_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: notifications.read_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_notifications_read_at_upd BEFORE UPDATE OF read_at ON notifications
WHEN NEW.read_at IS NOT NULL AND (typeof(NEW.read_at) <> 'text' OR julianday(NEW.read_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: notifications.read_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_outbox_not_after_ins BEFORE INSERT ON outbox
WHEN NEW.not_after IS NOT NULL AND (typeof(NEW.not_after) <> 'text' OR julianday(NEW.not_after) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: outbox.not_after must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_outbox_not_after_upd BEFORE UPDATE OF not_after ON outbox
WHEN NEW.not_after IS NOT NULL AND (typeof(NEW.not_after) <> 'text' OR julianday(NEW.not_after) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: outbox.not_after must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_outbox_next_attempt_at_ins BEFORE INSERT ON outbox
WHEN NEW.next_attempt_at IS NOT NULL AND (typeof(NEW.next_attempt_at) <> 'text' OR julianday(NEW.next_attempt_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: outbox.next_attempt_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_outbox_next_attempt_at_upd BEFORE UPDATE OF next_attempt_at ON outbox
WHEN NEW.next_attempt_at IS NOT NULL AND (typeof(NEW.next_attempt_at) <> 'text' OR julianday(NEW.next_attempt_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: outbox.next_attempt_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_outbox_lease_until_ins BEFORE INSERT ON outbox
WHEN NEW.lease_until IS NOT NULL AND (typeof(NEW.lease_until) <> 'text' OR julianday(NEW.lease_until) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: outbox.lease_until must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_outbox_lease_until_upd BEFORE UPDATE OF lease_until ON outbox
WHEN NEW.lease_until IS NOT NULL AND (typeof(NEW.lease_until) <> 'text' OR julianday(NEW.lease_until) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: outbox.lease_until must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_outbox_created_at_ins BEFORE INSERT ON outbox
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: outbox.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_outbox_created_at_upd BEFORE UPDATE OF created_at ON outbox
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: outbox.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_outbox_sent_at_ins BEFORE INSERT ON outbox
WHEN NEW.sent_at IS NOT NULL AND (typeof(NEW.sent_at) <> 'text' OR julianday(NEW.sent_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: outbox.sent_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_outbox_sent_at_upd BEFORE UPDATE OF sent_at ON outbox
WHEN NEW.sent_at IS NOT NULL AND (typeof(NEW.sent_at) <> 'text' OR julianday(NEW.sent_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: outbox.sent_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_pairings_started_on_ins BEFORE INSERT ON pairings
WHEN NEW.started_on IS NOT NULL AND (typeof(NEW.started_on) <> 'text' OR NEW.started_on IS NOT date(NEW.started_on))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: pairings.started_on must be a date (YYYY-MM-DD)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_pairings_started_on_upd BEFORE UPDATE OF started_on ON pairings
WHEN NEW.started_on IS NOT NULL AND (typeof(NEW.started_on) <> 'text' OR NEW.started_on IS NOT date(NEW.started_on))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: pairings.started_on must be a date (YYYY-MM-DD)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_pairings_ended_on_ins BEFORE INSERT ON pairings
WHEN NEW.ended_on IS NOT NULL AND (typeof(NEW.ended_on) <> 'text' OR NEW.ended_on IS NOT date(NEW.ended_on))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: pairings.ended_on must be a date (YYYY-MM-DD)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_pairings_ended_on_upd BEFORE UPDATE OF ended_on ON pairings
WHEN NEW.ended_on IS NOT NULL AND (typeof(NEW.ended_on) <> 'text' OR NEW.ended_on IS NOT date(NEW.ended_on))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: pairings.ended_on must be a date (YYYY-MM-DD)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_pairings_last_checkin_at_ins BEFORE INSERT ON pairings
WHEN NEW.last_checkin_at IS NOT NULL AND (typeof(NEW.last_checkin_at) <> 'text' OR julianday(NEW.last_checkin_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: pairings.last_checkin_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_pairings_last_checkin_at_upd BEFORE UPDATE OF last_checkin_at ON pairings
WHEN NEW.last_checkin_at IS NOT NULL AND (typeof(NEW.last_checkin_at) <> 'text' OR julianday(NEW.last_checkin_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: pairings.last_checkin_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_pairings_created_at_ins BEFORE INSERT ON pairings
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: pairings.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_pairings_created_at_upd BEFORE UPDATE OF created_at ON pairings
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: pairings.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_pairings_updated_at_ins BEFORE INSERT ON pairings
WHEN NEW.updated_at IS NOT NULL AND (typeof(NEW.updated_at) <> 'text' OR julianday(NEW.updated_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: pairings.updated_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_pairings_updated_at_upd BEFORE UPDATE OF updated_at ON pairings
WHEN NEW.updated_at IS NOT NULL AND (typeof(NEW.updated_at) <> 'text' OR julianday(NEW.updated_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: pairings.updated_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_password_links_created_at_ins BEFORE INSERT ON password_links
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: password_links.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_password_links_created_at_upd BEFORE UPDATE OF created_at ON password_links
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: password_links.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_password_links_expires_at_ins BEFORE INSERT ON password_links
WHEN NEW.expires_at IS NOT NULL AND (typeof(NEW.expires_at) <> 'text' OR julianday(NEW.expires_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: password_links.expires_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_password_links_expires_at_upd BEFORE UPDATE OF expires_at ON password_links
WHEN NEW.expires_at IS NOT NULL AND (typeof(NEW.expires_at) <> 'text' OR julianday(NEW.expires_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: password_links.expires_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_password_links_used_at_ins BEFORE INSERT ON password_links
WHEN NEW.used_at IS NOT NULL AND (typeof(NEW.used_at) <> 'text' OR julianday(NEW.used_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: password_links.used_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_password_links_used_at_upd BEFORE UPDATE OF used_at ON password_links
WHEN NEW.used_at IS NOT NULL AND (typeof(NEW.used_at) <> 'text' OR julianday(NEW.used_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: password_links.used_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_pending_imports_created_at_ins BEFORE INSERT ON pending_imports
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: pending_imports.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_pending_imports_created_at_upd BEFORE UPDATE OF created_at ON pending_imports
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: pending_imports.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_pending_imports_expires_at_ins BEFORE INSERT ON pending_imports
WHEN NEW.expires_at IS NOT NULL AND (typeof(NEW.expires_at) <> 'text' OR julianday(NEW.expires_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: pending_imports.expires_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_pending_imports_expires_at_upd BEFORE UPDATE OF expires_at ON pending_imports
WHEN NEW.expires_at IS NOT NULL AND (typeof(NEW.expires_at) <> 'text' OR julianday(NEW.expires_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: pending_imports.expires_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_people_external_ins BEFORE INSERT ON people
WHEN NEW.external IS NOT NULL AND NEW.external NOT IN (0, 1)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: people.external must be true or false');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_people_external_upd BEFORE UPDATE OF external ON people
WHEN NEW.external IS NOT NULL AND NEW.external NOT IN (0, 1)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: people.external must be true or false');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_people_active_ins BEFORE INSERT ON people
WHEN NEW.active IS NOT NULL AND NEW.active NOT IN (0, 1)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: people.active must be true or false');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_people_active_upd BEFORE UPDATE OF active ON people
WHEN NEW.active IS NOT NULL AND NEW.active NOT IN (0, 1)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: people.active must be true or false');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_people_created_at_ins BEFORE INSERT ON people
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: people.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_people_created_at_upd BEFORE UPDATE OF created_at ON people
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: people.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_people_updated_at_ins BEFORE INSERT ON people
WHEN NEW.updated_at IS NOT NULL AND (typeof(NEW.updated_at) <> 'text' OR julianday(NEW.updated_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: people.updated_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_people_updated_at_upd BEFORE UPDATE OF updated_at ON people
WHEN NEW.updated_at IS NOT NULL AND (typeof(NEW.updated_at) <> 'text' OR julianday(NEW.updated_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: people.updated_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_programmes_starts_on_ins BEFORE INSERT ON programmes
WHEN NEW.starts_on IS NOT NULL AND (typeof(NEW.starts_on) <> 'text' OR NEW.starts_on IS NOT date(NEW.starts_on))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: programmes.starts_on must be a date (YYYY-MM-DD)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_programmes_starts_on_upd BEFORE UPDATE OF starts_on ON programmes
WHEN NEW.starts_on IS NOT NULL AND (typeof(NEW.starts_on) <> 'text' OR NEW.starts_on IS NOT date(NEW.starts_on))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: programmes.starts_on must be a date (YYYY-MM-DD)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_programmes_ends_on_ins BEFORE INSERT ON programmes
WHEN NEW.ends_on IS NOT NULL AND (typeof(NEW.ends_on) <> 'text' OR NEW.ends_on IS NOT date(NEW.ends_on))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: programmes.ends_on must be a date (YYYY-MM-DD)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_programmes_ends_on_upd BEFORE UPDATE OF ends_on ON programmes
WHEN NEW.ends_on IS NOT NULL AND (typeof(NEW.ends_on) <> 'text' OR NEW.ends_on IS NOT date(NEW.ends_on))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: programmes.ends_on must be a date (YYYY-MM-DD)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_programmes_archived_at_ins BEFORE INSERT ON programmes
WHEN NEW.archived_at IS NOT NULL AND (typeof(NEW.archived_at) <> 'text' OR julianday(NEW.archived_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: programmes.archived_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_programmes_archived_at_upd BEFORE UPDATE OF archived_at ON programmes
WHEN NEW.archived_at IS NOT NULL AND (typeof(NEW.archived_at) <> 'text' OR julianday(NEW.archived_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: programmes.archived_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_programmes_created_at_ins BEFORE INSERT ON programmes
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: programmes.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_programmes_created_at_upd BEFORE UPDATE OF created_at ON programmes
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: programmes.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_programmes_updated_at_ins BEFORE INSERT ON programmes
WHEN NEW.updated_at IS NOT NULL AND (typeof(NEW.updated_at) <> 'text' OR julianday(NEW.updated_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: programmes.updated_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_programmes_updated_at_upd BEFORE UPDATE OF updated_at ON programmes
WHEN NEW.updated_at IS NOT NULL AND (typeof(NEW.updated_at) <> 'text' OR julianday(NEW.updated_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: programmes.updated_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_reminders_due_at_ins BEFORE INSERT ON reminders
WHEN NEW.due_at IS NOT NULL AND (typeof(NEW.due_at) <> 'text' OR julianday(NEW.due_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: reminders.due_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_reminders_due_at_upd BEFORE UPDATE OF due_at ON reminders
WHEN NEW.due_at IS NOT NULL AND (typeof(NEW.due_at) <> 'text' OR julianday(NEW.due_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: reminders.due_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_reminders_created_at_ins BEFORE INSERT ON reminders
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: reminders.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_reminders_created_at_upd BEFORE UPDATE OF created_at ON reminders
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: reminders.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_reminders_updated_at_ins BEFORE INSERT ON reminders
WHEN NEW.updated_at IS NOT NULL AND (typeof(NEW.updated_at) <> 'text' OR julianday(NEW.updated_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: reminders.updated_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_reminders_updated_at_upd BEFORE UPDATE OF updated_at ON reminders
WHEN NEW.updated_at IS NOT NULL AND (typeof(NEW.updated_at) <> 'text' OR julianday(NEW.updated_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: reminders.updated_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_sessions_created_at_ins BEFORE INSERT ON sessions
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: sessions.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_sessions_created_at_upd BEFORE UPDATE OF created_at ON sessions
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: sessions.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_sessions_expires_at_ins BEFORE INSERT ON sessions
WHEN NEW.expires_at IS NOT NULL AND (typeof(NEW.expires_at) <> 'text' OR julianday(NEW.expires_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: sessions.expires_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_sessions_expires_at_upd BEFORE UPDATE OF expires_at ON sessions
WHEN NEW.expires_at IS NOT NULL AND (typeof(NEW.expires_at) <> 'text' OR julianday(NEW.expires_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: sessions.expires_at must be a date and time');
END;
-- +goose StatementEnd


-- +goose Down
DROP TRIGGER check_action_links_created_at_ins;
DROP TRIGGER check_action_links_created_at_upd;
DROP TRIGGER check_action_links_expires_at_ins;
DROP TRIGGER check_action_links_expires_at_upd;
DROP TRIGGER check_action_links_used_at_ins;
DROP TRIGGER check_action_links_used_at_upd;
DROP TRIGGER check_api_tokens_created_at_ins;
DROP TRIGGER check_api_tokens_created_at_upd;
DROP TRIGGER check_api_tokens_revoked_at_ins;
DROP TRIGGER check_api_tokens_revoked_at_upd;
DROP TRIGGER check_app_secrets_created_at_ins;
DROP TRIGGER check_app_secrets_created_at_upd;
DROP TRIGGER check_audit_log_at_ins;
DROP TRIGGER check_audit_log_at_upd;
DROP TRIGGER check_calendar_feeds_created_at_ins;
DROP TRIGGER check_calendar_feeds_created_at_upd;
DROP TRIGGER check_engagement_progress_at_ins;
DROP TRIGGER check_engagement_progress_at_upd;
DROP TRIGGER check_engagements_starts_on_ins;
DROP TRIGGER check_engagements_starts_on_upd;
DROP TRIGGER check_engagements_ends_on_ins;
DROP TRIGGER check_engagements_ends_on_upd;
DROP TRIGGER check_engagements_closed_at_ins;
DROP TRIGGER check_engagements_closed_at_upd;
DROP TRIGGER check_engagements_created_at_ins;
DROP TRIGGER check_engagements_created_at_upd;
DROP TRIGGER check_engagements_updated_at_ins;
DROP TRIGGER check_engagements_updated_at_upd;
DROP TRIGGER check_flag_digests_digest_date_ins;
DROP TRIGGER check_flag_digests_digest_date_upd;
DROP TRIGGER check_flag_digests_queued_at_ins;
DROP TRIGGER check_flag_digests_queued_at_upd;
DROP TRIGGER check_flags_raised_at_ins;
DROP TRIGGER check_flags_raised_at_upd;
DROP TRIGGER check_flags_cleared_at_ins;
DROP TRIGGER check_flags_cleared_at_upd;
DROP TRIGGER check_meeting_private_notes_updated_at_ins;
DROP TRIGGER check_meeting_private_notes_updated_at_upd;
DROP TRIGGER check_meetings_scheduled_at_ins;
DROP TRIGGER check_meetings_scheduled_at_upd;
DROP TRIGGER check_meetings_ends_at_ins;
DROP TRIGGER check_meetings_ends_at_upd;
DROP TRIGGER check_meetings_created_at_ins;
DROP TRIGGER check_meetings_created_at_upd;
DROP TRIGGER check_meetings_updated_at_ins;
DROP TRIGGER check_meetings_updated_at_upd;
DROP TRIGGER check_notifications_created_at_ins;
DROP TRIGGER check_notifications_created_at_upd;
DROP TRIGGER check_notifications_read_at_ins;
DROP TRIGGER check_notifications_read_at_upd;
DROP TRIGGER check_outbox_not_after_ins;
DROP TRIGGER check_outbox_not_after_upd;
DROP TRIGGER check_outbox_next_attempt_at_ins;
DROP TRIGGER check_outbox_next_attempt_at_upd;
DROP TRIGGER check_outbox_lease_until_ins;
DROP TRIGGER check_outbox_lease_until_upd;
DROP TRIGGER check_outbox_created_at_ins;
DROP TRIGGER check_outbox_created_at_upd;
DROP TRIGGER check_outbox_sent_at_ins;
DROP TRIGGER check_outbox_sent_at_upd;
DROP TRIGGER check_pairings_started_on_ins;
DROP TRIGGER check_pairings_started_on_upd;
DROP TRIGGER check_pairings_ended_on_ins;
DROP TRIGGER check_pairings_ended_on_upd;
DROP TRIGGER check_pairings_last_checkin_at_ins;
DROP TRIGGER check_pairings_last_checkin_at_upd;
DROP TRIGGER check_pairings_created_at_ins;
DROP TRIGGER check_pairings_created_at_upd;
DROP TRIGGER check_pairings_updated_at_ins;
DROP TRIGGER check_pairings_updated_at_upd;
DROP TRIGGER check_password_links_created_at_ins;
DROP TRIGGER check_password_links_created_at_upd;
DROP TRIGGER check_password_links_expires_at_ins;
DROP TRIGGER check_password_links_expires_at_upd;
DROP TRIGGER check_password_links_used_at_ins;
DROP TRIGGER check_password_links_used_at_upd;
DROP TRIGGER check_pending_imports_created_at_ins;
DROP TRIGGER check_pending_imports_created_at_upd;
DROP TRIGGER check_pending_imports_expires_at_ins;
DROP TRIGGER check_pending_imports_expires_at_upd;
DROP TRIGGER check_people_external_ins;
DROP TRIGGER check_people_external_upd;
DROP TRIGGER check_people_active_ins;
DROP TRIGGER check_people_active_upd;
DROP TRIGGER check_people_created_at_ins;
DROP TRIGGER check_people_created_at_upd;
DROP TRIGGER check_people_updated_at_ins;
DROP TRIGGER check_people_updated_at_upd;
DROP TRIGGER check_programmes_starts_on_ins;
DROP TRIGGER check_programmes_starts_on_upd;
DROP TRIGGER check_programmes_ends_on_ins;
DROP TRIGGER check_programmes_ends_on_upd;
DROP TRIGGER check_programmes_archived_at_ins;
DROP TRIGGER check_programmes_archived_at_upd;
DROP TRIGGER check_programmes_created_at_ins;
DROP TRIGGER check_programmes_created_at_upd;
DROP TRIGGER check_programmes_updated_at_ins;
DROP TRIGGER check_programmes_updated_at_upd;
DROP TRIGGER check_reminders_due_at_ins;
DROP TRIGGER check_reminders_due_at_upd;
DROP TRIGGER check_reminders_created_at_ins;
DROP TRIGGER check_reminders_created_at_upd;
DROP TRIGGER check_reminders_updated_at_ins;
DROP TRIGGER check_reminders_updated_at_upd;
DROP TRIGGER check_sessions_created_at_ins;
DROP TRIGGER check_sessions_created_at_upd;
DROP TRIGGER check_sessions_expires_at_ins;
DROP TRIGGER check_sessions_expires_at_upd;
