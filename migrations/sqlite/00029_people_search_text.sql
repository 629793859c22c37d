-- +goose Up
-- PostgreSQL's half of this migration stores the folded text its people
-- search checks. SQLite's search (00022) reads people_fts, an FTS5 table
-- its triggers keep in step, and checks nothing further: nothing to do.
SELECT 1;

-- +goose Down
SELECT 1;
