package scheduler_test

import (
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"cairn/domain"
	"cairn/storage"
)

// With the clock moved on, a lapsed pairing gets exactly one nudge per
// lapse, on both stores and with two instances sweeping at once; none
// while a check-in is scheduled ahead; HR is flagged only once the grace
// period after the nudge passed with nothing scheduled.
func TestNudgeOncePerLapseAcrossInstances(t *testing.T) {
	each(t, func(t *testing.T, s *storage.Store) {
		f := newFixture(t, s)
		g := newFixtureWith(t, s, f.smtp, f.clock, nil) // a second instance on the same database
		mentor, mentee := f.person("Margaret Okafor", "UTC"), f.person("Leo Brandt", "UTC")
		pairing := f.pairing(mentor, mentee, "2026-01-01", 14)
		held := f.checkin(pairing, mentor, mentee, time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC), domain.FormatFormal)
		f.change(held, func(m *domain.Meeting) { m.Status = domain.StatusCompleted })

		nudges := func() []domain.OutboxMessage {
			t.Helper()
			var out []domain.OutboxMessage
			for _, st := range []domain.OutboxState{domain.OutboxQueued, domain.OutboxSent} {
				for _, m := range f.outbox(st) {
					if m.Kind == domain.OutboxNudge {
						out = append(out, m)
					}
				}
			}
			return out
		}
		sweepBoth := func() int {
			t.Helper()
			var wg sync.WaitGroup
			runs := make([]domain.FlagRun, 2)
			errs := make([]error, 2)
			for i, svc := range []*domain.Service{f.svc, g.svc} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					runs[i], errs[i] = svc.SweepFlags(f.ctx)
				}()
			}
			wg.Wait()
			for _, err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			return runs[0].Nudged + runs[1].Nudged
		}
		at := func(day string) {
			d, _ := time.Parse("2006-01-02", day)
			f.clock.Set(d.Add(7 * time.Hour))
		}

		at("2026-01-18") // 13 days after the check-in: within the cadence
		if n := sweepBoth(); n != 0 || len(nudges()) != 0 {
			t.Fatalf("nudged within the cadence: %d", n)
		}
		at("2026-01-21") // lapsed on 19 January
		if n := sweepBoth(); n != 1 {
			t.Fatalf("two instances nudged %d times, want once", n)
		}
		ms := nudges()
		if len(ms) != 2 {
			t.Fatalf("%d nudge emails, want one to each of the pair", len(ms))
		}
		to := map[string]bool{}
		for _, m := range ms {
			to[m.To] = true
		}
		if !to[mentor.Email] || !to[mentee.Email] {
			t.Errorf("nudges went to %v", to)
		}
		ns, err := f.svc.ListNotifications(f.ctx, domain.Actor{Person: mentee}, 10, 0)
		if err != nil || len(ns) != 1 || ns[0].Kind != "nudge" ||
			ns[0].Body != "It's been 16 days since you and Margaret Okafor met. Schedule a check-in." ||
			!strings.HasSuffix(ns[0].Link, "/pairings/"+strconv.FormatInt(pairing, 10)+"#schedule-heading") {
			t.Errorf("the mentee's in-app nudge: %+v %v", ns, err)
		}
		at("2026-01-24")
		if n := sweepBoth(); n != 0 || len(nudges()) != 2 {
			t.Errorf("a second nudge for the same lapse")
		}
		if got := openFlags(f); len(got) != 0 {
			t.Errorf("flagged within the grace period: %v", got)
		}
		at("2026-01-29") // the nudge went out 8 days ago, nothing scheduled: HR is flagged
		sweepBoth()
		if got := openFlags(f); strings.Join(got, ",") != "checkin_overdue pairing" {
			t.Errorf("after the grace period: flags %v", got)
		}

		// A check-in scheduled ahead: the flag clears, and no nudge while it stands.
		ahead := f.checkin(pairing, mentor, mentee, time.Date(2026, 2, 20, 10, 0, 0, 0, time.UTC), domain.FormatFormal)
		at("2026-02-10")
		if n := sweepBoth(); n != 0 || len(openFlags(f)) != 0 {
			t.Errorf("nudged (%d) or flagged %v with a check-in scheduled ahead", n, openFlags(f))
		}
		// It is held; the next lapse gets its own nudge.
		f.change(ahead, func(m *domain.Meeting) { m.Status = domain.StatusCompleted })
		at("2026-03-08")
		if n := sweepBoth(); n != 1 || len(nudges()) != 4 {
			t.Errorf("the next lapse: %d nudges, %d emails", n, len(nudges()))
		}

		// Did it work? The first nudge was followed by a check-in only 8
		// days later; the second by one made 2 days later.
		at("2026-03-10")
		f.checkin(pairing, mentor, mentee, time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC), domain.FormatFormal)
		d, err := f.svc.Dashboard(f.ctx, f.adminActor())
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range d.Cards {
			if c.Programme.Kind == domain.KindMentoring && (c.Nudges != domain.NudgeStats{Decided: 2, Worked: 1}) {
				t.Errorf("nudge stats %+v, want 1 of 2 worked", c.Nudges)
			}
		}
	})
}

// Nudges off for a programme: no nudge, and HR is flagged once the grace
// period after the lapse has passed.
func TestNudgesOffFlagsAfterGrace(t *testing.T) {
	each(t, func(t *testing.T, s *storage.Store) {
		f := newFixture(t, s)
		mentor, mentee := f.person("Ann Mentor", "UTC"), f.person("Bo Mentee", "UTC")
		pairing := f.pairing(mentor, mentee, "2026-01-01", 14)
		off := false
		grace := 3
		if _, err := f.svc.SetProgrammeNudgeSettings(f.ctx, f.adminActor(), f.programme(domain.KindMentoring),
			domain.NudgeSettingsPatch{Enabled: &off, GraceDays: &grace}); err != nil {
			t.Fatal(err)
		}
		f.clock.Set(time.Date(2026, 1, 17, 7, 0, 0, 0, time.UTC)) // lapsed on the 15th, 2 days of the 3 gone
		run, err := f.svc.SweepFlags(f.ctx)
		if err != nil || run.Nudged != 0 || run.Raised != 0 {
			t.Fatalf("within the grace: %+v %v", run, err)
		}
		f.clock.Set(time.Date(2026, 1, 19, 7, 0, 0, 0, time.UTC))
		run, err = f.svc.SweepFlags(f.ctx)
		if err != nil || run.Nudged != 0 || run.Raised != 1 {
			t.Fatalf("after the grace: %+v %v", run, err)
		}
		p, err := f.svc.GetPairing(f.ctx, f.adminActor(), pairing)
		if err != nil || p.Health != domain.HealthNeedsAttention {
			t.Errorf("health %q %v", p.Health, err)
		}
	})
}
