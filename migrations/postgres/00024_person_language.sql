-- +goose Up
-- The language a person reads Cairn in: a language tag such as "de" or
-- "pt-BR" that has a message catalogue; '' follows the browser, then the
-- server's default. The application says which tags it has catalogues
-- for; the database holds any well-formed tag, so a new language is a
-- catalogue file, not a migration.
ALTER TABLE people ADD COLUMN language TEXT NOT NULL DEFAULT ''
    CHECK (language ~ '^([a-z]{2,3}(-[A-Z]{2})?)?$');

-- +goose Down
ALTER TABLE people DROP COLUMN language;
