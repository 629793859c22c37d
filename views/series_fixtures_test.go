package views_test

import (
	"net/url"
	"time"

	"cairn/domain"
)

// Access-matrix fixtures of regular times (series).

// seriesStart is a series' first date: ten days on, 10:00 in Berlin.
func (w *world) seriesStart() time.Time {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	d := w.e.clock.Now().In(berlin).Add(10 * 24 * time.Hour)
	return time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, berlin)
}

// aSeries is a weekly series its mentor set on a fresh pairing; its
// participant is the mentee; params["meeting"] is its first occurrence.
func aSeries(w *world) object {
	w.t.Helper()
	p, mentor, mentee := w.pairing()
	sr, err := w.e.svc.CreateSeries(w.ctx(), domain.Actor{Person: mentor}, domain.SeriesOf{PairingID: p.ID}, domain.SeriesInput{
		Rule: "FREQ=WEEKLY", StartsAt: w.seriesStart(), Timezone: "Europe/Berlin", DurationMinutes: 30, Count: 3})
	w.must(err)
	return object{params: map[string]string{"id": itoa(sr.ID), "meeting": itoa(sr.Upcoming[0].MeetingID)}, participant: &mentee}
}

func seriesJSON(w *world, _ object) any {
	return map[string]any{"rule": "FREQ=WEEKLY", "starts_at": w.seriesStart().UTC().Format(time.RFC3339),
		"timezone": "Europe/Berlin", "duration_minutes": 30, "count": 3}
}

func seriesPatchJSON(*world, object) any { return map[string]any{"location": "Room 7"} }

func seriesForm(w *world, _ object) any {
	return url.Values{"date": {w.seriesStart().Format(domain.DateLayout)}, "time": {"10:00"}, "timezone": {"Europe/Berlin"},
		"repeat": {"weekly"}, "duration_minutes": {"30"}, "ends": {"count"}, "count": {"3"}, "action": {"save"}}
}

func seriesSkipForm(_ *world, o object) any { return url.Values{"meeting_id": {o.params["meeting"]}} }
