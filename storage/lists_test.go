package storage_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"cairn/domain"
	"cairn/storage"
	"cairn/storage/storagetest"
)

// Relationship lists page by id both ways and narrow to two people; the
// audit log pages both ways, filters by action and names its objects.
func TestListPagesAndAuditNames(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		var people []domain.Person
		for i, name := range []string{"Mara Mentor", "Ann A", "Ben B", "Cy C"} {
			p := newPerson(strings.ToLower(strings.Fields(name)[1]) + "@example.com")
			p.Name = name
			if i == 0 {
				p.Seniority = 9
			}
			if err := s.CreatePerson(ctx, &p); err != nil {
				t.Fatal(err)
			}
			people = append(people, p)
		}
		prog := domain.Programme{Name: "Graduates", Kind: domain.KindMentoring, CreatedAt: now, UpdatedAt: now}
		if err := s.CreateProgramme(ctx, &prog); err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, mentee := range people[1:] {
			p := domain.Pairing{ProgrammeID: prog.ID, MentorID: people[0].ID, MenteeID: mentee.ID, StartedOn: domain.NewDate(2026, 3, 2),
				Status: domain.PairingActive, CheckinCadenceDays: 14, CreatedAt: now, UpdatedAt: now}
			if err := s.CreatePairing(ctx, &p); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, p.ID)
		}
		list := func(f domain.PairingFilter) []int64 {
			ps, err := s.ListPairings(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			out := []int64{}
			for _, p := range ps {
				out = append(out, p.ID)
			}
			return out
		}
		for _, c := range []struct {
			name string
			f    domain.PairingFilter
			want []int64
		}{
			{"first page", domain.PairingFilter{Limit: 2}, ids[:2]},
			{"after", domain.PairingFilter{Limit: 2, After: ids[0]}, ids[1:]},
			{"before the last", domain.PairingFilter{Limit: 2, Before: ids[2]}, ids[:2]},
			{"before the second", domain.PairingFilter{Limit: 2, Before: ids[1]}, ids[:1]},
			{"two people", domain.PairingFilter{Limit: 9, PersonID: people[0].ID, WithID: people[2].ID}, ids[1:2]},
			{"two people, none shared", domain.PairingFilter{Limit: 9, PersonID: people[1].ID, WithID: people[2].ID}, []int64{}},
		} {
			if got := list(c.f); !slices.Equal(got, c.want) {
				t.Errorf("%s: %v, want %v", c.name, got, c.want)
			}
		}

		f := domain.Flag{Kind: domain.FlagCheckinOverdue, SubjectType: domain.SubjectPairing, SubjectID: ids[1], ProgrammeID: prog.ID, RaisedAt: now}
		if _, err := s.RaiseFlag(ctx, &f); err != nil {
			t.Fatal(err)
		}
		entries := []domain.AuditEntry{
			{Action: "create", ObjectType: "programme", ObjectID: prog.ID, At: now},
			{Action: "create", ObjectType: "pairing", ObjectID: ids[0], At: now},
			{Action: "raise", ObjectType: "flag", ObjectID: f.ID, At: now},
			{Action: "update", ObjectType: "person", ObjectID: people[3].ID, At: now},
		}
		if err := s.InsertAudits(ctx, entries); err != nil {
			t.Fatal(err)
		}
		all, err := s.ListAudit(ctx, domain.AuditFilter{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, v := range all {
			got = append(got, v.Subject())
		}
		if want := []string{"Cy C", "Mara Mentor and Ben B", "Mara Mentor and Ann A", "Graduates"}; !slices.Equal(got, want) {
			t.Errorf("subjects %q, want %q", got, want)
		}
		newer, err := s.ListAudit(ctx, domain.AuditFilter{Limit: 2, After: all[3].ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(newer) != 2 || newer[0].ID != all[1].ID || newer[1].ID != all[2].ID {
			t.Errorf("the page above the oldest: %+v", newer)
		}
		created, err := s.ListAudit(ctx, domain.AuditFilter{Limit: 10, Action: "create"})
		if err != nil {
			t.Fatal(err)
		}
		if len(created) != 2 {
			t.Errorf("creations: %d", len(created))
		}
	})
}
