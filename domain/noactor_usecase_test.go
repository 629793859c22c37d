package domain_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"cairn/domain"
)

// lastSegment is the token at the end of a link.
func lastSegment(link string) string {
	return strings.TrimSuffix(link[strings.LastIndex(link, "/")+1:], ".ics")
}

var actionLinkRe = regexp.MustCompile(`We met:\s+(\S+)`)

// TestNoActorUseCases runs the use cases that take no actor, each with
// its credential right and wrong.
func TestNoActorUseCases(t *testing.T) {
	cases := []struct {
		method string
		name   string
		call   func(w *world) error
		want   error
	}{
		{"Authenticate", "right password", func(w *world) error {
			return errOnly(w.svc.Authenticate(w.ctx, "mentee@example.org", "correct horse battery"))
		}, ok},
		{"Authenticate", "wrong password", func(w *world) error {
			return errOnly(w.svc.Authenticate(w.ctx, "mentee@example.org", "wrong horse battery"))
		}, domain.ErrUnauthorized},
		{"Authenticate", "deactivated", func(w *world) error {
			_, err := w.svc.UpdatePerson(w.ctx, w.admin, w.mentee.Person.ID, domain.PersonPatch{Active: ptr(false)})
			w.must(err)
			return errOnly(w.svc.Authenticate(w.ctx, "mentee@example.org", "correct horse battery"))
		}, domain.ErrUnauthorized},
		{"ActorFromSession", "expired session", func(w *world) error {
			secret, _, err := w.svc.StartSession(w.ctx, w.mentee.Person)
			w.must(err)
			w.clock.Advance(15 * 24 * time.Hour)
			return errOnly(w.svc.ActorFromSession(w.ctx, secret))
		}, domain.ErrUnauthorized},
		{"ActorFromToken", "revoked token", func(w *world) error {
			secret, tok, err := w.svc.IssueAPIToken(w.ctx, w.mentee.Person, "cli")
			w.must(err)
			w.must(w.svc.RevokeOwnAPIToken(w.ctx, w.mentee, tok.ID))
			return errOnly(w.svc.ActorFromToken(w.ctx, secret))
		}, domain.ErrUnauthorized},
		{"CalendarFeedICS", "own feed", func(w *world) error {
			url, err := w.svc.CalendarURL(w.ctx, w.mentee)
			w.must(err)
			ics, err := w.svc.CalendarFeedICS(w.ctx, lastSegment(url))
			uid, uerr := w.svc.MeetingUID(w.ctx, w.checkin.ID)
			w.must(uerr)
			if err == nil && !strings.Contains(ics, uid) {
				t.Errorf("the feed lacks the check-in:\n%s", ics)
			}
			return err
		}, ok},
		{"CalendarFeedICS", "rotated away", func(w *world) error {
			url, err := w.svc.CalendarURL(w.ctx, w.mentee)
			w.must(err)
			_, err = w.svc.RotateCalendarURL(w.ctx, w.mentee)
			w.must(err)
			return errOnly(w.svc.CalendarFeedICS(w.ctx, lastSegment(url)))
		}, domain.ErrNotFound},
		{"RequestPasswordReset", "unknown address answers the same", func(w *world) error {
			return w.svc.RequestPasswordReset(w.ctx, "nobody@example.org")
		}, ok},
		{"RequestPasswordReset", "known address", func(w *world) error {
			return w.svc.RequestPasswordReset(w.ctx, "mentee@example.org")
		}, ok},
		{"CheckPasswordLink", "invitation", func(w *world) error {
			link, _, err := w.svc.InvitePerson(w.ctx, w.admin, w.mentee.Person.ID)
			w.must(err)
			return errOnly(w.svc.CheckPasswordLink(w.ctx, domain.LinkInvite, lastSegment(link)))
		}, ok},
		{"UsePasswordLink", "twice", func(w *world) error {
			link, _, err := w.svc.InvitePerson(w.ctx, w.admin, w.mentee.Person.ID)
			w.must(err)
			_, err = w.svc.UsePasswordLink(w.ctx, domain.LinkInvite, lastSegment(link), "a brand new password", "Europe/Paris")
			w.must(err)
			return errOnly(w.svc.UsePasswordLink(w.ctx, domain.LinkInvite, lastSegment(link), "another new password", "Europe/Paris"))
		}, domain.ErrConflict},
		{"CheckActionLink", "from a reminder", func(w *world) error {
			return errOnly(w.svc.CheckActionLink(w.ctx, w.metLink()))
		}, ok},
		{"UseActionLink", "we met, after the meeting", func(w *world) error {
			token := w.metLink()
			w.clock.Set(w.checkin.EndsAt())
			v, err := w.svc.UseActionLink(w.ctx, token)
			if err == nil && v.Meeting.Status != domain.StatusCompleted {
				t.Errorf("view of the link: %+v", v)
			}
			if m, _ := w.svc.GetCheckin(w.ctx, w.mentor, w.checkin.ID); m.Status != domain.StatusCompleted {
				t.Errorf("check-in is %s after the link, want completed", m.Status)
			}
			return err
		}, ok},
		{"UseActionLink", "we met, before the meeting gives the link back", func(w *world) error {
			token := w.metLink()
			_, err := w.svc.UseActionLink(w.ctx, token)
			if _, cerr := w.svc.CheckActionLink(w.ctx, token); cerr != nil {
				t.Errorf("the link was not given back: %v", cerr)
			}
			return err
		}, domain.ErrInvalid},
		{"SweepFlags", "runs", func(w *world) error {
			w.clock.Advance(60 * 24 * time.Hour)
			run, err := w.svc.SweepFlags(w.ctx)
			if err == nil && run.Raised == 0 {
				t.Errorf("no flag raised for a pairing quiet for 60 days: %+v", run)
			}
			return err
		}, ok},
		{"DeliverOutbox", "sends a queued notice", func(w *world) error {
			_, err := w.svc.UpdateCheckin(w.ctx, w.mentee, w.checkin.ID, domain.MeetingPatch{Status: ptr(domain.StatusCancelled)})
			w.must(err)
			run, err := w.svc.DeliverOutbox(w.ctx)
			if err == nil && run.Sent != 2 {
				t.Errorf("delivered %+v, want the 2 cancellation notices sent", run)
			}
			return err
		}, ok},
		{"QueueDueReminders", "queues the due ones", func(w *world) error {
			w.clock.Set(w.checkin.ScheduledAt.Add(-47 * time.Hour))
			run, err := w.svc.QueueDueReminders(w.ctx)
			if err == nil && run.Queued != 2 {
				t.Errorf("queued %+v, want 2", run)
			}
			return err
		}, ok},
		{"PlanRemindersForLoaded", "idempotent", func(w *world) error {
			n, err := w.svc.PlanRemindersForLoaded(w.ctx, w.mem.Ports(), []domain.Meeting{w.checkin, w.session})
			if err == nil && (n != 2 || len(w.reminders(w.checkin.ID)) != 4) {
				t.Errorf("planned %d meetings, rows %v", n, w.reminders(w.checkin.ID))
			}
			return err
		}, ok},
		{"PlanRemindersForLoaded", "rows for the formal meetings still ahead", func(w *world) error {
			past, informal, cancelled, soon := w.checkin, w.checkin, w.checkin, w.checkin
			past.ID, past.ScheduledAt = 901, w.clock.Now().Add(-time.Hour)
			informal.ID, informal.Format = 902, domain.FormatInformal
			cancelled.ID, cancelled.Status = 903, domain.StatusCancelled
			soon.ID, soon.ScheduledAt = 904, w.clock.Now().Add(3*time.Hour) // the 48-hour reminder is past
			n, err := w.svc.PlanRemindersForLoaded(w.ctx, w.mem.Ports(), []domain.Meeting{past, informal, cancelled, soon})
			if err == nil && n != 2 {
				t.Errorf("%d meetings ahead, want 2", n)
			}
			for id, want := range map[int64]int{901: 0, 902: 0, 903: 0, 904: 2} {
				if got := w.reminders(id); len(got) != want {
					t.Errorf("meeting %d: rows %v, want %d", id, got, want)
				}
			}
			return err
		}, ok},
		{"EnsureFirstAdmin", "an admin exists", func(w *world) error {
			created, _, err := w.svc.EnsureFirstAdmin(w.ctx, "", "")
			if created {
				t.Error("made a second first admin")
			}
			return err
		}, ok},
		{"CreateAdmin", "taken email", func(w *world) error {
			return errOnly(w.svc.CreateAdmin(w.ctx, "mentee@example.org", "Milo", "correct horse battery"))
		}, domain.ErrConflict},
		{"Ping", "answers", func(w *world) error { return w.svc.Ping(w.ctx) }, ok},
	}
	for _, tc := range cases {
		t.Run(tc.method+"/"+tc.name, func(t *testing.T) {
			if _, listed := noActorMethods[tc.method]; !listed {
				t.Fatalf("%s is not in noActorMethods", tc.method)
			}
			w := newWorld(t)
			wantKind(t, tc.call(w), tc.want)
		})
	}
}

// metLink queues the check-in's first reminders and returns the mentor's
// "we met" token from the mail.
func (w *world) metLink() string {
	w.t.Helper()
	w.clock.Set(w.checkin.ScheduledAt.Add(-47 * time.Hour))
	_, err := w.svc.QueueDueReminders(w.ctx)
	w.must(err)
	msgs, err := w.mem.Ports().Outbox.ListOutbox(w.ctx, domain.OutboxFilter{State: domain.OutboxQueued, Limit: 10})
	w.must(err)
	for _, m := range msgs {
		if m.Kind == domain.OutboxReminder && *m.RecipientID == w.mentor.Person.ID {
			if got := actionLinkRe.FindStringSubmatch(m.Text); got != nil {
				return lastSegment(got[1])
			}
		}
	}
	w.t.Fatal("no reminder with a link for the mentor")
	return ""
}
