package storage_test

import (
	"context"
	"testing"

	"cairn/domain"
	"cairn/storage"
	"cairn/storage/storagetest"
)

// TestReclaim: on PostgreSQL ReclaimOutbox and ReclaimReminders vacuum
// their table (the table's vacuum count goes up, and inside a transaction
// they fail as VACUUM does); SQLite has nothing to reclaim.
func TestReclaim(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		vacuums := func(table string) int {
			if s.Dialect() != "postgres" {
				return 0
			}
			var n int
			if err := s.DB().GetContext(ctx, &n, `SELECT vacuum_count FROM pg_stat_user_tables WHERE relid = $1::regclass`, table); err != nil {
				t.Fatal(err)
			}
			return n
		}
		for table, reclaim := range map[string]func(context.Context, domain.Ports) error{
			"outbox":    func(ctx context.Context, p domain.Ports) error { return p.Outbox.ReclaimOutbox(ctx) },
			"reminders": func(ctx context.Context, p domain.Ports) error { return p.Reminders.ReclaimReminders(ctx) },
		} {
			before := vacuums(table)
			if err := reclaim(ctx, s.Ports()); err != nil {
				t.Fatalf("reclaim %s: %v", table, err)
			}
			if s.Dialect() == "postgres" && vacuums(table) != before+1 {
				t.Errorf("%s: vacuumed %d times, then %d: want once more", table, before, vacuums(table))
			}
			err := s.InTx(ctx, func(tx domain.Ports) error { return reclaim(ctx, tx) })
			if (err != nil) != (s.Dialect() == "postgres") {
				t.Errorf("reclaim %s in a transaction on %s: %v", table, s.Dialect(), err)
			}
		}
	})
}

// TestNoParallelWorkers: Cairn's PostgreSQL connections start no parallel
// workers unless the database URL asks for them.
func TestNoParallelWorkers(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		if s.Dialect() != "postgres" {
			return // SQLite has no parallel workers
		}
		var v string
		if err := s.DB().GetContext(context.Background(), &v, `SHOW max_parallel_workers_per_gather`); err != nil {
			t.Fatal(err)
		}
		if v != "0" {
			t.Errorf("max_parallel_workers_per_gather = %s, want 0", v)
		}
	})
}
