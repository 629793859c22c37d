package storage_test

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"

	"cairn/storage"
	"cairn/storage/storagetest"
)

// catalog is one store's schema in words both dialects share, one line per
// fact, so two catalogs compare as sets of lines.
type catalog map[string][]string // table -> facts

// typeFamily names a column type's family on either store.
func typeFamily(t string) string {
	t = strings.ToLower(strings.TrimSpace(t))
	switch {
	case t == "bigint" || t == "integer" || t == "smallint" || t == "int":
		return "integer"
	case t == "text" || strings.HasPrefix(t, "character varying") || strings.HasPrefix(t, "varchar"):
		return "text"
	case t == "boolean":
		return "boolean"
	case t == "date":
		return "date"
	case strings.HasPrefix(t, "timestamp") || t == "datetime":
		return "timestamp"
	case t == "bytea" || t == "blob":
		return "bytes"
	case t == "real" || t == "double precision" || t == "numeric":
		return "number"
	case t == "jsonb" || t == "json":
		return "json"
	}
	return "unknown type " + t
}

var (
	pgCast     = regexp.MustCompile(`::[a-z ]+(\[\])?`)
	defaultsEq = map[string]string{"false": "0", "true": "1", "now()": "current_timestamp"}
)

// normDefault writes a column default the same way on both stores.
func normDefault(d *string) string {
	if d == nil {
		return "none"
	}
	v := strings.ToLower(strings.TrimSpace(*d))
	if strings.HasPrefix(v, "nextval(") {
		return "none" // PostgreSQL's serial ids; SQLite's rowid needs no default
	}
	v = pgCast.ReplaceAllString(v, "")
	v = strings.Trim(v, "()")
	if e, ok := defaultsEq[v]; ok {
		v = e
	}
	return v
}

func onDelete(code string) string {
	switch strings.ToLower(code) {
	case "a", "no action", "":
		return "no action"
	case "r", "restrict":
		return "restrict"
	case "c", "cascade":
		return "cascade"
	case "n", "set null":
		return "set null"
	case "d", "set default":
		return "set default"
	}
	return code
}

func readCatalog(t *testing.T, s *storage.Store) catalog {
	t.Helper()
	ctx := context.Background()
	db := s.DB()
	pg := s.Dialect() == "postgres"
	sel := func(dest any, q string, args ...any) {
		t.Helper()
		if err := sqlx.SelectContext(ctx, db, dest, db.Rebind(q), args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	var tables []string
	if pg {
		sel(&tables, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()
			AND table_type = 'BASE TABLE' AND table_name <> 'goose_db_version'`)
	} else {
		// Not the text search index (people_fts, virtual) nor its shadow tables.
		sel(&tables, `SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'
			AND name <> 'goose_db_version'`)
	}
	cat := catalog{}
	for _, tb := range tables {
		var facts []string
		type col struct {
			Name    string  `db:"name"`
			Type    string  `db:"type"`
			NotNull bool    `db:"notnull"`
			Default *string `db:"dflt"`
			PK      bool    `db:"pk"`
		}
		var cols []col
		if pg {
			sel(&cols, `SELECT c.column_name AS name, c.data_type AS type, c.is_nullable = 'NO' AS "notnull", c.column_default AS dflt,
				EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
					WHERE i.indrelid = to_regclass(c.table_name) AND i.indisprimary AND a.attname = c.column_name) AS pk
				FROM information_schema.columns c WHERE c.table_schema = current_schema() AND c.table_name = ?
				AND c.is_generated = 'NEVER' ORDER BY c.ordinal_position`, tb) // generated: the text search's own (below)
		} else {
			sel(&cols, `SELECT name, type, "notnull" AS "notnull", dflt_value AS dflt, pk > 0 AS pk FROM pragma_table_info(?) ORDER BY cid`, tb)
		}
		guards := map[string]string{} // column -> what its SQLite triggers enforce
		if !pg {
			type trig struct {
				Name string `db:"name"`
				SQL  string `db:"sql"`
			}
			var trigs []trig
			sel(&trigs, `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?`, tb)
			have := map[string]string{}
			for _, tr := range trigs {
				have[tr.Name] = tr.SQL
			}
			for _, c := range cols {
				ins, upd := have["check_"+tb+"_"+c.Name+"_ins"], have["check_"+tb+"_"+c.Name+"_upd"]
				if ins == "" || upd == "" || !strings.Contains(upd, "UPDATE OF "+c.Name+" ") {
					continue
				}
				switch n := "NEW." + c.Name; {
				case strings.Contains(ins, "julianday("+n+")") && strings.Contains(upd, "julianday("+n+")"):
					guards[c.Name] = "timestamp"
				case strings.Contains(ins, "date("+n+")") && strings.Contains(upd, "date("+n+")"):
					guards[c.Name] = "date"
				case strings.Contains(ins, n+" NOT IN (0, 1)") && strings.Contains(upd, n+" NOT IN (0, 1)"):
					guards[c.Name] = "boolean"
				}
			}
		}
		for i, c := range cols {
			family := typeFamily(c.Type)
			if !pg {
				// SQLite stores any value in any column; only its triggers
				// make a date, a time or a boolean column refuse what
				// PostgreSQL's type refuses.
				switch g := guards[c.Name]; {
				case g != "" && (g == family || family == "text"):
					family = g
				case family == "timestamp" || family == "boolean" || family == "date":
					family += " (unchecked)"
				}
			}
			// A primary key column is never NULL, whatever SQLite's flag says.
			facts = append(facts, fmt.Sprintf("column %d %s %s notnull=%v pk=%v default=%s",
				i, c.Name, family, c.NotNull || c.PK, c.PK, normDefault(c.Default)))
		}
		type fk struct {
			From     string `db:"cols"`
			Table    string `db:"tbl"`
			To       string `db:"tocols"`
			OnDelete string `db:"ondelete"`
		}
		var fks []fk
		if pg {
			sel(&fks, `SELECT (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n)
					JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS cols,
				p.relname AS tbl,
				(SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(c.confkey) WITH ORDINALITY k(attnum, n)
					JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum) AS tocols,
				c.confdeltype::text AS ondelete
				FROM pg_constraint c JOIN pg_class p ON p.oid = c.confrelid
				WHERE c.contype = 'f' AND c.conrelid = to_regclass(?)`, tb)
		} else {
			sel(&fks, `SELECT group_concat("from", ',') AS cols, "table" AS tbl, group_concat(COALESCE("to", 'id'), ',') AS tocols,
				on_delete AS ondelete FROM (SELECT * FROM pragma_foreign_key_list(?) ORDER BY id, seq) GROUP BY id`, tb)
		}
		for _, f := range fks {
			facts = append(facts, fmt.Sprintf("foreign key (%s) -> %s (%s) on delete %s", f.From, f.Table, f.To, onDelete(f.OnDelete)))
		}
		type idx struct {
			Name    string `db:"name"`
			Unique  bool   `db:"uniq"`
			Partial bool   `db:"partial"`
			Cols    string `db:"cols"`
			Primary bool   `db:"prim"`
		}
		var idxs []idx
		if pg {
			sel(&idxs, `SELECT ic.relname AS name, i.indisunique AS uniq, i.indpred IS NOT NULL AS partial, i.indisprimary AS prim,
				(SELECT string_agg(COALESCE(a.attname, 'expr'), ',' ORDER BY k.n) FROM unnest(i.indkey) WITH ORDINALITY k(attnum, n)
					LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) AS cols
				FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid WHERE i.indrelid = to_regclass(?)`, tb)
		} else {
			sel(&idxs, `SELECT l.name, l."unique" AS uniq, l.partial, l.origin = 'pk' AS prim,
				(SELECT group_concat(COALESCE(ii.name, 'expr'), ',') FROM (SELECT * FROM pragma_index_info(l.name) ORDER BY seqno) ii) AS cols
				FROM pragma_index_list(?) l`, tb)
			// An INTEGER PRIMARY KEY is the rowid and has no index of its own.
			for _, c := range cols {
				if c.PK && strings.EqualFold(c.Type, "integer") && strings.Count(strings.Join(facts, "\n"), "pk=true") == 1 {
					idxs = append(idxs, idx{Unique: true, Primary: true, Cols: c.Name})
				}
			}
		}
		for _, ix := range idxs {
			switch {
			case pg && ix.Name == "people_search_text_trgm":
				// The text search is each store's own: this trigram index on
				// PostgreSQL (over the generated column search_text), the
				// FTS5 table people_fts on SQLite (migrations 00022, 00029);
				// TestPeopleSearchSameOnBothStores compares them.
				continue
			case ix.Primary:
				facts = append(facts, "primary key ("+ix.Cols+")")
			case ix.Unique:
				facts = append(facts, fmt.Sprintf("unique (%s) partial=%v", ix.Cols, ix.Partial))
			default:
				facts = append(facts, fmt.Sprintf("index %s (%s) partial=%v", ix.Name, ix.Cols, ix.Partial))
			}
		}
		var checks int
		if pg {
			if err := db.GetContext(ctx, &checks, `SELECT count(*) FROM pg_constraint WHERE contype = 'c' AND conrelid = to_regclass($1)`, tb); err != nil {
				t.Fatal(err)
			}
		} else {
			var sqlText string
			if err := db.GetContext(ctx, &sqlText, `SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`, tb); err != nil {
				t.Fatal(err)
			}
			checks = strings.Count(strings.ToUpper(sqlText), "CHECK (") + strings.Count(strings.ToUpper(sqlText), "CHECK(")
		}
		facts = append(facts, fmt.Sprintf("checks %d", checks))
		sort.Strings(facts)
		cat[tb] = facts
	}
	return cat
}

// Both stores migrated to the newest version have the same schema: tables,
// columns in order with their type family, nullability and default,
// foreign keys with ON DELETE, primary keys, unique and partial indexes,
// plain indexes, and the number of CHECK constraints.
func TestSchemasMatchAcrossStores(t *testing.T) {
	sq := readCatalog(t, storagetest.New(t, "sqlite"))
	pg := readCatalog(t, storagetest.New(t, "postgres"))
	var diffs []string
	names := map[string]bool{}
	for tb := range sq {
		names[tb] = true
	}
	for tb := range pg {
		names[tb] = true
	}
	for tb := range names {
		a, b := map[string]bool{}, map[string]bool{}
		for _, f := range sq[tb] {
			a[f] = true
		}
		for _, f := range pg[tb] {
			b[f] = true
		}
		for f := range a {
			if !b[f] {
				diffs = append(diffs, tb+": only SQLite has "+f)
			}
		}
		for f := range b {
			if !a[f] {
				diffs = append(diffs, tb+": only PostgreSQL has "+f)
			}
		}
	}
	sort.Strings(diffs)
	for _, d := range diffs {
		t.Error(d)
	}
}

// Both stores refuse the same malformed values, and accept the same good
// ones.
func TestStoresRefuseTheSameValues(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		db := s.DB()
		exec := func(q string, args ...any) error {
			_, err := db.ExecContext(ctx, db.Rebind(q), args...)
			return err
		}
		if err := exec(`INSERT INTO people (name, email, job_title, department, seniority, timezone, external, role, active,
			password_hash, created_at, updated_at) VALUES ('A', 'a@example.org', '', '', 1, 'UTC', ?, 'member', ?, '', ?, ?)`,
			false, true, "2026-03-02 09:00:00+00:00", "2026-03-02 09:00:00+00:00"); err != nil {
			t.Fatalf("a good person: %v", err)
		}
		if err := exec(`INSERT INTO programmes (name, kind, description, starts_on, ends_on, created_at, updated_at)
			VALUES ('P', 'mentoring', '', '2026-01-01', '2026-12-31', ?, ?)`, "2026-03-02 09:00:00+00:00", "2026-03-02 09:00:00+00:00"); err != nil {
			t.Fatalf("a good programme: %v", err)
		}
		for _, bad := range []struct{ what, q string }{
			{"a boolean that is not one", `UPDATE people SET external = 'maybe'`},
			{"a boolean out of range", `UPDATE people SET active = 2`},
			{"a date that is not a date", `UPDATE programmes SET starts_on = 'not-a-date'`},
			{"a date that does not exist", `UPDATE programmes SET ends_on = '2026-02-30'`},
			{"a time that is not a time", `UPDATE people SET updated_at = 'soon'`},
			{"a mentor seniority rule that is not one", `UPDATE programmes SET mentor_seniority = 'sometimes'`},
		} {
			if err := exec(bad.q); err == nil {
				t.Errorf("%s was accepted: %s", bad.what, bad.q)
			}
		}
	})
}
