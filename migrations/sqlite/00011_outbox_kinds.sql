-- +goose Up
-- Databases migrated while 00005_scheduler still had its first text keep
-- an outbox.kind check without 'invite' and 'password_reset', so those
-- mails fail on them. SQLite cannot alter a check, so the table is rebuilt
-- with today's definition and every row and id kept; on a database that
-- already has the check the result is the same table.
--
-- The rebuild runs inside goose's transaction with foreign keys on, so the
-- rows pointing at the outbox (reminders, flag digests) let go of it while
-- it is replaced and are pointed back at the same ids afterwards.
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
    kind            TEXT     NOT NULL CHECK (kind IN ('reminder', 'cancellation', 'digest', 'invite', 'password_reset')),
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

-- +goose Down
-- The rebuilt table is what 00005 creates today, so there is nothing to undo.
SELECT 1;
