package storage_test

import (
	"context"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/pressly/goose/v3"

	"cairn/cmd/cairn/generate"
	"cairn/domain"
	"cairn/migrations"
	"cairn/storage"
	"cairn/storage/storagetest"
)

// migrateTo applies the dialect's migrations up to and including version
// to a fresh database, with 00005_scheduler's text passed through edit
// (to rebuild a database made by an earlier text of it).
func migrateTo(t *testing.T, url, dialect string, version int64, edit func(string) string) {
	t.Helper()
	migrateOnly(t, url, dialect, func(v int64) bool { return v <= version }, edit)
}

// migrateOnly applies the dialect's migrations whose version keep accepts,
// as an earlier state of main did.
func migrateOnly(t *testing.T, url, dialect string, keep func(int64) bool, edit func(string) string) {
	t.Helper()
	ctx := context.Background()
	src, err := migrations.For(dialect)
	if err != nil {
		t.Fatal(err)
	}
	mfs := fstest.MapFS{}
	names, err := fs.Glob(src, "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		var v int64
		if _, err := fmt.Sscanf(n, "%05d_", &v); err != nil || !keep(v) {
			continue
		}
		b, err := fs.ReadFile(src, n)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		if v == 5 {
			text = edit(text)
		}
		mfs[n] = &fstest.MapFile{Data: []byte(text)}
	}
	s, err := storage.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	gd := goose.DialectSQLite3
	if dialect == "postgres" {
		gd = goose.DialectPostgres
	}
	p, err := goose.NewProvider(gd, s.DB().DB, mfs, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("migrate an earlier state: %v", err)
	}
}

// firstOutboxKinds turns today's 00005_scheduler into the text it shipped
// with first, whose outbox.kind check had no invitations or password resets.
func firstOutboxKinds(text string) string {
	const today = "kind IN ('reminder', 'cancellation', 'digest', 'invite', 'password_reset')"
	const first = "kind IN ('reminder', 'cancellation', 'digest')"
	if strings.Count(text, today) != 1 {
		panic("00005_scheduler no longer holds the outbox kinds this test rewrites")
	}
	return strings.Replace(text, today, first, 1)
}

func invite(to string, at time.Time) *domain.OutboxMessage {
	return &domain.OutboxMessage{Kind: "invite", To: to, Subject: "You are invited to Cairn", Text: "Hello",
		MessageID: "<" + to + ">", State: domain.OutboxQueued, NextAttemptAt: at, CreatedAt: at}
}

// A database migrated while 00005 had its first text refuses invitation
// mails; migrating it to today repairs the check and keeps every outbox row,
// id and link to it. One migrated with today's 00005 comes out the same.
func TestUpgradeRepairsOutboxKinds(t *testing.T) {
	for _, d := range storagetest.Dialects {
		for _, c := range []struct {
			name  string
			edit  func(string) string
			first bool
		}{{"first 00005", firstOutboxKinds, true}, {"today's 00005", func(s string) string { return s }, false}} {
			t.Run(d+"/"+c.name, func(t *testing.T) {
				ctx := context.Background()
				url := storagetest.URL(t, d)
				migrateTo(t, url, d, 9, c.edit)
				s, err := storage.Open(ctx, url)
				if err != nil {
					t.Fatal(err)
				}
				defer s.Close()
				now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
				if _, err := generate.Generate(ctx, s, generate.Options{People: 12, Seed: 1, Now: now, WithoutProfiles: true}); err != nil {
					t.Fatal(err)
				}
				// Rows that point at the outbox: a queued reminder and a digest.
				rem := &domain.OutboxMessage{Kind: domain.OutboxReminder, To: "a@example.org", Subject: "Reminder", Text: "Soon",
					MessageID: "<reminder@example.org>", State: domain.OutboxQueued, NextAttemptAt: now, CreatedAt: now}
				if err := s.EnqueueMail(ctx, rem); err != nil {
					t.Fatal(err)
				}
				var meetingID, personID int64
				if err := s.DB().GetContext(ctx, &meetingID, `SELECT min(id) FROM meetings`); err != nil {
					t.Fatal(err)
				}
				if err := s.DB().GetContext(ctx, &personID, `SELECT min(id) FROM people`); err != nil {
					t.Fatal(err)
				}
				if _, err := s.DB().ExecContext(ctx, s.DB().Rebind(`INSERT INTO reminders (meeting_id, offset_seconds, recipient_id, due_at,
					state, outbox_id, created_at, updated_at) VALUES (?, 3600, ?, ?, 'queued', ?, ?, ?)`),
					meetingID, personID, now, rem.ID, now, now); err != nil {
					t.Fatal(err)
				}
				digest := &domain.OutboxMessage{Kind: domain.OutboxDigest, To: "b@example.org", Subject: "Flags", Text: "None",
					MessageID: "<digest@example.org>", State: domain.OutboxQueued, NextAttemptAt: now, CreatedAt: now}
				if err := s.EnqueueMail(ctx, digest); err != nil {
					t.Fatal(err)
				}
				date := domain.DateOf(now, time.UTC)
				if _, err := s.RecordDigest(ctx, personID, date, now); err != nil {
					t.Fatal(err)
				}
				if err := s.SetDigestOutbox(ctx, personID, date, digest.ID); err != nil {
					t.Fatal(err)
				}
				err = s.EnqueueMail(ctx, invite("before@example.org", now))
				if c.first && err == nil {
					t.Fatal("the first 00005 accepted an invitation: this test no longer rebuilds the broken database")
				}
				if !c.first && err != nil {
					t.Fatalf("today's 00005 refused an invitation: %v", err)
				}
				var before int
				if err := s.DB().GetContext(ctx, &before, `SELECT count(*) FROM outbox`); err != nil {
					t.Fatal(err)
				}

				if _, err := s.Migrate(ctx, nil); err != nil {
					t.Fatalf("migrate up: %v", err)
				}
				inv := invite("after@example.org", now)
				if err := s.EnqueueMail(ctx, inv); err != nil {
					t.Fatalf("invitation refused after the upgrade: %v", err)
				}
				if err := s.EnqueueMail(ctx, &domain.OutboxMessage{Kind: "password_reset", To: "c@example.org", Subject: "Reset",
					Text: "Link", MessageID: "<reset@example.org>", State: domain.OutboxQueued, NextAttemptAt: now, CreatedAt: now}); err != nil {
					t.Fatalf("password reset refused after the upgrade: %v", err)
				}
				if err := s.EnqueueMail(ctx, &domain.OutboxMessage{Kind: "spam", To: "d@example.org", Subject: "x",
					Text: "x", MessageID: "<spam@example.org>", State: domain.OutboxQueued, NextAttemptAt: now, CreatedAt: now}); err == nil {
					t.Error("an unknown outbox kind was accepted after the upgrade: the check is gone")
				}
				if inv.ID <= digest.ID {
					t.Errorf("new outbox id %d does not follow the old ones (%d)", inv.ID, digest.ID)
				}
				var after int
				if err := s.DB().GetContext(ctx, &after, `SELECT count(*) FROM outbox`); err != nil {
					t.Fatal(err)
				}
				if after != before+2 {
					t.Errorf("outbox has %d rows after the upgrade and two new mails, want %d", after, before+2)
				}
				if got, err := s.OutboxByID(ctx, rem.ID); err != nil || got.MessageID != rem.MessageID {
					t.Errorf("reminder mail after the upgrade: %+v, %v", got, err)
				}
				var link int64
				if err := s.DB().GetContext(ctx, &link, `SELECT outbox_id FROM reminders WHERE meeting_id = `+fmt.Sprint(meetingID)); err != nil || link != rem.ID {
					t.Errorf("reminder points at outbox %d (%v), want %d", link, err, rem.ID)
				}
				if err := s.DB().GetContext(ctx, &link, `SELECT outbox_id FROM flag_digests WHERE admin_id = `+fmt.Sprint(personID)); err != nil || link != digest.ID {
					t.Errorf("digest points at outbox %d (%v), want %d", link, err, digest.ID)
				}
				if d == "sqlite" {
					var problems []string
					if err := s.DB().SelectContext(ctx, &problems, `PRAGMA integrity_check`); err != nil || len(problems) != 1 || problems[0] != "ok" {
						t.Errorf("integrity check after the upgrade: %v %v", problems, err)
					}
					var fk int
					if err := s.DB().GetContext(ctx, &fk, `SELECT count(*) FROM pragma_foreign_key_check`); err != nil || fk != 0 {
						t.Errorf("foreign key check after the upgrade: %d violations, %v", fk, err)
					}
				}
			})
		}
	}
}

// Databases made by earlier states of main migrate to the newest version
// and keep their people: the first release of the foundation, the state
// that shipped 00006 without 00005, and the one before the outbox repair.
// Every migration added later runs through the same states.
func TestUpgradeFromEarlierStates(t *testing.T) {
	states := []struct {
		name     string
		versions []int64
	}{
		{"foundation", []int64{1}},
		{"00006 without 00005", []int64{1, 2, 6}},
		{"before the repair", []int64{1, 2, 5, 6, 7, 9}},
	}
	for _, d := range storagetest.Dialects {
		for _, st := range states {
			t.Run(d+"/"+st.name, func(t *testing.T) {
				ctx := context.Background()
				url := storagetest.URL(t, d)
				migrateOnly(t, url, d, func(v int64) bool { return slices.Contains(st.versions, v) }, firstOutboxKinds)
				s, err := storage.Open(ctx, url)
				if err != nil {
					t.Fatal(err)
				}
				defer s.Close()
				at := "2025-01-06 09:00:00+00:00"
				if _, err := s.DB().ExecContext(ctx, s.DB().Rebind(`INSERT INTO people (name, email, seniority, timezone, role, created_at, updated_at)
					VALUES ('Early Bird', 'early@example.org', 4, 'Europe/London', 'admin', ?, ?)`), at, at); err != nil {
					t.Fatal(err)
				}
				if _, err := s.Migrate(ctx, nil); err != nil {
					t.Fatalf("migrate up from %v: %v", st.versions, err)
				}
				statuses, err := s.MigrationStatuses(ctx)
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range statuses {
					if !m.Applied {
						t.Errorf("%s is not applied", m.Name)
					}
				}
				p, err := s.PersonByEmail(ctx, "early@example.org")
				if err != nil || p.Name != "Early Bird" || !p.Active || p.External || p.Timezone != "Europe/London" {
					t.Fatalf("the early person after the upgrade: %+v, %v", p, err)
				}
				// The whole newest schema is usable: a generated organisation
				// and an invitation go in.
				if _, err := generate.Generate(ctx, s, generate.Options{People: 12, Seed: 2, Now: time.Now()}); err != nil {
					t.Fatalf("seed after the upgrade: %v", err)
				}
				if err := s.EnqueueMail(ctx, invite("early@example.org", time.Now().UTC())); err != nil {
					t.Errorf("invitation after the upgrade: %v", err)
				}
			})
		}
	}
}
