-- +goose Up
-- People search through SQLite's own text search: an FTS5 index of the
-- people table's name, email and department (external content: the text
-- stays in people), tokenised in trigrams so a query of three characters or
-- more matches anywhere in a field, whatever its case and accents. The
-- triggers keep the index in step with every write to people.
CREATE VIRTUAL TABLE people_fts USING fts5 (
    name, email, department,
    content = 'people', content_rowid = 'id',
    tokenize = 'trigram case_sensitive 0 remove_diacritics 1'
);

INSERT INTO people_fts (rowid, name, email, department) SELECT id, name, email, department FROM people;

-- +goose StatementBegin
CREATE TRIGGER people_fts_ins AFTER INSERT ON people BEGIN
    INSERT INTO people_fts (rowid, name, email, department) VALUES (NEW.id, NEW.name, NEW.email, NEW.department);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER people_fts_del AFTER DELETE ON people BEGIN
    INSERT INTO people_fts (people_fts, rowid, name, email, department) VALUES ('delete', OLD.id, OLD.name, OLD.email, OLD.department);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER people_fts_upd AFTER UPDATE OF name, email, department ON people BEGIN
    INSERT INTO people_fts (people_fts, rowid, name, email, department) VALUES ('delete', OLD.id, OLD.name, OLD.email, OLD.department);
    INSERT INTO people_fts (rowid, name, email, department) VALUES (NEW.id, NEW.name, NEW.email, NEW.department);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER people_fts_upd;
DROP TRIGGER people_fts_del;
DROP TRIGGER people_fts_ins;
DROP TABLE people_fts;
