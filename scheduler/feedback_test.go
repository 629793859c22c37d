package scheduler_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"cairn/domain"
	"cairn/scheduler"
	"cairn/storage"
	"cairn/storage/storagetest"
)

// Each completed meeting's learner is asked exactly once how useful it
// was, though two instances with two workers each sweep at the same moment
// and again later; a meeting held more than two weeks before any sweep saw
// it is not asked about.
func TestFeedbackAskedOnceAcrossInstances(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		f := newFixture(t, s)
		mentor, mentee := f.person("Mona Mentor", "Europe/Berlin"), f.person("Milo Mentee", "America/New_York")
		pairing := f.pairing(mentor, mentee, "2026-01-01", 14)
		const held = 12
		log := func(at time.Time) {
			t.Helper()
			if _, err := f.svc.CreateCheckin(f.ctx, domain.Actor{Person: mentor}, pairing, domain.CheckinInput{
				Format: domain.FormatInformal, ScheduledAt: at, DurationMinutes: 30}); err != nil {
				t.Fatal(err)
			}
		}
		log(start.Add(-20 * 24 * time.Hour)) // too long ago to ask about
		for i := range held {
			log(start.Add(-time.Duration(i+1) * time.Hour))
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
		asked := func() (n int) {
			for _, m := range f.smtp.messages() {
				if strings.HasPrefix(m.Subject, "How useful was your check-in with Mona Mentor") {
					n++
				}
			}
			return n
		}
		run()
		f.clock.Set(start.Add(3 * 24 * time.Hour))
		run()
		if n := asked(); n != held {
			t.Errorf("%d feedback mails reached the server, want exactly %d", n, held)
		}
		ns, err := f.svc.ListNotifications(f.ctx, domain.Actor{Person: mentee}, 100, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(ns) != held || ns[0].Kind != "feedback" || !strings.HasPrefix(ns[0].Link, "/checkins/") {
			t.Errorf("%d notifications, first %+v; want %d", len(ns), ns[0], held)
		}
		if ns, _ := f.svc.ListNotifications(f.ctx, domain.Actor{Person: mentor}, 100, 0); len(ns) != 0 {
			t.Errorf("the mentor was asked: %+v", ns)
		}
	})
}
