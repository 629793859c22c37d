-- +goose Up
-- Profiles and match settings (issue 17). A person's profile: a short bio,
-- the languages they speak (BCP 47 tags, comma separated, in their order),
-- and their working hours as HH:MM in their own zone (both or neither; an
-- end before the start runs past midnight). The skills they offer and the
-- topics they want to grow in are tags, one row each; the tags admins
-- curate are a list people choose from, and free additions are allowed, so
-- a profile's tag is text, not a reference. Each mentoring programme may
-- weigh the factors of a match score its own way; a programme without a
-- row uses the defaults.
CREATE TABLE profiles (
    person_id  INTEGER      PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    bio        TEXT        NOT NULL DEFAULT '',
    languages  TEXT        NOT NULL DEFAULT '',
    work_start TEXT        CHECK (length(work_start) = 5 AND work_start GLOB '[0-2][0-9]:[0-5][0-9]' AND work_start < '24:00'),
    work_end   TEXT        CHECK (length(work_end) = 5 AND work_end GLOB '[0-2][0-9]:[0-5][0-9]' AND work_end < '24:00'),
    updated_at DATETIME    NOT NULL,
    CHECK ((work_start IS NULL) = (work_end IS NULL)),
    CHECK (work_start IS NULL OR work_start <> work_end)
);

CREATE TABLE profile_tags (
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    kind      TEXT   NOT NULL CHECK (kind IN ('offer', 'want')),
    position  INTEGER    NOT NULL,
    tag       TEXT   NOT NULL CHECK (tag <> ''),
    PRIMARY KEY (person_id, kind, position)
);
CREATE UNIQUE INDEX profile_tags_once ON profile_tags (person_id, kind, lower(tag));

CREATE TABLE tags (
    id         INTEGER     PRIMARY KEY AUTOINCREMENT,
    name       TEXT        NOT NULL CHECK (name <> ''),
    created_at DATETIME    NOT NULL
);
CREATE UNIQUE INDEX tags_name ON tags (lower(name));

CREATE TABLE programme_match_settings (
    programme_id      INTEGER      PRIMARY KEY REFERENCES programmes (id) ON DELETE CASCADE,
    weight_topics     INTEGER         NOT NULL CHECK (weight_topics BETWEEN 0 AND 100),
    weight_seniority  INTEGER         NOT NULL CHECK (weight_seniority BETWEEN 0 AND 100),
    weight_department INTEGER         NOT NULL CHECK (weight_department BETWEEN 0 AND 100),
    weight_hours      INTEGER         NOT NULL CHECK (weight_hours BETWEEN 0 AND 100),
    weight_language   INTEGER         NOT NULL CHECK (weight_language BETWEEN 0 AND 100),
    weight_capacity   INTEGER         NOT NULL CHECK (weight_capacity BETWEEN 0 AND 100),
    seniority_min     INTEGER         NOT NULL CHECK (seniority_min BETWEEN 1 AND 9),
    seniority_max     INTEGER         NOT NULL CHECK (seniority_max BETWEEN 1 AND 9),
    updated_at        DATETIME    NOT NULL,
    CHECK (seniority_min <= seniority_max)
);

-- SQLite refuses what PostgreSQL's types refuse (as 00012 does).

-- +goose StatementBegin
CREATE TRIGGER check_profiles_updated_at_ins BEFORE INSERT ON profiles
WHEN NEW.updated_at IS NOT NULL AND (typeof(NEW.updated_at) <> 'text' OR julianday(NEW.updated_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: profiles.updated_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_profiles_updated_at_upd BEFORE UPDATE OF updated_at ON profiles
WHEN NEW.updated_at IS NOT NULL AND (typeof(NEW.updated_at) <> 'text' OR julianday(NEW.updated_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: profiles.updated_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_programme_match_settings_updated_at_ins BEFORE INSERT ON programme_match_settings
WHEN NEW.updated_at IS NOT NULL AND (typeof(NEW.updated_at) <> 'text' OR julianday(NEW.updated_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: programme_match_settings.updated_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_programme_match_settings_updated_at_upd BEFORE UPDATE OF updated_at ON programme_match_settings
WHEN NEW.updated_at IS NOT NULL AND (typeof(NEW.updated_at) <> 'text' OR julianday(NEW.updated_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: programme_match_settings.updated_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_tags_created_at_ins BEFORE INSERT ON tags
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: tags.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER check_tags_created_at_upd BEFORE UPDATE OF created_at ON tags
WHEN NEW.created_at IS NOT NULL AND (typeof(NEW.created_at) <> 'text' OR julianday(NEW.created_at) IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: tags.created_at must be a date and time');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE programme_match_settings;
DROP TABLE tags;
DROP TABLE profile_tags;
DROP TABLE profiles;
