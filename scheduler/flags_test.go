package scheduler_test

import (
	"sort"
	"strings"
	"testing"
	"time"

	"cairn/domain"
	"cairn/storage"
)

func openFlags(f *fixture) []string {
	f.t.Helper()
	fs, err := f.svc.ListFlags(f.ctx, f.adminActor())
	if err != nil {
		f.t.Fatal(err)
	}
	var out []string
	for _, fl := range fs {
		out = append(out, string(fl.Kind)+" "+fl.SubjectType)
	}
	sort.Strings(out)
	return out
}

func TestFlagsAreRaisedAndClearedAsTheClockMoves(t *testing.T) {
	each(t, func(t *testing.T, s *storage.Store) {
		f := newFixture(t, s)
		mentor, mentee := f.person("Nia Mentor", "UTC"), f.person("Oz Mentee", "UTC")
		coach, coachee := f.person("Pia Coach", "UTC"), f.person("Quin Coachee", "UTC")
		pairing := f.pairing(mentor, mentee, "2026-01-01", 14)
		eng := f.engagement(coach, coachee, "2026-01-01", "2026-03-02", 8) // 60 days
		paused := f.pairing(f.person("Ray Mentor", "UTC"), f.person("Sam Mentee", "UTC"), "2025-06-01", 7)
		f.sql(`UPDATE pairings SET status = 'paused' WHERE id = ?`, paused)

		complete := func(m domain.Meeting) { f.change(m, func(m *domain.Meeting) { m.Status = domain.StatusCompleted }) }
		steps := []struct {
			name    string
			day     string
			before  func()
			want    []string
			raised  int
			cleared int
			nudged  int
		}{
			// 8 sessions in 60 days is one a week: with none in 9 days the
			// coach and coachee are nudged.
			{name: "early days: the engagement's pair nudged, no flags", day: "2026-01-10", want: nil, nudged: 1},
			// The pairing's cadence lapsed on 15 January: the pair is
			// nudged, HR is not flagged yet.
			{name: "quiet pairing nudged, sessions behind flagged", day: "2026-01-25",
				want:   []string{"sessions_behind engagement"},
				raised: 1, nudged: 1},
			{name: "the same day again: nothing new", day: "2026-01-25",
				want: []string{"sessions_behind engagement"}},
			{name: "a check-in and sessions completed clear both", day: "2026-01-26",
				before: func() {
					complete(f.checkin(pairing, mentor, mentee, time.Date(2026, 1, 24, 10, 0, 0, 0, time.UTC), domain.FormatInformal))
					for i := range 3 {
						complete(f.session(eng, coach, coachee, time.Date(2026, 1, 5+7*i, 10, 0, 0, 0, time.UTC)))
					}
				},
				want: nil, cleared: 1},
			// Quiet again since 7 February (24 January + 14 days): nudged
			// now (and the engagement's pair, quiet since 19 January),
			// flagged only once the 7 days of grace pass.
			{name: "deadline near, pairing nudged again", day: "2026-02-20",
				want:   []string{"goal_deadline_near engagement", "sessions_behind engagement"},
				raised: 2, nudged: 2},
			{name: "within the grace period: no flag yet", day: "2026-02-27",
				want: []string{"goal_deadline_near engagement", "sessions_behind engagement"}},
			{name: "deadline passed, grace over: HR is flagged", day: "2026-03-03",
				want:   []string{"checkin_overdue pairing", "goal_overdue engagement", "sessions_behind engagement"},
				raised: 2, cleared: 1},
			{name: "engagement closed", day: "2026-03-04",
				before: func() { f.sql(`UPDATE engagements SET status = 'completed' WHERE id = ?`, eng) },
				want:   []string{"checkin_overdue pairing"}, cleared: 2},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				day, _ := time.Parse("2006-01-02", st.day)
				f.clock.Set(day.Add(7 * time.Hour))
				if st.before != nil {
					st.before()
				}
				run, err := f.svc.SweepFlags(f.ctx)
				if err != nil {
					t.Fatal(err)
				}
				if got := openFlags(f); strings.Join(got, ",") != strings.Join(st.want, ",") {
					t.Errorf("open flags %v, want %v", got, st.want)
				}
				if run.Raised != st.raised || run.Cleared != st.cleared || run.Nudged != st.nudged {
					t.Errorf("run %+v, want %d raised, %d cleared, %d nudged", run, st.raised, st.cleared, st.nudged)
				}
			})
		}
	})
}

func TestFlagDigestOncePerDayPerAdmin(t *testing.T) {
	each(t, func(t *testing.T, s *storage.Store) {
		f := newFixture(t, s)
		second, err := f.svc.CreatePerson(f.ctx, f.adminActor(), domain.PersonInput{Name: "Second Admin", Email: "hr2@example.com",
			Seniority: 5, Timezone: "UTC", Role: domain.RoleAdmin})
		if err != nil {
			t.Fatal(err)
		}
		mentor, mentee := f.person("Tia Mentor", "UTC"), f.person("Uli Mentee", "UTC")
		f.pairing(mentor, mentee, "2026-01-01", 14)
		// Nudges off: the pairing is flagged once the grace after its lapse passes.
		f.sql(`INSERT INTO programme_nudge_settings (programme_id, nudges_enabled, grace_days, updated_at) VALUES (?, ?, 7, ?)`,
			f.programme(domain.KindMentoring), false, f.clock.Now())
		coach, coachee := f.person("Vic Coach", "UTC"), f.person("Wyn Coachee", "UTC")

		digests := func() map[string]int {
			f.t.Helper()
			if _, err := f.svc.DeliverOutbox(f.ctx); err != nil {
				t.Fatal(err)
			}
			out := map[string]int{}
			for _, m := range f.smtp.messages() {
				if strings.Contains(m.Subject, "new flag") {
					out[m.To]++
				}
			}
			return out
		}
		f.clock.Set(time.Date(2026, 1, 25, 7, 0, 0, 0, time.UTC))
		if run, err := f.svc.SweepFlags(f.ctx); err != nil || run.Digests != 2 {
			t.Fatalf("first sweep: %+v %v", run, err)
		}
		got := digests()
		if got["admin@example.com"] != 1 || got["hr2@example.com"] != 1 {
			t.Fatalf("digests %v, want one per admin", got)
		}
		if m := f.smtp.messages()[0]; !strings.Contains(m.Text, "Check-ins overdue, Tia Mentor and Uli Mentee:") ||
			!strings.Contains(m.Text, "http://cairn.test/pairings/") || strings.Contains(m.Text, "pairing 1") {
			t.Errorf("digest text:\n%s", m.Text)
		}

		// A new flag later the same day waits for tomorrow's digest.
		f.engagement(coach, coachee, "2025-12-01", "2026-01-30", 4)
		f.clock.Set(time.Date(2026, 1, 25, 15, 0, 0, 0, time.UTC))
		if run, err := f.svc.SweepFlags(f.ctx); err != nil || run.Raised == 0 || run.Digests != 0 {
			t.Fatalf("second sweep the same day: %+v %v", run, err)
		}
		if got := digests(); got["admin@example.com"] != 1 || got["hr2@example.com"] != 1 {
			t.Fatalf("digests %v after a second sweep the same day", got)
		}
		f.clock.Set(time.Date(2026, 1, 26, 7, 0, 0, 0, time.UTC))
		if run, err := f.svc.SweepFlags(f.ctx); err != nil || run.Digests != 2 {
			t.Fatalf("next day: %+v %v", run, err)
		}
		if got := digests(); got["admin@example.com"] != 2 || got["hr2@example.com"] != 2 {
			t.Fatalf("digests %v on the next day", got)
		}
		last := f.smtp.messages()[len(f.smtp.messages())-1]
		if strings.Contains(last.Text, "Check-ins overdue") || !strings.Contains(last.Text, "Goal deadline near") {
			t.Errorf("next day's digest should list only the new flags:\n%s", last.Text)
		}
		// Nothing new: no digest.
		f.clock.Set(time.Date(2026, 1, 27, 7, 0, 0, 0, time.UTC))
		if run, err := f.svc.SweepFlags(f.ctx); err != nil || run.Digests != 0 {
			t.Fatalf("a day with no new flags: %+v %v", run, err)
		}
		ns, err := f.svc.ListNotifications(f.ctx, domain.Actor{Person: second}, 50, 0)
		if err != nil || len(ns) != 2 || ns[0].Kind != "flags" {
			t.Errorf("second admin's notifications: %+v %v", ns, err)
		}
	})
}
