package storage_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"cairn/domain"
	"cairn/storage"
	"cairn/storage/storagetest"
)

func TestProfilesStore(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		ann, ben := newPerson("ann@example.com"), newPerson("ben@example.com")
		for _, p := range []*domain.Person{&ann, &ben} {
			if err := s.CreatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		empty, err := s.ProfileOf(ctx, ann.ID)
		if err != nil || empty.PersonID != ann.ID || empty.UpdatedAt != nil || !empty.Empty() || empty.Offers == nil {
			t.Fatalf("unwritten profile %+v, %v", empty, err)
		}
		if _, err := s.ProfileOf(ctx, 999999); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("profile of nobody: %v", err)
		}
		p := domain.Profile{PersonID: ann.ID, Bio: "Builds payment systems.", Offers: []string{"Go", "Public speaking"},
			Wants: []string{"Leadership"}, Languages: []string{"en", "pt-BR"}, WorkStart: "09:00", WorkEnd: "17:30", UpdatedAt: &now}
		if err := s.SaveProfile(ctx, p); err != nil {
			t.Fatal(err)
		}
		got, err := s.ProfileOf(ctx, ann.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, p) {
			t.Fatalf("read back\n got %+v\nwant %+v", got, p)
		}
		// A second save replaces the tags, in their new order, and clears the hours.
		p.Offers, p.Wants, p.WorkStart, p.WorkEnd = []string{"Public speaking", "Go", "SQL"}, []string{}, "", ""
		if err := s.SaveProfile(ctx, p); err != nil {
			t.Fatal(err)
		}
		all, err := s.ProfilesOf(ctx, []int64{ann.ID, ben.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := all[ben.ID]; ok || len(all) != 1 || !reflect.DeepEqual(all[ann.ID], p) {
			t.Fatalf("profiles of both: %+v", all)
		}
		// The schema refuses what the domain refuses.
		for name, bad := range map[string]domain.Profile{
			"one end of the hours": {PersonID: ben.ID, WorkStart: "09:00", UpdatedAt: &now},
			"hour 24":              {PersonID: ben.ID, WorkStart: "24:00", WorkEnd: "08:00", UpdatedAt: &now},
			"a tag twice":          {PersonID: ben.ID, Offers: []string{"Go", "go"}, UpdatedAt: &now},
			"nobody":               {PersonID: 999999, UpdatedAt: &now},
		} {
			if err := s.SaveProfile(ctx, bad); err == nil {
				t.Errorf("%s: saved", name)
			}
		}
		if all, _ := s.ProfilesOf(ctx, []int64{ben.ID}); len(all) != 0 {
			t.Errorf("a refused save left %+v", all)
		}

		// Tags: by name, case ignored for duplicates.
		for _, n := range []string{"Python", "go"} {
			if err := s.CreateTag(ctx, &domain.Tag{Name: n, CreatedAt: now}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.CreateTag(ctx, &domain.Tag{Name: "PYTHON", CreatedAt: now}); !errors.Is(err, domain.ErrConflict) {
			t.Fatalf("duplicate tag: %v", err)
		}
		tags, err := s.ListTags(ctx)
		if err != nil || len(tags) != 2 || tags[0].Name != "go" || tags[1].Name != "Python" || !tags[0].CreatedAt.Equal(now) {
			t.Fatalf("tags %+v, %v", tags, err)
		}
		if got, err := s.TagByID(ctx, tags[1].ID); err != nil || got != tags[1] {
			t.Fatalf("tag by id %+v, %v", got, err)
		}
		if err := s.DeleteTag(ctx, tags[1].ID); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteTag(ctx, tags[1].ID); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("second delete: %v", err)
		}

		// Match settings: defaults until set.
		prog := domain.Programme{Name: "Graduates", Kind: domain.KindMentoring, CreatedAt: now, UpdatedAt: now}
		if err := s.CreateProgramme(ctx, &prog); err != nil {
			t.Fatal(err)
		}
		if m, err := s.MatchSettingsOf(ctx, prog.ID); err != nil || m != domain.DefaultMatchSettings() {
			t.Fatalf("default settings %+v, %v", m, err)
		}
		want := domain.MatchSettings{WeightTopics: 50, WeightSeniority: 10, WeightHours: 5, WeightLanguage: 5, WeightCapacity: 30,
			SeniorityMin: 2, SeniorityMax: 4}
		for range 2 {
			if err := s.SetMatchSettings(ctx, prog.ID, want, now); err != nil {
				t.Fatal(err)
			}
		}
		if m, err := s.MatchSettingsOf(ctx, prog.ID); err != nil || m != want {
			t.Fatalf("settings %+v, %v", m, err)
		}
		if _, err := s.MatchSettingsOf(ctx, 999999); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("settings of no programme: %v", err)
		}
		bad := want
		bad.SeniorityMin = 5
		if err := s.SetMatchSettings(ctx, prog.ID, bad, now); err == nil {
			t.Fatal("min above max saved")
		}
	})
}

func TestCreateProfilesStore(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		a, b := newPerson("a@example.com"), newPerson("b@example.com")
		for _, p := range []*domain.Person{&a, &b} {
			if err := s.CreatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		ps := []domain.Profile{
			{PersonID: a.ID, Bio: "A", Offers: []string{"Go", "SQL"}, Wants: []string{"Design"}, Languages: []string{"de"},
				WorkStart: "22:00", WorkEnd: "06:00", UpdatedAt: &now},
			{PersonID: b.ID, Offers: []string{}, Wants: []string{"Go"}, Languages: []string{}, UpdatedAt: &now},
		}
		if err := s.CreateProfiles(ctx, ps); err != nil {
			t.Fatal(err)
		}
		got, err := s.ProfilesOf(ctx, []int64{a.ID, b.ID})
		if err != nil || !reflect.DeepEqual(got[a.ID], ps[0]) || !reflect.DeepEqual(got[b.ID], ps[1]) {
			t.Fatalf("read back %+v, %v", got, err)
		}
		if err := s.CreateProfiles(ctx, ps[:1]); !errors.Is(err, domain.ErrConflict) {
			t.Fatalf("a second profile: %v", err)
		}
		if err := s.CreateProfiles(ctx, nil); err != nil {
			t.Fatalf("none: %v", err)
		}
	})
}
