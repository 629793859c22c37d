package views

import (
	"strings"
	"time"

	"cairn/domain"
)

// parseLocalTime reads a date ("YYYY-MM-DD") and a clock time ("HH:MM")
// typed in zone loc, as the browser's date and time inputs send them. A
// wall-clock time that does not exist in loc (skipped by a DST change) is a
// 422 on "time"; one that exists twice (repeated by a DST change) resolves to
// the earlier instant. Errors are domain validation errors keyed "date" and
// "time".
func parseLocalTime(date, clock string, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = time.UTC
	}
	date, clock = strings.TrimSpace(date), strings.TrimSpace(clock)
	var v domain.ValidationError
	d, err := time.Parse(domain.DateLayout, date)
	if date == "" {
		v.Add("date", "is required")
	} else if err != nil {
		v.Add("date", "must be a date (YYYY-MM-DD)")
	}
	c, err := time.Parse("15:04", clock)
	if clock == "" {
		v.Add("time", "is required")
	} else if err != nil {
		c, err = time.Parse("15:04:05", clock)
		if err != nil {
			v.Add("time", "must be a time of day (HH:MM)")
		}
	}
	if err := v.Err(); err != nil {
		return time.Time{}, err
	}
	// The wall clock read as if it were UTC; each offset the zone uses
	// around that moment gives a candidate instant, valid when the zone
	// really shows that wall clock at it.
	wall := time.Date(d.Year(), d.Month(), d.Day(), c.Hour(), c.Minute(), c.Second(), 0, time.UTC)
	offsets := map[int]bool{}
	for _, h := range []int{-48, -24, -12, 0, 12, 24, 48} {
		_, off := wall.Add(time.Duration(h) * time.Hour).In(loc).Zone()
		offsets[off] = true
	}
	var best time.Time
	for off := range offsets {
		at := wall.Add(-time.Duration(off) * time.Second)
		local := at.In(loc)
		if _, o := local.Zone(); o != off {
			continue
		}
		if local.Year() != wall.Year() || local.YearDay() != wall.YearDay() || local.Hour() != wall.Hour() ||
			local.Minute() != wall.Minute() || local.Second() != wall.Second() {
			continue
		}
		if best.IsZero() || at.Before(best) {
			best = at
		}
	}
	if best.IsZero() {
		return time.Time{}, domain.InvalidText("time", "error.views.time_skipped", "Clock", clock, "Date", date, "Zone", loc.String())
	}
	return best.UTC(), nil
}

// localTimeError is parseLocalTime's complaint as one field's message.
func localTimeError(err error) string {
	f := domain.FieldErrors(err)
	if m := f["time"]; m != "" {
		if strings.Contains(m, "does not exist") {
			return m
		}
		return "time " + m
	}
	if m := f["date"]; m != "" {
		return "date " + m
	}
	return err.Error()
}
