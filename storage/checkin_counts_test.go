package storage_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"cairn/domain"
	"cairn/storage"
	"cairn/storage/storagetest"
)

// The dashboard's check-ins per programme and month are counted by the
// database, per period between the bounds given: the same counts as
// reading every check-in.
func TestCheckinCountsPerPeriod(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		var people []domain.Person
		for _, email := range []string{"m1@example.com", "e1@example.com", "m2@example.com", "e2@example.com"} {
			p := newPerson(email)
			if err := s.CreatePerson(ctx, &p); err != nil {
				t.Fatal(err)
			}
			people = append(people, p)
		}
		var pairings []domain.Pairing
		for i, name := range []string{"Graduates", "Leads"} {
			prog := domain.Programme{Name: name, Kind: domain.KindMentoring, CreatedAt: now, UpdatedAt: now}
			if err := s.CreateProgramme(ctx, &prog); err != nil {
				t.Fatal(err)
			}
			p := domain.Pairing{ProgrammeID: prog.ID, MentorID: people[2*i].ID, MenteeID: people[2*i+1].ID,
				Status: domain.PairingActive, StartedOn: domain.NewDate(2025, 1, 1), CheckinCadenceDays: 14, CreatedAt: now, UpdatedAt: now}
			if err := s.CreatePairing(ctx, &p); err != nil {
				t.Fatal(err)
			}
			pairings = append(pairings, p)
		}
		bounds := []time.Time{
			time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
			time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC),
			time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
			time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC),
		}
		meet := func(p domain.Pairing, at time.Time, st domain.MeetingStatus) {
			m := domain.Meeting{Kind: domain.MeetingCheckin, PairingID: &p.ID, LeaderID: p.MentorID, LearnerID: p.MenteeID,
				Format: domain.FormatInformal, ScheduledAt: at, DurationMinutes: 30, Status: st, CreatedBy: p.MentorID, CreatedAt: now, UpdatedAt: now}
			if err := s.CreateMeeting(ctx, &m); err != nil {
				t.Fatal(err)
			}
		}
		meet(pairings[0], bounds[0].Add(-time.Second), domain.StatusCompleted) // before the first period
		meet(pairings[0], bounds[0], domain.StatusCompleted)                   // first instant of period 0
		meet(pairings[0], bounds[1].Add(-time.Second), domain.StatusCompleted) // last of period 0
		meet(pairings[0], bounds[1], domain.StatusCompleted)                   // period 1
		meet(pairings[0], bounds[1].Add(time.Hour), domain.StatusCancelled)    // another status
		meet(pairings[1], bounds[2].Add(time.Hour), domain.StatusCompleted)    // period 2, the other programme
		meet(pairings[1], bounds[2].Add(2*time.Hour), domain.StatusCompleted)
		meet(pairings[1], bounds[3], domain.StatusCompleted) // after the last period
		got, err := s.CheckinCounts(ctx, domain.StatusCompleted, bounds)
		if err != nil {
			t.Fatal(err)
		}
		slices.SortFunc(got, func(a, b domain.PeriodCount) int { return int(a.ProgrammeID-b.ProgrammeID)*100 + a.Period - b.Period })
		want := []domain.PeriodCount{
			{ProgrammeID: pairings[0].ProgrammeID, Period: 0, N: 2},
			{ProgrammeID: pairings[0].ProgrammeID, Period: 1, N: 1},
			{ProgrammeID: pairings[1].ProgrammeID, Period: 2, N: 2},
		}
		if !slices.Equal(got, want) {
			t.Errorf("counts = %+v, want %+v", got, want)
		}
	})
}
