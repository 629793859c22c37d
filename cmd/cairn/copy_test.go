package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"cairn/domain"
	"cairn/storage"
	"cairn/storage/storagetest"
)

// dumpTables reads every table but goose's into lines, one per row, in a
// form both drivers agree on: times in UTC to the microsecond (what
// PostgreSQL keeps), bytes in hex.
func dumpTables(t *testing.T, url string) map[string][]string {
	t.Helper()
	ctx := context.Background()
	s, err := storage.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var tables []string
	if err := s.DB().SelectContext(ctx, &tables, `SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'
		AND name NOT LIKE 'sqlite_%' AND name <> 'goose_db_version'`); err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, table := range tables {
		rows, err := s.DB().QueryxContext(ctx, `SELECT * FROM "`+table+`"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		lines := []string{}
		for rows.Next() {
			vals, err := rows.SliceScan()
			if err != nil {
				t.Fatal(err)
			}
			parts := make([]string, len(vals))
			for i, v := range vals {
				switch x := v.(type) {
				case time.Time:
					parts[i] = x.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano)
				case []byte:
					parts[i] = hex.EncodeToString(x)
				default:
					parts[i] = fmt.Sprintf("%T %v", v, v)
				}
				parts[i] = cols[i] + "=" + parts[i]
			}
			lines = append(lines, strings.Join(parts, " | "))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		sort.Strings(lines)
		out[table] = lines
	}
	return out
}

// roundTrip seeds a SQLite database with seedArgs, copies it to a fresh
// PostgreSQL schema and from there to a fresh SQLite file, checks every
// table comes back row for row, ids included, and returns the source and
// PostgreSQL URLs.
func roundTrip(t *testing.T, seedArgs ...string) (src, pg string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	src = "sqlite://" + filepath.Join(dir, "src.db")
	back := "sqlite://" + filepath.Join(dir, "back.db")
	pg = storagetest.URL(t, "postgres")
	var out, errOut bytes.Buffer
	if err := run(ctx, append([]string{"seed"}, seedArgs...), env(map[string]string{"CAIRN_DATABASE_URL": src}), &out, &errOut); err != nil {
		t.Fatalf("seed: %v\n%s", err, errOut.String())
	}
	out.Reset()
	if err := run(ctx, []string{"copy", "--from", src, "--to", pg}, env(nil), &out, &errOut); err != nil {
		t.Fatalf("copy to PostgreSQL: %v\n%s", err, errOut.String())
	}
	for _, want := range []string{"people", "meetings", "audit_log", "every table's count matches the source"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("copy output lacks %q:\n%s", want, out.String())
		}
	}
	t.Log(out.String())
	if err := run(ctx, []string{"copy", "--from", pg, "--to", back}, env(nil), &out, &errOut); err != nil {
		t.Fatalf("copy back to SQLite: %v\n%s", err, errOut.String())
	}
	sameReads(t, src, pg)
	want, got := dumpTables(t, src), dumpTables(t, back)
	if len(want) == 0 || len(want["people"]) == 0 || len(want["meetings"]) == 0 {
		t.Fatalf("the organisation is empty: %d tables", len(want))
	}
	for table, rows := range want {
		if len(got[table]) != len(rows) {
			t.Errorf("%s: %d rows after the round trip, want %d", table, len(got[table]), len(rows))
			continue
		}
		for i := range rows {
			if got[table][i] != rows[i] {
				t.Errorf("%s differs after the round trip:\n got %s\nwant %s", table, got[table][i], rows[i])
				break
			}
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d tables after the round trip, want %d", len(got), len(want))
	}
	return src, pg
}

// A generated 2,000-person organisation survives SQLite -> PostgreSQL ->
// SQLite row for row.
func TestCopyLargeOrganisationRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the 2,000-person round trip takes a while")
	}
	roundTrip(t, "--people", "2000")
}

// The demo organisation copied SQLite -> PostgreSQL -> SQLite comes back row
// for row, ids included; the PostgreSQL copy hands out new ids after the
// copied ones; a target with people is refused unless --force.
func TestCopySQLiteToPostgresAndBack(t *testing.T) {
	ctx := context.Background()
	src, pg := roundTrip(t, "--demo")
	var out, errOut bytes.Buffer
	hold, err := storage.HoldDatabase(src)
	if err != nil {
		t.Fatal(err)
	}
	err = run(ctx, []string{"copy", "--from", pg, "--to", src}, env(nil), &out, &errOut)
	hold()
	if !errors.Is(err, storage.ErrDatabaseInUse) {
		t.Errorf("copy into a SQLite database a server holds: %v, want it refused", err)
	}
	err = run(ctx, []string{"copy", "--from", src, "--to", pg}, env(nil), &out, &errOut)
	if !errors.Is(err, storage.ErrTargetHasPeople) {
		t.Errorf("copy into a target with people: %v, want it refused", err)
	}
	if err := run(ctx, []string{"copy", "--force", "--from", src, "--to", pg}, env(nil), &out, &errOut); err != nil {
		t.Fatalf("copy --force: %v", err)
	}
	s, err := storage.Open(ctx, pg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var highest int64
	if err := s.DB().GetContext(ctx, &highest, `SELECT max(id) FROM people`); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	p := &domain.Person{Name: "New Person", Email: "new.person@example.org", Timezone: "UTC", Role: domain.RoleMember,
		Active: true, Seniority: 3, CreatedAt: now, UpdatedAt: now}
	if err := s.CreatePerson(ctx, p); err != nil {
		t.Fatalf("a new person after the copy: %v (the sequence was not advanced)", err)
	}
	if p.ID != highest+1 {
		t.Errorf("new person got id %d, want %d", p.ID, highest+1)
	}
}

// sameReads compares what the store answers on two databases, encoded as
// the API encodes it: people, audit, outbox, open flags and the health of
// pairings and engagements.
func sameReads(t *testing.T, a, b string) {
	t.Helper()
	ctx := context.Background()
	read := func(url string) map[string]string {
		s, err := storage.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		out := map[string]string{}
		put := func(name string, v any, err error) {
			if err != nil {
				t.Fatalf("%s on %s: %v", name, s.Dialect(), err)
			}
			b, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			out[name] = string(b)
		}
		people, err := s.ListPeople(ctx, domain.PeopleFilter{Limit: 100000})
		put("people", people, err)
		audit, err := s.ListAudit(ctx, domain.AuditFilter{Limit: 100000})
		put("audit", audit, err)
		outbox, err := s.ListOutbox(ctx, domain.OutboxFilter{Limit: 100000})
		put("outbox", outbox, err)
		flags, err := s.OpenFlags(ctx)
		put("flags", flags, err)
		ph, err := s.ActivePairingHealth(ctx)
		put("pairing health", ph, err)
		eh, err := s.ActiveEngagementHealth(ctx)
		put("engagement health", eh, err)
		return out
	}
	ra, rb := read(a), read(b)
	for k, v := range ra {
		if len(v) < 5 && k != "flags" {
			t.Errorf("%s reads nearly nothing on the source: %s", k, v)
		}
		if rb[k] != v {
			t.Errorf("%s differ after the copy:\nsource %.400s\ncopy   %.400s", k, v, rb[k])
		}
	}
}
