package scheduler_test

import (
	"testing"

	"cairn/storage/storagetest"
)

// BenchmarkQueueDueReminders turns 200 due reminders into outbox messages
// and notifications (one sweep), and reports the statements it ran per
// reminder beside the time.
func BenchmarkQueueDueReminders(b *testing.B) {
	const due = 200
	for _, d := range storagetest.Dialects {
		b.Run(d, func(b *testing.B) {
			f := newFixture(b, storagetest.New(b, d))
			var statements, reminders int64
			for b.Loop() {
				b.StopTimer()
				f.clock.Set(start) // reminders are planned only while still ahead
				f.clock.Set(dueReminders(f, due))
				before := f.store.Queries()
				b.StartTimer()
				r, err := f.svc.QueueDueReminders(f.ctx)
				if err != nil || r.Queued != due {
					b.Fatalf("queued %+v, %v; want %d", r, err, due)
				}
				statements += f.store.Queries() - before
				reminders += due
			}
			b.ReportMetric(float64(statements)/float64(reminders), "statements/reminder")
		})
	}
}
