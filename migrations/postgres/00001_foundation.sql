-- +goose Up
CREATE TABLE people (
    id            BIGSERIAL PRIMARY KEY,
    name          TEXT        NOT NULL,
    email         TEXT        NOT NULL UNIQUE,
    job_title     TEXT        NOT NULL DEFAULT '',
    department    TEXT        NOT NULL DEFAULT '',
    seniority     INTEGER     NOT NULL CHECK (seniority BETWEEN 1 AND 10),
    timezone      TEXT        NOT NULL,
    external      BOOLEAN     NOT NULL DEFAULT FALSE,
    role          TEXT        NOT NULL CHECK (role IN ('admin', 'member')),
    active        BOOLEAN     NOT NULL DEFAULT TRUE,
    max_mentees   INTEGER,
    max_coachees  INTEGER,
    password_hash TEXT        NOT NULL DEFAULT '',
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX people_name ON people (name);
CREATE INDEX people_role_active ON people (role, active);

CREATE TABLE sessions (
    hash       BYTEA       PRIMARY KEY,
    person_id  BIGINT      NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    csrf_token TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_person ON sessions (person_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
    id         BIGSERIAL PRIMARY KEY,
    person_id  BIGINT      NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    name       TEXT        NOT NULL,
    hash       BYTEA       NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX api_tokens_person ON api_tokens (person_id);

CREATE TABLE audit_log (
    id          BIGSERIAL PRIMARY KEY,
    actor_id    BIGINT REFERENCES people (id),
    action      TEXT        NOT NULL,
    object_type TEXT        NOT NULL,
    object_id   BIGINT      NOT NULL,
    changes     TEXT        NOT NULL,
    at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX audit_object ON audit_log (object_type, object_id);
CREATE INDEX audit_actor ON audit_log (actor_id, at);
CREATE INDEX audit_at ON audit_log (at);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE people;
