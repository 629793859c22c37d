package scheduler_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"cairn/domain"
	"cairn/scheduler"
	"cairn/storage"
	"cairn/storage/storagetest"
)

// With the clock moved to its due date, an action item reminds its owner
// exactly once, though two instances with two workers each sweep at the
// same moment.
func TestActionItemReminderOnceAcrossInstances(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		f := newFixture(t, s)
		mentor, mentee := f.person("Mona Mentor", "Europe/Berlin"), f.person("Milo Mentee", "America/New_York")
		pairing := f.pairing(mentor, mentee, "2026-03-01", 14)
		const items = 30
		for i := range items {
			_, err := f.svc.CreateAction(f.ctx, domain.Actor{Person: mentor}, domain.SubjectPairing, pairing, domain.ActionInput{
				Title: "Read chapter " + string(rune('A'+i%26)), OwnerID: mentee.ID, DueOn: domain.NewDate(2026, 3, 9)})
			if err != nil {
				t.Fatal(err)
			}
		}
		b := domain.NewService(s, f.clock, domain.Config{Translator: catalogue, PasswordParams: cheap, OrgLocation: time.UTC})
		mailer, err := scheduler.NewMailer(f.smtp.url(), quiet)
		if err != nil {
			t.Fatal(err)
		}
		b.EnableNotifications(domain.NotifyConfig{BaseURL: "http://cairn.test", From: "cairn@cairn.test", Mailer: mailer})
		run := func() {
			t.Helper()
			var wg sync.WaitGroup
			errs := make(chan error, 4)
			for _, svc := range []*domain.Service{f.svc, b} {
				for range 2 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						if _, err := svc.QueueDueReminders(f.ctx); err != nil {
							errs <- err
						}
					}()
				}
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			if _, err := f.svc.DeliverOutbox(f.ctx); err != nil {
				t.Fatal(err)
			}
		}
		due := func() (n int) {
			for _, m := range f.smtp.messages() {
				if strings.HasPrefix(m.Subject, "Due today: ") {
					n++
				}
			}
			return n
		}
		// 9 March, 03:00 UTC: already the day in Berlin, still the 8th in New York
		f.clock.Set(time.Date(2026, 3, 9, 3, 0, 0, 0, time.UTC))
		run()
		if n := due(); n != 0 {
			t.Fatalf("%d reminders before the owner's day began", n)
		}
		f.clock.Set(time.Date(2026, 3, 9, 14, 0, 0, 0, time.UTC))
		run()
		run()
		if n := due(); n != items {
			t.Errorf("%d reminders reached the server, want exactly %d", n, items)
		}
		ns, err := f.svc.ListNotifications(f.ctx, domain.Actor{Person: mentee}, 100, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(ns) != items || !strings.HasPrefix(ns[0].Subject, "Due today: Read chapter") || ns[0].Link != fmt.Sprintf("/pairings/%d#actions", pairing) {
			t.Errorf("%d notifications, first %+v; want %d", len(ns), ns[0], items)
		}
	})
}
