package domain

import (
	"errors"
	"testing"
	"time"
)

func TestValidatePairing(t *testing.T) {
	two := 2
	prog := Programme{ID: 1, Kind: KindMentoring}
	mentor := Person{ID: 10, Name: "Ada", Seniority: 8, Active: true, MaxMentees: &two}
	mentee := Person{ID: 20, Name: "Leo", Seniority: 3, Active: true}
	ok := Pairing{ProgrammeID: 1, MentorID: 10, MenteeID: 20, StartedOn: NewDate(2026, 1, 5), Status: PairingActive, CheckinCadenceDays: 14}
	for _, c := range []struct {
		name     string
		change   func(p *Pairing, prog *Programme, mentor, mentee *Person, open *int)
		conflict bool // a 409 (capacity) rather than a 422
		valid    bool
	}{
		{"valid", func(*Pairing, *Programme, *Person, *Person, *int) {}, false, true},
		{"not more senior", func(_ *Pairing, _ *Programme, m, _ *Person, _ *int) { m.Seniority = 3 }, false, false},
		{"not more senior, with a reason", func(p *Pairing, _ *Programme, m, _ *Person, _ *int) {
			m.Seniority, p.SeniorityOverrideReason = 3, "peer mentoring"
		}, false, true},
		{"less senior, where any level mentors", func(_ *Pairing, pr *Programme, m, _ *Person, _ *int) {
			m.Seniority, pr.MentorSeniority = 2, MentorAnyLevel
		}, false, true},
		{"mentor full", func(_ *Pairing, _ *Programme, _, _ *Person, open *int) { *open = 2 }, true, false},
		{"mentor full, with a reason", func(p *Pairing, _ *Programme, _, _ *Person, open *int) {
			*open, p.CapacityOverrideReason = 2, "one more for the pilot"
		}, false, true},
		{"inactive mentee", func(_ *Pairing, _ *Programme, _, e *Person, _ *int) { e.Active = false }, false, false},
		{"one person twice", func(p *Pairing, _ *Programme, _, _ *Person, _ *int) { p.MenteeID = 10 }, false, false},
		{"coaching programme", func(_ *Pairing, pr *Programme, _, _ *Person, _ *int) { pr.Kind = KindCoaching }, false, false},
		{"cadence out of range", func(p *Pairing, _ *Programme, _, _ *Person, _ *int) { p.CheckinCadenceDays = 0 }, false, false},
		{"ended without an end date", func(p *Pairing, _ *Programme, _, _ *Person, _ *int) { p.Status = PairingEnded }, false, false},
		{"ended after it started", func(p *Pairing, _ *Programme, _, _ *Person, _ *int) {
			p.Status, p.EndedOn = PairingEnded, NewDate(2026, 2, 1)
		}, false, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, pr, m, e, open := ok, prog, mentor, mentee, 1
			c.change(&p, &pr, &m, &e, &open)
			err := ValidatePairing(p, pr, m, e, open)
			if c.valid != (err == nil) {
				t.Fatalf("valid %v, got %v", c.valid, err)
			}
			if !c.valid && errors.Is(err, ErrConflict) != c.conflict {
				t.Errorf("conflict %v, got %v", c.conflict, err)
			}
		})
	}
}

func TestValidateEngagement(t *testing.T) {
	one := 1
	prog := Programme{ID: 2, Kind: KindCoaching}
	coach := Person{ID: 10, Name: "Dana", Active: true, External: true, MaxCoachees: &one}
	coachee := Person{ID: 20, Name: "Ines", Active: true}
	ok := Engagement{ProgrammeID: 2, CoachID: 10, CoacheeID: 20, Goal: Goal{Title: "Delegate", Area: AreaWork},
		StartsOn: NewDate(2026, 1, 1), EndsOn: NewDate(2026, 6, 30), PlannedSessions: 6, Status: EngagementActive}
	for _, c := range []struct {
		name   string
		change func(e *Engagement, pr *Programme, open *int)
		valid  bool
	}{
		{"valid", func(*Engagement, *Programme, *int) {}, true},
		{"coach full", func(_ *Engagement, _ *Programme, open *int) { *open = 1 }, false},
		{"coach full, with a reason", func(e *Engagement, _ *Programme, open *int) { *open, e.CapacityOverrideReason = 1, "pilot" }, true},
		{"ends before it starts", func(e *Engagement, _ *Programme, _ *int) { e.EndsOn = NewDate(2025, 12, 1) }, false},
		{"no planned sessions", func(e *Engagement, _ *Programme, _ *int) { e.PlannedSessions = 0 }, false},
		{"mentoring programme", func(_ *Engagement, pr *Programme, _ *int) { pr.Kind = KindMentoring }, false},
		{"coach is coachee", func(e *Engagement, _ *Programme, _ *int) { e.CoacheeID = 10 }, false},
		{"completed without outcome", func(e *Engagement, _ *Programme, _ *int) { e.Status = EngagementCompleted }, false},
		{"completed, achieved", func(e *Engagement, _ *Programme, _ *int) { e.Status, e.Outcome = EngagementCompleted, OutcomeAchieved }, true},
		{"cancelled without reason", func(e *Engagement, _ *Programme, _ *int) { e.Status = EngagementCancelled }, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			e, pr, open := ok, prog, 0
			c.change(&e, &pr, &open)
			if err := ValidateEngagement(e, pr, coach, coachee, open); c.valid != (err == nil) {
				t.Errorf("valid %v, got %v", c.valid, err)
			}
		})
	}
}

func TestValidateMeeting(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	pa := &Pairing{ID: 1, MentorID: 10, MenteeID: 20}
	en := &Engagement{ID: 2, CoachID: 30, CoacheeID: 20, StartsOn: NewDate(2026, 3, 1), EndsOn: NewDate(2026, 3, 31)}
	checkin := Meeting{Kind: MeetingCheckin, PairingID: &pa.ID, LeaderID: 10, LearnerID: 20, Format: FormatFormal,
		ScheduledAt: time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC), DurationMinutes: 30, Status: StatusScheduled}
	session := Meeting{Kind: MeetingSession, EngagementID: &en.ID, LeaderID: 30, LearnerID: 20, Format: FormatFormal,
		ScheduledAt: time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC), DurationMinutes: 60, Status: StatusCompleted}
	for _, c := range []struct {
		name   string
		m      Meeting
		change func(m *Meeting)
		valid  bool
	}{
		{"check-in", checkin, func(*Meeting) {}, true},
		{"informal, completed", checkin, func(m *Meeting) { m.Format, m.Status = FormatInformal, StatusCompleted }, true},
		{"informal, scheduled", checkin, func(m *Meeting) { m.Format = FormatInformal }, false},
		{"check-in no-show", checkin, func(m *Meeting) { m.Status = StatusNoShow }, false},
		{"mentee leads", checkin, func(m *Meeting) { m.LeaderID, m.LearnerID = 20, 10 }, false},
		{"too short", checkin, func(m *Meeting) { m.DurationMinutes = 4 }, false},
		{"session", session, func(*Meeting) {}, true},
		{"session no-show", session, func(m *Meeting) { m.Status = StatusNoShow }, true},
		{"session informal", session, func(m *Meeting) { m.Format = FormatInformal }, false},
		// 23:30 UTC on 31 March is 01:30 on 1 April in Berlin: after the last day.
		{"session after the end, in the org's zone", session, func(m *Meeting) {
			m.ScheduledAt = time.Date(2026, 3, 31, 23, 30, 0, 0, time.UTC)
		}, false},
		{"session on the last day", session, func(m *Meeting) { m.ScheduledAt = time.Date(2026, 3, 31, 20, 0, 0, 0, time.UTC) }, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := c.m
			c.change(&m)
			var p, e = pa, en
			if m.Kind == MeetingCheckin {
				e = nil
			} else {
				p = nil
			}
			if err := ValidateMeeting(m, p, e, berlin); c.valid != (err == nil) {
				t.Errorf("valid %v, got %v", c.valid, err)
			}
		})
	}
}

func TestMeetingsOverlap(t *testing.T) {
	at := time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC)
	a := Meeting{ID: 1, LeaderID: 1, LearnerID: 2, ScheduledAt: at, DurationMinutes: 60, Status: StatusScheduled}
	for _, c := range []struct {
		name string
		b    Meeting
		want bool
	}{
		{"same person, intersecting", Meeting{ID: 2, LeaderID: 3, LearnerID: 2, ScheduledAt: at.Add(30 * time.Minute), DurationMinutes: 30, Status: StatusScheduled}, true},
		{"back to back", Meeting{ID: 2, LeaderID: 1, LearnerID: 3, ScheduledAt: at.Add(time.Hour), DurationMinutes: 30, Status: StatusScheduled}, false},
		{"other people", Meeting{ID: 2, LeaderID: 3, LearnerID: 4, ScheduledAt: at, DurationMinutes: 30, Status: StatusScheduled}, false},
		{"cancelled", Meeting{ID: 2, LeaderID: 1, LearnerID: 3, ScheduledAt: at, DurationMinutes: 30, Status: StatusCancelled}, false},
		{"itself", a, false},
	} {
		if got := a.Overlaps(c.b); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
