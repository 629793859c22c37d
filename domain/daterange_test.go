package domain

import (
	"errors"
	"testing"
	"time"
)

// TestDatesAndInstantsKeepToTheYears: dates and meeting times outside
// 1900-2200 are refused as invalid input; the bounds themselves pass.
func TestDatesAndInstantsKeepToTheYears(t *testing.T) {
	for s, ok := range map[string]bool{"1900-01-01": true, "2200-12-31": true, "1899-12-31": false, "2201-01-01": false, "9999-12-31": false} {
		_, err := ParseDate(s)
		if ok != (err == nil) || (!ok && !errors.Is(err, ErrInvalid)) {
			t.Errorf("ParseDate(%s): %v", s, err)
		}
	}
	m := Meeting{DurationMinutes: 30}
	for at, ok := range map[time.Time]bool{
		time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC): true, time.Date(2200, 12, 31, 23, 59, 59, 0, time.UTC): true,
		time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC): false, time.Date(1899, 12, 31, 23, 59, 59, 0, time.UTC): false,
	} {
		var v ValidationError
		m.ScheduledAt = at
		validateMeetingFields(&v, m)
		if ok != (v.Err() == nil) {
			t.Errorf("a meeting at %s: %v", at, v.Err())
		}
	}
}
