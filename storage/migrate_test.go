package storage_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"cairn/storage"
	"cairn/storage/storagetest"
)

// Two instances starting at once on one PostgreSQL both come up: the
// advisory lock makes the others wait, then find nothing to do. (SQLite is
// for one instance, so it has no such test.)
func TestConcurrentMigrations(t *testing.T) {
	for _, d := range []string{"postgres"} {
		t.Run(d, func(t *testing.T) {
			url := storagetest.URL(t, d)
			ctx := context.Background()
			var wg sync.WaitGroup
			applied := make([]int, 3)
			errs := make([]error, 3)
			for i := range 3 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					s, err := storage.Open(ctx, url)
					if err != nil {
						errs[i] = err
						return
					}
					defer s.Close()
					applied[i], errs[i] = s.Migrate(ctx, nil)
				}()
			}
			wg.Wait()
			total := 0
			for i := range 3 {
				if errs[i] != nil {
					t.Fatalf("instance %d: %v", i, errs[i])
				}
				total += applied[i]
			}
			s, err := storage.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			st, err := s.MigrationStatuses(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if total != len(st) {
				t.Errorf("%d migrations applied in all, want each of %d once", total, len(st))
			}
		})
	}
}

// A database a newer Cairn migrated is refused at start, with one line
// that says what to do, and nothing is changed.
func TestNewerSchemaIsRefused(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		if _, err := s.DB().ExecContext(ctx, s.DB().Rebind(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, ?)`), 99999, true); err != nil {
			t.Fatal(err)
		}
		_, err := s.Migrate(ctx, nil)
		if !errors.Is(err, storage.ErrSchemaNewer) || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "99999") {
			t.Fatalf("migrate over a newer schema: %v, want one line refusing it", err)
		}
	})
}
