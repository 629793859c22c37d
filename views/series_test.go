package views_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"
)

type seriesOut struct {
	ID       int64     `json:"id"`
	RRule    string    `json:"rrule"`
	Words    string    `json:"description"`
	Status   string    `json:"status"`
	StartsAt time.Time `json:"starts_at"`
	Location string    `json:"location"`
	Skipped  []string  `json:"skipped"`
	Sequence int       `json:"sequence"`
	Can      struct{ Edit, End bool }
	Upcoming []struct {
		MeetingID    int64     `json:"meeting_id"`
		ScheduledAt  time.Time `json:"scheduled_at"`
		OccurrenceAt time.Time `json:"occurrence_at"`
		Status       string    `json:"status"`
	} `json:"upcoming"`
}

func decodeSeries(t *testing.T, body string) seriesOut {
	t.Helper()
	var sr seriesOut
	if err := json.Unmarshal([]byte(body), &sr); err != nil {
		t.Fatalf("series answer %s: %v", body, err)
	}
	return sr
}

// TestSeriesAPI: a participant sets a monthly series, reads it, changes it
// from its second date on, ends it; an outsider sees nothing; a clash is
// a 409 naming the date, or skipped on request; occurrences are check-ins
// carrying series_id, marked on the agenda.
func TestSeriesAPI(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := newMentoringFixture(t, e)
		pairing := "/api/v1/pairings/" + itoa(f.seniorMentorsJunior(t, e))
		berlin, _ := time.LoadLocation("Europe/Berlin")
		first := time.Date(2026, 4, 6, 9, 0, 0, 0, berlin) // the first Monday of April
		body := map[string]any{"rule": "FREQ=MONTHLY;BYDAY=1MO", "starts_at": first.Format(time.RFC3339), "timezone": "Europe/Berlin",
			"duration_minutes": 45, "location": "Room 4", "count": 6}
		resp, out := e.api("POST", pairing+"/series", f.juniorTok, body)
		wantStatus(t, "create series", resp, out, 201)
		sr := decodeSeries(t, out)
		if resp.Header.Get("Location") != "/api/v1/series/"+itoa(sr.ID) || sr.RRule != "FREQ=MONTHLY;BYDAY=1MO;COUNT=6" ||
			sr.Words != "the first Monday of every month at 09:00" || !sr.Can.Edit || len(sr.Upcoming) != 2 {
			t.Fatalf("created series: %s", out)
		}
		e.wantItems(t, "series of the pairing", pairing+"/series", f.seniorTok, `"rrule":`, 1)
		resp, out = e.api("GET", "/api/v1/series/"+itoa(sr.ID), f.nobTok, nil)
		wantStatus(t, "an outsider reads the series", resp, out, 404)
		resp, out = e.api("POST", pairing+"/series", f.nobTok, body)
		wantStatus(t, "an outsider sets a series", resp, out, 404)

		resp, out = e.api("GET", "/api/v1/checkins/"+itoa(sr.Upcoming[0].MeetingID), f.seniorTok, nil)
		wantStatus(t, "an occurrence", resp, out, 200)
		if !strings.Contains(out, `"series_id":`+itoa(sr.ID)) {
			t.Errorf("the occurrence does not carry its series: %s", out)
		}
		resp, out = e.api("GET", "/api/v1/me/agenda?from=2026-04-01&to=2026-05-01", f.juniorTok, nil)
		wantStatus(t, "agenda", resp, out, 200)
		if !strings.Contains(out, `"series_id":`+itoa(sr.ID)) {
			t.Errorf("the agenda does not mark the occurrence: %s", out)
		}

		// A weekly series on Mondays at 09:00 clashes with the first Monday.
		weekly := map[string]any{"rule": "FREQ=WEEKLY", "starts_at": first.Add(-7 * 24 * time.Hour).Format(time.RFC3339),
			"timezone": "Europe/Berlin", "duration_minutes": 30, "count": 3}
		resp, out = e.api("POST", pairing+"/series", f.seniorTok, weekly)
		wantStatus(t, "a clashing series", resp, out, 409)
		if !strings.Contains(out, first.UTC().Format(time.RFC3339)) || !strings.Contains(out, "Mon 6 Apr 2026 09:00") {
			t.Errorf("the clash does not name the date: %s", out)
		}
		weekly["on_clash"] = "skip"
		resp, out = e.api("POST", pairing+"/series", f.seniorTok, weekly)
		wantStatus(t, "a clashing series, skipping", resp, out, 201)
		if w := decodeSeries(t, out); len(w.Skipped) != 1 || len(w.Upcoming) != 2 {
			t.Errorf("skipping series: %s", out)
		}

		from := sr.Upcoming[1].OccurrenceAt.Format(time.RFC3339)
		resp, out = e.api("PATCH", "/api/v1/series/"+itoa(sr.ID), f.seniorTok, map[string]any{"from": from, "location": "Room 9"})
		wantStatus(t, "this and following", resp, out, 200)
		next := decodeSeries(t, out)
		if next.ID == sr.ID || next.Location != "Room 9" || !next.StartsAt.Equal(sr.Upcoming[1].OccurrenceAt) ||
			next.RRule != "FREQ=MONTHLY;BYDAY=1MO;COUNT=5" || len(next.Upcoming) != 1 || next.Upcoming[0].MeetingID != sr.Upcoming[1].MeetingID {
			t.Errorf("this and following: %s", out)
		}
		resp, out = e.api("GET", "/api/v1/checkins/"+itoa(sr.Upcoming[0].MeetingID), f.seniorTok, nil)
		wantStatus(t, "the earlier occurrence", resp, out, 200)
		if !strings.Contains(out, `"location":"Room 4"`) {
			t.Errorf("the earlier occurrence changed: %s", out)
		}
		resp, out = e.api("PATCH", "/api/v1/series/"+itoa(next.ID), f.seniorTok, map[string]any{"rule": "FREQ=DAILY"})
		wantStatus(t, "a rule Cairn does not offer", resp, out, 422)
		resp, out = e.api("PATCH", "/api/v1/series/"+itoa(next.ID), f.seniorTok, map[string]any{"colour": "red"})
		wantStatus(t, "an unknown field", resp, out, 400)

		resp, out = e.api("DELETE", "/api/v1/series/"+itoa(next.ID), f.juniorTok, nil)
		wantStatus(t, "end the series", resp, out, 204)
		resp, out = e.api("GET", "/api/v1/series/"+itoa(next.ID), f.juniorTok, nil)
		wantStatus(t, "the ended series", resp, out, 200)
		if ended := decodeSeries(t, out); ended.Status != "ended" || ended.Can.Edit || ended.Upcoming[0].Status != "cancelled" {
			t.Errorf("ended series: %s", out)
		}
		resp, out = e.api("DELETE", "/api/v1/series/"+itoa(next.ID), f.juniorTok, nil)
		wantStatus(t, "end it again", resp, out, 409)
	})
}

// TestSeriesPages: "Set a regular time" previews the next five dates in
// both participants' zones, then sets it; the pairing page lists its dates
// with "skip this one", which skips one date only; the agenda marks them.
func TestSeriesPages(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := newMentoringFixture(t, e)
		id := f.seniorMentorsJunior(t, e)
		resp, out := e.api("PATCH", "/api/v1/people/"+itoa(f.junior.ID), f.admin, map[string]any{"timezone": "America/New_York"})
		wantStatus(t, "mentee's zone", resp, out, 200)
		b := e.browser()
		b.login("senior@example.com", "member password 1")
		page := "/pairings/" + itoa(id)
		resp, body := b.get(page)
		wantStatus(t, "pairing page", resp, body, 200)
		if !strings.Contains(body, "Regular time") || !strings.Contains(body, `href="`+page+`/series/new"`) {
			t.Fatalf("the pairing page offers no regular time: %s", body)
		}
		resp, body = b.get(page + "/series/new")
		wantStatus(t, "set a regular time", resp, body, 200)
		form := url.Values{"_csrf": {csrfRe.FindStringSubmatch(body)[1]}, "date": {"2026-03-10"}, "time": {"10:00"},
			"timezone": {"Europe/Berlin"}, "repeat": {"weeks"}, "interval": {"2"}, "duration_minutes": {"30"},
			"location": {"Cafe"}, "ends": {"never"}, "action": {"preview"}}
		resp, body = b.post(page+"/series", form)
		wantStatus(t, "preview", resp, body, 200)
		for _, want := range []string{"every second Tuesday at 10:00 (Europe/Berlin)", "Tue 10 Mar 2026, 10:00 (Europe/Berlin)",
			"Tue 10 Mar 2026, 05:00 (America/New_York)", "Tue 5 May 2026, 10:00 (Europe/Berlin)", "Tue 5 May 2026, 04:00 (America/New_York)"} {
			if !strings.Contains(body, want) {
				t.Errorf("the preview lacks %q", want)
			}
		}
		if n := strings.Count(body, "(America/New_York)</td>"); n != 5 {
			t.Errorf("%d dates in the mentee's zone, want 5", n)
		}
		form.Set("action", "save")
		resp, body = b.post(page+"/series", form)
		wantStatus(t, "save", resp, body, 303)
		resp, body = b.get(page)
		wantStatus(t, "pairing page", resp, body, 200)
		if !strings.Contains(body, "every second Tuesday at 10:00") || strings.Count(body, "Skip this one") < 6 || !strings.Contains(body, "Move this one") {
			t.Fatalf("the pairing page does not show the regular time: %s", body)
		}
		resp, out = e.api("GET", "/api/v1/pairings/"+itoa(id)+"/series", f.seniorTok, nil)
		wantStatus(t, "series list", resp, out, 200)
		var list struct{ Items []seriesOut }
		if err := json.Unmarshal([]byte(out), &list); err != nil || len(list.Items) != 1 {
			t.Fatalf("series list %s", out)
		}
		sr := list.Items[0]
		resp, body = b.post("/series/"+itoa(sr.ID)+"/skip", url.Values{"_csrf": {form.Get("_csrf")},
			"meeting_id": {itoa(sr.Upcoming[1].MeetingID)}})
		wantStatus(t, "skip one", resp, body, 303)
		resp, out = e.api("GET", "/api/v1/series/"+itoa(sr.ID), f.seniorTok, nil)
		wantStatus(t, "series", resp, out, 200)
		after := decodeSeries(t, out)
		for i, o := range after.Upcoming {
			if want := map[bool]string{true: "cancelled", false: "scheduled"}[i == 1]; o.Status != want {
				t.Errorf("date %d is %s, want %s", i, o.Status, want)
			}
		}
		resp, body = b.get("/agenda")
		wantStatus(t, "agenda", resp, body, 200)
		if !strings.Contains(body, "Regular time</span>") {
			t.Errorf("the agenda does not mark the series' dates")
		}
		resp, body = b.post("/series/"+itoa(sr.ID)+"/skip", url.Values{"_csrf": {form.Get("_csrf")}, "meeting_id": {"999999"}})
		wantStatus(t, "skip a meeting of no series", resp, body, 400)
	})
}
