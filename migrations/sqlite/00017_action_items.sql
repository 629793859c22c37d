-- +goose Up
-- Action items: what a participant of a pairing or an engagement agreed to
-- do by a date, between meetings. One of the two relationships, an owner
-- who is one of its participants (the domain checks), the meeting it came
-- from if any. reminded_at is claimed once by the scheduler (a conditional
-- write), so the due-date reminder goes out exactly once.
CREATE TABLE action_items (
    id            INTEGER     PRIMARY KEY AUTOINCREMENT,
    pairing_id    INTEGER     REFERENCES pairings (id) ON DELETE CASCADE,
    engagement_id INTEGER     REFERENCES engagements (id) ON DELETE CASCADE,
    title         TEXT        NOT NULL CHECK (title <> ''),
    detail        TEXT        NOT NULL DEFAULT '',
    owner_id      INTEGER     NOT NULL REFERENCES people (id),
    due_on        TEXT        NOT NULL,
    done_at       DATETIME   ,
    meeting_id    INTEGER     REFERENCES meetings (id) ON DELETE SET NULL,
    created_by    INTEGER     NOT NULL REFERENCES people (id),
    created_at    DATETIME    NOT NULL,
    updated_at    DATETIME    NOT NULL,
    reminded_at   DATETIME   ,
    CHECK ((pairing_id IS NULL) <> (engagement_id IS NULL))
);
CREATE INDEX action_items_pairing ON action_items (pairing_id) WHERE pairing_id IS NOT NULL;
CREATE INDEX action_items_engagement ON action_items (engagement_id) WHERE engagement_id IS NOT NULL;
CREATE INDEX action_items_owner_open ON action_items (owner_id, due_on) WHERE done_at IS NULL;
CREATE INDEX action_items_due ON action_items (due_on) WHERE done_at IS NULL AND reminded_at IS NULL;


-- +goose StatementBegin
CREATE TRIGGER check_action_items_due_on_ins BEFORE INSERT ON action_items
WHEN NEW.due_on IS NOT NULL AND (typeof(NEW.due_on) <> 'text' OR NEW.due_on IS NOT date(NEW.due_on))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: action_items.due_on must be a date (YYYY-MM-DD)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_action_items_due_on_upd BEFORE UPDATE OF due_on ON action_items
WHEN NEW.due_on IS NOT NULL AND (typeof(NEW.due_on) <> 'text' OR NEW.due_on IS NOT date(NEW.due_on))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: action_items.due_on must be a date (YYYY-MM-DD)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_action_items_done_at_ins BEFORE INSERT ON action_items
WHEN NEW.done_at IS NOT NULL AND (typeof(NEW.done_at) <> 'text' OR julianday(NEW.done_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: action_items.done_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_action_items_done_at_upd BEFORE UPDATE OF done_at ON action_items
WHEN NEW.done_at IS NOT NULL AND (typeof(NEW.done_at) <> 'text' OR julianday(NEW.done_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: action_items.done_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_action_items_created_at_ins BEFORE INSERT ON action_items
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: action_items.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_action_items_created_at_upd BEFORE UPDATE OF created_at ON action_items
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: action_items.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_action_items_updated_at_ins BEFORE INSERT ON action_items
WHEN NEW.updated_at IS NOT NULL AND (typeof(NEW.updated_at) <> 'text' OR julianday(NEW.updated_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: action_items.updated_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_action_items_updated_at_upd BEFORE UPDATE OF updated_at ON action_items
WHEN NEW.updated_at IS NOT NULL AND (typeof(NEW.updated_at) <> 'text' OR julianday(NEW.updated_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: action_items.updated_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_action_items_reminded_at_ins BEFORE INSERT ON action_items
WHEN NEW.reminded_at IS NOT NULL AND (typeof(NEW.reminded_at) <> 'text' OR julianday(NEW.reminded_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: action_items.reminded_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_action_items_reminded_at_upd BEFORE UPDATE OF reminded_at ON action_items
WHEN NEW.reminded_at IS NOT NULL AND (typeof(NEW.reminded_at) <> 'text' OR julianday(NEW.reminded_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: action_items.reminded_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER check_action_items_due_on_ins;
DROP TRIGGER check_action_items_due_on_upd;
DROP TRIGGER check_action_items_done_at_ins;
DROP TRIGGER check_action_items_done_at_upd;
DROP TRIGGER check_action_items_created_at_ins;
DROP TRIGGER check_action_items_created_at_upd;
DROP TRIGGER check_action_items_updated_at_ins;
DROP TRIGGER check_action_items_updated_at_upd;
DROP TRIGGER check_action_items_reminded_at_ins;
DROP TRIGGER check_action_items_reminded_at_upd;
DROP TABLE action_items;
