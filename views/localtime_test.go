package views

import (
	"strings"
	"testing"
	"time"

	"cairn/domain"
)

func TestParseLocalTime(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, date, clock string
		want              time.Time // zero: an error is expected
		field             string
	}{
		{"winter", "2026-03-02", "10:00", time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), ""},
		{"summer", "2026-07-01", "10:00", time.Date(2026, 7, 1, 8, 0, 0, 0, time.UTC), ""},
		{"with seconds", "2026-07-01", "10:00:30", time.Date(2026, 7, 1, 8, 0, 30, 0, time.UTC), ""},
		{"just before the gap", "2026-03-29", "01:59", time.Date(2026, 3, 29, 0, 59, 0, 0, time.UTC), ""},
		{"in the DST gap", "2026-03-29", "02:30", time.Time{}, "time"},
		{"after the gap", "2026-03-29", "03:00", time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC), ""},
		{"ambiguous: the earlier instant", "2026-10-25", "02:30", time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC), ""},
		{"no date", "", "10:00", time.Time{}, "date"},
		{"bad date", "25/10/2026", "10:00", time.Time{}, "date"},
		{"bad time", "2026-10-25", "25:00", time.Time{}, "time"},
		{"no time", "2026-10-25", "", time.Time{}, "time"},
		{"New York: in the spring gap", "2025-03-09", "02:30", time.Time{}, "time"},
		{"New York: after the gap", "2025-03-09", "03:30", time.Date(2025, 3, 9, 7, 30, 0, 0, time.UTC), ""},
		{"New York: ambiguous, the earlier (EDT)", "2025-11-02", "01:30", time.Date(2025, 11, 2, 5, 30, 0, 0, time.UTC), ""},
	}
	newYork, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			loc := berlin
			if strings.HasPrefix(c.name, "New York") {
				loc = newYork
			}
			got, err := parseLocalTime(c.date, c.clock, loc)
			if c.want.IsZero() {
				if err == nil {
					t.Fatalf("got %v, want an error on %q", got, c.field)
				}
				if _, ok := domain.FieldErrors(err)[c.field]; !ok {
					t.Fatalf("error %v has no field %q", err, c.field)
				}
				if status, _, _, _ := classify(apiWords, err); status != 422 {
					t.Fatalf("status %d, want 422", status)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(c.want) || got.Location() != time.UTC {
				t.Fatalf("got %v, want %v in UTC", got, c.want)
			}
		})
	}
}
