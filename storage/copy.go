package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

// CopyOptions steer Copy.
type CopyOptions struct {
	// Force replaces a target that already has people.
	Force bool
	// Progress, when set, hears each table once it is copied.
	Progress func(table string, rows int64)
}

// TableCount is one table's row count.
type TableCount struct {
	Table string
	Rows  int64
}

// ErrTargetHasPeople means the target of a copy holds an organisation.
var ErrTargetHasPeople = errors.New("the target database already has people")

// copyColumn is a column and its declared (SQLite) or data (PostgreSQL)
// type, lower case.
type copyColumn struct {
	Name string `db:"name"`
	Type string `db:"type"`
}

// Copy copies every row of every table of from into to, ids kept, in one
// transaction on to, and returns the row counts it checked against the
// source. Both databases must be at the same migration version. A target
// with people is refused unless o.Force; otherwise whatever rows the target
// holds are replaced. On PostgreSQL the id sequences are moved past the
// copied ids. The source is read in one snapshot.
func Copy(ctx context.Context, from, to *Store, o CopyOptions) ([]TableCount, error) {
	vFrom, err := from.schemaVersion(ctx)
	if err != nil {
		return nil, err
	}
	vTo, err := to.schemaVersion(ctx)
	if err != nil {
		return nil, err
	}
	if vFrom != vTo {
		return nil, fmt.Errorf("the source is at migration %05d and the target at %05d: run cairn migrate up on the one behind", vFrom, vTo)
	}
	tables, err := from.copyTables(ctx)
	if err != nil {
		return nil, err
	}
	toTables, err := to.copyTables(ctx)
	if err != nil {
		return nil, err
	}
	if !slices.Equal(tables, toTables) {
		return nil, fmt.Errorf("the source and target have different tables (%v and %v)", tables, toTables)
	}
	order, err := from.parentsFirst(ctx, tables)
	if err != nil {
		return nil, err
	}
	srcOpts := &sql.TxOptions{ReadOnly: true}
	if from.dialect.name == "postgres" {
		srcOpts.Isolation = sql.LevelRepeatableRead
	} else {
		srcOpts = nil // modernc opens its configured (immediate) transaction: one snapshot, writers wait
	}
	src, err := from.db.BeginTxx(ctx, srcOpts)
	if err != nil {
		return nil, fmt.Errorf("storage: read the source: %w", err)
	}
	defer src.Rollback()
	if to.dialect.serialWrites {
		to.writeMu.Lock()
		defer to.writeMu.Unlock()
	}
	dst, err := to.db.BeginTxx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("storage: write the target: %w", err)
	}
	defer dst.Rollback()
	if to.dialect.name == "sqlite" {
		// Rows of a table may point at later rows of the same table.
		if _, err := dst.ExecContext(ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
			return nil, err
		}
	}
	var people int64
	if err := dst.GetContext(ctx, &people, `SELECT count(*) FROM people`); err != nil {
		return nil, fmt.Errorf("storage: count the target's people: %w", err)
	}
	if people > 0 && !o.Force {
		return nil, fmt.Errorf("%w (%d): copy into an empty database, or pass --force to replace everything in it", ErrTargetHasPeople, people)
	}
	for i := len(order) - 1; i >= 0; i-- {
		if _, err := dst.ExecContext(ctx, `DELETE FROM `+quoteIdent(order[i])); err != nil {
			return nil, fmt.Errorf("storage: empty the target's %s: %w", order[i], err)
		}
	}
	counts := make([]TableCount, 0, len(order))
	for _, t := range order {
		n, err := copyTable(ctx, from, to, src, dst, t)
		if err != nil {
			return nil, err
		}
		var want int64
		if err := src.GetContext(ctx, &want, `SELECT count(*) FROM `+quoteIdent(t)); err != nil {
			return nil, err
		}
		var got int64
		if err := dst.GetContext(ctx, &got, `SELECT count(*) FROM `+quoteIdent(t)); err != nil {
			return nil, err
		}
		if got != want || n != want {
			return nil, fmt.Errorf("storage: copy %s: the source has %d rows, %d were copied and the target has %d", t, want, n, got)
		}
		counts = append(counts, TableCount{Table: t, Rows: got})
		if o.Progress != nil {
			o.Progress(t, got)
		}
	}
	if to.dialect.name == "postgres" {
		for _, t := range order {
			cols, err := to.copyColumns(ctx, dst, t)
			if err != nil {
				return nil, err
			}
			if !slices.ContainsFunc(cols, func(c copyColumn) bool { return c.Name == "id" }) {
				continue
			}
			var seq sql.NullString
			if err := dst.GetContext(ctx, &seq, `SELECT pg_get_serial_sequence($1, 'id')`, t); err != nil {
				return nil, fmt.Errorf("storage: sequence of %s: %w", t, err)
			}
			if !seq.Valid {
				continue
			}
			if _, err := dst.ExecContext(ctx, `SELECT setval($1, COALESCE((SELECT MAX(id) FROM `+quoteIdent(t)+`), 0) + 1, false)`, seq.String); err != nil {
				return nil, fmt.Errorf("storage: move the sequence of %s: %w", t, err)
			}
		}
	}
	if err := dst.Commit(); err != nil {
		return nil, fmt.Errorf("storage: commit the copy: %w", err)
	}
	return counts, nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// schemaVersion is the newest migration applied.
func (s *Store) schemaVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := sqlx.GetContext(ctx, s.db, &v, `SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version WHERE is_applied`); err != nil {
		return 0, fmt.Errorf("storage: migration version: %w", err)
	}
	return v, nil
}

// copyTables are Cairn's tables, by name, without goose's own.
func (s *Store) copyTables(ctx context.Context) ([]string, error) {
	// pragma_table_list's type 'table' leaves out the text search index
	// (people_fts, virtual) and its shadow tables: triggers fill them.
	q := `SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'
		AND name <> 'goose_db_version' ORDER BY name`
	if s.dialect.name == "postgres" {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()
			AND table_type = 'BASE TABLE' AND table_name <> 'goose_db_version' ORDER BY table_name`
	}
	var out []string
	if err := sqlx.SelectContext(ctx, s.db, &out, q); err != nil {
		return nil, fmt.Errorf("storage: list tables: %w", err)
	}
	return out, nil
}

// copyColumns are a table's columns in order, without generated ones
// (people.search_text on PostgreSQL): a database makes those itself.
func (s *Store) copyColumns(ctx context.Context, q sqlx.QueryerContext, table string) ([]copyColumn, error) {
	query := `SELECT name, lower(type) AS type FROM pragma_table_info(?) ORDER BY cid`
	if s.dialect.name == "postgres" {
		query = `SELECT column_name AS name, lower(data_type) AS type FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`
	}
	var out []copyColumn
	if err := sqlx.SelectContext(ctx, q, &out, query, table); err != nil {
		return nil, fmt.Errorf("storage: columns of %s: %w", table, err)
	}
	return out, nil
}

// parentsFirst orders tables so every table comes after those its foreign
// keys point at.
func (s *Store) parentsFirst(ctx context.Context, tables []string) ([]string, error) {
	parents := map[string][]string{}
	for _, t := range tables {
		q := `SELECT DISTINCT "table" FROM pragma_foreign_key_list(?)`
		if s.dialect.name == "postgres" {
			q = `SELECT DISTINCT p.relname FROM pg_constraint k JOIN pg_class p ON p.oid = k.confrelid
				WHERE k.contype = 'f' AND k.conrelid = to_regclass($1)`
		}
		var ps []string
		if err := sqlx.SelectContext(ctx, s.db, &ps, q, t); err != nil {
			return nil, fmt.Errorf("storage: foreign keys of %s: %w", t, err)
		}
		parents[t] = ps
	}
	var order []string
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(t string) error
	visit = func(t string) error {
		switch state[t] {
		case 1:
			return fmt.Errorf("storage: the foreign keys of %s form a cycle", t)
		case 2:
			return nil
		}
		state[t] = 1
		for _, p := range parents[t] {
			if p != t {
				if err := visit(p); err != nil {
					return err
				}
			}
		}
		state[t] = 2
		order = append(order, t)
		return nil
	}
	for _, t := range tables {
		if err := visit(t); err != nil {
			return nil, err
		}
	}
	return order, nil
}

// copyTable streams one table from src to dst in multi-row INSERTs and
// returns how many rows it wrote.
func copyTable(ctx context.Context, from, to *Store, src, dst *sqlx.Tx, table string) (int64, error) {
	srcCols, err := from.copyColumns(ctx, src, table)
	if err != nil {
		return 0, err
	}
	dstCols, err := to.copyColumns(ctx, dst, table)
	if err != nil {
		return 0, err
	}
	dstType := map[string]string{}
	for _, c := range dstCols {
		dstType[c.Name] = c.Type
	}
	names := make([]string, len(srcCols))
	for i, c := range srcCols {
		if _, ok := dstType[c.Name]; !ok {
			return 0, fmt.Errorf("storage: the target's %s has no column %s", table, c.Name)
		}
		names[i] = quoteIdent(c.Name)
	}
	if len(dstCols) != len(srcCols) {
		return 0, fmt.Errorf("storage: %s has %d columns in the source and %d in the target", table, len(srcCols), len(dstCols))
	}
	rows, err := src.QueryxContext(ctx, `SELECT `+strings.Join(names, ", ")+` FROM `+quoteIdent(table)+` ORDER BY 1`)
	if err != nil {
		return 0, fmt.Errorf("storage: read %s: %w", table, err)
	}
	defer rows.Close()
	// Stay under both stores' limit on bound values per statement.
	perBatch := max(1, min(500, 30000/len(srcCols)))
	head := `INSERT INTO ` + quoteIdent(table) + ` (` + strings.Join(names, ", ") + `) VALUES `
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(srcCols)), ", ") + ")"
	var batch []any
	var n, inBatch int64
	flush := func() error {
		if inBatch == 0 {
			return nil
		}
		q := head + strings.TrimSuffix(strings.Repeat(one+", ", int(inBatch)), ", ")
		if _, err := dst.ExecContext(ctx, dst.Rebind(q), batch...); err != nil {
			return fmt.Errorf("storage: write %s: %w", table, err)
		}
		n += inBatch
		batch, inBatch = batch[:0], 0
		return nil
	}
	for rows.Next() {
		vals, err := rows.SliceScan()
		if err != nil {
			return 0, fmt.Errorf("storage: read %s: %w", table, err)
		}
		for i, v := range vals {
			vals[i] = convertValue(v, srcCols[i].Type, dstType[srcCols[i].Name], to.dialect.name)
		}
		batch = append(batch, vals...)
		inBatch++
		if inBatch == int64(perBatch) {
			if err := flush(); err != nil {
				return 0, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("storage: read %s: %w", table, err)
	}
	if err := flush(); err != nil {
		return 0, err
	}
	return n, nil
}

// convertValue carries a value read from one store into a column of the
// other: the two drivers hand back dates, booleans and text differently.
func convertValue(v any, srcType, dstType, dstDialect string) any {
	binary := dstType == "blob" || dstType == "bytea"
	switch x := v.(type) {
	case []byte:
		if binary {
			return x
		}
		return string(x)
	case string:
		if binary {
			return []byte(x)
		}
	case time.Time:
		// A calendar date is stored as text on SQLite and as DATE on
		// PostgreSQL; either way it is the date alone.
		if dstType == "date" || srcType == "date" {
			return x.Format("2006-01-02")
		}
		return x.UTC()
	case bool:
		if dstDialect == "sqlite" {
			if x {
				return int64(1)
			}
			return int64(0)
		}
	case int64:
		if dstType == "boolean" && dstDialect == "postgres" {
			return x != 0
		}
	}
	return v
}
