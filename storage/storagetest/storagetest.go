// Package storagetest gives tests a fresh, migrated database on either
// store: a file in a temporary folder for SQLite, a schema of its own for
// PostgreSQL. Everything is removed when the test ends.
package storagetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"github.com/jmoiron/sqlx"

	"cairn/storage"
)

// PostgresURLEnv names the variable holding the PostgreSQL server to test on.
const PostgresURLEnv = "CAIRN_TEST_POSTGRES_URL"

// RequirePostgresEnv, when set to 1, turns a skipped PostgreSQL test into a
// failure; CI sets it.
const RequirePostgresEnv = "CAIRN_TEST_REQUIRE_POSTGRES"

// Dialects are the stores every storage test runs on.
var Dialects = []string{"sqlite", "postgres"}

// Each runs fn as a subtest on every store.
func Each(t *testing.T, fn func(t *testing.T, s *storage.Store)) {
	t.Helper()
	for _, d := range Dialects {
		t.Run(d, func(t *testing.T) {
			fn(t, New(t, d))
		})
	}
}

// URL returns a database URL for a fresh, empty database of the dialect
// (not migrated), and removes it when the test ends.
func URL(t testing.TB, dialect string) string {
	t.Helper()
	switch dialect {
	case "sqlite":
		return "sqlite://" + t.TempDir() + "/cairn.db"
	case "postgres":
		return postgresSchemaURL(t)
	}
	t.Fatalf("storagetest: unknown dialect %q", dialect)
	return ""
}

// New opens a fresh, migrated store of the dialect.
func New(t testing.TB, dialect string) *storage.Store {
	t.Helper()
	ctx := context.Background()
	s, err := storage.Open(ctx, URL(t, dialect))
	if err != nil {
		t.Fatalf("storagetest: open %s: %v", dialect, err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(ctx, nil); err != nil {
		t.Fatalf("storagetest: migrate %s: %v", dialect, err)
	}
	return s
}

// postgresSchemaURL creates a schema of the test's own and returns a URL
// whose search_path points at it.
func postgresSchemaURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresURLEnv)
	if base == "" {
		msg := "PostgreSQL tests skipped: set " + PostgresURLEnv +
			"=postgres://postgres@127.0.0.1:5432/test?sslmode=disable to run them"
		if os.Getenv(RequirePostgresEnv) == "1" {
			t.Fatal(msg + " (" + RequirePostgresEnv + "=1 makes this a failure)")
		}
		NoteSkip()
		t.Skip(msg)
	}
	admin, err := sqlx.Open("postgres", base)
	if err != nil {
		t.Fatalf("storagetest: open %s: %v", PostgresURLEnv, err)
	}
	defer admin.Close()
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	schema := "cairn_test_" + hex.EncodeToString(b)
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("storagetest: PostgreSQL at %s does not answer or refuses: %v", PostgresURLEnv, err)
	}
	t.Cleanup(func() {
		db, err := sqlx.Open("postgres", base)
		if err != nil {
			t.Errorf("storagetest: drop schema %s: %v", schema, err)
			return
		}
		defer db.Close()
		if _, err := db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			t.Errorf("storagetest: drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("storagetest: %s is not a URL: %v", PostgresURLEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
