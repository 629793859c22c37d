package views_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
)

func TestCalendarFeed(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := newMentoringFixture(t, e)
		pairing := f.seniorMentorsJunior(t, e)
		at := e.clock.Now().Add(48 * time.Hour)
		resp, out := e.api("POST", "/api/v1/pairings/"+itoa(pairing)+"/checkins", f.juniorTok, map[string]any{
			"format": "formal", "scheduled_at": at.Format(time.RFC3339), "duration_minutes": 45, "location": "Café; 2nd floor",
			"agenda": "career plan", "notes": "<script>alert(1)</script> private stuff"})
		wantStatus(t, "schedule", resp, out, 201)
		checkin := idOf(t, out)

		resp, out = e.api("GET", "/api/v1/me/calendar", f.juniorTok, nil)
		wantStatus(t, "calendar url", resp, out, 200)
		var cal struct{ URL string }
		_ = json.Unmarshal([]byte(out), &cal)
		if !strings.HasPrefix(cal.URL, "http://cairn.test/calendar/") || !strings.HasSuffix(cal.URL, ".ics") || len(cal.URL) < 60 {
			t.Fatalf("calendar url: %s", cal.URL)
		}
		_, again := e.api("GET", "/api/v1/me/calendar", f.juniorTok, nil)
		if again != out {
			t.Errorf("the URL changed between two reads: %s then %s", out, again)
		}
		path := strings.TrimPrefix(cal.URL, "http://cairn.test")
		feed := func(path string) (int, *ics.Calendar, string) {
			resp, body := e.do(httptest.NewRequest("GET", path, nil))
			if resp.StatusCode != 200 {
				return resp.StatusCode, nil, body
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
				t.Errorf("content type %q", ct)
			}
			c, err := ics.ParseCalendar(strings.NewReader(body))
			if err != nil {
				t.Fatalf("feed does not parse: %v\n%s", err, body)
			}
			return 200, c, body
		}
		status, c, body := feed(path)
		if status != 200 || len(c.Events()) != 1 {
			t.Fatalf("feed: %d %s", status, body)
		}
		ev := c.Events()[0]
		start, err := ev.GetStartAt()
		if err != nil || !start.Equal(at) {
			t.Errorf("DTSTART %v (%v), want %v", start, err, at)
		}
		// A meeting of a fresh installation carries its tag: unique across
		// organisations, and the same UID the invites carry.
		want, err := e.svc.MeetingUID(context.Background(), checkin)
		if uid := ev.GetProperty(ics.ComponentPropertyUniqueId).Value; err != nil || uid != want ||
			!regexp.MustCompile(`^meeting-`+itoa(checkin)+`-[0-9a-f]{12}@cairn$`).MatchString(uid) {
			t.Errorf("UID %q, want %q (%v)", uid, want, err)
		}
		if sum := ev.GetProperty(ics.ComponentPropertySummary).Value; sum != "Check-in with senior" {
			t.Errorf("summary %q", sum)
		}
		if strings.Contains(body, "private stuff") || strings.Contains(body, "career plan") || strings.Contains(body, "<script>") {
			t.Errorf("note contents in the feed:\n%s", body)
		}
		seq0 := ev.GetProperty(ics.ComponentPropertySequence).Value

		// Reschedule: the event moves and its SEQUENCE rises.
		moved := at.Add(3 * time.Hour)
		resp, out = e.api("PATCH", "/api/v1/checkins/"+itoa(checkin), f.seniorTok, map[string]any{"scheduled_at": moved.Format(time.RFC3339)})
		wantStatus(t, "reschedule", resp, out, 200)
		_, c, _ = feed(path)
		ev = c.Events()[0]
		start, _ = ev.GetStartAt()
		if !start.Equal(moved) || ev.GetProperty(ics.ComponentPropertySequence).Value <= seq0 {
			t.Errorf("after reschedule: start %v seq %s (was %s)", start, ev.GetProperty(ics.ComponentPropertySequence).Value, seq0)
		}
		resp, out = e.api("PATCH", "/api/v1/checkins/"+itoa(checkin), f.seniorTok, map[string]any{"status": "cancelled"})
		wantStatus(t, "cancel", resp, out, 200)
		_, c, _ = feed(path)
		if st := c.Events()[0].GetProperty(ics.ComponentPropertyStatus).Value; st != "CANCELLED" {
			t.Errorf("cancelled meeting's STATUS %q", st)
		}

		// Rotate: the old URL is 404 at once, the new one works.
		resp, out = e.api("POST", "/api/v1/me/calendar", f.juniorTok, nil)
		wantStatus(t, "rotate", resp, out, 200)
		var rotated struct{ URL string }
		_ = json.Unmarshal([]byte(out), &rotated)
		if status, _, _ := feed(path); status != 404 {
			t.Errorf("old URL after rotate: %d", status)
		}
		if status, _, _ := feed(strings.TrimPrefix(rotated.URL, "http://cairn.test")); status != 200 {
			t.Errorf("new URL: %d", status)
		}
		if status, _, _ := feed("/calendar/not-a-token.ics"); status != 404 {
			t.Errorf("made-up token: %d", status)
		}
	})
}
