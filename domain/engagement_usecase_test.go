package domain_test

import (
	"testing"
	"time"

	"cairn/domain"
)

func (w *world) engagementInput() domain.EngagementInput {
	return domain.EngagementInput{ProgrammeID: w.coaching.ID, CoachID: w.coach.Person.ID, CoacheeID: w.mentee.Person.ID,
		Goal: domain.Goal{Title: "Speak up", Area: domain.AreaPersonal}, StartsOn: domain.NewDate(2026, 3, 1),
		EndsOn: domain.NewDate(2026, 5, 31), PlannedSessions: 4}
}

func (w *world) setMaxCoachees(a domain.Actor, n int) {
	w.t.Helper()
	w.patchPerson(a, domain.PersonPatch{MaxCoachees: ptr(&n)})
}

func TestCreateEngagementRules(t *testing.T) {
	cases := []struct {
		name  string
		setup func(w *world)
		edit  func(w *world, in *domain.EngagementInput)
		want  error
		field string
	}{
		{"valid", nil, func(*world, *domain.EngagementInput) {}, ok, ""},
		{"ends on the day it starts", nil, func(_ *world, in *domain.EngagementInput) { in.EndsOn = in.StartsOn }, domain.ErrInvalid, "ends_on"},
		{"ends before it starts", nil, func(_ *world, in *domain.EngagementInput) { in.EndsOn = domain.NewDate(2026, 2, 1) }, domain.ErrInvalid, "ends_on"},
		{"no start", nil, func(_ *world, in *domain.EngagementInput) { in.StartsOn = domain.Date{} }, domain.ErrInvalid, "starts_on"},
		{"no end", nil, func(_ *world, in *domain.EngagementInput) { in.EndsOn = domain.Date{} }, domain.ErrInvalid, "ends_on"},
		{"no planned sessions", nil, func(_ *world, in *domain.EngagementInput) { in.PlannedSessions = 0 }, domain.ErrInvalid, "planned_sessions"},
		{"one planned session", nil, func(_ *world, in *domain.EngagementInput) { in.PlannedSessions = domain.MinPlannedSessions }, ok, ""},
		{"the most planned sessions", nil, func(_ *world, in *domain.EngagementInput) { in.PlannedSessions = domain.MaxPlannedSessions }, ok, ""},
		{"too many planned sessions", nil, func(_ *world, in *domain.EngagementInput) { in.PlannedSessions = domain.MaxPlannedSessions + 1 }, domain.ErrInvalid, "planned_sessions"},
		{"no goal title", nil, func(_ *world, in *domain.EngagementInput) { in.Goal.Title = "  " }, domain.ErrInvalid, "goal.title"},
		{"unknown goal area", nil, func(_ *world, in *domain.EngagementInput) { in.Goal.Area = "hobby" }, domain.ErrInvalid, "goal.area"},
		{"coach is the coachee", nil, func(w *world, in *domain.EngagementInput) { in.CoacheeID = in.CoachID }, domain.ErrInvalid, "coachee_id"},
		{"mentoring programme", nil, func(w *world, in *domain.EngagementInput) { in.ProgrammeID = w.mentoring.ID }, domain.ErrInvalid, "programme_id"},
		{"coach at capacity", func(w *world) { w.setMaxCoachees(w.coach, 1) }, func(*world, *domain.EngagementInput) {}, domain.ErrConflict, "coach_id"},
		{"coach at capacity with an override reason", func(w *world) { w.setMaxCoachees(w.coach, 1) },
			func(_ *world, in *domain.EngagementInput) { in.CapacityOverrideReason = "short engagement" }, ok, ""},
		{"a closed engagement frees its place", func(w *world) {
			w.setMaxCoachees(w.coach, 1)
			_, err := w.svc.CloseEngagement(w.ctx, w.coach, w.engagement.ID, domain.CloseInput{Outcome: domain.OutcomeAchieved, Summary: "done"})
			w.must(err)
		}, func(*world, *domain.EngagementInput) {}, ok, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorldWith(t, tc.setup)
			in := w.engagementInput()
			tc.edit(w, &in)
			e, err := w.svc.CreateEngagement(w.ctx, w.admin, in)
			wantKind(t, err, tc.want)
			if tc.field != "" {
				if _, ok := domain.FieldErrors(err)[tc.field]; !ok {
					t.Errorf("error names fields %v, want %s", domain.FieldErrors(err), tc.field)
				}
			}
			all, err := w.mem.Ports().Engagements.ListEngagements(w.ctx, domain.EngagementFilter{Limit: 100})
			w.must(err)
			if wantN := map[bool]int{true: 2, false: 1}[tc.want == nil]; len(all) != wantN {
				t.Errorf("%d engagements stored, want %d", len(all), wantN)
			}
			if tc.want == nil && (e.Status != domain.EngagementActive || e.Coach.Name != "Cora Coach") {
				t.Errorf("created %+v", e)
			}
		})
	}
}

func TestUpdateEngagementRules(t *testing.T) {
	cases := []struct {
		name  string
		by    func(w *world) domain.Actor
		setup func(w *world)
		patch domain.EngagementPatch
		want  error
	}{
		{"coach sets progress", coachOf, nil, domain.EngagementPatch{ProgressPercent: ptr(50), ProgressComment: ptr("halfway")}, ok},
		{"admin sets progress", adminOf, nil, domain.EngagementPatch{ProgressPercent: ptr(50)}, ok},
		{"coachee may not set progress", coacheeOf, nil, domain.EngagementPatch{ProgressPercent: ptr(50)}, domain.ErrForbidden},
		{"coachee may not comment on progress", coacheeOf, nil, domain.EngagementPatch{ProgressComment: ptr("I did it")}, domain.ErrForbidden},
		{"progress above 100", coachOf, nil, domain.EngagementPatch{ProgressPercent: ptr(101)}, domain.ErrInvalid},
		{"coach may not move the dates", coachOf, nil, domain.EngagementPatch{EndsOn: ptr(domain.NewDate(2026, 7, 31))}, domain.ErrForbidden},
		{"coach may not change the plan", coachOf, nil, domain.EngagementPatch{PlannedSessions: ptr(8)}, domain.ErrForbidden},
		{"admin moves the end later", adminOf, nil, domain.EngagementPatch{EndsOn: ptr(domain.NewDate(2026, 7, 31))}, ok},
		{"admin moves the end before a scheduled session", adminOf, nil,
			domain.EngagementPatch{EndsOn: ptr(domain.NewDate(2026, 3, 5))}, domain.ErrConflict},
		{"admin moves the start after a scheduled session", adminOf, nil,
			domain.EngagementPatch{StartsOn: ptr(domain.NewDate(2026, 3, 7))}, domain.ErrConflict},
		{"admin keeps a session on the last day", adminOf, nil,
			domain.EngagementPatch{EndsOn: ptr(domain.NewDate(2026, 3, 6))}, ok},
		{"status is not changed by update", adminOf, nil, domain.EngagementPatch{Status: ptr(domain.EngagementCompleted)}, domain.ErrInvalid},
		{"closed engagement keeps its progress", coachOf, closeEngagement, domain.EngagementPatch{ProgressPercent: ptr(90)}, domain.ErrConflict},
		{"closed engagement keeps its plan", adminOf, closeEngagement, domain.EngagementPatch{PlannedSessions: ptr(9)}, domain.ErrConflict},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorldWith(t, tc.setup)
			before, err := w.svc.GetEngagement(w.ctx, w.admin, w.engagement.ID)
			w.must(err)
			_, err = w.svc.UpdateEngagement(w.ctx, tc.by(w), w.engagement.ID, tc.patch)
			wantKind(t, err, tc.want)
			after, err := w.svc.GetEngagement(w.ctx, w.admin, w.engagement.ID)
			w.must(err)
			progress, err := w.mem.Ports().Engagements.ListEngagementProgress(w.ctx, w.engagement.ID)
			w.must(err)
			if tc.want != nil {
				if after.ProgressPercent != before.ProgressPercent || after.EndsOn != before.EndsOn || after.StartsOn != before.StartsOn ||
					after.PlannedSessions != before.PlannedSessions || len(progress) != 0 {
					t.Errorf("a refused update changed the engagement: %+v -> %+v, progress %v", before, after, progress)
				}
				return
			}
			if tc.patch.ProgressPercent != nil {
				if after.ProgressPercent != *tc.patch.ProgressPercent || len(progress) != 1 || progress[0].AuthorID != tc.by(w).Person.ID {
					t.Errorf("progress %d with history %+v", after.ProgressPercent, progress)
				}
			}
		})
	}
}

func adminOf(w *world) domain.Actor   { return w.admin }
func coachOf(w *world) domain.Actor   { return w.coach }
func coacheeOf(w *world) domain.Actor { return w.coachee }

func closeEngagement(w *world) {
	_, err := w.svc.CloseEngagement(w.ctx, w.coach, w.engagement.ID, domain.CloseInput{Outcome: domain.OutcomePartiallyAchieved, Summary: "most of it"})
	w.must(err)
}

func TestCloseAndCancelEngagement(t *testing.T) {
	cases := []struct {
		name   string
		setup  func(w *world)
		end    func(w *world) (domain.Engagement, error)
		want   error
		status domain.EngagementStatus // after a success
	}{
		{"coach closes with an outcome", nil, func(w *world) (domain.Engagement, error) {
			return w.svc.CloseEngagement(w.ctx, w.coach, w.engagement.ID, domain.CloseInput{Outcome: domain.OutcomeAchieved, Summary: "promoted"})
		}, ok, domain.EngagementCompleted},
		{"admin closes", nil, func(w *world) (domain.Engagement, error) {
			return w.svc.CloseEngagement(w.ctx, w.admin, w.engagement.ID, domain.CloseInput{Outcome: domain.OutcomeNotAchieved, Summary: "left"})
		}, ok, domain.EngagementCompleted},
		{"close without an outcome", nil, func(w *world) (domain.Engagement, error) {
			return w.svc.CloseEngagement(w.ctx, w.coach, w.engagement.ID, domain.CloseInput{Summary: "done"})
		}, domain.ErrInvalid, ""},
		{"close with an unknown outcome", nil, func(w *world) (domain.Engagement, error) {
			return w.svc.CloseEngagement(w.ctx, w.coach, w.engagement.ID, domain.CloseInput{Outcome: "great", Summary: "done"})
		}, domain.ErrInvalid, ""},
		{"close without a summary", nil, func(w *world) (domain.Engagement, error) {
			return w.svc.CloseEngagement(w.ctx, w.coach, w.engagement.ID, domain.CloseInput{Outcome: domain.OutcomeAchieved, Summary: " "})
		}, domain.ErrInvalid, ""},
		{"close twice", closeEngagement, func(w *world) (domain.Engagement, error) {
			return w.svc.CloseEngagement(w.ctx, w.coach, w.engagement.ID, domain.CloseInput{Outcome: domain.OutcomeAchieved, Summary: "again"})
		}, domain.ErrConflict, ""},
		{"admin cancels with a reason", nil, func(w *world) (domain.Engagement, error) {
			return w.svc.CancelEngagement(w.ctx, w.admin, w.engagement.ID, "coach left")
		}, ok, domain.EngagementCancelled},
		{"cancel without a reason", nil, func(w *world) (domain.Engagement, error) {
			return w.svc.CancelEngagement(w.ctx, w.admin, w.engagement.ID, "  ")
		}, domain.ErrInvalid, ""},
		{"cancel a closed one", closeEngagement, func(w *world) (domain.Engagement, error) {
			return w.svc.CancelEngagement(w.ctx, w.admin, w.engagement.ID, "oops")
		}, domain.ErrConflict, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorldWith(t, tc.setup)
			e, err := tc.end(w)
			wantKind(t, err, tc.want)
			s, err2 := w.svc.GetSession(w.ctx, w.coachee, w.session.ID)
			w.must(err2)
			if tc.want != nil {
				if tc.setup == nil && s.Status != domain.StatusScheduled {
					t.Errorf("a refused end left the session %s", s.Status)
				}
				return
			}
			if e.Status != tc.status || e.ClosedAt == nil || e.DeadlineStatus != domain.DeadlineClosed {
				t.Errorf("ended as %+v", e)
			}
			if s.Status != domain.StatusCancelled {
				t.Errorf("the scheduled session is %s, want cancelled", s.Status)
			}
			if _, err := w.svc.ScheduleSession(w.ctx, w.coachee, w.engagement.ID, domain.SessionInput{
				ScheduledAt: start.Add(300 * time.Hour), DurationMinutes: 30}); !isKind(err, domain.ErrConflict) {
				t.Errorf("a new session on an ended engagement: %v, want a conflict", err)
			}
		})
	}
}

// TestSessionWindow checks that sessions start inside the engagement's
// dates, read in the organisation's zone.
func TestSessionWindow(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone data")
	}
	cases := []struct {
		name string
		at   time.Time
		in   domain.SessionInput
		want error
	}{
		{"first minute of the first day", time.Date(2026, 3, 1, 0, 0, 0, 0, berlin), domain.SessionInput{}, ok},
		{"just before the first day", time.Date(2026, 2, 28, 23, 59, 0, 0, berlin), domain.SessionInput{}, domain.ErrInvalid},
		{"last minute of the last day", time.Date(2026, 6, 30, 23, 59, 0, 0, berlin), domain.SessionInput{}, ok},
		{"the day after the last", time.Date(2026, 7, 1, 0, 0, 0, 0, berlin), domain.SessionInput{}, domain.ErrInvalid},
		{"logged as completed in the past", time.Date(2026, 3, 1, 10, 0, 0, 0, berlin), domain.SessionInput{Status: domain.StatusCompleted}, ok},
		{"completed in the future", time.Date(2026, 4, 1, 10, 0, 0, 0, berlin), domain.SessionInput{Status: domain.StatusCompleted}, domain.ErrInvalid},
		{"created cancelled", time.Date(2026, 4, 1, 10, 0, 0, 0, berlin), domain.SessionInput{Status: domain.StatusCancelled}, domain.ErrInvalid},
		{"overlapping the scheduled session", start.Add(96*time.Hour + 30*time.Minute), domain.SessionInput{}, domain.ErrConflict},
		{"at the time of another pair's check-in", start.Add(72 * time.Hour), domain.SessionInput{}, ok},
		{"too short", time.Date(2026, 4, 1, 10, 0, 0, 0, berlin), domain.SessionInput{DurationMinutes: 4}, domain.ErrInvalid},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			w.svc = domain.NewService(w.mem, w.clock, domain.Config{Translator: catalogue, OrgLocation: berlin})
			in := tc.in
			in.ScheduledAt = tc.at
			if in.DurationMinutes == 0 {
				in.DurationMinutes = 30
			}
			_, err := w.svc.ScheduleSession(w.ctx, w.coach, w.engagement.ID, in)
			wantKind(t, err, tc.want)
		})
	}
}
