package scheduler_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"cairn/domain"
	"cairn/scheduler"
	"cairn/storage"
)

// TestSeriesRemindersOncePerOccurrence: a weekly series in Berlin whose
// horizon is extended by two instances at once gets one meeting per
// occurrence, and each occurrence's reminders go out once per offset and
// participant while two instances sweep together; each reminder carries
// the series as one recurring event. On both stores.
func TestSeriesRemindersOncePerOccurrence(t *testing.T) {
	each(t, func(t *testing.T, s *storage.Store) {
		f := newFixture(t, s)
		mentor, mentee := f.person("Ada Mentor", "Europe/Berlin"), f.person("Bo Mentee", "America/New_York")
		p := f.pairing(mentor, mentee, "2026-01-05", 14)
		b := domain.NewService(s, f.clock, domain.Config{Translator: catalogue, PasswordParams: cheap, OrgLocation: time.UTC})
		mailer, err := scheduler.NewMailer(f.smtp.url(), quiet)
		if err != nil {
			t.Fatal(err)
		}
		b.EnableNotifications(domain.NotifyConfig{BaseURL: "http://cairn.test", From: "cairn@cairn.test", Mailer: mailer,
			SendTimeout: 10 * time.Second, Jitter: func() float64 { return 0.5 }})
		berlin, _ := time.LoadLocation("Europe/Berlin")
		first := time.Date(2026, 3, 10, 10, 0, 0, 0, berlin) // a Tuesday; DST starts on 29 March
		sr, err := f.svc.CreateSeries(f.ctx, domain.Actor{Person: mentor}, domain.SeriesOf{PairingID: p}, domain.SeriesInput{
			Rule: "FREQ=WEEKLY", StartsAt: first, Timezone: "Europe/Berlin", DurationMinutes: 30, Count: 16})
		if err != nil {
			t.Fatal(err)
		}
		occ, err := sr.Occurrences(first, first.AddDate(1, 0, 0))
		if err != nil || len(occ) != 16 {
			t.Fatalf("%d occurrences, %v", len(occ), err)
		}
		both := func(run func(svc *domain.Service) error) {
			t.Helper()
			var wg sync.WaitGroup
			errs := make(chan error, 4)
			for _, svc := range []*domain.Service{f.svc, b, f.svc, b} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if err := run(svc); err != nil {
						errs <- err
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
		}
		extend := func(svc *domain.Service) error { _, err := svc.ExtendSeries(f.ctx); return err }
		sweep := func(svc *domain.Service) error {
			if _, err := svc.QueueDueReminders(f.ctx); err != nil {
				return err
			}
			_, err := svc.DeliverOutbox(f.ctx)
			return err
		}
		for _, o := range occ {
			for _, off := range []time.Duration{24 * time.Hour, time.Hour} {
				f.clock.Set(o.Add(-off).Add(time.Minute))
				both(extend)
				both(sweep)
			}
		}
		ms, err := s.SeriesMeetings(f.ctx, sr.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != len(occ) {
			t.Fatalf("%d meetings, want one per occurrence (%d)", len(ms), len(occ))
		}
		for i, m := range ms {
			if !m.ScheduledAt.Equal(occ[i]) || m.ScheduledAt.In(berlin).Hour() != 10 {
				t.Errorf("meeting %d at %s, want %s", i, m.ScheduledAt.In(berlin), occ[i].In(berlin))
			}
		}
		got := f.smtp.messages()
		if want := len(occ) * 2 * 2; len(got) != want {
			t.Fatalf("%d reminders reached the server, want %d (occurrences x offsets x participants)", len(got), want)
		}
		if ids := uniqueIDs(t, got); len(ids) != len(got) {
			t.Errorf("%d distinct Message-IDs of %d", len(ids), len(got))
		}
		// Three dates of the regular time cancelled in a row are a reason
		// to look, in the store's facts query.
		for _, m := range ms[len(ms)-3:] {
			if _, err := f.svc.UpdateCheckin(f.ctx, domain.Actor{Person: mentee}, m.ID, domain.MeetingPatch{Status: ptr(domain.StatusCancelled)}); err != nil {
				t.Fatal(err)
			}
		}
		f.clock.Set(ms[len(ms)-1].EndsAt().Add(time.Hour))
		pr, err := f.svc.GetPairing(f.ctx, f.adminActor(), p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.Join(pr.HealthReasons, "; "), "The last 3 dates of the regular time were cancelled or missed") {
			t.Errorf("health reasons %v", pr.HealthReasons)
		}
		// Each cancelled date went out as a cancellation of that one date.
		both(sweep)
		var cancels int
		for _, m := range f.smtp.messages()[len(got):] {
			if strings.HasPrefix(m.Subject, "Cancelled:") {
				cancels++
				if !strings.Contains(m.ICS, "METHOD:CANCEL") || !strings.Contains(m.ICS, "RECURRENCE-ID;TZID=Europe/Berlin:") ||
					!strings.Contains(m.ICS, "UID:series-") || strings.Contains(m.ICS, "RRULE:") {
					t.Errorf("cancellation %q is not one date of the series:\n%s", m.Subject, m.ICS)
				}
			}
		}
		if cancels != 6 {
			t.Errorf("%d cancellations, want 6 (3 dates x 2 participants)", cancels)
		}
		for _, m := range got {
			if !strings.Contains(m.ICS, "RRULE:FREQ=WEEKLY;COUNT=16") || !strings.Contains(m.ICS, "DTSTART;TZID=Europe/Berlin:20260310T100000") ||
				!strings.Contains(m.ICS, "UID:series-") || !strings.Contains(m.ICS, "BEGIN:VTIMEZONE") {
				t.Errorf("reminder %q does not carry the series:\n%s", m.Subject, m.ICS)
				break
			}
		}
	})
}

func ptr[T any](v T) *T { return &v }
