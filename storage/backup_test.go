package storage_test

import (
	"strings"
	"testing"

	"cairn/storage"
)

// pg_dump gets the password in its environment, never on its command line,
// and a search_path it would refuse as --schema.
func TestPostgresDumpKeepsThePasswordOffTheCommandLine(t *testing.T) {
	args, env, err := storage.PostgresDump("postgres://cairn:s3cret@db:5432/cairn?sslmode=disable&search_path=org1&timezone=UTC", "out.dump")
	if err != nil {
		t.Fatal(err)
	}
	line := strings.Join(args, " ")
	if strings.Contains(line, "s3cret") || len(env) != 1 || env[0] != "PGPASSWORD=s3cret" {
		t.Errorf("args %q, env %q", line, env)
	}
	for _, want := range []string{"--format=custom", "--file=out.dump", "--schema=org1", "--dbname=postgres://cairn@db:5432/cairn?sslmode=disable"} {
		if !strings.Contains(line, want) {
			t.Errorf("args %q lack %q", line, want)
		}
	}
	if _, _, err := storage.PostgresDump("sqlite://x.db", "out.dump"); err == nil {
		t.Error("a pg_dump of a SQLite database was planned")
	}
}
