package storage_test

import (
	"context"
	"testing"
	"time"

	"cairn/domain"
	"cairn/storage"
	"cairn/storage/storagetest"
)

// Pairings, engagements and agenda items carry their people's zones, read
// in the same query as their names, so a page shows a time on the other
// person's clock without reading the people again.
func TestRelationshipsCarryTheirPeoplesZones(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		lead, learner := newPerson("lead@example.com"), newPerson("learner@example.com")
		lead.Timezone, learner.Timezone = "Europe/Berlin", "Asia/Tokyo"
		p, e := leadAndLearner(t, s, now, &lead, &learner)
		got, err := s.PairingByID(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Mentor.Timezone != "Europe/Berlin" || got.Mentee.Timezone != "Asia/Tokyo" {
			t.Errorf("pairing's people: %+v, %+v", got.Mentor, got.Mentee)
		}
		ge, err := s.EngagementByID(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ge.Coach.Timezone != "Europe/Berlin" || ge.Coachee.Timezone != "Asia/Tokyo" {
			t.Errorf("engagement's people: %+v, %+v", ge.Coach, ge.Coachee)
		}
		rec, err := s.EngagementRecord(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Engagement.Coachee.Timezone != "Asia/Tokyo" {
			t.Errorf("engagement record's coachee: %+v", rec.Engagement.Coachee)
		}
		m := domain.Meeting{Kind: domain.MeetingCheckin, PairingID: &p.ID, LeaderID: lead.ID, LearnerID: learner.ID,
			Format: domain.FormatFormal, ScheduledAt: now.Add(24 * time.Hour), DurationMinutes: 30, Status: domain.StatusScheduled,
			CreatedBy: lead.ID, CreatedAt: now, UpdatedAt: now}
		if err := s.CreateMeeting(ctx, &m); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			viewer int64
			want   string
		}{{lead.ID, "Asia/Tokyo"}, {learner.ID, "Europe/Berlin"}} {
			items, err := s.AgendaOf(ctx, c.viewer, now, now.Add(48*time.Hour), 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != 1 || items[0].WithTimezone != c.want {
				t.Errorf("agenda of %d: %+v, want the other's zone %s", c.viewer, items, c.want)
			}
		}
	})
}
