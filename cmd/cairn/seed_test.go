package main

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"strings"
	"testing"

	"cairn/storage"
	"cairn/storage/storagetest"
)

func TestSeedDemo(t *testing.T) {
	for _, d := range storagetest.Dialects {
		t.Run(d, func(t *testing.T) {
			url := storagetest.URL(t, d)
			vars := env(map[string]string{"CAIRN_DATABASE_URL": url})
			var out, errOut bytes.Buffer
			if err := run(context.Background(), []string{"seed", "--demo"}, vars, &out, &errOut); err != nil {
				t.Fatalf("seed --demo: %v\n%s", err, errOut.String())
			}
			if !strings.Contains(out.String(), "hr@demo.example") || strings.Count(out.String(), "@") < 12 {
				t.Errorf("passwords not printed: %s", out.String())
			}
			err := run(context.Background(), []string{"seed", "--demo"}, vars, &out, &errOut)
			if err == nil || !strings.Contains(err.Error(), "already has") {
				t.Errorf("second seed: %v", err)
			}
		})
	}
}

func TestSeedPeople(t *testing.T) {
	for _, d := range storagetest.Dialects {
		t.Run(d, func(t *testing.T) {
			url := storagetest.URL(t, d)
			vars := env(map[string]string{"CAIRN_DATABASE_URL": url})
			var out, errOut bytes.Buffer
			if err := run(context.Background(), []string{"seed", "--people", "400", "--seed", "7"}, vars, &out, &errOut); err != nil {
				t.Fatalf("seed: %v\n%s", err, errOut.String())
			}
			if !strings.Contains(out.String(), "seeded 400 people") || !strings.Contains(errOut.String(), "meetings") {
				t.Errorf("output: %s / %s", out.String(), errOut.String())
			}
			store, err := storage.Open(context.Background(), url)
			if err != nil {
				t.Fatal(err)
			}
			defer store.Close()
			db := store.DB()
			var pairings, engagements, meetings, overlaps, badSeniority int
			for q, dst := range map[string]*int{
				`SELECT count(*) FROM pairings`:    &pairings,
				`SELECT count(*) FROM engagements`: &engagements,
				`SELECT count(*) FROM meetings`:    &meetings,
				// No person is in two scheduled meetings at once.
				`SELECT count(*) FROM meetings a JOIN meetings b ON a.id < b.id AND a.status = 'scheduled' AND b.status = 'scheduled'
					AND a.scheduled_at < b.ends_at AND b.scheduled_at < a.ends_at
					AND (a.leader_id IN (b.leader_id, b.learner_id) OR a.learner_id IN (b.leader_id, b.learner_id))`: &overlaps,
				`SELECT count(*) FROM pairings p JOIN people m ON m.id = p.mentor_id JOIN people e ON e.id = p.mentee_id
					WHERE m.seniority <= e.seniority`: &badSeniority,
			} {
				if err := db.Get(dst, q); err != nil {
					t.Fatal(err)
				}
			}
			if pairings != 200 || engagements != 80 || meetings < 400*8 || overlaps != 0 || badSeniority != 0 {
				t.Errorf("pairings %d engagements %d meetings %d overlaps %d seniority breaches %d", pairings, engagements, meetings, overlaps, badSeniority)
			}
			// The ids continue after the seeded rows.
			if err := run(context.Background(), []string{"admin", "create", "--email", "x@example.com", "--name", "X", "--password", "long enough pw"}, vars, &out, &errOut); err != nil {
				t.Errorf("insert after seed: %v", err)
			}
			if err := run(context.Background(), []string{"seed", "--people", "50", "--force"}, vars, &out, &errOut); err != nil {
				t.Errorf("seed --force: %v", err)
			}
		})
	}
}

func TestBulkLoadURL(t *testing.T) {
	for in, want := range map[string]string{
		"sqlite://c.db":                   "sqlite://c.db?_pragma=cache_size(-65536)",
		"sqlite://c.db?_pragma=x(1)":      "sqlite://c.db?_pragma=x(1)&_pragma=cache_size(-65536)",
		"postgres://u@h/db?sslmode=false": "postgres://u@h/db?sslmode=false",
	} {
		if got := bulkLoadURL(in); got != want {
			t.Errorf("bulkLoadURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// BenchmarkSeed times `cairn seed --people N` on a fresh database of each
// store (N from CAIRN_BENCH_PEOPLE, default 2,000): the plan, the bulk
// load, the reminders of the upcoming meetings and the first flag sweep.
func BenchmarkSeed(b *testing.B) {
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("CAIRN_BENCH_PEOPLE")); err == nil && v > 0 {
		n = v
	}
	for _, d := range storagetest.Dialects {
		b.Run(d, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				vars := env(map[string]string{"CAIRN_DATABASE_URL": storagetest.URL(b, d)})
				b.StartTimer()
				var out, errOut bytes.Buffer
				if err := run(context.Background(), []string{"seed", "--people", strconv.Itoa(n)}, vars, &out, &errOut); err != nil {
					b.Fatalf("seed: %v\n%s", err, errOut.String())
				}
			}
		})
	}
}
