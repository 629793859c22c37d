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
    person_id  BIGINT      PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    bio        TEXT        NOT NULL DEFAULT '',
    languages  TEXT        NOT NULL DEFAULT '',
    work_start TEXT        CHECK (work_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
    work_end   TEXT        CHECK (work_end ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
    updated_at TIMESTAMPTZ NOT NULL,
    CHECK ((work_start IS NULL) = (work_end IS NULL)),
    CHECK (work_start IS NULL OR work_start <> work_end)
);

CREATE TABLE profile_tags (
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    kind      TEXT   NOT NULL CHECK (kind IN ('offer', 'want')),
    position  INT    NOT NULL,
    tag       TEXT   NOT NULL CHECK (tag <> ''),
    PRIMARY KEY (person_id, kind, position)
);
CREATE UNIQUE INDEX profile_tags_once ON profile_tags (person_id, kind, lower(tag));

CREATE TABLE tags (
    id         BIGSERIAL   PRIMARY KEY,
    name       TEXT        NOT NULL CHECK (name <> ''),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX tags_name ON tags (lower(name));

CREATE TABLE programme_match_settings (
    programme_id      BIGINT      PRIMARY KEY REFERENCES programmes (id) ON DELETE CASCADE,
    weight_topics     INT         NOT NULL CHECK (weight_topics BETWEEN 0 AND 100),
    weight_seniority  INT         NOT NULL CHECK (weight_seniority BETWEEN 0 AND 100),
    weight_department INT         NOT NULL CHECK (weight_department BETWEEN 0 AND 100),
    weight_hours      INT         NOT NULL CHECK (weight_hours BETWEEN 0 AND 100),
    weight_language   INT         NOT NULL CHECK (weight_language BETWEEN 0 AND 100),
    weight_capacity   INT         NOT NULL CHECK (weight_capacity BETWEEN 0 AND 100),
    seniority_min     INT         NOT NULL CHECK (seniority_min BETWEEN 1 AND 9),
    seniority_max     INT         NOT NULL CHECK (seniority_max BETWEEN 1 AND 9),
    updated_at        TIMESTAMPTZ NOT NULL,
    CHECK (seniority_min <= seniority_max)
);

-- +goose Down
DROP TABLE programme_match_settings;
DROP TABLE tags;
DROP TABLE profile_tags;
DROP TABLE profiles;
