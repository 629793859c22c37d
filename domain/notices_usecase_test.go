package domain_test

import (
	"strings"
	"testing"
	"time"

	"cairn/domain"
)

// notices lists a person's in-app notifications, newest first.
func (w *world) notices(a domain.Actor) []domain.Notification {
	w.t.Helper()
	ns, err := w.svc.ListNotifications(w.ctx, a, 50, 0)
	w.must(err)
	return ns
}

// emailText are the words that belong in an email, never on the screen.
var emailText = []string{"Hello", "-- Cairn", "http://", "https://", "attached", "\n"}

func screenText(t *testing.T, n domain.Notification) {
	t.Helper()
	for _, bad := range emailText {
		if strings.Contains(n.Subject, bad) || strings.Contains(n.Body, bad) {
			t.Errorf("notification carries email text %q: %q / %q", bad, n.Subject, n.Body)
		}
	}
	if !strings.HasPrefix(n.Link, "/") {
		t.Errorf("notification link %q is not a path on this site", n.Link)
	}
}

// Nobody is notified of their own action: the coach who cancels a session
// gets no in-app notice, the coachee one that names the coach; when an
// admin's action cancels meetings, both participants hear of it.
func TestNobodyIsNotifiedOfTheirOwnAction(t *testing.T) {
	t.Run("the coach cancels", func(t *testing.T) {
		w := newWorld(t)
		_, err := w.svc.UpdateSession(w.ctx, w.coach, w.session.ID, domain.MeetingPatch{Status: ptr(domain.StatusCancelled)})
		w.must(err)
		if ns := w.notices(w.coach); len(ns) != 0 {
			t.Errorf("the coach was notified of her own cancellation: %+v", ns)
		}
		ns := w.notices(w.coachee)
		if len(ns) != 1 {
			t.Fatalf("coachee's notices: %+v", ns)
		}
		n := ns[0]
		screenText(t, n)
		if n.Kind != "cancellation" || n.Subject != "Cora Coach cancelled your session" ||
			n.Body != "It was planned for Fri 6 Mar 2026, 09:00 UTC." || n.Link != "/sessions/"+itoa(w.session.ID) {
			t.Errorf("coachee's notice: %+v", n)
		}
		// The email still goes to both: it takes the event out of each calendar.
		ms, err := w.mem.Ports().Outbox.ListOutbox(w.ctx, domain.OutboxFilter{Limit: 10})
		w.must(err)
		if len(ms) != 2 {
			t.Errorf("%d cancellation emails, want 2", len(ms))
		}
	})
	t.Run("the mentee cancels", func(t *testing.T) {
		w := newWorld(t)
		_, err := w.svc.UpdateCheckin(w.ctx, w.mentee, w.checkin.ID, domain.MeetingPatch{Status: ptr(domain.StatusCancelled)})
		w.must(err)
		if ns := w.notices(w.mentee); len(ns) != 0 {
			t.Errorf("the mentee was notified of her own cancellation: %+v", ns)
		}
		if ns := w.notices(w.mentor); len(ns) != 1 || ns[0].Subject != "Milo Mentee cancelled your check-in" {
			t.Errorf("mentor's notices: %+v", ns)
		}
	})
	t.Run("an admin cancels the engagement", func(t *testing.T) {
		w := newWorld(t)
		_, err := w.svc.CancelEngagement(w.ctx, w.admin, w.engagement.ID, "The coachee moved on")
		w.must(err)
		for _, a := range []domain.Actor{w.coach, w.coachee} {
			ns := w.notices(a)
			if len(ns) != 1 || !strings.HasPrefix(ns[0].Subject, "Your session with ") || !strings.HasSuffix(ns[0].Subject, " was cancelled") {
				t.Errorf("%s's notices: %+v", a.Person.Name, ns)
				continue
			}
			screenText(t, ns[0])
		}
		if ns := w.notices(w.admin); len(ns) != 0 {
			t.Errorf("the admin was notified of her own action: %+v", ns)
		}
	})
}

// A reminder's in-app notice is a short line for the screen.
func TestReminderNoticeIsWrittenForTheScreen(t *testing.T) {
	w := newWorld(t)
	w.clock.Set(w.checkin.ScheduledAt.Add(-47 * time.Hour))
	if _, err := w.svc.QueueDueReminders(w.ctx); err != nil {
		t.Fatal(err)
	}
	ns := w.notices(w.mentee)
	if len(ns) != 1 {
		t.Fatalf("mentee's notices: %+v", ns)
	}
	n := ns[0]
	screenText(t, n)
	if n.Subject != "Check-in with Mona Mentor in 48 hours" || n.Body != "Thu 5 Mar 2026, 09:00 UTC, 30 minutes." ||
		n.Link != "/checkins/"+itoa(w.checkin.ID) {
		t.Errorf("reminder notice: %+v", n)
	}
}

// The admins' daily flag summary names each flag's relationship by its
// people. (The quiet pairing is nudged first and flagged only after the
// grace period, so at day 60 the flag is the engagement's.)
func TestDigestNoticeNamesThePeople(t *testing.T) {
	w := newWorld(t)
	w.clock.Set(start.Add(60 * 24 * time.Hour))
	if _, err := w.svc.SweepFlags(w.ctx); err != nil {
		t.Fatal(err)
	}
	ns := w.notices(w.admin)
	if len(ns) != 1 {
		t.Fatalf("admin's notices: %+v", ns)
	}
	n := ns[0]
	screenText(t, n)
	if !strings.HasSuffix(n.Subject, " to look at") || !strings.Contains(n.Body, "Cora Coach and Cody Coachee") || n.Link != "/flags" {
		t.Errorf("digest notice: %+v", n)
	}
}
