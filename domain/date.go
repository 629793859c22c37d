package domain

import (
	"encoding/json"
	"fmt"
	"time"
)

// DateLayout is how calendar dates are written everywhere: YYYY-MM-DD.
const DateLayout = "2006-01-02"

// Date is a calendar date without a zone (a start or end date).
// The zero Date means "not set".
type Date struct {
	t time.Time // midnight UTC
}

// NewDate builds a date from its parts.
func NewDate(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

// MinYear and MaxYear bound every date and instant Cairn accepts. Outside
// them a value is a typing error, and the bound keeps every stored time a
// four-digit year, which SQLite's text timestamps need to sort right.
const (
	MinYear = 1900
	MaxYear = 2200
)

// InstantInRange reports whether t lies in the years MinYear to MaxYear (UTC).
func InstantInRange(t time.Time) bool {
	y := t.UTC().Year()
	return y >= MinYear && y <= MaxYear
}

// ParseDate reads YYYY-MM-DD in the years MinYear to MaxYear; a date
// outside them is an ErrInvalid (0001-01-01 would read back as "not set").
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date of the form YYYY-MM-DD", s)
	}
	if t.Year() < MinYear || t.Year() > MaxYear {
		return Date{}, InvalidRequestText("error.field.date_out_of_range", "Date", s, "Min", MinYear, "Max", MaxYear)
	}
	return Date{t}, nil
}

// DateOf is the calendar date of instant t in zone loc.
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return NewDate(y, m, d)
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d.t.IsZero() }

// String is YYYY-MM-DD, or "" when unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(DateLayout)
}

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.t.Before(o.t) }

// After reports whether d is after o.
func (d Date) After(o Date) bool { return d.t.After(o.t) }

// AddDays moves the date by n days.
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// DaysUntil counts whole days from d to o (negative when o is earlier).
func (d Date) DaysUntil(o Date) int { return int(o.t.Sub(d.t).Hours() / 24) }

// Start is the first instant of the date in zone loc.
func (d Date) Start(loc *time.Location) time.Time {
	return time.Date(d.t.Year(), d.t.Month(), d.t.Day(), 0, 0, 0, 0, loc)
}

// MarshalJSON writes "YYYY-MM-DD" or null.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads "YYYY-MM-DD" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("a date must be a string YYYY-MM-DD")
	}
	if s == "" {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
