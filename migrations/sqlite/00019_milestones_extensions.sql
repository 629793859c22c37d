-- +goose Up
-- Milestones and agreed extensions (issue 18). An engagement's progress is
-- set by hand (manual, as before) or follows its milestones (the share
-- done). Milestones are steps toward the goal with a target date and the
-- day they were done. An extension is the coach's proposal of a later end
-- date and plan with a reason, answered once by the coachee; at most one
-- is open per engagement (a partial unique index, so two requests cannot
-- both open one), and every proposal stays as the engagement's history.
ALTER TABLE engagements ADD COLUMN progress_mode TEXT NOT NULL DEFAULT 'manual' CHECK (progress_mode IN ('manual', 'milestones'));

CREATE TABLE milestones (
    id            INTEGER  PRIMARY KEY AUTOINCREMENT,
    engagement_id INTEGER  NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    title         TEXT     NOT NULL CHECK (title <> ''),
    target_on     TEXT     NOT NULL,
    done_on       TEXT    ,
    created_by    INTEGER  NOT NULL REFERENCES people (id),
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL
);
CREATE INDEX milestones_engagement ON milestones (engagement_id, target_on);
CREATE INDEX milestones_open ON milestones (target_on) WHERE done_on IS NULL;

CREATE TABLE engagement_extensions (
    id                        INTEGER  PRIMARY KEY AUTOINCREMENT,
    engagement_id             INTEGER  NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    proposed_by               INTEGER  NOT NULL REFERENCES people (id),
    ends_on                   TEXT     NOT NULL,
    planned_sessions          INTEGER  NOT NULL CHECK (planned_sessions BETWEEN 1 AND 100),
    previous_ends_on          TEXT     NOT NULL,
    previous_planned_sessions INTEGER  NOT NULL,
    reason                    TEXT     NOT NULL CHECK (reason <> ''),
    state                     TEXT     NOT NULL CHECK (state IN ('open', 'accepted', 'declined')),
    decided_by                INTEGER  REFERENCES people (id),
    decided_at                DATETIME,
    decline_reason            TEXT     NOT NULL DEFAULT '',
    created_at                DATETIME NOT NULL,
    CHECK ((state = 'open') = (decided_at IS NULL))
);
CREATE INDEX engagement_extensions_engagement ON engagement_extensions (engagement_id, created_at);
CREATE UNIQUE INDEX engagement_extensions_one_open ON engagement_extensions (engagement_id) WHERE state = 'open';

-- +goose StatementBegin
CREATE TRIGGER check_milestones_target_on_ins BEFORE INSERT ON milestones
WHEN NEW.target_on IS NOT NULL AND (typeof(NEW.target_on) <> 'text' OR NEW.target_on IS NOT date(NEW.target_on))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: milestones.target_on must be a date (YYYY-MM-DD)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_milestones_target_on_upd BEFORE UPDATE OF target_on ON milestones
WHEN NEW.target_on IS NOT NULL AND (typeof(NEW.target_on) <> 'text' OR NEW.target_on IS NOT date(NEW.target_on))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: milestones.target_on must be a date (YYYY-MM-DD)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_milestones_done_on_ins BEFORE INSERT ON milestones
WHEN NEW.done_on IS NOT NULL AND (typeof(NEW.done_on) <> 'text' OR NEW.done_on IS NOT date(NEW.done_on))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: milestones.done_on must be a date (YYYY-MM-DD)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_milestones_done_on_upd BEFORE UPDATE OF done_on ON milestones
WHEN NEW.done_on IS NOT NULL AND (typeof(NEW.done_on) <> 'text' OR NEW.done_on IS NOT date(NEW.done_on))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: milestones.done_on must be a date (YYYY-MM-DD)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_milestones_created_at_ins BEFORE INSERT ON milestones
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: milestones.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_milestones_created_at_upd BEFORE UPDATE OF created_at ON milestones
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: milestones.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_milestones_updated_at_ins BEFORE INSERT ON milestones
WHEN NEW.updated_at IS NOT NULL AND (typeof(NEW.updated_at) <> 'text' OR julianday(NEW.updated_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: milestones.updated_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_milestones_updated_at_upd BEFORE UPDATE OF updated_at ON milestones
WHEN NEW.updated_at IS NOT NULL AND (typeof(NEW.updated_at) <> 'text' OR julianday(NEW.updated_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: milestones.updated_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_engagement_extensions_ends_on_ins BEFORE INSERT ON engagement_extensions
WHEN NEW.ends_on IS NOT NULL AND (typeof(NEW.ends_on) <> 'text' OR NEW.ends_on IS NOT date(NEW.ends_on))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: engagement_extensions.ends_on must be a date (YYYY-MM-DD)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_engagement_extensions_ends_on_upd BEFORE UPDATE OF ends_on ON engagement_extensions
WHEN NEW.ends_on IS NOT NULL AND (typeof(NEW.ends_on) <> 'text' OR NEW.ends_on IS NOT date(NEW.ends_on))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: engagement_extensions.ends_on must be a date (YYYY-MM-DD)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_engagement_extensions_previous_ends_on_ins BEFORE INSERT ON engagement_extensions
WHEN NEW.previous_ends_on IS NOT NULL AND (typeof(NEW.previous_ends_on) <> 'text' OR NEW.previous_ends_on IS NOT date(NEW.previous_ends_on))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: engagement_extensions.previous_ends_on must be a date (YYYY-MM-DD)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_engagement_extensions_previous_ends_on_upd BEFORE UPDATE OF previous_ends_on ON engagement_extensions
WHEN NEW.previous_ends_on IS NOT NULL AND (typeof(NEW.previous_ends_on) <> 'text' OR NEW.previous_ends_on IS NOT date(NEW.previous_ends_on))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: engagement_extensions.previous_ends_on must be a date (YYYY-MM-DD)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_engagement_extensions_decided_at_ins BEFORE INSERT ON engagement_extensions
WHEN NEW.decided_at IS NOT NULL AND (typeof(NEW.decided_at) <> 'text' OR julianday(NEW.decided_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: engagement_extensions.decided_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_engagement_extensions_decided_at_upd BEFORE UPDATE OF decided_at ON engagement_extensions
WHEN NEW.decided_at IS NOT NULL AND (typeof(NEW.decided_at) <> 'text' OR julianday(NEW.decided_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: engagement_extensions.decided_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_engagement_extensions_created_at_ins BEFORE INSERT ON engagement_extensions
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: engagement_extensions.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_engagement_extensions_created_at_upd BEFORE UPDATE OF created_at ON engagement_extensions
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: engagement_extensions.created_at must be a date and time');
END;
-- +goose StatementEnd

-- The emails about extensions go out through the outbox as their own kind.
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
    kind            TEXT     NOT NULL CHECK (kind IN ('reminder', 'cancellation', 'digest', 'invite', 'password_reset', 'nudge', 'extension')),
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
-- The outbox keeps the wider check: extension emails already queued stay readable.
DROP TRIGGER check_milestones_target_on_ins;
DROP TRIGGER check_milestones_target_on_upd;
DROP TRIGGER check_milestones_done_on_ins;
DROP TRIGGER check_milestones_done_on_upd;
DROP TRIGGER check_milestones_created_at_ins;
DROP TRIGGER check_milestones_created_at_upd;
DROP TRIGGER check_milestones_updated_at_ins;
DROP TRIGGER check_milestones_updated_at_upd;
DROP TRIGGER check_engagement_extensions_ends_on_ins;
DROP TRIGGER check_engagement_extensions_ends_on_upd;
DROP TRIGGER check_engagement_extensions_previous_ends_on_ins;
DROP TRIGGER check_engagement_extensions_previous_ends_on_upd;
DROP TRIGGER check_engagement_extensions_decided_at_ins;
DROP TRIGGER check_engagement_extensions_decided_at_upd;
DROP TRIGGER check_engagement_extensions_created_at_ins;
DROP TRIGGER check_engagement_extensions_created_at_upd;
DROP TABLE engagement_extensions;
DROP TABLE milestones;
ALTER TABLE engagements DROP COLUMN progress_mode;
