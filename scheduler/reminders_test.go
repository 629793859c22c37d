package scheduler_test

import (
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"cairn/domain"
	"cairn/storage"
)

func TestReminderRowsFollowTheMeeting(t *testing.T) {
	each(t, func(t *testing.T, s *storage.Store) {
		f := newFixture(t, s)
		mentor, mentee := f.person("Ada Mentor", "Europe/Berlin"), f.person("Bo Mentee", "America/New_York")
		p := f.pairing(mentor, mentee, "2026-01-05", 14)
		at := start.Add(72 * time.Hour)

		m := f.checkin(p, mentor, mentee, at, domain.FormatFormal)
		rs := f.reminders(m.ID)
		if len(rs) != 4 {
			t.Fatalf("formal check-in: %d reminder rows, want 4 (2 offsets x 2 participants)", len(rs))
		}
		for _, r := range rs {
			if r.State != domain.ReminderPending || !r.DueAt.Equal(at.Add(-r.Offset)) || (r.RecipientID != mentor.ID && r.RecipientID != mentee.ID) {
				t.Errorf("row %+v", r)
			}
		}

		t.Run("informal check-ins get none", func(t *testing.T) {
			inf := f.checkin(p, mentor, mentee, at.Add(24*time.Hour), domain.FormatInformal)
			if rs := f.reminders(inf.ID); len(rs) != 0 {
				t.Errorf("informal check-in has %d reminder rows", len(rs))
			}
		})
		t.Run("an offset already past is skipped", func(t *testing.T) {
			soon := f.checkin(p, mentor, mentee, start.Add(3*time.Hour), domain.FormatFormal)
			rs := f.reminders(soon.ID)
			if len(rs) != 2 || rs[0].Offset != time.Hour || rs[1].Offset != time.Hour {
				t.Errorf("meeting in 3 h: rows %+v, want the two 1 h rows only", rs)
			}
		})
		t.Run("reschedule moves the rows", func(t *testing.T) {
			later := at.Add(48 * time.Hour)
			m = f.change(m, func(m *domain.Meeting) { m.ScheduledAt = later })
			rs := f.reminders(m.ID)
			if len(rs) != 4 {
				t.Fatalf("%d rows after the move", len(rs))
			}
			for _, r := range rs {
				if r.State != domain.ReminderPending || !r.DueAt.Equal(later.Add(-r.Offset)) {
					t.Errorf("moved row %+v", r)
				}
			}
		})
		t.Run("completing drops the unsent ones", func(t *testing.T) {
			done := f.change(m, func(m *domain.Meeting) { m.Status = domain.StatusCompleted })
			for _, r := range f.reminders(done.ID) {
				if r.State != domain.ReminderCancelled {
					t.Errorf("row after completion %+v", r)
				}
			}
			if n := len(f.outbox("")); n != 0 {
				t.Errorf("completing queued %d messages", n)
			}
		})
	})
}

func TestRescheduleSendsOnlyForTheNewTime(t *testing.T) {
	each(t, func(t *testing.T, s *storage.Store) {
		f := newFixture(t, s)
		mentor, mentee := f.person("Ada Mentor", "Europe/Berlin"), f.person("Bo Mentee", "Europe/Berlin")
		p := f.pairing(mentor, mentee, "2026-01-05", 14)
		old := time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC)
		m := f.checkin(p, mentor, mentee, old, domain.FormatFormal)

		// The 24 h reminders for the old time are queued, not yet sent,
		// when the meeting moves.
		f.clock.Set(old.Add(-24 * time.Hour))
		if r, err := f.svc.QueueDueReminders(f.ctx); err != nil || r.Queued != 2 {
			t.Fatalf("queue: %+v %v", r, err)
		}
		moved := old.Add(3 * 24 * time.Hour)
		m = f.change(m, func(m *domain.Meeting) { m.ScheduledAt = moved })
		if _, d := f.sweep(); d.Sent != 0 {
			t.Fatalf("sent %d messages for the old time", d.Sent)
		}
		f.clock.Set(old.Add(-time.Hour))
		if _, d := f.sweep(); d.Sent != 0 {
			t.Fatalf("sent %d 1 h reminders for the old time", d.Sent)
		}
		if n := len(f.smtp.messages()); n != 0 {
			t.Fatalf("%d messages reached the server for the old time", n)
		}

		for _, step := range []struct {
			at   time.Time
			want string
		}{
			{moved.Add(-24 * time.Hour), "in 24 hours"},
			{moved.Add(-time.Hour), "in 1 hour"},
		} {
			f.clock.Set(step.at.Add(-time.Second))
			if _, d := f.sweep(); d.Sent != 0 {
				t.Fatalf("a second early: sent %d", d.Sent)
			}
			before := len(f.smtp.messages())
			f.clock.Set(step.at)
			if _, d := f.sweep(); d.Sent != 2 {
				t.Fatalf("at %s: sent %d, want 2", step.at, d.Sent)
			}
			for _, got := range f.smtp.messages()[before:] {
				if got.Banner != "" {
					t.Errorf("the mail names its software: %q", got.Banner)
				}
				if !strings.Contains(got.Text, step.want) || !strings.Contains(got.Text, "Sun 8 Mar 2026, 10:00 CET (Europe/Berlin)") {
					t.Errorf("reminder text:\n%s", got.Text)
				}
				cal, ev := invite(t, got)
				if calMethod(cal) != "REQUEST" || eventProp(ev, ics.ComponentPropertySequence) != "1" {
					t.Errorf("invite method %q sequence %q", calMethod(cal), eventProp(ev, ics.ComponentPropertySequence))
				}
				if at, err := ev.GetStartAt(); err != nil || !at.Equal(moved) {
					t.Errorf("invite DTSTART %v (%v), want %v", at, err, moved)
				}
			}
		}
		if n := len(f.smtp.messages()); n != 4 {
			t.Errorf("%d messages in all, want 4", n)
		}
	})
}

func TestCancelSendsACancellationAndNoReminders(t *testing.T) {
	each(t, func(t *testing.T, s *storage.Store) {
		f := newFixture(t, s)
		coach, coachee := f.person("Cy Coach", "UTC"), f.person("Di Coachee", "Asia/Tokyo")
		e := f.engagement(coach, coachee, "2026-01-01", "2026-06-30", 6)
		at := start.Add(5 * 24 * time.Hour)
		m := f.session(e, coach, coachee, at)
		m = f.change(m, func(m *domain.Meeting) { m.Status = domain.StatusCancelled })
		if _, d := f.sweep(); d.Sent != 2 {
			t.Fatalf("cancellation: sent %d, want 2", d.Sent)
		}
		for _, got := range f.smtp.messages() {
			cal, ev := invite(t, got)
			if calMethod(cal) != "CANCEL" || !strings.Contains(got.ICSType, "method=CANCEL") {
				t.Errorf("method %q, content type %q", calMethod(cal), got.ICSType)
			}
			if uid, err := f.svc.MeetingUID(f.ctx, m.ID); err != nil || ev.Id() != uid || eventProp(ev, ics.ComponentPropertyStatus) != "CANCELLED" ||
				eventProp(ev, ics.ComponentPropertySequence) != "1" {
				t.Errorf("event: uid %q status %q sequence %q", ev.Id(), eventProp(ev, ics.ComponentPropertyStatus), eventProp(ev, ics.ComponentPropertySequence))
			}
			if !strings.HasPrefix(got.Subject, "Cancelled:") || !strings.Contains(got.Text, "http://cairn.test/sessions/") {
				t.Errorf("notice: %q\n%s", got.Subject, got.Text)
			}
		}
		for _, r := range f.reminders(m.ID) {
			if r.State != domain.ReminderCancelled {
				t.Errorf("row after cancel %+v", r)
			}
		}
		for _, when := range []time.Time{at.Add(-24 * time.Hour), at.Add(-time.Hour)} {
			f.clock.Set(when)
			if r, d := f.sweep(); r.Queued != 0 || d.Sent != 0 {
				t.Errorf("after cancel, at %s: %+v %+v", when, r, d)
			}
		}
		ns, err := f.svc.ListNotifications(f.ctx, domain.Actor{Person: coachee}, 50, 0)
		if err != nil || len(ns) != 1 || ns[0].Kind != "cancellation" {
			t.Errorf("coachee's notifications: %+v %v", ns, err)
		}
	})
}

func TestRemindersAcrossDST(t *testing.T) {
	cases := []struct {
		zone, date string
		abbrev     string
	}{
		{"Europe/Berlin", "2025-03-30", "CEST"},
		{"Europe/Berlin", "2025-10-26", "CET"},
		{"America/New_York", "2025-03-09", "EDT"},
		{"America/New_York", "2025-11-02", "EST"},
	}
	each(t, func(t *testing.T, s *storage.Store) {
		f := newFixture(t, s)
		for _, c := range cases {
			t.Run(c.zone+" "+c.date, func(t *testing.T) {
				loc, _ := time.LoadLocation(c.zone)
				day, _ := time.ParseInLocation("2006-01-02", c.date, loc)
				at := time.Date(day.Year(), day.Month(), day.Day(), 9, 0, 0, 0, loc)
				mentor, mentee := f.person("Ed Mentor", c.zone), f.person("Flo Mentee", c.zone)
				p := f.pairing(mentor, mentee, "2025-01-06", 14)
				f.clock.Set(at.Add(-72 * time.Hour))
				m := f.checkin(p, mentor, mentee, at, domain.FormatFormal)
				for _, r := range f.reminders(m.ID) {
					if got := at.Sub(r.DueAt); got != r.Offset {
						t.Errorf("%s reminder due %s before, want exactly %s", r.Offset, got, r.Offset)
					}
				}
				for _, off := range []time.Duration{24 * time.Hour, time.Hour} {
					due := at.Add(-off)
					f.clock.Set(due.Add(-time.Second))
					if _, d := f.sweep(); d.Sent != 0 {
						t.Fatalf("%s reminder went out a second early", off)
					}
					before := len(f.smtp.messages())
					f.clock.Set(due)
					if _, d := f.sweep(); d.Sent != 2 {
						t.Fatalf("%s reminder at %s: sent %d, want 2", off, due.UTC(), d.Sent)
					}
					got := f.smtp.messages()[before]
					if !strings.Contains(got.Text, "09:00 "+c.abbrev+" ("+c.zone+")") {
						t.Errorf("time not shown as 09:00 %s:\n%s", c.abbrev, got.Text)
					}
					if _, ev := invite(t, got); true {
						if s, err := ev.GetStartAt(); err != nil || !s.Equal(at) {
							t.Errorf("DTSTART %v (%v), want %v", s, err, at.UTC())
						}
					}
				}
			})
		}
	})
}

func TestRemindersAfterDowntime(t *testing.T) {
	each(t, func(t *testing.T, s *storage.Store) {
		f := newFixture(t, s)
		mentor, mentee := f.person("Gus Mentor", "UTC"), f.person("Hal Mentee", "UTC")
		p := f.pairing(mentor, mentee, "2026-01-05", 14)
		soon := f.checkin(p, mentor, mentee, start.Add(4*24*time.Hour), domain.FormatFormal)
		begun := f.checkin(p, mentor, mentee, start.Add(3*24*time.Hour), domain.FormatFormal)

		// The app was down from start until 10 minutes after "begun" began.
		f.clock.Set(begun.ScheduledAt.Add(10 * time.Minute))
		r, d := f.sweep()
		if d.Sent != 2 || r.Queued != 2 {
			t.Fatalf("after the downtime: %+v %+v, want the 2 late 24 h reminders of the coming meeting", r, d)
		}
		for _, got := range f.smtp.messages() {
			if !strings.Contains(got.Text, "is in 24 hours") || !strings.Contains(got.Text, "Fri 6 Mar 2026, 08:00 UTC") {
				t.Errorf("late reminder:\n%s", got.Text)
			}
		}
		for _, rr := range f.reminders(begun.ID) {
			if rr.State != domain.ReminderMissed {
				t.Errorf("reminder of a meeting already begun: %+v", rr)
			}
		}
		for _, rr := range f.reminders(soon.ID) {
			if want := map[time.Duration]domain.ReminderState{24 * time.Hour: domain.ReminderQueued, time.Hour: domain.ReminderPending}[rr.Offset]; rr.State != want {
				t.Errorf("coming meeting's %s reminder is %s, want %s", rr.Offset, rr.State, want)
			}
		}
	})
}

func TestQueuedReminderExpiresWhenTheMeetingBegins(t *testing.T) {
	each(t, func(t *testing.T, s *storage.Store) {
		f := newFixture(t, s)
		mentor, mentee := f.person("Ida Mentor", "UTC"), f.person("Jo Mentee", "UTC")
		p := f.pairing(mentor, mentee, "2026-01-05", 14)
		m := f.checkin(p, mentor, mentee, start.Add(48*time.Hour), domain.FormatFormal)
		f.clock.Set(m.ScheduledAt.Add(-time.Hour))
		f.smtp.failNext(451, 451)
		if _, d := f.sweep(); d.Retrying != 2 {
			t.Fatalf("first try: %+v", d)
		}
		f.clock.Set(m.ScheduledAt)
		if _, d := f.sweep(); d.Sent != 0 || d.Expired != 2 {
			t.Fatalf("once the meeting began: %+v, want 2 expired and none sent", d)
		}
		if n := len(f.outbox(domain.OutboxExpired)); n != 2 {
			t.Errorf("%d expired rows", n)
		}
	})
}
