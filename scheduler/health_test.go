package scheduler_test

import (
	"strings"
	"testing"
	"time"

	"cairn/domain"
	"cairn/storage"
)

// The facts behind health come from one query per kind on both stores and
// agree with the in-memory fake's reading of the same meetings: the last
// completed meeting, the next scheduled one, the cancelled and missed
// streak since the last completed one.
func TestHealthFromTheStore(t *testing.T) {
	each(t, func(t *testing.T, s *storage.Store) {
		f := newFixture(t, s)
		mentor, mentee := f.person("Ada Mentor", "UTC"), f.person("Ben Mentee", "UTC")
		coach, coachee := f.person("Cy Coach", "UTC"), f.person("Di Coachee", "UTC")
		pairing := f.pairing(mentor, mentee, "2026-01-01", 14)
		eng := f.engagement(coach, coachee, "2026-01-01", "2026-04-11", 10) // 100 days, every 10 days
		set := func(m domain.Meeting, st domain.MeetingStatus) {
			f.change(m, func(m *domain.Meeting) { m.Status = st })
		}
		day := func(d int) time.Time { return time.Date(2026, 1, d, 10, 0, 0, 0, time.UTC) }
		set(f.checkin(pairing, mentor, mentee, day(10), domain.FormatFormal), domain.StatusCompleted)
		set(f.checkin(pairing, mentor, mentee, day(20), domain.FormatFormal), domain.StatusCancelled)
		set(f.checkin(pairing, mentor, mentee, day(24), domain.FormatFormal), domain.StatusNoShow)
		set(f.checkin(pairing, mentor, mentee, day(28), domain.FormatFormal), domain.StatusCancelled)
		for i := range 3 {
			set(f.session(eng, coach, coachee, day(3+i*2)), domain.StatusCompleted)
		}
		f.clock.Set(time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC))

		p, err := f.svc.GetPairing(f.ctx, f.adminActor(), pairing)
		if err != nil {
			t.Fatal(err)
		}
		if p.Health != domain.HealthAtRisk || len(p.HealthReasons) != 2 ||
			p.HealthReasons[1] != "The last 3 check-ins were cancelled or missed" ||
			p.HealthReasons[0] != "No check-in for 22 days (every 14 days agreed), and none is scheduled" {
			t.Errorf("pairing health %q %q", p.Health, p.HealthReasons)
		}
		// A check-in scheduled ahead softens the quiet.
		f.checkin(pairing, mentor, mentee, time.Date(2026, 2, 3, 10, 0, 0, 0, time.UTC), domain.FormatFormal)
		ps, err := f.svc.ListPairings(f.ctx, f.adminActor(), domain.PairingFilter{})
		if err != nil || len(ps) != 1 {
			t.Fatal(ps, err)
		}
		if ps[0].Health != domain.HealthAtRisk || ps[0].HealthReasons[0] != "The last 3 check-ins were cancelled or missed" ||
			ps[0].HealthReasons[1] != "No check-in for 22 days (every 14 days agreed); the next is on Tue 3 Feb 2026" {
			t.Errorf("listed pairing health %q %q", ps[0].Health, ps[0].HealthReasons)
		}

		e, err := f.svc.GetEngagement(f.ctx, f.adminActor(), eng)
		if err != nil {
			t.Fatal(err)
		}
		// 31 days in, 3 of 10 held (31% of the time): on plan, but the
		// last session was on 7 January, 25 days ago (more than 1.5 times
		// the plan's 10), with none ahead.
		if e.Health != domain.HealthAtRisk || len(e.HealthReasons) != 1 ||
			!strings.HasPrefix(e.HealthReasons[0], "No session for 25 days (about every 10 days to fit the plan)") {
			t.Errorf("engagement health %q %q", e.Health, e.HealthReasons)
		}
		f.sql(`UPDATE engagements SET status = 'completed' WHERE id = ?`, eng)
		e, err = f.svc.GetEngagement(f.ctx, f.adminActor(), eng)
		if err != nil || e.Health != "" || e.HealthReasons != nil {
			t.Errorf("a closed engagement has no health: %q %q %v", e.Health, e.HealthReasons, err)
		}
	})
}
