package views

import (
	"errors"
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
		v.AddText("date", "error.field.required")
	} else if err != nil {
		v.AddText("date", "error.views.date")
	}
	c, err := time.Parse("15:04", clock)
	if clock == "" {
		v.AddText("time", "error.field.required")
	} else if err != nil {
		c, err = time.Parse("15:04:05", clock)
		if err != nil {
			v.AddText("time", "error.views.time_of_day")
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

// addLocalTimeError adds parseLocalTime's complaint to v as field's
// message, keeping a reason given by catalogue key by key.
func addLocalTimeError(v *domain.ValidationError, field string, err error) {
	var de *domain.Error
	if !errors.As(err, &de) {
		v.Add(field, err.Error())
		return
	}
	for _, part := range []string{"time", "date"} {
		t, byKey := de.FieldTexts[part]
		m := de.Fields[part]
		switch {
		case byKey && t.Key == "error.views.time_skipped":
			v.AddText(field, t.Key, t.Args...)
		case byKey:
			v.AddText(field, "error.views.local_"+part, "Why", t)
		case m != "":
			v.AddText(field, "error.views.local_"+part, "Why", m)
		default:
			continue
		}
		return
	}
	v.Add(field, err.Error())
}
