package domain

import (
	"testing"
)

func TestDeadlineOn(t *testing.T) {
	e := Engagement{StartsOn: NewDate(2026, 3, 1), EndsOn: NewDate(2026, 6, 30), Status: EngagementActive}
	cases := []struct {
		name   string
		today  Date
		status EngagementStatus
		warn   int
		want   DeadlineStatus
	}{
		{"before the start", NewDate(2026, 2, 1), EngagementActive, 14, DeadlineOnTrack},
		{"15 days before the end", NewDate(2026, 6, 15), EngagementActive, 14, DeadlineOnTrack},
		{"14 days before the end", NewDate(2026, 6, 16), EngagementActive, 14, DeadlineDueSoon},
		{"10 days before the end", NewDate(2026, 6, 20), EngagementActive, 14, DeadlineDueSoon},
		{"on the end date", NewDate(2026, 6, 30), EngagementActive, 14, DeadlineDueSoon},
		{"the day after", NewDate(2026, 7, 1), EngagementActive, 14, DeadlineOverdue},
		{"a narrower window", NewDate(2026, 6, 20), EngagementActive, 7, DeadlineOnTrack},
		{"completed, past the end", NewDate(2026, 8, 1), EngagementCompleted, 14, DeadlineClosed},
		{"cancelled, before the end", NewDate(2026, 4, 1), EngagementCancelled, 14, DeadlineClosed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := e
			e.Status = c.status
			if got := e.DeadlineOn(c.today, c.warn); got != c.want {
				t.Errorf("DeadlineOn(%s) = %s, want %s", c.today, got, c.want)
			}
		})
	}
}

func TestTimeUsedAndSessionsDone(t *testing.T) {
	e := Engagement{StartsOn: NewDate(2026, 1, 1), EndsOn: NewDate(2026, 1, 11), PlannedSessions: 4, SessionsCompleted: 1}
	cases := []struct {
		today Date
		want  int
	}{{NewDate(2025, 12, 1), 0}, {NewDate(2026, 1, 1), 0}, {NewDate(2026, 1, 6), 50}, {NewDate(2026, 1, 11), 100}, {NewDate(2026, 3, 1), 100}}
	for _, c := range cases {
		t.Run(c.today.String(), func(t *testing.T) {
			if got := e.TimeUsedPercent(c.today); got != c.want {
				t.Errorf("TimeUsedPercent = %d, want %d", got, c.want)
			}
		})
	}
	if got := e.SessionsDonePercent(); got != 25 {
		t.Errorf("SessionsDonePercent = %d, want 25", got)
	}
	e.SessionsCompleted = 9
	if got := e.SessionsDonePercent(); got != 100 {
		t.Errorf("SessionsDonePercent over plan = %d, want 100", got)
	}
}

func TestEngagementValidate(t *testing.T) {
	ok := Engagement{ProgrammeID: 1, CoachID: 1, CoacheeID: 2, Goal: Goal{Title: "Lead a team", Area: AreaWork},
		StartsOn: NewDate(2026, 3, 1), EndsOn: NewDate(2026, 6, 30), PlannedSessions: 6}
	if err := ok.validate(); err != nil {
		t.Fatalf("valid engagement: %v", err)
	}
	cases := []struct {
		name  string
		edit  func(*Engagement)
		field string
	}{
		{"coach is coachee", func(e *Engagement) { e.CoacheeID = e.CoachID }, "coachee_id"},
		{"ends before start", func(e *Engagement) { e.EndsOn = NewDate(2026, 2, 1) }, "ends_on"},
		{"ends on start", func(e *Engagement) { e.EndsOn = e.StartsOn }, "ends_on"},
		{"no end", func(e *Engagement) { e.EndsOn = Date{} }, "ends_on"},
		{"no start", func(e *Engagement) { e.StartsOn = Date{} }, "starts_on"},
		{"no goal title", func(e *Engagement) { e.Goal.Title = "" }, "goal.title"},
		{"bad area", func(e *Engagement) { e.Goal.Area = "hobby" }, "goal.area"},
		{"no sessions", func(e *Engagement) { e.PlannedSessions = 0 }, "planned_sessions"},
		{"too many sessions", func(e *Engagement) { e.PlannedSessions = 101 }, "planned_sessions"},
		{"progress over 100", func(e *Engagement) { e.ProgressPercent = 101 }, "progress_percent"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := ok
			c.edit(&e)
			if f := FieldErrors(e.validate()); f[c.field] == "" {
				t.Errorf("no error on %s: %v", c.field, f)
			}
		})
	}
}
