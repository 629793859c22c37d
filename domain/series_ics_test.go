package domain_test

import (
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	goical "github.com/emersion/go-ical"

	"cairn/domain"
)

// TestSeriesFeedIsOneRecurringEvent: the feed carries a monthly "first
// Monday 09:00 Europe/Berlin" series as one VEVENT with RRULE and
// DTSTART;TZID plus the zone's VTIMEZONE, an overriding VEVENT with
// RECURRENCE-ID for the moved occurrence and an EXDATE for the cancelled
// one, SEQUENCE bumped by both; a second, independent parser (go-ical,
// expanding with the set it builds) reads it back to the same dates, each
// at 09:00 Berlin across both DST changes.
func TestSeriesFeedIsOneRecurringEvent(t *testing.T) {
	w := newWorld(t)
	loc := berlin(t)
	w.clock.Set(time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC))
	first := time.Date(2027, 1, 4, 9, 0, 0, 0, loc)
	sr, err := w.svc.CreateSeries(w.ctx, w.mentor, domain.SeriesOf{PairingID: w.pairing.ID}, domain.SeriesInput{
		Rule: "FREQ=MONTHLY;BYDAY=1MO", StartsAt: first, Timezone: "Europe/Berlin", DurationMinutes: 45, Location: "Room 1", Count: 12})
	w.must(err)
	ms := w.seriesMeetings(sr.ID)
	moveTo := time.Date(2027, 2, 2, 10, 0, 0, 0, loc)
	_, err = w.svc.UpdateCheckin(w.ctx, w.mentee, ms[1].ID, domain.MeetingPatch{ScheduledAt: &moveTo})
	w.must(err)
	_, err = w.svc.UpdateCheckin(w.ctx, w.mentor, ms[2].ID, domain.MeetingPatch{Status: ptr(domain.StatusCancelled)})
	w.must(err)
	want, err := sr.Occurrences(first, first.AddDate(2, 0, 0))
	w.must(err)

	url, err := w.svc.CalendarURL(w.ctx, w.mentee)
	w.must(err)
	token := strings.TrimSuffix(url[strings.LastIndex(url, "/")+1:], ".ics")
	feed, err := w.svc.CalendarFeedICS(w.ctx, token)
	w.must(err)
	for _, line := range []string{"RRULE:FREQ=MONTHLY;BYDAY=1MO;COUNT=12", "DTSTART;TZID=Europe/Berlin:20270104T090000",
		"BEGIN:VTIMEZONE", "TZID:Europe/Berlin", "BEGIN:DAYLIGHT", "TZOFFSETTO:+0200", "BEGIN:STANDARD", "TZOFFSETTO:+0100",
		"RECURRENCE-ID;TZID=Europe/Berlin:20270201T090000", "DTSTART;TZID=Europe/Berlin:20270202T100000",
		"EXDATE;TZID=Europe/Berlin:20270301T090000"} {
		if !strings.Contains(strings.ReplaceAll(feed, "\r\n", "\n"), line+"\n") {
			t.Errorf("feed lacks %q:\n%s", line, feed)
		}
	}
	if _, err := ics.ParseCalendar(strings.NewReader(feed)); err != nil {
		t.Fatalf("golang-ical cannot read the feed: %v", err)
	}

	cal, err := goical.NewDecoder(strings.NewReader(feed)).Decode()
	if err != nil {
		t.Fatalf("go-ical cannot read the feed: %v", err)
	}
	var master *goical.Event
	var overrides []goical.Event
	for _, ev := range cal.Events() {
		if uid, _ := ev.Props.Text(goical.PropUID); !strings.HasPrefix(uid, "series-") {
			t.Errorf("an occurrence went out as an event of its own: %s", uid)
			continue
		}
		if ev.Props.Get(goical.PropRecurrenceID) != nil {
			overrides = append(overrides, ev)
		} else {
			e := ev
			master = &e
		}
	}
	if master == nil || len(overrides) != 1 {
		t.Fatalf("master %v, %d overrides; want one of each", master != nil, len(overrides))
	}
	if seq, _ := master.Props.Get(goical.PropSequence).Int(); seq < 2 {
		t.Errorf("SEQUENCE %d after a move and a cancellation, want at least 2", seq)
	}
	set, err := master.RecurrenceSet(nil)
	if err != nil || set == nil {
		t.Fatalf("go-ical recurrence set: %v", err)
	}
	got := set.Between(first.Add(-time.Hour), first.AddDate(2, 0, 0), true)
	var expect []time.Time
	for _, o := range want {
		if !o.Equal(ms[2].ScheduledAt) {
			expect = append(expect, o)
		}
	}
	if len(got) != len(expect) {
		t.Fatalf("go-ical expands to %d dates, want %d: %v", len(got), len(expect), got)
	}
	utcHours := map[int]bool{}
	for i := range got {
		if !got[i].Equal(expect[i]) {
			t.Errorf("date %d: go-ical %s, Cairn %s", i, got[i], expect[i])
		}
		if l := got[i].In(loc); l.Hour() != 9 || l.Minute() != 0 {
			t.Errorf("date %d at %s Berlin, want 09:00", i, l)
		}
		utcHours[got[i].UTC().Hour()] = true
	}
	if !utcHours[7] || !utcHours[8] {
		t.Errorf("UTC hours %v: both DST changes should be crossed", utcHours)
	}
	rid, err := overrides[0].Props.DateTime(goical.PropRecurrenceID, nil)
	w.must(err)
	start, err := overrides[0].DateTimeStart(nil)
	w.must(err)
	if !rid.Equal(ms[1].ScheduledAt) || !start.Equal(moveTo) {
		t.Errorf("override RECURRENCE-ID %s DTSTART %s, want %s and %s", rid, start, ms[1].ScheduledAt, moveTo)
	}
}
