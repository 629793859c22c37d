-- +goose Up
-- How a programme forms pairs (issue 17): by HR alone (admin), by mentees
-- who ask a mentor who accepts (mentee_request), or the same with HR's
-- approval after the mentor's (mentee_request_approved). A programme may
-- ask people to sign up first (as mentor, with a capacity, or as mentee),
-- and lets a request wait request_expiry_days for the mentor's answer.
ALTER TABLE programmes ADD COLUMN matching TEXT NOT NULL DEFAULT 'admin'
    CHECK (matching IN ('admin', 'mentee_request', 'mentee_request_approved'));
ALTER TABLE programmes ADD COLUMN requires_signup BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE programmes ADD COLUMN request_expiry_days INTEGER NOT NULL DEFAULT 14
    CHECK (request_expiry_days BETWEEN 1 AND 90);

CREATE TABLE programme_members (
    programme_id INTEGER  NOT NULL REFERENCES programmes (id),
    person_id    INTEGER  NOT NULL REFERENCES people (id),
    role         TEXT     NOT NULL CHECK (role IN ('mentor', 'mentee')),
    capacity     INTEGER  CHECK (capacity BETWEEN 1 AND 50),
    joined_at    DATETIME NOT NULL,
    PRIMARY KEY (programme_id, person_id, role),
    CHECK (role = 'mentor' OR capacity IS NULL)
);
CREATE INDEX programme_members_person ON programme_members (person_id);

-- A mentee's request for a mentor. It is open until the mentor answers,
-- the mentee withdraws or it expires; accepted and waiting for HR while
-- pairing_id is unset in a programme that needs approval. One open (or
-- waiting) request per mentee and programme, held by a unique index.
CREATE TABLE mentor_requests (
    id           INTEGER  PRIMARY KEY AUTOINCREMENT,
    programme_id INTEGER  NOT NULL REFERENCES programmes (id),
    mentee_id    INTEGER  NOT NULL REFERENCES people (id),
    mentor_id    INTEGER  NOT NULL REFERENCES people (id),
    message      TEXT     NOT NULL DEFAULT '',
    state        TEXT     NOT NULL CHECK (state IN ('open', 'accepted', 'declined', 'withdrawn', 'expired', 'approved', 'rejected')),
    reason       TEXT     NOT NULL DEFAULT '',
    pairing_id   INTEGER  REFERENCES pairings (id),
    decided_by   INTEGER  REFERENCES people (id),
    created_at   DATETIME NOT NULL,
    expires_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL,
    CHECK (mentee_id <> mentor_id)
);
CREATE UNIQUE INDEX mentor_requests_one_open ON mentor_requests (programme_id, mentee_id)
    WHERE state = 'open' OR (state = 'accepted' AND pairing_id IS NULL);
CREATE INDEX mentor_requests_mentee ON mentor_requests (mentee_id, id);
CREATE INDEX mentor_requests_mentor ON mentor_requests (mentor_id, id);
CREATE INDEX mentor_requests_expiry ON mentor_requests (expires_at) WHERE state = 'open';

-- SQLite refuses what PostgreSQL's types refuse (as 00012 does).

-- +goose StatementBegin
CREATE TRIGGER check_programmes_requires_signup_ins BEFORE INSERT ON programmes
WHEN NEW.requires_signup IS NOT NULL AND NEW.requires_signup NOT IN (0, 1)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: programmes.requires_signup must be true or false');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_programmes_requires_signup_upd BEFORE UPDATE OF requires_signup ON programmes
WHEN NEW.requires_signup IS NOT NULL AND NEW.requires_signup NOT IN (0, 1)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: programmes.requires_signup must be true or false');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_programme_members_joined_at_ins BEFORE INSERT ON programme_members
WHEN NEW.joined_at IS NOT NULL AND (typeof(NEW.joined_at) <> 'text' OR julianday(NEW.joined_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: programme_members.joined_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_programme_members_joined_at_upd BEFORE UPDATE OF joined_at ON programme_members
WHEN NEW.joined_at IS NOT NULL AND (typeof(NEW.joined_at) <> 'text' OR julianday(NEW.joined_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: programme_members.joined_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_mentor_requests_created_at_ins BEFORE INSERT ON mentor_requests
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: mentor_requests.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_mentor_requests_created_at_upd BEFORE UPDATE OF created_at ON mentor_requests
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: mentor_requests.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_mentor_requests_expires_at_ins BEFORE INSERT ON mentor_requests
WHEN NEW.expires_at IS NOT NULL AND (typeof(NEW.expires_at) <> 'text' OR julianday(NEW.expires_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: mentor_requests.expires_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_mentor_requests_expires_at_upd BEFORE UPDATE OF expires_at ON mentor_requests
WHEN NEW.expires_at IS NOT NULL AND (typeof(NEW.expires_at) <> 'text' OR julianday(NEW.expires_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: mentor_requests.expires_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_mentor_requests_updated_at_ins BEFORE INSERT ON mentor_requests
WHEN NEW.updated_at IS NOT NULL AND (typeof(NEW.updated_at) <> 'text' OR julianday(NEW.updated_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: mentor_requests.updated_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_mentor_requests_updated_at_upd BEFORE UPDATE OF updated_at ON mentor_requests
WHEN NEW.updated_at IS NOT NULL AND (typeof(NEW.updated_at) <> 'text' OR julianday(NEW.updated_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: mentor_requests.updated_at must be a date and time');
END;
-- +goose StatementEnd

-- Requests tell the other side by email as their own kind. SQLite cannot
-- alter a check, so the outbox is rebuilt as 00011 does it, every row, id and
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
    kind            TEXT     NOT NULL CHECK (kind IN ('reminder', 'cancellation', 'digest', 'invite', 'password_reset', 'nudge', 'extension', 'request')),
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
-- The outbox keeps the wider check: requests' mail already queued stays readable.
DROP TRIGGER check_programmes_requires_signup_ins;
DROP TRIGGER check_programmes_requires_signup_upd;
DROP TABLE mentor_requests;
DROP TABLE programme_members;
ALTER TABLE programmes DROP COLUMN request_expiry_days;
ALTER TABLE programmes DROP COLUMN requires_signup;
ALTER TABLE programmes DROP COLUMN matching;
