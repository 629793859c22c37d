package storage_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"cairn/domain"
	"cairn/storage"
	"cairn/storage/storagetest"
)

func newPerson(email string) domain.Person {
	now := time.Date(2026, 1, 2, 3, 4, 5, 123456000, time.UTC)
	return domain.Person{Name: "Ada", Email: email, Seniority: 5, Timezone: "Europe/Berlin", Role: domain.RoleMember,
		Active: true, CreatedAt: now, UpdatedAt: now}
}

func TestPeopleRoundTrip(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		p := newPerson("ada@example.com")
		five := 5
		p.MaxMentees = &five
		if err := s.CreatePerson(ctx, &p); err != nil {
			t.Fatal(err)
		}
		if p.ID == 0 {
			t.Fatal("CreatePerson set no id")
		}
		got, err := s.PersonByID(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.CreatedAt.Equal(p.CreatedAt) || got.CreatedAt.Location() != time.UTC {
			t.Errorf("created_at = %v, want %v in UTC", got.CreatedAt, p.CreatedAt)
		}
		if got.MaxMentees == nil || *got.MaxMentees != 5 || got.MaxCoachees != nil {
			t.Errorf("capacity = %v/%v, want 5/nil", got.MaxMentees, got.MaxCoachees)
		}
		if got.Email != p.Email || got.Timezone != p.Timezone || !got.Active || got.External {
			t.Errorf("got %+v", got)
		}
		dup := newPerson("ada@example.com")
		if err := s.CreatePerson(ctx, &dup); !errors.Is(err, domain.ErrConflict) {
			t.Errorf("duplicate email: err = %v, want ErrConflict", err)
		}
		if _, err := s.PersonByID(ctx, 9999); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("missing person: err = %v, want ErrNotFound", err)
		}
	})
}

// Many people and meetings are read by id in one call, across more ids
// than one statement takes, each as its own read gives it; ids with no
// row are left out.
func TestPeopleAndMeetingsByIDs(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		var people []*domain.Person
		for i := range 620 {
			p := newPerson(fmt.Sprintf("p%d@example.com", i))
			people = append(people, &p)
		}
		if err := s.CreatePeople(ctx, people); err != nil {
			t.Fatal(err)
		}
		ids := []int64{999999}
		for _, p := range people {
			ids = append(ids, p.ID)
		}
		got, err := s.PeopleByIDs(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(people) {
			t.Fatalf("read %d people, want %d", len(got), len(people))
		}
		for _, id := range []int64{people[0].ID, people[555].ID} {
			one, err := s.PersonByID(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got[id], one) {
				t.Errorf("person %d: by ids %+v, alone %+v", id, got[id], one)
			}
		}
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		prog := domain.Programme{Name: "Graduates", Kind: domain.KindMentoring, CreatedAt: now, UpdatedAt: now}
		if err := s.CreateProgramme(ctx, &prog); err != nil {
			t.Fatal(err)
		}
		pair := domain.Pairing{ProgrammeID: prog.ID, MentorID: people[0].ID, MenteeID: people[1].ID,
			Status: domain.PairingActive, StartedOn: domain.NewDate(2026, 1, 1), CheckinCadenceDays: 14, CreatedAt: now, UpdatedAt: now}
		if err := s.CreatePairing(ctx, &pair); err != nil {
			t.Fatal(err)
		}
		var meetingIDs []int64
		for i := range 2 {
			m := domain.Meeting{Kind: domain.MeetingCheckin, PairingID: &pair.ID, LeaderID: people[0].ID, LearnerID: people[1].ID, Format: domain.FormatFormal,
				ScheduledAt: now.Add(time.Duration(i) * time.Hour), DurationMinutes: 30, Status: domain.StatusScheduled, Location: "Room 2",
				CreatedBy: people[0].ID, CreatedAt: now, UpdatedAt: now}
			if err := s.CreateMeeting(ctx, &m); err != nil {
				t.Fatal(err)
			}
			meetingIDs = append(meetingIDs, m.ID)
		}
		ms, err := s.MeetingsByIDs(ctx, append(meetingIDs, 999999))
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 2 {
			t.Fatalf("read %d meetings, want 2", len(ms))
		}
		for _, id := range meetingIDs {
			one, err := s.MeetingByID(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(ms[id], one) {
				t.Errorf("meeting %d: by ids %+v, alone %+v", id, ms[id], one)
			}
		}
		if none, err := s.PeopleByIDs(ctx, nil); err != nil || len(none) != 0 {
			t.Errorf("no ids: %v, %v", none, err)
		}
	})
}

func TestListPeopleSearch(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		for _, e := range []string{"grace@example.com", "alan@example.com", "100%_sure@example.com"} {
			p := newPerson(e)
			p.Department = "Research"
			if err := s.CreatePerson(ctx, &p); err != nil {
				t.Fatal(err)
			}
		}
		cases := []struct {
			q    string
			want int
		}{{"GRACE", 1}, {"research", 3}, {"%", 1}, {"_", 1}, {"nobody", 0}, {"", 3}}
		for _, c := range cases {
			got, err := s.ListPeople(ctx, domain.PeopleFilter{Query: c.q, Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != c.want {
				t.Errorf("q=%q: %d people, want %d", c.q, len(got), c.want)
			}
		}
		page, err := s.ListPeople(ctx, domain.PeopleFilter{Limit: 2})
		if err != nil || len(page) != 2 {
			t.Fatalf("limit 2: %d, %v", len(page), err)
		}
		rest, err := s.ListPeople(ctx, domain.PeopleFilter{Limit: 2, After: page[1].ID})
		if err != nil || len(rest) != 1 {
			t.Fatalf("after: %d, %v", len(rest), err)
		}
	})
}

func TestTransactionRollsBack(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		boom := errors.New("boom")
		err := s.InTx(ctx, func(tx domain.Ports) error {
			p := newPerson("gone@example.com")
			if err := tx.People.CreatePerson(ctx, &p); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
		if _, err := s.PersonByEmail(ctx, "gone@example.com"); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("rolled back person still there: %v", err)
		}
	})
}

func TestConcurrentWritesNeverBusy(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for i := range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- s.InTx(ctx, func(tx domain.Ports) error {
					p := newPerson("p" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + "@example.com")
					return tx.People.CreatePerson(ctx, &p)
				})
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
	})
}

func TestSessionsAndTokens(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		p := newPerson("s@example.com")
		if err := s.CreatePerson(ctx, &p); err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC()
		sess := domain.Session{Hash: domain.HashSecret("x"), PersonID: p.ID, CSRFToken: "c", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
		if err := s.CreateSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
		got, err := s.SessionByHash(ctx, sess.Hash)
		if err != nil || got.PersonID != p.ID || got.CSRFToken != "c" {
			t.Fatalf("session = %+v, %v", got, err)
		}
		if err := s.DeleteSessionsOf(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionByHash(ctx, sess.Hash); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("deleted session: %v", err)
		}
		tok := domain.APIToken{PersonID: p.ID, Name: "cli", Hash: domain.HashSecret("t"), CreatedAt: now}
		if err := s.CreateAPIToken(ctx, &tok); err != nil {
			t.Fatal(err)
		}
		if err := s.RevokeAPIToken(ctx, tok.ID, now); err != nil {
			t.Fatal(err)
		}
		got2, err := s.APITokenByHash(ctx, tok.Hash)
		if err != nil || got2.RevokedAt == nil {
			t.Fatalf("token = %+v, %v", got2, err)
		}
		if err := s.RevokeAPIToken(ctx, tok.ID, now); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("second revoke: %v", err)
		}
	})
}

func TestMigrationsAreRecorded(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		st, err := s.MigrationStatuses(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(st) == 0 {
			t.Fatal("no migrations listed")
		}
		for _, m := range st {
			if !m.Applied {
				t.Errorf("migration %d %s not applied", m.Version, m.Name)
			}
		}
		n, err := s.Migrate(context.Background(), nil)
		if err != nil || n != 0 {
			t.Errorf("second migrate applied %d, %v", n, err)
		}
	})
}
