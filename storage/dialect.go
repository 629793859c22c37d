package storage

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/lib/pq"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// dialect is what differs between the two databases. Everything else is
// shared SQL.
type dialect struct {
	name       string // "sqlite" or "postgres", also the migrations folder
	driverName string
	dsn        string
	// serialWrites: SQLite allows one writer; taking a process-wide lock
	// before each write transaction means no request ever sees SQLITE_BUSY.
	serialWrites bool
	// rowLocks: PostgreSQL takes row locks (SELECT ... FOR UPDATE) where a
	// check spans rows; SQLite needs none, its writers are already serial.
	rowLocks bool
	// analyzeAfterBulk: refresh the planner's statistics after a bulk load.
	// PostgreSQL only: modernc's SQLite is built with STAT4, and with
	// sqlite_stat4 present SQLite re-plans every statement whose plan could
	// depend on a bound range value on each run, which made the agenda
	// three times slower; its plans are right from the indexes alone.
	analyzeAfterBulk bool
	// copyFrom: many rows load fastest with COPY ... FROM STDIN
	// (PostgreSQL); SQLite takes multi-row INSERTs of a prepared statement.
	copyFrom bool
}

// parseDatabaseURL turns CAIRN_DATABASE_URL into a dialect and a driver DSN.
func parseDatabaseURL(raw string) (dialect, error) {
	switch {
	case strings.HasPrefix(raw, "sqlite://"):
		path := strings.TrimPrefix(raw, "sqlite://")
		query := ""
		if i := strings.IndexByte(path, '?'); i >= 0 {
			path, query = path[:i], path[i+1:]
		}
		if path == "" {
			return dialect{}, fmt.Errorf("database URL %q names no file (write sqlite://cairn.db)", raw)
		}
		params := url.Values{}
		params.Add("_pragma", "busy_timeout(10000)")
		params.Add("_pragma", "journal_mode(WAL)")
		params.Add("_pragma", "foreign_keys(1)")
		params.Add("_pragma", "synchronous(NORMAL)")
		params.Set("_time_format", "sqlite")
		params.Set("_txlock", "immediate")
		dsn := "file:" + path + "?" + params.Encode()
		if query != "" {
			dsn += "&" + query
		}
		return dialect{name: "sqlite", driverName: "sqlite", dsn: dsn, serialWrites: true}, nil
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		u, err := url.Parse(raw)
		if err != nil {
			return dialect{}, fmt.Errorf("database URL is not a valid URL: %v", redactURLError(err))
		}
		q := u.Query()
		if q.Get("timezone") == "" {
			q.Set("timezone", "UTC")
		}
		if q.Get("connect_timeout") == "" {
			q.Set("connect_timeout", "5")
		}
		// No parallel workers for Cairn's statements (lib/pq passes the
		// setting on at connect; the URL may set another). Its reads each
		// want a page of rows, and starting workers cost more than they
		// save: people search at 100,000 people took 12 ms with two workers
		// walking the primary key, 3 ms with one.
		if q.Get("max_parallel_workers_per_gather") == "" {
			q.Set("max_parallel_workers_per_gather", "0")
		}
		u.RawQuery = q.Encode()
		return dialect{name: "postgres", driverName: "postgres", dsn: u.String(), rowLocks: true, analyzeAfterBulk: true, copyFrom: true}, nil
	}
	scheme := raw
	if i := strings.Index(raw, "://"); i >= 0 {
		scheme = raw[:i]
	}
	return dialect{}, fmt.Errorf("database URL scheme %q is not supported: use sqlite://PATH or postgres://...", scheme)
}

// redactURLError keeps a password out of a URL parse error.
func redactURLError(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return "malformed"
}

// isUniqueViolation reports whether err is a unique-constraint failure.
func isUniqueViolation(err error) bool {
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		return pqErr.Code == "23505" || pqErr.Code == "23P01" // unique, exclusion
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		code := sqErr.Code()
		return code == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// CheckURL reports whether a database URL is one Cairn can open, without
// connecting.
func CheckURL(raw string) error {
	_, err := parseDatabaseURL(raw)
	return err
}

// resetSequences moves PostgreSQL's id sequences past rows inserted with
// explicit ids; SQLite's AUTOINCREMENT follows such rows by itself.
func (d dialect) resetSequences(ctx context.Context, s *Store, tables ...string) error {
	if d.name != "postgres" {
		return nil
	}
	for _, t := range tables {
		if _, err := s.exec(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), GREATEST((SELECT COALESCE(MAX(id), 0) FROM `+t+`), 1))`); err != nil {
			return fmt.Errorf("storage: reset sequence of %s: %w", t, err)
		}
	}
	return nil
}

// reserveIDs gives n new ids of table, ascending, for rows about to be
// inserted with them in the same transaction. PostgreSQL draws them from
// the table's sequence, so they are never handed out twice. SQLite counts
// on from the highest id the table has or had (AUTOINCREMENT's
// sqlite_sequence, which follows rows inserted with explicit ids): its
// writers are serial and the transaction holds the write lock.
func (d dialect) reserveIDs(ctx context.Context, s *Store, table string, n int) ([]int64, error) {
	if d.name == "postgres" {
		var ids []int64
		if err := s.sel(ctx, &ids, `SELECT nextval(pg_get_serial_sequence(?, 'id')) FROM generate_series(1, ?)`, table, n); err != nil {
			return nil, err
		}
		if len(ids) != n {
			return nil, fmt.Errorf("asked for %d ids, got %d", n, len(ids))
		}
		slices.Sort(ids)
		return ids, nil
	}
	var last int64
	if err := s.get(ctx, &last, `SELECT max(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = ?), 0),
		COALESCE((SELECT max(id) FROM `+table+`), 0))`, table); err != nil {
		return nil, err
	}
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = last + 1 + int64(i)
	}
	return ids, nil
}

// skipLocked ends a work-queue SELECT: on PostgreSQL the rows are locked
// and rows other workers hold are skipped, so instances share a queue with
// no other coordination; SQLite's single writer needs nothing.
func (d dialect) skipLocked() string {
	if d.rowLocks {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// plainIndexesSQL lists the name and the CREATE statement of each index of
// the tables (one ? bound to a list through sqlx.In) that only speeds up
// reads: not a primary key, not unique, not backing a constraint, so
// dropping it for a while changes no rule.
func (d dialect) plainIndexesSQL() string {
	if d.name == "postgres" {
		return `SELECT t.relname AS tbl, c.relname AS name, pg_get_indexdef(i.indexrelid) AS def
		FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
		WHERE t.relnamespace = current_schema()::regnamespace AND t.relname IN (?)
			AND NOT i.indisunique AND NOT i.indisprimary AND NOT i.indisexclusion
			AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
		ORDER BY t.relname, c.relname`
	}
	return `SELECT m.tbl_name AS tbl, m.name AS name, m.sql AS def FROM sqlite_master m JOIN pragma_index_list(m.tbl_name) l ON l.name = m.name
		WHERE m.type = 'index' AND m.tbl_name IN (?) AND m.sql IS NOT NULL AND l."unique" = 0 AND l.origin = 'c'
		ORDER BY m.tbl_name, m.name`
}

// bulkBuildSQL readies the transaction of a bulk load for building its
// indexes: on PostgreSQL, memory enough to sort a million meetings' keys
// in fewer passes (the default 64 MB sorts them in runs on disk). Empty
// on SQLite.
func (d dialect) bulkBuildSQL() string {
	if d.name != "postgres" {
		return ""
	}
	return `SET LOCAL maintenance_work_mem = '256MB'`
}

// foreignKeysSQL lists the table, name and definition of each foreign key
// the tables (one ? bound to a list through sqlx.In) hold, for BulkLoad to
// check once over all the rows rather than once per row: on PostgreSQL
// that per-row check was half the time of loading a million meetings.
// Empty on SQLite, which cannot drop a constraint and checks one by a
// primary key lookup.
func (d dialect) foreignKeysSQL() string {
	if d.name != "postgres" {
		return ""
	}
	return `SELECT t.relname AS tbl, k.conname AS name, pg_get_constraintdef(k.oid) AS def
		FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid
		WHERE k.contype = 'f' AND t.relnamespace = current_schema()::regnamespace AND t.relname IN (?)
		ORDER BY t.relname, k.conname`
}

// placeholder is how a bound parameter is written once a query is rebound
// for the driver: $1, $2... on PostgreSQL, ? on SQLite.
func (d dialect) placeholder() string {
	if d.name == "postgres" {
		return "$"
	}
	return "?"
}

// eitherPerson is the condition that person is in one of two columns of a
// table (a pairing's mentor or mentee, say), for a query listing its rows
// by id. On PostgreSQL it reads each column's index into an array first and
// then the rows by id: a reused prepared statement gets one plan for every
// value, and for the plain OR with a LIMIT it chose to walk the whole
// table in id order (6.8 ms for a member's engagements at 100,000 people,
// 0.07 ms this way). SQLite plans the OR over the two indexes itself.
func (d dialect) eitherPerson(alias, table, colA, colB string) string {
	if d.name == "postgres" {
		return alias + `.id = ANY (ARRAY(SELECT id FROM ` + table + ` WHERE ` + colA + ` = ? UNION ALL SELECT id FROM ` +
			table + ` WHERE ` + colB + ` = ?))`
	}
	return `(` + alias + `.` + colA + ` = ? OR ` + alias + `.` + colB + ` = ?)`
}
