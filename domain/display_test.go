package domain

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestPercentRoundsHalfUp(t *testing.T) {
	for _, c := range []struct{ part, whole, want int }{
		{1, 6, 17},      // 16.67: was truncated to 16
		{82, 90, 91},    // 91.1
		{83, 90, 92},    // 92.2
		{1, 8, 13},      // 12.5 rounds up
		{1, 3, 33},      // 33.3
		{2, 3, 67},      // 66.7
		{0, 5, 0},       // nothing done
		{9, 4, 100},     // past the plan
		{-3, 10, 0},     // before the start
		{3, 0, 0},       // no plan
		{45, 90, 50},    // exact
		{199, 200, 100}, // 99.5 rounds up
	} {
		if got := Percent(c.part, c.whole); got != c.want {
			t.Errorf("Percent(%d, %d) = %d, want %d", c.part, c.whole, got, c.want)
		}
	}
}

// The flag sweep and the engagement's own figure agree on the time used
// (they once said 92% and 91% of the same engagement).
func TestFlagAndPageAgreeOnTimeUsed(t *testing.T) {
	start := NewDate(2026, 1, 1)
	checked := 0
	for days := 60; days <= 120; days++ {
		e := Engagement{StartsOn: start, EndsOn: start.AddDays(days), PlannedSessions: 12}
		for used := days / 2; used < days; used += 5 {
			today := start.AddDays(used)
			now := today.Start(time.UTC).Add(12 * time.Hour)
			fs := flagsThatHold(english, now, time.UTC, 0, []RelationshipFacts{{SubjectType: SubjectEngagement, ID: 1, Open: true,
				StartsOn: e.StartsOn, EndsOn: e.EndsOn, PlannedSessions: 12}})
			var found bool
			for _, f := range fs {
				if f.Kind != FlagSessionsBehind {
					continue
				}
				found = true
				want := fmt.Sprintf("with %d%% of the time used", e.TimeUsedPercent(today))
				if !strings.Contains(f.Detail, want) {
					t.Fatalf("day %d of %d: flag says %q, the page %q", used, days, f.Detail, want)
				}
				checked++
			}
			if !found {
				t.Fatalf("day %d of %d with no session done raised no sessions-behind flag", used, days)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no flag compared")
	}
}

func TestCalendarDays(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct {
		name     string
		from, to string
		loc      *time.Location
		want     int
	}{
		{"yesterday afternoon seen this morning", "2026-11-29T15:00:00Z", "2026-11-30T08:00:00Z", berlin, 1},
		{"earlier today", "2026-11-30T07:00:00Z", "2026-11-30T20:00:00Z", berlin, 0},
		{"late evening in Berlin is the next day", "2026-11-29T23:30:00Z", "2026-11-30T08:00:00Z", berlin, 0},
		{"same instants in UTC", "2026-11-29T23:30:00Z", "2026-11-30T08:00:00Z", time.UTC, 1},
		{"in two days", "2026-11-30T08:00:00Z", "2026-12-02T06:00:00Z", berlin, 2},
		{"across the change to summer time", "2026-03-28T12:00:00Z", "2026-03-30T12:00:00Z", berlin, 2},
	} {
		if got := CalendarDays(at(c.from), at(c.to), c.loc); got != c.want {
			t.Errorf("%s: CalendarDays = %d, want %d", c.name, got, c.want)
		}
	}
}

func TestDayOfStartsAtOne(t *testing.T) {
	e := Engagement{StartsOn: NewDate(2026, 1, 1), EndsOn: NewDate(2026, 3, 31)}
	for _, c := range []struct {
		today     Date
		day, days int
	}{
		{NewDate(2026, 1, 1), 1, 90},
		{NewDate(2026, 1, 2), 2, 90},
		{NewDate(2025, 12, 1), 1, 90},
		{NewDate(2026, 3, 31), 90, 90},
		{NewDate(2026, 5, 1), 90, 90},
	} {
		if d, n := e.DayOf(c.today); d != c.day || n != c.days {
			t.Errorf("DayOf(%s) = %d of %d, want %d of %d", c.today, d, n, c.day, c.days)
		}
	}
}
