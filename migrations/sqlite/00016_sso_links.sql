-- +goose Up
-- Which person an OpenID provider's subject is. A subject is linked to one
-- person, and a person to at most one subject per provider.
CREATE TABLE sso_links (
    issuer    TEXT   NOT NULL,
    subject   TEXT   NOT NULL,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (issuer, subject),
    UNIQUE (person_id, issuer)
);

-- The ID token a browser session was signed in with, sent back to the
-- provider as id_token_hint when the person signs out there too. It goes
-- with its session.
CREATE TABLE sso_sessions (
    session_hash BLOB PRIMARY KEY REFERENCES sessions (hash) ON DELETE CASCADE,
    id_token     TEXT  NOT NULL
);

-- +goose Down
DROP TABLE sso_sessions;
DROP TABLE sso_links;
