-- +goose Up
-- Health (issue 16): each programme's nudge settings (a programme without a
-- row nudges, with the default grace), the nudges sent to pairs (one
-- automatic nudge per lapse, held by a unique index so two instances cannot
-- both send it), and what HR did with a flag (nudge, snooze until a date,
-- resolve with a note), recorded with who and when.
CREATE TABLE programme_nudge_settings (
    programme_id   INTEGER  PRIMARY KEY REFERENCES programmes (id),
    nudges_enabled BOOLEAN  NOT NULL DEFAULT TRUE,
    grace_days     INTEGER  NOT NULL DEFAULT 7 CHECK (grace_days BETWEEN 1 AND 90),
    updated_at     DATETIME NOT NULL
);

CREATE TABLE nudges (
    id           INTEGER  PRIMARY KEY AUTOINCREMENT,
    subject_type TEXT     NOT NULL CHECK (subject_type IN ('pairing', 'engagement')),
    subject_id   INTEGER  NOT NULL,
    programme_id INTEGER  NOT NULL REFERENCES programmes (id),
    kind         TEXT     NOT NULL CHECK (kind IN ('automatic', 'hr')),
    lapse_since  DATETIME,
    sent_by      INTEGER  REFERENCES people (id),
    flag_id      INTEGER  REFERENCES flags (id),
    message      TEXT     NOT NULL DEFAULT '',
    sent_at      DATETIME NOT NULL,
    CHECK (kind <> 'automatic' OR lapse_since IS NOT NULL)
);
CREATE UNIQUE INDEX nudges_one_per_lapse ON nudges (subject_type, subject_id, lapse_since) WHERE kind = 'automatic';
CREATE INDEX nudges_subject ON nudges (subject_type, subject_id, sent_at);

ALTER TABLE flags ADD COLUMN snoozed_until DATE;
ALTER TABLE flags ADD COLUMN resolved_at DATETIME;

CREATE TABLE flag_actions (
    id       INTEGER  PRIMARY KEY AUTOINCREMENT,
    flag_id  INTEGER  NOT NULL REFERENCES flags (id),
    action   TEXT     NOT NULL CHECK (action IN ('nudge', 'snooze', 'resolve')),
    actor_id INTEGER  NOT NULL REFERENCES people (id),
    note     TEXT     NOT NULL DEFAULT '',
    until    DATE,
    at       DATETIME NOT NULL
);
CREATE INDEX flag_actions_flag ON flag_actions (flag_id, at);

-- SQLite refuses what PostgreSQL's types refuse (as 00012 does).

-- +goose StatementBegin
CREATE TRIGGER check_programme_nudge_settings_nudges_enabled_ins BEFORE INSERT ON programme_nudge_settings
WHEN NEW.nudges_enabled IS NOT NULL AND NEW.nudges_enabled NOT IN (0, 1)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: programme_nudge_settings.nudges_enabled must be true or false');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_programme_nudge_settings_nudges_enabled_upd BEFORE UPDATE OF nudges_enabled ON programme_nudge_settings
WHEN NEW.nudges_enabled IS NOT NULL AND NEW.nudges_enabled NOT IN (0, 1)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: programme_nudge_settings.nudges_enabled must be true or false');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_programme_nudge_settings_updated_at_ins BEFORE INSERT ON programme_nudge_settings
WHEN NEW.updated_at IS NOT NULL AND (typeof(NEW.updated_at) <> 'text' OR julianday(NEW.updated_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: programme_nudge_settings.updated_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_programme_nudge_settings_updated_at_upd BEFORE UPDATE OF updated_at ON programme_nudge_settings
WHEN NEW.updated_at IS NOT NULL AND (typeof(NEW.updated_at) <> 'text' OR julianday(NEW.updated_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: programme_nudge_settings.updated_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_nudges_lapse_since_ins BEFORE INSERT ON nudges
WHEN NEW.lapse_since IS NOT NULL AND (typeof(NEW.lapse_since) <> 'text' OR julianday(NEW.lapse_since) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: nudges.lapse_since must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_nudges_lapse_since_upd BEFORE UPDATE OF lapse_since ON nudges
WHEN NEW.lapse_since IS NOT NULL AND (typeof(NEW.lapse_since) <> 'text' OR julianday(NEW.lapse_since) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: nudges.lapse_since must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_nudges_sent_at_ins BEFORE INSERT ON nudges
WHEN NEW.sent_at IS NOT NULL AND (typeof(NEW.sent_at) <> 'text' OR julianday(NEW.sent_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: nudges.sent_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_nudges_sent_at_upd BEFORE UPDATE OF sent_at ON nudges
WHEN NEW.sent_at IS NOT NULL AND (typeof(NEW.sent_at) <> 'text' OR julianday(NEW.sent_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: nudges.sent_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_flags_snoozed_until_ins BEFORE INSERT ON flags
WHEN NEW.snoozed_until IS NOT NULL AND (typeof(NEW.snoozed_until) <> 'text' OR NEW.snoozed_until IS NOT date(NEW.snoozed_until))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: flags.snoozed_until must be a date (YYYY-MM-DD)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_flags_snoozed_until_upd BEFORE UPDATE OF snoozed_until ON flags
WHEN NEW.snoozed_until IS NOT NULL AND (typeof(NEW.snoozed_until) <> 'text' OR NEW.snoozed_until IS NOT date(NEW.snoozed_until))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: flags.snoozed_until must be a date (YYYY-MM-DD)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_flags_resolved_at_ins BEFORE INSERT ON flags
WHEN NEW.resolved_at IS NOT NULL AND (typeof(NEW.resolved_at) <> 'text' OR julianday(NEW.resolved_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: flags.resolved_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_flags_resolved_at_upd BEFORE UPDATE OF resolved_at ON flags
WHEN NEW.resolved_at IS NOT NULL AND (typeof(NEW.resolved_at) <> 'text' OR julianday(NEW.resolved_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: flags.resolved_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_flag_actions_until_ins BEFORE INSERT ON flag_actions
WHEN NEW.until IS NOT NULL AND (typeof(NEW.until) <> 'text' OR NEW.until IS NOT date(NEW.until))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: flag_actions.until must be a date (YYYY-MM-DD)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_flag_actions_until_upd BEFORE UPDATE OF until ON flag_actions
WHEN NEW.until IS NOT NULL AND (typeof(NEW.until) <> 'text' OR NEW.until IS NOT date(NEW.until))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: flag_actions.until must be a date (YYYY-MM-DD)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_flag_actions_at_ins BEFORE INSERT ON flag_actions
WHEN NEW.at IS NOT NULL AND (typeof(NEW.at) <> 'text' OR julianday(NEW.at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: flag_actions.at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_flag_actions_at_upd BEFORE UPDATE OF at ON flag_actions
WHEN NEW.at IS NOT NULL AND (typeof(NEW.at) <> 'text' OR julianday(NEW.at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: flag_actions.at must be a date and time');
END;
-- +goose StatementEnd

-- Nudges go out through the outbox as their own kind. SQLite cannot alter
-- a check, so the outbox is rebuilt as 00011 does it, every row, id and
-- link kept, and its value checks (00012) put back.
CREATE TABLE outbox_saved_reminders (id INTEGER PRIMARY KEY, outbox_id INTEGER NOT NULL);
CREATE TABLE outbox_saved_digests (admin_id INTEGER NOT NULL, digest_date TEXT NOT NULL, outbox_id INTEGER NOT NULL,
    PRIMARY KEY (admin_id, digest_date));
CREATE TABLE outbox_saved_sequence (seq INTEGER NOT NULL);
INSERT INTO outbox_saved_reminders SELECT id, outbox_id FROM reminders WHERE outbox_id IS NOT NULL;
INSERT INTO outbox_saved_digests SELECT admin_id, digest_date, outbox_id FROM flag_digests WHERE outbox_id IS NOT NULL;
INSERT INTO outbox_saved_sequence SELECT seq FROM sqlite_sequence WHERE name = 'outbox';
UPDATE reminders SET outbox_id = NULL WHERE outbox_id IS NOT NULL;
UPDATE flag_digests SET outbox_id = NULL WHERE outbox_id IS NOT NULL;

CREATE TABLE outbox_rebuilt (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    kind            TEXT     NOT NULL CHECK (kind IN ('reminder', 'cancellation', 'digest', 'invite', 'password_reset', 'nudge')),
    recipient_id    INTEGER  REFERENCES people (id),
    to_address      TEXT     NOT NULL,
    to_name         TEXT     NOT NULL DEFAULT '',
    subject         TEXT     NOT NULL,
    body_text       TEXT     NOT NULL,
    ics             TEXT     NOT NULL DEFAULT '',
    ics_method      TEXT     NOT NULL DEFAULT '',
    message_id      TEXT     NOT NULL UNIQUE,
    meeting_id      INTEGER  REFERENCES meetings (id),
    not_after       DATETIME, -- a reminder never goes out once its meeting has begun
    state           TEXT     NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'dead', 'not_delivered', 'expired', 'cancelled')),
    attempts        INTEGER  NOT NULL DEFAULT 0,
    next_attempt_at DATETIME NOT NULL,
    lease_until     DATETIME,
    claim_token     TEXT     NOT NULL DEFAULT '',
    last_error      TEXT     NOT NULL DEFAULT '',
    created_at      DATETIME NOT NULL,
    sent_at         DATETIME,
    CHECK (state <> 'sending' OR lease_until IS NOT NULL)
);
-- SELECT * (not a column list) so that a column some later change added
-- would make this fail loudly rather than be dropped.
INSERT INTO outbox_rebuilt SELECT * FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_rebuilt RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_meeting ON outbox (meeting_id, state);
-- AUTOINCREMENT goes on after the highest id ever handed out, not only
-- after the highest row kept.
INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox', 0 FROM outbox_saved_sequence
    WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'outbox');
UPDATE sqlite_sequence SET seq = max(seq, (SELECT seq FROM outbox_saved_sequence))
    WHERE name = 'outbox' AND EXISTS (SELECT 1 FROM outbox_saved_sequence);

UPDATE reminders SET outbox_id = (SELECT s.outbox_id FROM outbox_saved_reminders s WHERE s.id = reminders.id)
    WHERE id IN (SELECT id FROM outbox_saved_reminders);
UPDATE flag_digests SET outbox_id = (SELECT s.outbox_id FROM outbox_saved_digests s
        WHERE s.admin_id = flag_digests.admin_id AND s.digest_date = flag_digests.digest_date)
    WHERE EXISTS (SELECT 1 FROM outbox_saved_digests s WHERE s.admin_id = flag_digests.admin_id AND s.digest_date = flag_digests.digest_date);
DROP TABLE outbox_saved_reminders;
DROP TABLE outbox_saved_digests;
DROP TABLE outbox_saved_sequence;


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

-- +goose Down
-- The outbox keeps the wider check: nudges already queued stay readable.
DROP TRIGGER check_flags_snoozed_until_ins;
DROP TRIGGER check_flags_snoozed_until_upd;
DROP TRIGGER check_flags_resolved_at_ins;
DROP TRIGGER check_flags_resolved_at_upd;
DROP TABLE flag_actions;
ALTER TABLE flags DROP COLUMN resolved_at;
ALTER TABLE flags DROP COLUMN snoozed_until;
DROP TABLE nudges;
DROP TABLE programme_nudge_settings;
