package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"cairn/cmd/cairn/generate"
	"cairn/domain"
	"cairn/storage"
	"cairn/storage/storagetest"
)

// A series round-trips its fields, and one series has at most one meeting
// per date: a second is a conflict, on both stores, so two instances
// extending the horizon together cannot both make it.
func TestSeriesRoundTripAndOneMeetingPerDate(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		now := time.Now().UTC().Truncate(time.Second)
		if _, err := generate.Generate(ctx, s, generate.Options{People: 12, Seed: 5, Now: now}); err != nil {
			t.Fatal(err)
		}
		ps, err := s.ListPairings(ctx, domain.PairingFilter{Statuses: []domain.PairingStatus{domain.PairingActive}, Limit: 1})
		if err != nil || len(ps) == 0 {
			t.Fatalf("no active pairing: %v", err)
		}
		p := ps[0]
		until := domain.NewDate(2030, 6, 30)
		untilAt := time.Date(2030, 6, 30, 21, 59, 59, 0, time.UTC)
		skipped := []time.Time{now.Add(7 * 24 * time.Hour), now.Add(14 * 24 * time.Hour)}
		sr := domain.Series{Kind: domain.MeetingCheckin, PairingID: &p.ID, LeaderID: p.MentorID, LearnerID: p.MenteeID,
			OrganiserID: p.MentorID, Timezone: "Europe/Berlin", StartsAt: now, DurationMinutes: 45, Location: "Room 1",
			Rule: "FREQ=WEEKLY", RRule: "FREQ=WEEKLY;UNTIL=20300630T215959Z", Until: &until, UntilAt: &untilAt,
			Skipped: skipped, Status: domain.SeriesActive, CreatedBy: p.MentorID, CreatedAt: now, UpdatedAt: now}
		if err := s.CreateSeries(ctx, &sr); err != nil {
			t.Fatal(err)
		}
		if err := s.BumpSeriesSequence(ctx, sr.ID, now); err != nil {
			t.Fatal(err)
		}
		got, err := s.SeriesByID(ctx, sr.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Until == nil || *got.Until != until || got.UntilAt == nil || !got.UntilAt.Equal(untilAt) || got.Sequence != 1 ||
			len(got.Skipped) != 2 || !got.Skipped[1].Equal(skipped[1]) || got.RRule != sr.RRule || !got.StartsAt.Equal(now) {
			t.Errorf("read back %+v", got)
		}
		at := now.Add(21 * 24 * time.Hour)
		m := func() *domain.Meeting {
			return &domain.Meeting{Kind: domain.MeetingCheckin, PairingID: &p.ID, LeaderID: p.MentorID, LearnerID: p.MenteeID,
				Format: domain.FormatFormal, ScheduledAt: at, DurationMinutes: 45, Status: domain.StatusScheduled,
				SeriesID: &sr.ID, OccurrenceAt: &at, CreatedAt: now, UpdatedAt: now}
		}
		first := m()
		if err := s.CreateMeeting(ctx, first); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateMeeting(ctx, m()); !errors.Is(err, domain.ErrConflict) {
			t.Errorf("a second meeting of the series on one date: %v, want a conflict", err)
		}
		other := m()
		other.SeriesID, other.OccurrenceAt = nil, nil
		other.ScheduledAt = at.Add(2 * time.Hour)
		if err := s.CreateMeeting(ctx, other); err != nil {
			t.Fatal(err)
		}
		if err := s.SetMeetingSeries(ctx, other.ID, sr.ID, at); !errors.Is(err, domain.ErrConflict) {
			t.Errorf("moving a meeting onto a taken date: %v, want a conflict", err)
		}
		ms, err := s.SeriesMeetings(ctx, sr.ID)
		if err != nil || len(ms) != 1 || ms[0].ID != first.ID || ms[0].SeriesID == nil || !ms[0].OccurrenceAt.Equal(at) {
			t.Errorf("the series' meetings: %+v, %v", ms, err)
		}
	})
}
