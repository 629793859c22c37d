package domain_test

import (
	"fmt"
	"testing"
	"time"

	"cairn/domain"
)

// TestBigSweepsReclaimTheirRows: a sweep that changed a thousand rows or
// more asks the database to reclaim them, outside any transaction (the
// fake refuses inside one, as VACUUM does); a smaller one does not.
func TestBigSweepsReclaimTheirRows(t *testing.T) {
	w := newWorld(t)
	queue := func(n int) {
		ms := make([]*domain.OutboxMessage, n)
		for i := range ms {
			ms[i] = &domain.OutboxMessage{Kind: domain.OutboxReminder, To: "mentee@example.org", Subject: "s", Text: "t",
				MessageID: fmt.Sprintf("<%d.%d@cairn.test>", n, i), State: domain.OutboxQueued, NextAttemptAt: w.clock.Now(),
				CreatedAt: w.clock.Now()}
		}
		w.must(w.mem.Ports().Outbox.EnqueueMails(w.ctx, ms))
	}
	queue(999)
	if run, err := w.svc.DeliverOutbox(w.ctx); err != nil || run.Sent != 999 || w.mem.Reclaimed("outbox") != 0 {
		t.Fatalf("999 sent: %+v %v, reclaimed %d times, want none", run, err, w.mem.Reclaimed("outbox"))
	}
	queue(1000)
	if run, err := w.svc.DeliverOutbox(w.ctx); err != nil || run.Sent != 1000 || w.mem.Reclaimed("outbox") != 1 {
		t.Fatalf("1,000 sent: %+v %v, reclaimed %d times, want once", run, err, w.mem.Reclaimed("outbox"))
	}

	// A thousand reminders of the check-in fall due at once: the shortest
	// goes out, the rest are missed.
	due := w.checkin.ScheduledAt.Add(-time.Hour)
	rs := make([]domain.Reminder, 1000)
	for i := range rs {
		rs[i] = domain.Reminder{MeetingID: w.checkin.ID, Offset: time.Duration(i+2) * time.Hour,
			RecipientID: w.mentee.Person.ID, DueAt: due, State: domain.ReminderPending, UpdatedAt: due}
	}
	w.must(w.mem.Ports().Reminders.UpsertReminders(w.ctx, rs))
	w.clock.Set(due)
	if run, err := w.svc.QueueDueReminders(w.ctx); err != nil || run.Queued+run.Missed < 1000 || w.mem.Reclaimed("reminders") != 1 {
		t.Fatalf("1,000 due: %+v %v, reclaimed %d times, want once", run, err, w.mem.Reclaimed("reminders"))
	}
	if run, err := w.svc.QueueDueReminders(w.ctx); err != nil || w.mem.Reclaimed("reminders") != 1 {
		t.Fatalf("none due: %+v %v, reclaimed %d times, want still once", run, err, w.mem.Reclaimed("reminders"))
	}
}
