package domain_test

import (
	"strings"
	"testing"
	"time"

	"cairn/domain"
)

// A reminder, a cancellation and their in-app notices write the meeting's
// time in the recipient's zone and, when the other participant's clock
// reads differently, add theirs as pages do: "(18:00 JST for Mona)".
func TestMailsAndNoticesNameTheOtherClock(t *testing.T) {
	w := newWorld(t)
	_, err := w.svc.UpdateOwnProfile(w.ctx, w.mentor, domain.ProfileInput{Timezone: ptr("Asia/Tokyo")})
	w.must(err)
	w.clock.Set(w.checkin.ScheduledAt.Add(-47 * time.Hour))
	if _, err := w.svc.QueueDueReminders(w.ctx); err != nil {
		t.Fatal(err)
	}
	mails := func(kind domain.OutboxKind) map[string]string {
		ms, err := w.mem.Ports().Outbox.ListOutbox(w.ctx, domain.OutboxFilter{Limit: 50})
		w.must(err)
		out := map[string]string{}
		for _, m := range ms {
			if m.Kind == kind {
				out[m.To] = m.Text
			}
		}
		return out
	}
	reminders := mails(domain.OutboxReminder)
	for to, want := range map[string]string{
		"mentee@example.org": "When:  Thu 5 Mar 2026, 09:00 UTC (UTC) (18:00 JST for Mona)\n",
		"mentor@example.org": "When:  Thu 5 Mar 2026, 18:00 JST (Asia/Tokyo) (09:00 UTC for Milo)\n",
	} {
		if !strings.Contains(reminders[to], want) {
			t.Errorf("reminder to %s lacks %q:\n%s", to, want, reminders[to])
		}
	}
	if ns := w.notices(w.mentee); len(ns) != 1 || ns[0].Body != "Thu 5 Mar 2026, 09:00 UTC (18:00 JST for Mona), 30 minutes." {
		t.Errorf("mentee's reminder notice: %+v", ns)
	}

	_, err = w.svc.UpdateCheckin(w.ctx, w.mentee, w.checkin.ID, domain.MeetingPatch{Status: ptr(domain.StatusCancelled)})
	w.must(err)
	if got, want := mails(domain.OutboxCancellation)["mentor@example.org"], "It was planned for: Thu 5 Mar 2026, 18:00 JST (Asia/Tokyo) (09:00 UTC for Milo)\n"; !strings.Contains(got, want) {
		t.Errorf("cancellation to the mentor lacks %q:\n%s", want, got)
	}
	ns := w.notices(w.mentor)
	var found bool
	for _, n := range ns {
		found = found || n.Body == "It was planned for Thu 5 Mar 2026, 18:00 JST (09:00 UTC for Milo)."
	}
	if !found {
		t.Errorf("mentor's cancellation notice: %+v", ns)
	}
}

// Across midnight the other's date is named; a reader or a person without
// a zone, and a clock that reads alike, add nothing.
func TestOtherClocks(t *testing.T) {
	at := time.Date(2026, 3, 5, 20, 0, 0, 0, time.UTC)
	people := []domain.Person{{ID: 1, Name: "Ada Reader", Timezone: "Asia/Tokyo"}, {ID: 2, Name: "Leo Brandt", Timezone: "Asia/Tokyo"},
		{ID: 3, Name: "Una Utc", Timezone: "UTC"}, {ID: 4, Name: "No Zone"}}
	got := domain.OtherClocks(at, time.UTC, 1, people)
	if len(got) != 1 || got[0] != "Fri 6 Mar, 05:00 JST for Leo" {
		t.Errorf("other clocks: %q", got)
	}
	if got := domain.OtherClocks(at, time.UTC, 2, people[2:]); got != nil {
		t.Errorf("clocks that read alike: %q", got)
	}
}
