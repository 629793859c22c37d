-- +goose Up
-- Which person an OpenID provider's subject is. A subject is linked to one
-- person, and a person to at most one subject per provider.
CREATE TABLE sso_links (
    issuer    TEXT   NOT NULL,
    subject   TEXT   NOT NULL,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (issuer, subject),
    UNIQUE (person_id, issuer)
);

-- +goose Down
DROP TABLE sso_links;
