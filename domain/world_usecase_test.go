package domain_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"cairn/domain"
	"cairn/domain/domaintest"
)

// start is a Monday morning; the fixture's meetings lie just after it.
var start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// world is one organisation in memory: an admin, a mentoring pairing
// (mentor, mentee), a coaching engagement (an external coach and a
// coachee), an outsider in neither, and one scheduled meeting of each kind.
type world struct {
	t     *testing.T
	ctx   context.Context
	mem   *domaintest.Memory
	clock *domain.FixedClock
	svc   *domain.Service

	admin, mentor, mentee, coach, coachee, outsider domain.Actor

	mentoring, coaching domain.Programme
	pairing             domain.Pairing
	engagement          domain.Engagement
	checkin, session    domain.Meeting
}

// reminderOffsets are the world's reminder offsets: not the defaults, so a
// test sees they come from the configuration.
var reminderOffsets = []time.Duration{48 * time.Hour, 2 * time.Hour}

// newWorldWith is a new world changed by setup, if given, as a table case
// needs it.
func newWorldWith(t *testing.T, setup func(w *world)) *world {
	t.Helper()
	w := newWorld(t)
	if setup != nil {
		setup(w)
	}
	return w
}

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{t: t, ctx: context.Background(), mem: domaintest.NewMemory(), clock: domain.NewFixedClock(start)}
	w.svc = domain.NewService(w.mem, w.clock, domain.Config{Translator: catalogue, Languages: catalogue.Tags(), BaseURL: "https://cairn.test",
		PasswordParams: domain.PasswordParams{Memory: 8, Time: 1, Threads: 1}, ReminderOffsets: reminderOffsets,
		IdentityCacheTTL: -1})
	w.svc.EnableNotifications(domain.NotifyConfig{BaseURL: "https://cairn.test", Mailer: discard{}})
	admin, err := w.svc.CreateAdmin(w.ctx, "admin@example.org", "Ada Admin", "correct horse battery")
	w.must(err)
	w.admin = domain.Actor{Person: admin}
	w.mentor = w.person("Mona Mentor", "mentor@example.org", 7, false)
	w.mentee = w.person("Milo Mentee", "mentee@example.org", 3, false)
	w.coach = w.person("Cora Coach", "coach@example.net", 5, true)
	w.coachee = w.person("Cody Coachee", "coachee@example.org", 4, false)
	w.outsider = w.person("Otto Outsider", "outsider@example.org", 5, false)
	w.mentoring = w.programme("Mentoring 2026", domain.KindMentoring)
	w.coaching = w.programme("Coaching 2026", domain.KindCoaching)
	w.pairing, err = w.svc.CreatePairing(w.ctx, w.admin, domain.PairingInput{ProgrammeID: w.mentoring.ID,
		MentorID: w.mentor.Person.ID, MenteeID: w.mentee.Person.ID})
	w.must(err)
	w.engagement, err = w.svc.CreateEngagement(w.ctx, w.admin, domain.EngagementInput{ProgrammeID: w.coaching.ID,
		CoachID: w.coach.Person.ID, CoacheeID: w.coachee.Person.ID, Goal: domain.Goal{Title: "Lead the team", Area: domain.AreaWork},
		StartsOn: domain.NewDate(2026, 3, 1), EndsOn: domain.NewDate(2026, 6, 30), PlannedSessions: 6})
	w.must(err)
	w.checkin, err = w.svc.CreateCheckin(w.ctx, w.mentee, w.pairing.ID, domain.CheckinInput{Format: domain.FormatFormal,
		ScheduledAt: start.Add(72 * time.Hour), DurationMinutes: 30, Agenda: "goals", Notes: "shared"})
	w.must(err)
	w.session, err = w.svc.ScheduleSession(w.ctx, w.coachee, w.engagement.ID, domain.SessionInput{
		ScheduledAt: start.Add(96 * time.Hour), DurationMinutes: 60, Notes: "shared"})
	w.must(err)
	return w
}

func (w *world) must(err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) person(name, email string, seniority int, external bool) domain.Actor {
	w.t.Helper()
	p, err := w.svc.CreatePerson(w.ctx, w.admin, domain.PersonInput{Name: name, Email: email, Seniority: seniority,
		External: external, Password: "correct horse battery"})
	w.must(err)
	return domain.Actor{Person: p}
}

func (w *world) programme(name string, kind domain.ProgrammeKind) domain.Programme {
	w.t.Helper()
	p, err := w.svc.CreateProgramme(w.ctx, w.admin, domain.Programme{Name: name, Kind: kind,
		StartsOn: domain.NewDate(2026, 1, 1), EndsOn: domain.NewDate(2026, 12, 31)})
	w.must(err)
	return p
}

// reminders reads a meeting's reminder rows from the fake's store.
func (w *world) reminders(meetingID int64) []domain.Reminder {
	w.t.Helper()
	rs, err := w.mem.Ports().Reminders.RemindersOfMeeting(w.ctx, meetingID)
	w.must(err)
	return rs
}

// discard is a mailer that accepts everything.
type discard struct{}

func (discard) Send(context.Context, domain.Mail) error { return nil }

// kindOf names an error's kind for messages: nil, or the sentinel it wraps.
func kindOf(err error) string {
	for _, k := range []error{domain.ErrNotFound, domain.ErrForbidden, domain.ErrConflict, domain.ErrInvalid,
		domain.ErrUnauthorized, domain.ErrRateLimited} {
		if errors.Is(err, k) {
			return k.Error()
		}
	}
	if err == nil {
		return "nil"
	}
	return "unexpected: " + err.Error()
}

// wantKind fails unless err is of the wanted kind (nil for success).
func wantKind(t *testing.T, err, want error) {
	t.Helper()
	if (want == nil && err != nil) || (want != nil && !errors.Is(err, want)) {
		t.Errorf("got %s (%v), want %s", kindOf(err), err, kindOf(want))
	}
}

func ptr[T any](v T) *T { return &v }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func trim(s string) string { return strings.TrimSpace(s) }

func isKind(err, kind error) bool { return errors.Is(err, kind) }
