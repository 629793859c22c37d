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

func TestFeedbackStore(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		lead, learner := newPerson("coach@example.com"), newPerson("coachee@example.com")
		lead.Name = "Cora"
		for _, p := range []*domain.Person{&lead, &learner} {
			if err := s.CreatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		prog := domain.Programme{Name: "Leaders", Kind: domain.KindCoaching, CreatedAt: now, UpdatedAt: now}
		if err := s.CreateProgramme(ctx, &prog); err != nil {
			t.Fatal(err)
		}
		e := domain.Engagement{ProgrammeID: prog.ID, CoachID: lead.ID, CoacheeID: learner.ID,
			Goal: domain.Goal{Title: "Lead", Area: domain.AreaWork}, StartsOn: domain.NewDate(2026, 3, 1),
			EndsOn: domain.NewDate(2026, 6, 30), PlannedSessions: 4, Status: domain.EngagementActive, CreatedAt: now, UpdatedAt: now}
		if err := s.CreateEngagement(ctx, &e); err != nil {
			t.Fatal(err)
		}
		m := domain.Meeting{Kind: domain.MeetingSession, EngagementID: &e.ID, LeaderID: lead.ID, LearnerID: learner.ID,
			Format: domain.FormatFormal, ScheduledAt: now, DurationMinutes: 60, Status: domain.StatusCompleted,
			CreatedBy: lead.ID, CreatedAt: now, UpdatedAt: now}
		if err := s.CreateMeeting(ctx, &m); err != nil {
			t.Fatal(err)
		}
		asks, err := s.FeedbackToAsk(ctx, 10)
		if err != nil || len(asks) != 1 || asks[0].Meeting.ID != m.ID || asks[0].Answered {
			t.Fatalf("to ask = %+v, %v", asks, err)
		}
		due, err := s.FeedbackDue(ctx, learner.ID, now.Add(-time.Hour), 10)
		if err != nil || len(due) != 1 || due[0].With.Name != "Cora" || due[0].Kind != domain.MeetingSession {
			t.Fatalf("due = %+v, %v", due, err)
		}
		if _, err := s.FeedbackOfMeeting(ctx, m.ID); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("feedback before any = %v, want not found", err)
		}
		f := domain.MeetingFeedback{MeetingID: m.ID, LearnerID: learner.ID, Rating: 4, Comment: "useful", ShareWithProgramme: true, CreatedAt: now}
		if err := s.CreateFeedback(ctx, &f); err != nil {
			t.Fatal(err)
		}
		again := domain.MeetingFeedback{MeetingID: m.ID, LearnerID: learner.ID, Rating: 2, CreatedAt: now}
		if err := s.CreateFeedback(ctx, &again); !errors.Is(err, domain.ErrConflict) {
			t.Errorf("second answer = %v, want a conflict", err)
		}
		bad := domain.MeetingFeedback{MeetingID: m.ID, LearnerID: lead.ID, Rating: 6, CreatedAt: now}
		if err := s.CreateFeedback(ctx, &bad); !errors.Is(err, domain.ErrInvalid) {
			t.Errorf("rating 6 = %v, want refused", err)
		}
		got, err := s.FeedbackOfMeeting(ctx, m.ID)
		if err != nil || got.Rating != 4 || got.Comment != "useful" || !got.ShareWithProgramme || !got.CreatedAt.Equal(now) {
			t.Errorf("read back %+v, %v", got, err)
		}
		if asks, _ = s.FeedbackToAsk(ctx, 10); len(asks) != 1 || !asks[0].Answered {
			t.Errorf("to ask after the answer = %+v", asks)
		}
		if due, _ = s.FeedbackDue(ctx, learner.ID, now.Add(-time.Hour), 10); len(due) != 0 {
			t.Errorf("due after the answer = %+v", due)
		}
		for i, want := range []bool{true, false} {
			if won, err := s.ClaimFeedbackAsk(ctx, m.ID, now); err != nil || won != want {
				t.Errorf("claim %d = %v, %v; want %v", i, won, err, want)
			}
		}
		if asks, _ = s.FeedbackToAsk(ctx, 10); len(asks) != 0 {
			t.Errorf("to ask after the claim = %+v", asks)
		}
		stamps, err := s.FeedbackStamps(ctx, now.Add(-time.Hour), now.Add(time.Hour))
		if err != nil || len(stamps) != 1 || stamps[0].ProgrammeID != prog.ID || stamps[0].Leader.Name != "Cora" ||
			stamps[0].SharedComment != "useful" || stamps[0].SubjectType != domain.SubjectEngagement || stamps[0].Rating != 4 {
			t.Errorf("stamps = %+v, %v", stamps, err)
		}
		if stamps, _ = s.FeedbackStamps(ctx, now.Add(time.Hour), now.Add(2*time.Hour)); len(stamps) != 0 {
			t.Errorf("stamps outside the window = %+v", stamps)
		}
		ms, err := s.RelationshipMeetings(ctx, domain.MeetingSession, e.ID, lead.ID, 10)
		if err != nil || len(ms) != 1 || ms[0].Feedback == nil || ms[0].Feedback.Rating != 4 || ms[0].Feedback.Comment != "useful" {
			t.Errorf("page meetings = %+v, %v", ms, err)
		}

		// the coachee's closing view, once
		r := domain.CoacheeReview{Rating: 5, GoalOutcome: domain.OutcomePartiallyAchieved, At: now}
		for i, want := range []bool{true, false} {
			if won, err := s.SetCoacheeReview(ctx, e.ID, r); err != nil || won != want {
				t.Errorf("review %d = %v, %v; want %v", i, won, err, want)
			}
		}
		back, err := s.EngagementByID(ctx, e.ID)
		if err != nil || back.CoacheeReview == nil || *back.CoacheeReview != r {
			t.Errorf("engagement's review = %+v, %v", back.CoacheeReview, err)
		}
		rec, err := s.EngagementRecord(ctx, e.ID)
		if err != nil || rec.Engagement.CoacheeReview == nil {
			t.Errorf("record's review = %+v, %v", rec.Engagement.CoacheeReview, err)
		}
	})
}
