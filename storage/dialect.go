package storage

import (
	"context"
	"errors"
	"fmt"
	"net/url"
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
		u.RawQuery = q.Encode()
		return dialect{name: "postgres", driverName: "postgres", dsn: u.String(), rowLocks: true, analyzeAfterBulk: true}, nil
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

// skipLocked ends a work-queue SELECT: on PostgreSQL the rows are locked
// and rows other workers hold are skipped, so instances share a queue with
// no other coordination; SQLite's single writer needs nothing.
func (d dialect) skipLocked() string {
	if d.rowLocks {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}
