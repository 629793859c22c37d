-- +goose Up
-- A confirmed cohort proposal emails both people of each pair (issue 17), as
-- its own kind of outbox message.
-- SQLite cannot alter a check, so the outbox is rebuilt as 00011 and 00014
-- do it, every row, id and link kept, and its value checks put back.
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
    kind            TEXT     NOT NULL CHECK (kind IN ('reminder', 'cancellation', 'digest', 'invite', 'password_reset', 'nudge', 'extension', 'request', 'pairing')),
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
-- The outbox keeps the wider check: pairing emails already queued stay readable.
SELECT 1;
