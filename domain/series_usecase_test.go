package domain_test

import (
	"strings"
	"testing"
	"time"

	"cairn/domain"
)

func berlin(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// seriesMeetings reads a series' meetings from the fake's store.
func (w *world) seriesMeetings(id int64) []domain.Meeting {
	w.t.Helper()
	ms, err := w.mem.Ports().Series.SeriesMeetings(w.ctx, id)
	w.must(err)
	return ms
}

// TestSeriesFirstMondayBerlinKeepsLocalTime: a monthly "first Monday
// 09:00 Europe/Berlin" series over a year crosses both DST changes and
// every occurrence is at 09:00 Berlin time (08:00 UTC in winter, 07:00 in
// summer), each the month's first Monday; only the occurrences inside the
// horizon are meetings, and the nightly extension adds the next ones once.
func TestSeriesFirstMondayBerlinKeepsLocalTime(t *testing.T) {
	w := newWorld(t)
	loc := berlin(t)
	w.clock.Set(time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC))
	first := time.Date(2027, 1, 4, 9, 0, 0, 0, loc)
	sr, err := w.svc.CreateSeries(w.ctx, w.mentor, domain.SeriesOf{PairingID: w.pairing.ID}, domain.SeriesInput{
		Rule: "FREQ=MONTHLY;BYDAY=1MO", StartsAt: first, Timezone: "Europe/Berlin", DurationMinutes: 45, Count: 12})
	w.must(err)
	if sr.RRule != "FREQ=MONTHLY;BYDAY=1MO;COUNT=12" || sr.Words != "the first Monday of every month at 09:00" {
		t.Errorf("rule %q, words %q", sr.RRule, sr.Words)
	}
	occ, err := sr.Occurrences(first, first.AddDate(2, 0, 0))
	w.must(err)
	if len(occ) != 12 {
		t.Fatalf("%d occurrences, want 12", len(occ))
	}
	utcHours := map[int]bool{}
	for i, o := range occ {
		l := o.In(loc)
		if l.Hour() != 9 || l.Minute() != 0 || l.Weekday() != time.Monday || l.Day() > 7 {
			t.Errorf("occurrence %d is %s, want a first Monday at 09:00 Berlin", i, l)
		}
		if l.Month() != time.Month((i)%12+1) {
			t.Errorf("occurrence %d in %s", i, l.Month())
		}
		utcHours[o.Hour()] = true
	}
	if !utcHours[8] || !utcHours[7] {
		t.Errorf("UTC hours %v: the year should cross both DST changes", utcHours)
	}
	ms := w.seriesMeetings(sr.ID)
	if len(ms) != 3 || !ms[0].ScheduledAt.Equal(occ[0]) || !ms[2].ScheduledAt.Equal(occ[2]) {
		t.Fatalf("meetings %v, want the three inside 90 days", ms)
	}
	if ms[0].Kind != domain.MeetingCheckin || ms[0].Format != domain.FormatFormal || *ms[0].PairingID != w.pairing.ID {
		t.Errorf("occurrence meeting %+v", ms[0])
	}
	if got := len(w.reminders(ms[0].ID)); got != 4 {
		t.Errorf("%d reminder rows of the first occurrence, want 4 (2 offsets x 2 people)", got)
	}
	w.clock.Set(time.Date(2027, 4, 1, 12, 0, 0, 0, time.UTC))
	for range 2 {
		run, err := w.svc.ExtendSeries(w.ctx)
		w.must(err)
		if run.Series != 1 {
			t.Errorf("run %+v", run)
		}
	}
	ms = w.seriesMeetings(sr.ID)
	if len(ms) != 6 { // Jan..Jun: the horizon now ends on 30 June
		t.Fatalf("%d meetings after two extensions, want 6", len(ms))
	}
	for i, m := range ms {
		if !m.ScheduledAt.Equal(occ[i]) || m.ScheduledAt.In(loc).Hour() != 9 {
			t.Errorf("meeting %d at %s, want %s", i, m.ScheduledAt.In(loc), occ[i].In(loc))
		}
	}
}

// TestSeriesClashRefuseOrSkip: an occurrence on another meeting refuses
// the series with the date named, or with skip leaves that date out.
func TestSeriesClashRefuseOrSkip(t *testing.T) {
	w := newWorld(t)
	// The fixture's check-in is on Thursday 5 March 2026, 09:00 UTC.
	in := domain.SeriesInput{Rule: "FREQ=WEEKLY", StartsAt: w.checkin.ScheduledAt, Timezone: "UTC", DurationMinutes: 30, Count: 3}
	_, err := w.svc.CreateSeries(w.ctx, w.mentee, domain.SeriesOf{PairingID: w.pairing.ID}, in)
	wantKind(t, err, domain.ErrConflict)
	if f := domain.FieldErrors(err); !strings.Contains(f["clashes"], w.checkin.ScheduledAt.UTC().Format(time.RFC3339)) {
		t.Errorf("clash fields %v", f)
	}
	in.OnClash = domain.ClashSkip
	sr, err := w.svc.CreateSeries(w.ctx, w.mentee, domain.SeriesOf{PairingID: w.pairing.ID}, in)
	w.must(err)
	if len(sr.Skipped) != 1 || !sr.Skipped[0].Equal(w.checkin.ScheduledAt) {
		t.Errorf("skipped %v", sr.Skipped)
	}
	if ms := w.seriesMeetings(sr.ID); len(ms) != 2 {
		t.Errorf("%d meetings, want 2 (one skipped)", len(ms))
	}
}

// TestSeriesThisAndFollowing: a change from the third occurrence on
// leaves the first two and their reminders alone and carries on as a new
// series; ending the pairing ends it and cancels what is ahead.
func TestSeriesThisAndFollowing(t *testing.T) {
	w := newWorld(t)
	first := start.Add(14 * 24 * time.Hour) // Monday 16 March 2026, 09:00 UTC
	sr, err := w.svc.CreateSeries(w.ctx, w.mentor, domain.SeriesOf{PairingID: w.pairing.ID}, domain.SeriesInput{
		Rule: "FREQ=WEEKLY;BYDAY=MO", StartsAt: first, Timezone: "UTC", DurationMinutes: 30, Location: "Room 1"})
	w.must(err)
	ms := w.seriesMeetings(sr.ID)
	if len(ms) < 10 {
		t.Fatalf("%d meetings in 90 days of a weekly series", len(ms))
	}
	early := w.reminders(ms[0].ID)
	from := ms[2].ScheduledAt
	next, err := w.svc.UpdateSeries(w.ctx, w.mentee, sr.ID, domain.SeriesPatch{From: &from, Location: ptr("Room 2"),
		DurationMinutes: ptr(60)})
	w.must(err)
	if next.ID == sr.ID || !next.StartsAt.Equal(from) || next.Location != "Room 2" {
		t.Fatalf("next series %+v", next)
	}
	old, err := w.svc.GetSeries(w.ctx, w.mentor, sr.ID)
	w.must(err)
	if !strings.Contains(old.RRule, "UNTIL=") || old.Sequence == 0 {
		t.Errorf("old series %q sequence %d", old.RRule, old.Sequence)
	}
	for i, m := range w.seriesMeetings(sr.ID) {
		if m.Location != "Room 1" || m.DurationMinutes != 30 || i > 1 {
			t.Errorf("earlier occurrence %d changed: %+v", i, m)
		}
	}
	if got := w.reminders(ms[0].ID); len(got) != len(early) || got[0].DueAt != early[0].DueAt || got[0].State != early[0].State {
		t.Errorf("reminders of an earlier occurrence changed: %v, were %v", got, early)
	}
	moved := w.seriesMeetings(next.ID)
	if len(moved) != len(ms)-2 || moved[0].ID != ms[2].ID || moved[0].Location != "Room 2" || moved[0].DurationMinutes != 60 {
		t.Errorf("following occurrences %+v", moved)
	}
	if _, err := w.svc.UpdateSeries(w.ctx, w.outsider, next.ID, domain.SeriesPatch{Location: ptr("x")}); err == nil {
		t.Error("an outsider changed a series")
	} else {
		wantKind(t, err, domain.ErrNotFound)
	}
	_, err = w.svc.UpdatePairing(w.ctx, w.admin, w.pairing.ID, domain.PairingPatch{Status: ptr(domain.PairingEnded), EndReason: ptr("done")})
	w.must(err)
	got, err := w.svc.GetSeries(w.ctx, w.mentor, next.ID)
	w.must(err)
	if got.Status != domain.SeriesEnded || got.Can.Edit {
		t.Errorf("series after the pairing ended: %s, can %+v", got.Status, got.Can)
	}
	for _, m := range w.seriesMeetings(next.ID) {
		if m.Status != domain.StatusCancelled {
			t.Errorf("occurrence %d is %s after the pairing ended", m.ID, m.Status)
		}
	}
}

// TestSeriesEngagementEndsWithIt: an engagement's series never runs past
// its end date; a count that would is refused.
func TestSeriesEngagementEndsWithIt(t *testing.T) {
	w := newWorld(t)
	first := start.Add(7 * 24 * time.Hour)
	sr, err := w.svc.CreateSeries(w.ctx, w.coach, domain.SeriesOf{EngagementID: w.engagement.ID}, domain.SeriesInput{
		Rule: "FREQ=WEEKLY;INTERVAL=2", StartsAt: first, Timezone: "UTC", DurationMinutes: 60})
	w.must(err)
	if sr.Until == nil || sr.Until.String() != "2026-06-30" || sr.Words != "every second Monday at 09:00" {
		t.Errorf("until %v words %q", sr.Until, sr.Words)
	}
	for _, m := range w.seriesMeetings(sr.ID) {
		if m.Kind != domain.MeetingSession || m.ScheduledAt.After(time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("occurrence %+v", m)
		}
	}
	_, err = w.svc.CreateSeries(w.ctx, w.coach, domain.SeriesOf{EngagementID: w.engagement.ID}, domain.SeriesInput{
		Rule: "FREQ=WEEKLY", StartsAt: first.Add(2 * time.Hour), Timezone: "UTC", DurationMinutes: 60, Count: 40})
	wantKind(t, err, domain.ErrInvalid)
	if f := domain.FieldErrors(err); f["count"] == "" {
		t.Errorf("fields %v", f)
	}
}

// TestSeriesRuleShapes: only the offered shapes, and the start must be an
// occurrence of the rule.
func TestSeriesRuleShapes(t *testing.T) {
	w := newWorld(t)
	monday := start.Add(7 * 24 * time.Hour) // 9 March 2026: the second Monday
	cases := []struct {
		rule string
		ok   bool
	}{
		{"FREQ=WEEKLY", true},
		{"FREQ=WEEKLY;INTERVAL=3;BYDAY=MO", true},
		{"FREQ=WEEKLY;BYDAY=TU", false},
		{"FREQ=MONTHLY;BYDAY=2MO", true},
		{"FREQ=MONTHLY;BYDAY=1MO", false},
		{"FREQ=MONTHLY;BYMONTHDAY=9", true},
		{"FREQ=MONTHLY", true},
		{"FREQ=DAILY", false},
		{"FREQ=WEEKLY;COUNT=3", false},
		{"FREQ=MONTHLY;BYDAY=5MO", false},
		{"nonsense", false},
	}
	for _, c := range cases {
		_, err := w.svc.PreviewSeries(w.ctx, w.mentor, domain.SeriesOf{PairingID: w.pairing.ID}, domain.SeriesInput{
			Rule: c.rule, StartsAt: monday, Timezone: "UTC", DurationMinutes: 30}, 5)
		if (err == nil) != c.ok {
			t.Errorf("%s: %v", c.rule, err)
		}
	}
	p, err := w.svc.PreviewSeries(w.ctx, w.mentor, domain.SeriesOf{PairingID: w.pairing.ID}, domain.SeriesInput{
		Rule: "FREQ=MONTHLY;BYDAY=2MO", StartsAt: monday, Timezone: "UTC", DurationMinutes: 30}, 5)
	w.must(err)
	want := []string{"2026-03-09", "2026-04-13", "2026-05-11", "2026-06-08", "2026-07-13"}
	for i, d := range p.Dates {
		if d.Format(time.DateOnly) != want[i] {
			t.Errorf("preview %d is %s, want %s", i, d, want[i])
		}
	}
	if p.People[0].ID != w.mentor.Person.ID || p.People[1].ID != w.mentee.Person.ID {
		t.Errorf("preview people %v", p.People)
	}
}

// seriesInput is a weekly series clear of the fixture's meetings.
func (w *world) seriesInput() domain.SeriesInput {
	return domain.SeriesInput{Rule: "FREQ=WEEKLY", StartsAt: start.Add(10*24*time.Hour + 3*time.Hour), Timezone: "UTC",
		DurationMinutes: 30, Count: 3}
}

// series makes a series on the relationship, set by its leader.
func (w *world) series(of domain.SeriesOf) domain.Series {
	w.t.Helper()
	by := w.mentor
	if of.EngagementID != 0 {
		by = w.coach
	}
	sr, err := w.svc.CreateSeries(w.ctx, by, of, w.seriesInput())
	w.must(err)
	return sr
}

// TestSeriesHealth: a live series counts as a meeting ahead (a quiet
// pairing is not at risk while a regular time is set); three of its dates
// cancelled in a row are a reason to look.
func TestSeriesHealth(t *testing.T) {
	w := newWorld(t)
	_, err := w.svc.UpdateCheckin(w.ctx, w.mentor, w.checkin.ID, domain.MeetingPatch{Status: ptr(domain.StatusCancelled)})
	w.must(err)
	sr, err := w.svc.CreateSeries(w.ctx, w.mentor, domain.SeriesOf{PairingID: w.pairing.ID}, domain.SeriesInput{
		Rule: "FREQ=WEEKLY", StartsAt: start.Add(7 * 24 * time.Hour), Timezone: "UTC", DurationMinutes: 30, Count: 4})
	w.must(err)
	ms := w.seriesMeetings(sr.ID)
	for _, m := range ms[:3] {
		_, err := w.svc.UpdateCheckin(w.ctx, w.mentee, m.ID, domain.MeetingPatch{Status: ptr(domain.StatusCancelled)})
		w.must(err)
	}
	w.clock.Set(ms[3].ScheduledAt.Add(time.Hour)) // past the fourth, still scheduled: nothing ahead in the horizon
	_, err = w.svc.UpdateCheckin(w.ctx, w.mentee, ms[3].ID, domain.MeetingPatch{Status: ptr(domain.StatusCancelled)})
	w.must(err)
	ov, err := w.svc.PairingOverview(w.ctx, w.admin, w.pairing.ID)
	w.must(err)
	a := ov.Pairing.Assessment
	if r, ok := a.Has(domain.ReasonSeriesMissed); !ok || r.Level != domain.HealthNeedsAttention || !strings.Contains(r.Text, "4 dates of the regular time") {
		t.Errorf("reasons %v, want the regular time's missed dates", a.Texts())
	}
	w.must(w.svc.EndSeries(w.ctx, w.mentor, sr.ID))
	ov, err = w.svc.PairingOverview(w.ctx, w.admin, w.pairing.ID)
	w.must(err)
	if _, ok := ov.Pairing.Assessment.Has(domain.ReasonSeriesMissed); ok {
		t.Errorf("an ended series still counts: %v", ov.Pairing.Assessment.Texts())
	}
}

// TestQuietPairingWithARegularTimeIsNotAtRisk: a live series counts as a
// meeting ahead in the quiet rule.
func TestQuietPairingWithARegularTimeIsNotAtRisk(t *testing.T) {
	last := start.Add(-60 * 24 * time.Hour)
	f := domain.RelationshipFacts{SubjectType: domain.SubjectPairing, ID: 1, Open: true, StartsOn: domain.NewDate(2025, 1, 1),
		CadenceDays: 14, LastCompletedAt: &last}
	if a := domain.AssessHealth(f, start, time.UTC, 14); a.Health != domain.HealthAtRisk {
		t.Fatalf("quiet with nothing ahead: %s, want at risk", a.Health)
	}
	f.LiveSeries = true
	a := domain.AssessHealth(f, start, time.UTC, 14).Written(catalogue, "en")
	if r, ok := a.Has(domain.ReasonQuiet); a.Health != domain.HealthNeedsAttention || !ok || !strings.Contains(r.Text, "a regular time is set") {
		t.Errorf("quiet with a regular time: %s %v", a.Health, a.Texts())
	}
}
