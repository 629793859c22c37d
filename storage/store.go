package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
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
	stmts   *stmtCache // prepared reads on the pool, shared by the Stores of one Open
	// queries counts the statements run through this Store and its
	// transactions, so tests can hold a page to its round trips.
	queries *atomic.Int64
}

var _ domain.Database = (*Store)(nil)

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
	return &Store{db: db, q: db, dialect: d, writeMu: &sync.Mutex{}, stmts: &stmtCache{m: map[string]*sqlx.Stmt{}},
		queries: &atomic.Int64{}}, nil
}

// Close releases the prepared statements and the connections.
func (s *Store) Close() error {
	s.stmts.close()
	return s.db.Close()
}

// Queries is how many statements the store and its transactions have run
// since Open (reads, writes and pings; not BEGIN and COMMIT).
func (s *Store) Queries() int64 { return s.queries.Load() }

// Dialect is "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.dialect.name }

// DB exposes the pool, for tests and the migration runner.
func (s *Store) DB() *sqlx.DB { return s.db }

// Ping makes one round trip to the database.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	s.queries.Add(1)
	if err := sqlx.GetContext(ctx, s.q, &one, "SELECT 1"); err != nil {
		return fmt.Errorf("storage: ping: %w", err)
	}
	return nil
}

// InTx runs fn in one transaction with a Store bound to it.
func (s *Store) InTx(ctx context.Context, fn func(tx domain.Ports) error) error {
	return s.inTx(ctx, func(tx *Store) error { return fn(tx.Ports()) })
}

// Ports are this store's ports: every one is the store itself.
func (s *Store) Ports() domain.Ports {
	return domain.Ports{People: s, Access: s, Audit: s, Programmes: s, Pairings: s, Engagements: s,
		Meetings: s, Imports: s, Reminders: s, Outbox: s, Notifications: s, Flags: s, Reports: s,
		Health: s, Ops: s, SSO: s, Series: s, Actions: s, Milestones: s, Extensions: s, Feedback: s, Profiles: s, Requests: s}
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
	if err = fn(&Store{db: s.db, q: tx, dialect: s.dialect, writeMu: s.writeMu, stmts: s.stmts, queries: s.queries}); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("storage: commit: %w", err)
	}
	return nil
}

func (s *Store) get(ctx context.Context, dest any, query string, args ...any) error {
	s.queries.Add(1)
	q := s.db.Rebind(query)
	var err error
	if st := s.prepared(ctx, q); st != nil {
		err = st.GetContext(ctx, dest, args...)
	} else {
		err = sqlx.GetContext(ctx, s.q, dest, q, args...)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return domain.ErrNotFound
	}
	return err
}

func (s *Store) sel(ctx context.Context, dest any, query string, args ...any) error {
	s.queries.Add(1)
	q := s.db.Rebind(query)
	if st := s.prepared(ctx, q); st != nil {
		return st.SelectContext(ctx, dest, args...)
	}
	return sqlx.SelectContext(ctx, s.q, dest, q, args...)
}

// maxPrepared bounds the statement cache: queries built with a varying
// number of placeholders (sqlx.In) would otherwise grow it without end.
const maxPrepared = 256

// maxPreparedArgs keeps many-row statements (bulk inserts, long id lists)
// out of the cache: each row count is another text, used once.
const maxPreparedArgs = 64

// stmtCache keeps one prepared statement per query text. database/sql
// prepares it once per pooled connection and reuses it, so a hot read is
// parsed and planned once per connection instead of on every call (on
// SQLite, planning the agenda's OR over two indexes cost more than running
// it; on PostgreSQL, planning the reminder sweep's reads cost 0.5-2.7 ms
// each, more than running them).
type stmtCache struct {
	mu      sync.RWMutex
	m       map[string]*sqlx.Stmt
	pending map[string]bool // being prepared in the background
	closed  bool
}

// prepared returns the cached statement for a query, bound to the
// transaction when s is one; nil when the cache is full, the query has
// too many placeholders, or preparing fails (the caller then runs the
// query directly and reports its error).
func (s *Store) prepared(ctx context.Context, query string) *sqlx.Stmt {
	if s.stmts == nil || strings.Count(query, s.dialect.placeholder()) > maxPreparedArgs {
		return nil
	}
	tx, inTx := s.q.(*sqlx.Tx)
	c := s.stmts
	c.mu.RLock()
	st, ok := c.m[query]
	full := len(c.m) >= maxPrepared || c.closed
	c.mu.RUnlock()
	if ok && inTx {
		// database/sql runs it on the transaction's connection, prepared
		// there once and kept for the next transaction on it.
		return tx.StmtxContext(ctx, st)
	}
	if ok {
		return st
	}
	if full {
		return nil
	}
	if inTx {
		// Preparing on the pool takes a free connection while this
		// transaction holds one: with every connection in such a
		// transaction that would wait for ever. This run goes direct, the
		// next finds it prepared.
		c.prepareSoon(s.db, query)
		return nil
	}
	st, err := s.db.PreparexContext(ctx, query)
	if err != nil {
		return nil
	}
	return c.keep(query, st)
}

// keep caches st for query and returns the statement to use; nil when the
// cache is closed or full.
func (c *stmtCache) keep(query string, st *sqlx.Stmt) *sqlx.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[query]; ok || c.closed || len(c.m) >= maxPrepared {
		_ = st.Close()
		return old // nil when closed or full
	}
	c.m[query] = st
	return st
}

// prepareSoon prepares query on the pool in the background, once.
func (c *stmtCache) prepareSoon(db *sqlx.DB, query string) {
	c.mu.Lock()
	if c.pending == nil {
		c.pending = map[string]bool{}
	}
	if c.pending[query] || c.closed {
		c.mu.Unlock()
		return
	}
	c.pending[query] = true
	c.mu.Unlock()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		st, err := db.PreparexContext(ctx, query)
		if err == nil {
			c.keep(query, st)
		}
		c.mu.Lock()
		delete(c.pending, query)
		c.mu.Unlock()
	}()
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		_ = st.Close()
	}
	c.m, c.closed = map[string]*sqlx.Stmt{}, true
}

func (s *Store) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	s.queries.Add(1)
	q := s.db.Rebind(query)
	var res sql.Result
	var err error
	if st := s.prepared(ctx, q); st != nil {
		res, err = st.ExecContext(ctx, args...)
	} else {
		res, err = s.q.ExecContext(ctx, q, args...)
	}
	if err != nil {
		return nil, constraintError(err)
	}
	return res, nil
}

// insert runs an INSERT ... RETURNING id and gives the new id.
func (s *Store) insert(ctx context.Context, query string, args ...any) (int64, error) {
	var id int64
	s.queries.Add(1)
	err := sqlx.GetContext(ctx, s.q, &id, s.db.Rebind(query), args...)
	if err != nil {
		return 0, constraintError(err)
	}
	return id, nil
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

// indexedBy tells SQLite which index a query must read, where its planner
// (without statistics: see analyzeAfterBulk) would pick a worse one; it is
// written right after the table's name. PostgreSQL needs no telling.
func (s *Store) indexedBy(index string) string {
	if s.dialect.name == "sqlite" {
		return " INDEXED BY " + index
	}
	return ""
}
