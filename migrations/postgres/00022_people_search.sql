-- +goose Up
-- People search through PostgreSQL's own text search: a trigram (pg_trgm)
-- GIN index over name, email and department folded to lower case without
-- accents (unaccent), so a LIKE '%query%' on the same expression is read
-- from the index. An expression index is kept in step by every write;
-- without fastupdate, at once (a pending list, which only VACUUM empties,
-- made every search after a bulk load read it through).
-- The extensions are the database's, shared by every schema in it: made
-- once (in a schema of their own when missing, under a lock so two
-- migrations at once do not race) and named by the schema they live in.
-- cairn_fold and cairn_people_search are IMMUTABLE wrappers (unaccent is
-- only STABLE), as an index expression needs. cairn_fold's cost tells the
-- planner that folding every row on the way (walking people in id order
-- for a LIMIT) costs more than reading the few the index names.
-- +goose StatementBegin
DO $$
DECLARE
    trgm TEXT;
    unacc TEXT;
BEGIN
    PERFORM pg_advisory_xact_lock(2202300023);
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        CREATE SCHEMA IF NOT EXISTS cairn_extensions;
        CREATE EXTENSION pg_trgm SCHEMA cairn_extensions;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'unaccent') THEN
        CREATE SCHEMA IF NOT EXISTS cairn_extensions;
        CREATE EXTENSION unaccent SCHEMA cairn_extensions;
    END IF;
    SELECT n.nspname INTO trgm FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
    SELECT n.nspname INTO unacc FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent';
    EXECUTE format('CREATE FUNCTION cairn_fold(t TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 1000 AS %L',
        format('SELECT lower(%I.unaccent(%L::regdictionary, t))', unacc, quote_ident(unacc) || '.unaccent'));
    EXECUTE format('CREATE FUNCTION cairn_people_search(name TEXT, email TEXT, department TEXT) RETURNS TEXT
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS %L',
        format('SELECT %I.cairn_fold(name || E''\n'' || email || E''\n'' || department)', current_schema()));
    EXECUTE format('CREATE INDEX people_search_trgm ON people USING gin (cairn_people_search(name, email, department) %I.gin_trgm_ops) WITH (fastupdate = off)', trgm);
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP INDEX people_search_trgm;
DROP FUNCTION cairn_people_search(TEXT, TEXT, TEXT);
DROP FUNCTION cairn_fold(TEXT);
