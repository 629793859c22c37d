package domain

import "testing"

// TestCadenceAdherence: the intervals between consecutive completed
// check-ins, and from the last one to the stop day, ending in the period,
// within the cadence times CheckinOverdueFactor.
func TestCadenceAdherence(t *testing.T) {
	d := func(s string) Date {
		t.Helper()
		v, err := ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	from, to := d("2026-01-01"), d("2026-03-31")
	limit := int(14 * CheckinOverdueFactor) // 21 days for a 14-day cadence
	cases := []struct {
		name            string
		pc              pairingCadence
		days            []Date
		intervals, with int
	}{
		{"at the limit and one day over, last to today", pairingCadence{14, d("2026-03-02")},
			[]Date{d("2026-01-01").AddDays(limit), d("2026-01-01"), d("2026-01-01").AddDays(2*limit + 1)}, 3, 2},
		{"unsorted, the last interval runs to the end of an ended pairing", pairingCadence{14, d("2026-03-10")},
			[]Date{d("2026-02-10"), d("2026-01-20")}, 2, 1},
		{"paused: no last interval", pairingCadence{14, Date{}}, []Date{d("2026-01-10"), d("2026-01-20")}, 1, 1},
		{"intervals ending before the period are left out", pairingCadence{14, d("2026-01-05")},
			[]Date{d("2025-11-01"), d("2025-12-01")}, 1, 0},
		{"no cadence", pairingCadence{0, d("2026-03-02")}, []Date{d("2026-01-10"), d("2026-02-20")}, 0, 0},
		{"never met", pairingCadence{14, d("2026-03-02")}, nil, 0, 0},
	}
	for _, c := range cases {
		got := cadenceAdherence(map[int64]pairingCadence{1: c.pc}, map[int64][]Date{1: c.days}, from, to)
		if got.Intervals != c.intervals || got.Within != c.with || got.Percent != Percent(c.with, c.intervals) {
			t.Errorf("%s: %+v, want %d of %d", c.name, got, c.with, c.intervals)
		}
	}
	// Two pairings add up.
	got := cadenceAdherence(map[int64]pairingCadence{1: cases[0].pc, 2: cases[1].pc},
		map[int64][]Date{1: cases[0].days, 2: cases[1].days}, from, to)
	if got.Intervals != 5 || got.Within != 3 || got.Percent != 60 {
		t.Errorf("both: %+v", got)
	}
}
