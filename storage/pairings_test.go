package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"cairn/domain"
	"cairn/storage"
	"cairn/storage/storagetest"
)

func TestPairingsStore(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		mentor, mentee := newPerson("mentor@example.com"), newPerson("mentee@example.com")
		for _, p := range []*domain.Person{&mentor, &mentee} {
			if err := s.CreatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		prog := domain.Programme{Name: "Graduates", Kind: domain.KindMentoring, CreatedAt: now, UpdatedAt: now}
		if err := s.CreateProgramme(ctx, &prog); err != nil {
			t.Fatal(err)
		}
		p := domain.Pairing{ProgrammeID: prog.ID, MentorID: mentor.ID, MenteeID: mentee.ID, StartedOn: domain.NewDate(2026, 3, 2),
			Status: domain.PairingActive, CheckinCadenceDays: 14, Focus: "Lead", CreatedAt: now, UpdatedAt: now}
		if err := s.CreatePairing(ctx, &p); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name            string
			mentor, mentee  int64
			status          domain.PairingStatus
			wantConflictErr bool
		}{
			{"same two, open", mentor.ID, mentee.ID, domain.PairingPaused, true},
			{"same two the other way round", mentee.ID, mentor.ID, domain.PairingActive, true},
			{"same two, ended", mentor.ID, mentee.ID, domain.PairingEnded, false},
		} {
			t.Run(c.name, func(t *testing.T) {
				q := p
				q.ID, q.MentorID, q.MenteeID, q.Status = 0, c.mentor, c.mentee, c.status
				if c.status == domain.PairingEnded {
					q.EndedOn = domain.NewDate(2026, 3, 2)
				}
				err := s.CreatePairing(ctx, &q)
				if got := errors.Is(err, domain.ErrConflict); got != c.wantConflictErr {
					t.Fatalf("err = %v, want conflict %v", err, c.wantConflictErr)
				}
			})
		}
		at := now.Add(-time.Hour)
		if err := s.SetPairingLastCheckin(ctx, p.ID, at); err != nil {
			t.Fatal(err)
		}
		got, err := s.PairingByID(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.LastCheckinAt == nil || !got.LastCheckinAt.Equal(at) || got.StartedOn != p.StartedOn || got.Mentor.Name != "Ada" ||
			!got.EndedOn.IsZero() || got.Focus != "Lead" {
			t.Errorf("round trip: %+v", got)
		}
		list, err := s.ListPairings(ctx, domain.PairingFilter{PersonID: mentee.ID, Statuses: []domain.PairingStatus{domain.PairingEnded}, Limit: 50})
		if err != nil || len(list) != 1 || list[0].Status != domain.PairingEnded {
			t.Errorf("ended pairings of the mentee: %v %v", list, err)
		}
		if _, err := s.PairingByID(ctx, 9999); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("missing pairing: %v", err)
		}
	})
}
