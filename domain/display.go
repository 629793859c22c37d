package domain

import "time"

// The few facts about showing numbers and times that rules share with
// pages: a percentage is rounded one way everywhere (flags, dashboard,
// pages and reports agree), days between instants are counted by the
// calendar in a zone, and an instant or a date has one human form.

// Percent is part of whole in percent, rounded half up and kept within
// 0-100; 0 when whole is not positive.
func Percent(part, whole int) int {
	if whole <= 0 {
		return 0
	}
	return clampPercent((part*200 + whole) / (2 * whole))
}

// CalendarDays counts the calendar days in zone loc from instant from to
// instant to: 0 on the same date, 1 for yesterday afternoon seen this
// morning, negative when to is the earlier date.
func CalendarDays(from, to time.Time, loc *time.Location) int {
	if loc == nil {
		loc = time.UTC
	}
	return DateOf(from, loc).DaysUntil(DateOf(to, loc))
}

// WhenLayout is the one human form of an instant, in the viewer's zone
// with the zone named: "Wed 2 Dec 2026, 09:00 CET".
const WhenLayout = "Mon 2 Jan 2006, 15:04 MST"

// DayLayout is the one human form of a calendar date: "Wed 2 Dec 2026".
const DayLayout = "Mon 2 Jan 2006"

// HumanWhen is t in zone loc in its human form; "" for the zero instant.
func HumanWhen(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Format(WhenLayout)
}

// Human is the date in its human form ("Wed 2 Dec 2026"); "" when unset.
func (d Date) Human() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(DayLayout)
}
