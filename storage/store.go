package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"
	_ "github.com/lib/pq"  // PostgreSQL driver
	_ "modernc.org/sqlite" // SQLite driver, pure Go

	"cairn/domain"
)

// Store is the sqlx implementation of domain.Store. A Store made by InTx is
// bound to that transaction.
type Store struct {
	db      *sqlx.DB
	q       sqlx.ExtContext // db, or the transaction
	dialect dialect
	writeMu *sync.Mutex
}

var _ domain.Store = (*Store)(nil)

// Open connects to the database named by a CAIRN_DATABASE_URL. It does not
// migrate; call Migrate.
func Open(ctx context.Context, databaseURL string) (*Store, error) {
	d, err := parseDatabaseURL(databaseURL)
	if err != nil {
		return nil, err
	}
	db, err := sqlx.Open(d.driverName, d.dsn)
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", d.name, err)
	}
	if d.name == "sqlite" {
		db.SetMaxOpenConns(8)
		db.SetMaxIdleConns(8)
	} else {
		db.SetMaxOpenConns(20)
		db.SetMaxIdleConns(20)
		db.SetConnMaxIdleTime(5 * time.Minute)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("storage: connect to %s: %w", d.name, err)
	}
	return &Store{db: db, q: db, dialect: d, writeMu: &sync.Mutex{}}, nil
}

// Close releases the connections.
func (s *Store) Close() error { return s.db.Close() }

// Dialect is "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.dialect.name }

// DB exposes the pool, for tests and the migration runner.
func (s *Store) DB() *sqlx.DB { return s.db }

// Ping makes one round trip to the database.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := sqlx.GetContext(ctx, s.q, &one, "SELECT 1"); err != nil {
		return fmt.Errorf("storage: ping: %w", err)
	}
	return nil
}

// InTx runs fn in one transaction with a Store bound to it.
func (s *Store) InTx(ctx context.Context, fn func(tx domain.Store) error) error {
	return s.inTx(ctx, func(tx *Store) error { return fn(tx) })
}

func (s *Store) inTx(ctx context.Context, fn func(tx *Store) error) (err error) {
	if _, nested := s.q.(*sqlx.Tx); nested {
		return fn(s)
	}
	if s.dialect.serialWrites {
		s.writeMu.Lock()
		defer s.writeMu.Unlock()
	}
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("storage: begin: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if err = fn(&Store{db: s.db, q: tx, dialect: s.dialect, writeMu: s.writeMu}); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("storage: commit: %w", err)
	}
	return nil
}

func (s *Store) get(ctx context.Context, dest any, query string, args ...any) error {
	err := sqlx.GetContext(ctx, s.q, dest, s.db.Rebind(query), args...)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.ErrNotFound
	}
	return err
}

func (s *Store) sel(ctx context.Context, dest any, query string, args ...any) error {
	return sqlx.SelectContext(ctx, s.q, dest, s.db.Rebind(query), args...)
}

func (s *Store) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := s.q.ExecContext(ctx, s.db.Rebind(query), args...)
	if err != nil && isUniqueViolation(err) {
		return nil, fmt.Errorf("%w: %v", domain.ErrConflict, err)
	}
	return res, err
}

// insert runs an INSERT ... RETURNING id and gives the new id.
func (s *Store) insert(ctx context.Context, query string, args ...any) (int64, error) {
	var id int64
	err := sqlx.GetContext(ctx, s.q, &id, s.db.Rebind(query), args...)
	if err != nil && isUniqueViolation(err) {
		return 0, fmt.Errorf("%w: %v", domain.ErrConflict, err)
	}
	return id, err
}

// mustAffect turns "no row changed" into ErrNotFound.
func mustAffect(res sql.Result) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return domain.ErrNotFound
	}
	return nil
}

// utc normalises an instant for storage: UTC, microsecond precision, so
// both stores round-trip the same value.
func utc(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	v := utc(*t)
	return &v
}

// likePattern escapes a user's search text for LIKE ... ESCAPE '\'.
func likePattern(q string) string {
	r := make([]rune, 0, len(q)+2)
	r = append(r, '%')
	for _, c := range q {
		if c == '%' || c == '_' || c == '\\' {
			r = append(r, '\\')
		}
		r = append(r, c)
	}
	return string(append(r, '%'))
}
