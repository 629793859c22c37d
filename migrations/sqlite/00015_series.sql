-- +goose Up
-- A series is a regular slot of a pairing or an engagement: an RFC 5545
-- rule kept in the organiser's zone. Its occurrences inside the horizon
-- are meetings carrying series_id and occurrence_at (the start the rule
-- gave them, their RECURRENCE-ID), one per (series, occurrence), so two
-- instances extending the horizon together make each occurrence once.
CREATE TABLE series (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    kind             TEXT        NOT NULL CHECK (kind IN ('checkin', 'session')),
    pairing_id       INTEGER     REFERENCES pairings (id),
    engagement_id    INTEGER     REFERENCES engagements (id),
    leader_id        INTEGER     NOT NULL REFERENCES people (id),
    learner_id       INTEGER     NOT NULL REFERENCES people (id),
    organiser_id     INTEGER     NOT NULL REFERENCES people (id),
    timezone         TEXT        NOT NULL,
    starts_at        DATETIME NOT NULL,
    duration_minutes INTEGER     NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
    location         TEXT        NOT NULL DEFAULT '',
    base_rule        TEXT        NOT NULL,
    rrule            TEXT        NOT NULL,
    until_on         TEXT,
    until_at         DATETIME,
    occurrence_count INTEGER     NOT NULL DEFAULT 0 CHECK (occurrence_count BETWEEN 0 AND 500),
    skipped          TEXT        NOT NULL DEFAULT '',
    status           TEXT        NOT NULL CHECK (status IN ('active', 'ended')),
    sequence         INTEGER     NOT NULL DEFAULT 0,
    created_by       INTEGER     REFERENCES people (id),
    created_at       DATETIME NOT NULL,
    updated_at       DATETIME NOT NULL,
    CHECK ((kind = 'checkin' AND pairing_id IS NOT NULL AND engagement_id IS NULL)
        OR (kind = 'session' AND engagement_id IS NOT NULL AND pairing_id IS NULL))
);
CREATE INDEX series_pairing ON series (pairing_id);
CREATE INDEX series_engagement ON series (engagement_id);
CREATE INDEX series_status ON series (status, id);

ALTER TABLE meetings ADD COLUMN series_id INTEGER REFERENCES series (id);
ALTER TABLE meetings ADD COLUMN occurrence_at DATETIME;
CREATE UNIQUE INDEX meetings_series_occurrence ON meetings (series_id, occurrence_at) WHERE series_id IS NOT NULL;

-- SQLite refuses what PostgreSQL's types refuse (as migration 00012 does).
-- +goose StatementBegin
CREATE TRIGGER check_series_starts_at_ins BEFORE INSERT ON series
WHEN NEW.starts_at IS NOT NULL AND (typeof(NEW.starts_at) <> 'text' OR julianday(NEW.starts_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: series.starts_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_series_starts_at_upd BEFORE UPDATE OF starts_at ON series
WHEN NEW.starts_at IS NOT NULL AND (typeof(NEW.starts_at) <> 'text' OR julianday(NEW.starts_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: series.starts_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_series_until_at_ins BEFORE INSERT ON series
WHEN NEW.until_at IS NOT NULL AND (typeof(NEW.until_at) <> 'text' OR julianday(NEW.until_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: series.until_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_series_until_at_upd BEFORE UPDATE OF until_at ON series
WHEN NEW.until_at IS NOT NULL AND (typeof(NEW.until_at) <> 'text' OR julianday(NEW.until_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: series.until_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_series_created_at_ins BEFORE INSERT ON series
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: series.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_series_created_at_upd BEFORE UPDATE OF created_at ON series
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: series.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_series_updated_at_ins BEFORE INSERT ON series
WHEN NEW.updated_at IS NOT NULL AND (typeof(NEW.updated_at) <> 'text' OR julianday(NEW.updated_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: series.updated_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_series_updated_at_upd BEFORE UPDATE OF updated_at ON series
WHEN NEW.updated_at IS NOT NULL AND (typeof(NEW.updated_at) <> 'text' OR julianday(NEW.updated_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: series.updated_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_series_until_on_ins BEFORE INSERT ON series
WHEN NEW.until_on IS NOT NULL AND (typeof(NEW.until_on) <> 'text' OR NEW.until_on IS NOT date(NEW.until_on))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: series.until_on must be a date (YYYY-MM-DD)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_series_until_on_upd BEFORE UPDATE OF until_on ON series
WHEN NEW.until_on IS NOT NULL AND (typeof(NEW.until_on) <> 'text' OR NEW.until_on IS NOT date(NEW.until_on))
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: series.until_on must be a date (YYYY-MM-DD)');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_meetings_occurrence_at_ins BEFORE INSERT ON meetings
WHEN NEW.occurrence_at IS NOT NULL AND (typeof(NEW.occurrence_at) <> 'text' OR julianday(NEW.occurrence_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: meetings.occurrence_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_meetings_occurrence_at_upd BEFORE UPDATE OF occurrence_at ON meetings
WHEN NEW.occurrence_at IS NOT NULL AND (typeof(NEW.occurrence_at) <> 'text' OR julianday(NEW.occurrence_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: meetings.occurrence_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose Down
DROP INDEX meetings_series_occurrence;
DROP TRIGGER check_meetings_occurrence_at_ins;
DROP TRIGGER check_meetings_occurrence_at_upd;
ALTER TABLE meetings DROP COLUMN occurrence_at;
ALTER TABLE meetings DROP COLUMN series_id;
DROP TABLE series;
