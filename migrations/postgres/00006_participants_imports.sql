-- +goose Up
-- A CSV checked and previewed in the browser, waiting for the admin's
-- confirmation; nothing of it is in the real tables until then.
CREATE TABLE pending_imports (
    id         TEXT     PRIMARY KEY,
    admin_id   BIGINT   NOT NULL REFERENCES people (id),
    kind       TEXT     NOT NULL,
    content    TEXT     NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);

-- Secrets the app makes for itself on first use (the calendar feed key).
CREATE TABLE app_secrets (
    name       TEXT     PRIMARY KEY,
    value      BYTEA    NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- A person's private calendar feed: the URL's token is derived from the
-- nonce with the app key; only its hash is stored.
CREATE TABLE calendar_feeds (
    person_id  BIGINT   PRIMARY KEY REFERENCES people (id),
    nonce      TEXT     NOT NULL,
    token_hash BYTEA    NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL
);

-- Single-use links sent by email: invitations and password resets.
CREATE TABLE password_links (
    hash       BYTEA    PRIMARY KEY,
    person_id  BIGINT   NOT NULL REFERENCES people (id),
    purpose    TEXT     NOT NULL CHECK (purpose IN ('invite', 'reset')),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);
CREATE INDEX password_links_person ON password_links (person_id);

-- Single-use "we met" / "we did not meet" links in reminder emails.
CREATE TABLE action_links (
    hash       BYTEA    PRIMARY KEY,
    meeting_id BIGINT   NOT NULL REFERENCES meetings (id),
    person_id  BIGINT   NOT NULL REFERENCES people (id),
    action     TEXT     NOT NULL CHECK (action IN ('met', 'not_met')),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);
CREATE INDEX action_links_meeting ON action_links (meeting_id);

-- +goose Down
DROP TABLE action_links;
DROP TABLE password_links;
DROP TABLE calendar_feeds;
DROP TABLE app_secrets;
DROP TABLE pending_imports;
