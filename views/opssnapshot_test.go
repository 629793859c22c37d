package views_test

import (
	"testing"
	"time"

	"cairn/domain"
)

// TestOpsSnapshotFollowsTheReminders: the counts the metrics read move
// with real reminders on both stores: due when their time comes, late
// five minutes on, gone into the outbox when the sweep queues them, sent
// once delivered.
func TestOpsSnapshotFollowsTheReminders(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := newMentoringFixture(t, e)
		resp, out := e.api("POST", "/api/v1/pairings", f.admin, f.pairing(f.senior, f.junior, nil))
		wantStatus(t, "pairing", resp, out, 201)
		at := e.clock.Now().Add(30 * time.Hour)
		resp, out = e.api("POST", "/api/v1/pairings/"+itoa(idOf(t, out))+"/checkins", f.juniorTok, map[string]any{
			"format": "formal", "scheduled_at": at.Format(time.RFC3339), "duration_minutes": 30})
		wantStatus(t, "schedule", resp, out, 201)
		snap := func() domain.OpsSnapshot {
			t.Helper()
			s, err := e.svc.OpsSnapshot(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		if s := snap(); s.RemindersDue != 0 || s.RemindersLate != 0 {
			t.Fatalf("before any is due: %+v", s)
		}
		e.clock.Advance(6*time.Hour + time.Minute) // the 24 h reminders are due
		s := snap()
		if s.RemindersDue == 0 || s.RemindersLate != 0 {
			t.Fatalf("a minute after they are due: %+v", s)
		}
		due := s.RemindersDue
		e.clock.Advance(domain.ReminderLateAfter)
		if s := snap(); s.RemindersDue != due || s.RemindersLate != due {
			t.Fatalf("%v later: %+v, want %d due and late", domain.ReminderLateAfter, s, due)
		}
		if _, err := e.svc.QueueDueReminders(t.Context()); err != nil {
			t.Fatal(err)
		}
		s = snap()
		if s.RemindersDue != 0 || s.RemindersLate != 0 || s.Outbox[domain.OutboxQueued] != due {
			t.Fatalf("after the sweep: %+v, want %d queued", s, due)
		}
		e.deliver()
		if s := snap(); s.Outbox[domain.OutboxQueued] != 0 || s.Outbox[domain.OutboxSent] != due || s.OutboxRetrying != 0 {
			t.Fatalf("after delivery: %+v", s)
		}
	})
}
