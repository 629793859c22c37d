package storage_test

import (
	"context"
	"errors"
	"os"
	"strconv"
	"testing"
	"time"

	"cairn/cmd/cairn/generate"
	"cairn/domain"
	"cairn/storage"
	"cairn/storage/storagetest"
)

// seededStore is a store of the dialect holding a generated organisation of
// n people (about 10 meetings per person and year) and, when due > 0, that
// many pending reminders already due; the rest of the upcoming meetings'
// reminders are pending and not due.
func seededStore(tb testing.TB, dialect string, n, due int) (*storage.Store, time.Time) {
	tb.Helper()
	ctx := context.Background()
	s := storagetest.New(tb, dialect)
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	if _, err := generate.Generate(ctx, s, generate.Options{People: n, Seed: 7, Now: now}); err != nil {
		tb.Fatal(err)
	}
	if err := s.AfterBulkLoad(ctx); err != nil {
		tb.Fatal(err)
	}
	if err := s.SeedReminders(ctx, now, due); err != nil {
		tb.Fatal(err)
	}
	return s, now
}

// TestHotQueryPlans checks, on a realistic organisation with fresh
// statistics, that the hot queries reach meetings, reminders and outbox
// rows through an index: no sequential scan of those tables on PostgreSQL
// (EXPLAIN (FORMAT JSON)), no full SCAN of them on SQLite (EXPLAIN QUERY
// PLAN).
func TestHotQueryPlans(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds 2,000 people")
	}
	for _, d := range storagetest.Dialects {
		t.Run(d, func(t *testing.T) {
			s, now := seededStore(t, d, 2000, 500)
			ctx := context.Background()
			person := busiestPerson(t, s)
			for _, q := range s.HotQueries(person, now) {
				t.Run(q.Name, func(t *testing.T) {
					scans, err := s.FullScans(ctx, &q, "meetings", "reminders", "outbox")
					if err != nil {
						t.Fatal(err)
					}
					if len(scans) > 0 {
						t.Errorf("%s scans %v in full; plan:\n%s", q.Name, scans, q.Plan)
					}
				})
			}
		})
	}
}

func busiestPerson(t testing.TB, s *storage.Store) int64 {
	var id int64
	if err := s.DB().Get(&id, `SELECT leader_id FROM meetings GROUP BY leader_id ORDER BY count(*) DESC, leader_id LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	return id
}

func benchPeople() int {
	if n, err := strconv.Atoi(os.Getenv("CAIRN_BENCH_PEOPLE")); err == nil && n > 0 {
		return n
	}
	return 2000
}

// BenchmarkAgenda reads the busiest person's next 30 days.
// CAIRN_BENCH_PEOPLE (default 2000) sets the organisation's size.
func BenchmarkAgenda(b *testing.B) {
	for _, d := range storagetest.Dialects {
		b.Run(d, func(b *testing.B) {
			s, now := seededStore(b, d, benchPeople(), 0)
			person := busiestPerson(b, s)
			ctx := context.Background()
			b.ResetTimer()
			for b.Loop() {
				if _, err := s.AgendaOf(ctx, person, now, now.Add(30*24*time.Hour), 1000); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

var errRollback = errors.New("roll back")

// BenchmarkSweepClaim runs the reminder sweep's missed pass and claim (a
// batch of 100) and the outbox claim, with nothing due and with 1,000 due,
// each in a transaction rolled back so every round sees the same rows.
func BenchmarkSweepClaim(b *testing.B) {
	for _, d := range storagetest.Dialects {
		for _, due := range []int{0, 1000} {
			b.Run(d+"/due="+strconv.Itoa(due), func(b *testing.B) {
				s, now := seededStore(b, d, benchPeople(), due)
				ctx := context.Background()
				b.ResetTimer()
				for b.Loop() {
					err := s.InTx(ctx, func(tx domain.Ports) error {
						if _, err := tx.Reminders.MissOverdueReminders(ctx, now); err != nil {
							return err
						}
						rs, err := tx.Reminders.ClaimDueReminders(ctx, now, 100)
						if err != nil {
							return err
						}
						if len(rs) != min(due, 100) {
							b.Fatalf("claimed %d reminders, want %d", len(rs), min(due, 100))
						}
						if _, err := tx.Outbox.ClaimOutbox(ctx, now, now.Add(time.Minute), "bench", 10); err != nil {
							return err
						}
						return errRollback
					})
					if !errors.Is(err, errRollback) {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkRelationshipFacts reads the facts behind every active
// relationship's health, as the flag sweep, the nudges and the dashboard
// do: one query per kind.
func BenchmarkRelationshipFacts(b *testing.B) {
	for _, d := range storagetest.Dialects {
		b.Run(d, func(b *testing.B) {
			s, now := seededStore(b, d, benchPeople(), 0)
			ctx := context.Background()
			b.ResetTimer()
			for b.Loop() {
				for _, kind := range []string{domain.SubjectPairing, domain.SubjectEngagement} {
					if _, err := s.RelationshipFacts(ctx, domain.FactsQuery{SubjectType: kind, Now: now}); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkFlagFacts reads what the flag sweep decides on: every active
// pairing's last completed check-in and every active engagement's
// completed sessions, and the open flags.
func BenchmarkFlagFacts(b *testing.B) {
	for _, d := range storagetest.Dialects {
		b.Run(d, func(b *testing.B) {
			s, _ := seededStore(b, d, benchPeople(), 0)
			ctx := context.Background()
			b.ResetTimer()
			for b.Loop() {
				if _, err := s.ActivePairingHealth(ctx); err != nil {
					b.Fatal(err)
				}
				if _, err := s.ActiveEngagementHealth(ctx); err != nil {
					b.Fatal(err)
				}
				if _, err := s.OpenFlags(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPeopleSearch is the directory's search (?q=), a page of 50, with
// a query the text index answers and a shorter one it cannot.
// CAIRN_BENCH_PEOPLE (default 2000) sets the organisation's size.
func BenchmarkPeopleSearch(b *testing.B) {
	for _, d := range storagetest.Dialects {
		b.Run(d, func(b *testing.B) {
			s, _ := seededStore(b, d, benchPeople(), 0)
			ctx := context.Background()
			for _, q := range []string{"lov", "ma"} {
				b.Run("q="+q, func(b *testing.B) {
					for b.Loop() {
						if _, err := s.ListPeople(ctx, domain.PeopleFilter{Query: q, Limit: 50}); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}
