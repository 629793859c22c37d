package views

import (
	"fmt"
	"strings"
	"time"
)

// parseLocalTime reads a form's date (YYYY-MM-DD) and clock time (HH:MM) as
// a wall-clock time in loc. A time the clocks skip (a DST gap) is an error
// that says so; a time that happens twice (clocks going back) is the
// earlier instant.
func parseLocalTime(date, clock string, loc *time.Location) (time.Time, error) {
	date, clock = strings.TrimSpace(date), strings.TrimSpace(clock)
	if date == "" || clock == "" {
		return time.Time{}, fmt.Errorf("needs a date and a time")
	}
	naive, err := time.ParseInLocation("2006-01-02 15:04", date+" "+clock, time.UTC)
	if err != nil {
		return time.Time{}, fmt.Errorf("must be a date (YYYY-MM-DD) and a time (HH:MM)")
	}
	// The zone's offsets around that day; each gives a candidate instant
	// that is right when it reads back as the same wall clock.
	var best time.Time
	seen := map[int]bool{}
	for _, probe := range []time.Duration{-36 * time.Hour, 0, 36 * time.Hour} {
		_, off := naive.Add(probe).In(loc).Zone()
		if seen[off] {
			continue
		}
		seen[off] = true
		cand := naive.Add(-time.Duration(off) * time.Second)
		if cand.In(loc).Format("2006-01-02 15:04") != naive.Format("2006-01-02 15:04") {
			continue
		}
		if best.IsZero() || cand.Before(best) {
			best = cand
		}
	}
	if best.IsZero() {
		return time.Time{}, fmt.Errorf("%s %s does not exist in %s: the clocks skip it (daylight saving time); pick another time",
			date, clock, loc)
	}
	return best.UTC(), nil
}
