package views

import (
	"strings"
	"testing"
	"time"
)

func TestParseLocalTime(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, date, clock string
		want              string // RFC 3339 in UTC, or "" for an error
		errHas            string
	}{
		{"winter", "2026-01-15", "09:30", "2026-01-15T08:30:00Z", ""},
		{"summer", "2026-07-15", "09:30", "2026-07-15T07:30:00Z", ""},
		{"gap", "2026-03-29", "02:30", "", "does not exist"},
		{"ambiguous: the earlier instant", "2026-10-25", "02:30", "2026-10-25T00:30:00Z", ""},
		{"malformed", "2026-13-01", "09:00", "", "must be a date"},
		{"missing time", "2026-01-15", "", "", "needs a date and a time"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := parseLocalTime(c.date, c.clock, berlin)
			if c.want == "" {
				if err == nil || !strings.Contains(err.Error(), c.errHas) {
					t.Fatalf("err = %v, want one saying %q", err, c.errHas)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Format(time.RFC3339) != c.want {
				t.Errorf("got %s, want %s", got.Format(time.RFC3339), c.want)
			}
		})
	}
}
