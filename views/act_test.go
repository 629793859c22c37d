package views_test

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

// before reports whether a comes before b in body, both present.
func before(body, a, b string) bool {
	i, j := strings.Index(body, a), strings.Index(body, b)
	return i >= 0 && j >= 0 && i < j
}

// A form that fails comes back as its page with 422, a summary at the top
// that links to each field, the message beside the field and what was
// typed kept: the same for every form.
func TestFormErrorsSummariseAtTheTop(t *testing.T) {
	eachCoachingEnv(t, func(t *testing.T, e *env) {
		c := e.coachingCast()
		eng := "/engagements/" + itoa(c.newEngagement(t, e, c.coachP.ID))
		coach := e.browser()
		coach.login("coach@example.com", "member password 1")
		tok := coach.csrf(eng)

		resp, body := coach.post(eng+"/close", url.Values{"_csrf": {tok}, "summary": {"Plans alone now"}})
		wantStatus(t, "close without an outcome", resp, body, 422)
		for _, want := range []string{`id="error-summary" role="alert" tabindex="-1"`, `href="#close-outcome"`,
			`<details class="danger-zone" id="close" open>`, `>Plans alone now</textarea>`, `id="close-outcome"`} {
			if !strings.Contains(body, want) {
				t.Errorf("close without an outcome lacks %s", want)
			}
		}
		if !before(body, `id="error-summary"`, "<h1") {
			t.Errorf("the summary is not at the top of the page: %s", body)
		}

		resp, body = coach.post(eng+"/progress", url.Values{"_csrf": {tok}, "progress_percent": {"150"}, "progress_comment": {"Big step"}})
		wantStatus(t, "progress 150", resp, body, 422)
		if !strings.Contains(body, `href="#p-progress_percent"`) || !strings.Contains(body, `id="p-progress_percent"`) {
			t.Errorf("progress summary does not link to its field: %s", body)
		}

		resp, body = coach.post(eng+"/sessions", url.Values{"_csrf": {tok}, "date": {"2026-09-01"}, "time": {"10:00"},
			"duration_minutes": {"2"}, "status": {"scheduled"}, "location": {"Room 9"}})
		wantStatus(t, "session outside its dates, too short", resp, body, 422)
		for _, want := range []string{`href="#s-date"`, `href="#s-duration_minutes"`, `id="s-duration_minutes"`, `value="Room 9"`} {
			if !strings.Contains(body, want) {
				t.Errorf("session form errors lack %s", want)
			}
		}

		admin := e.adminBrowser()
		atok := admin.csrf("/people/new")
		resp, body = admin.post("/people", url.Values{"_csrf": {atok}, "name": {""}, "email": {"not an address"},
			"seniority": {"3"}, "timezone": {"Europe/Berlin"}, "role": {"member"}, "job_title": {"Analyst"}})
		wantStatus(t, "person without a name", resp, body, 422)
		if !before(body, `id="error-summary"`, "<h1") || !strings.Contains(body, `href="#name"`) ||
			!strings.Contains(body, `href="#email"`) || !strings.Contains(body, `value="Analyst"`) {
			t.Errorf("person form errors: %s", body)
		}
		if !before(body, `href="#name"`, `href="#email"`) {
			t.Errorf("the summary does not follow the form's order: %s", body)
		}

		resp, body = admin.post("/programmes", url.Values{"_csrf": {atok}, "name": {"Spring"}, "kind": {"mentoring"},
			"starts_on": {"2026-05-01"}, "ends_on": {"2026-04-01"}})
		wantStatus(t, "programme ending before it starts", resp, body, 422)
		if !strings.Contains(body, `href="#ends_on"`) || !strings.Contains(body, `value="Spring"`) {
			t.Errorf("programme form errors: %s", body)
		}

		resp, body = coach.post("/settings/profile", url.Values{"_csrf": {tok}, "name": {"Coach"}, "timezone": {"Mars/Olympus"}})
		wantStatus(t, "settings with an unknown zone", resp, body, 422)
		if !strings.Contains(body, `href="#timezone"`) || !strings.Contains(body, `value="Mars/Olympus"`) {
			t.Errorf("settings form errors: %s", body)
		}

		// A form that worked shows no summary.
		_, body = coach.get(eng)
		if strings.Contains(body, "error-summary") {
			t.Errorf("a plain page shows an error summary: %s", body)
		}
	})
}

// Ending a pairing and cancelling an engagement or a meeting are behind a
// disclosure and a box to tick; unticked, nothing happens.
func TestDestructiveActionsAreConfirmed(t *testing.T) {
	eachCoachingEnv(t, func(t *testing.T, e *env) {
		c := e.coachingCast()
		id := c.newEngagement(t, e, c.coachP.ID)
		eng := "/engagements/" + itoa(id)
		admin := e.adminBrowser()
		resp, body := admin.get(eng)
		wantStatus(t, "engagement page", resp, body, 200)
		if !strings.Contains(body, `<details class="danger-zone" id="cancel">`) || !strings.Contains(body, `<details class="danger-zone" id="close">`) {
			t.Errorf("close and cancel are not behind a closed disclosure: %s", body)
		}
		if !before(body, "What you can do now", `id="goal-h"`) {
			t.Errorf("the page does not lead with what its viewer can do: %s", body)
		}
		tok := admin.csrf(eng)
		resp, body = admin.post(eng+"/cancel", url.Values{"_csrf": {tok}, "reason": {"Left the company"}})
		wantStatus(t, "cancel unconfirmed", resp, body, 422)
		if !strings.Contains(body, `href="#cancel-confirmed"`) || !strings.Contains(body, `<details class="danger-zone" id="cancel" open>`) ||
			!strings.Contains(body, "Left the company</textarea>") {
			t.Errorf("unconfirmed cancel: %s", body)
		}
		resp, out := e.api("GET", "/api/v1/engagements/"+itoa(id), c.admin, nil)
		if decodeMap(t, out)["status"] != "active" {
			t.Fatalf("an unconfirmed cancel changed the engagement: %d %s", resp.StatusCode, out)
		}
		resp, body = admin.post(eng+"/cancel", url.Values{"_csrf": {tok}, "reason": {"Left the company"}, "confirmed": {"yes"}})
		wantStatus(t, "cancel confirmed", resp, body, 303)
	})
}

// One way to hold, miss or cancel any meeting, offering only what the
// domain allows now: nothing is held before it starts, nothing held goes
// back to scheduled.
func TestMeetingActionsOfferOnlyValidMoves(t *testing.T) {
	eachCoachingEnv(t, func(t *testing.T, e *env) {
		c := e.coachingCast()
		eng := c.newEngagement(t, e, c.coachP.ID)
		resp, out := e.api("POST", "/api/v1/engagements/"+itoa(eng)+"/sessions", c.coach,
			map[string]any{"scheduled_at": "2026-03-12T09:00:00Z", "duration_minutes": 60, "location": "https://meet.example/abc?x=1&y=2"})
		wantStatus(t, "session", resp, out, 201)
		page := "/sessions/" + itoa(idOf(t, out))
		coach := e.browser()
		coach.login("coach@example.com", "member password 1")
		resp, body := coach.get(page)
		wantStatus(t, "session ahead", resp, body, 200)
		if strings.Contains(body, "Mark as held") || strings.Contains(body, `value="completed"`) {
			t.Errorf("a session ahead offers to mark it held: %s", body)
		}
		if !strings.Contains(body, "Once it has started") || !strings.Contains(body, `<summary>Cancel this session</summary>`) {
			t.Errorf("a session ahead: %s", body)
		}
		if !strings.Contains(body, `<a href="https://meet.example/abc?x=1&amp;y=2" rel="noopener noreferrer">`) {
			t.Errorf("the video link is not a link: %s", body)
		}
		tok := csrfRe.FindStringSubmatch(body)[1]
		resp, body = coach.post(page, url.Values{"_csrf": {tok}, "status": {"completed"}})
		wantStatus(t, "held before it starts", resp, body, 422)
		if !strings.Contains(body, `href="#m-status"`) || !strings.Contains(body, "before it starts") {
			t.Errorf("held before it starts: %s", body)
		}
		resp, body = coach.post(page, url.Values{"_csrf": {tok}, "status": {"cancelled"}})
		wantStatus(t, "cancel unconfirmed", resp, body, 422)
		if !strings.Contains(body, `href="#m-confirmed"`) || !strings.Contains(body, "<details class=\"danger-zone\" open>") {
			t.Errorf("unconfirmed meeting cancel: %s", body)
		}

		e.clock.Set(time.Date(2026, 3, 12, 9, 30, 0, 0, time.UTC))
		_, body = coach.get(page)
		for _, want := range []string{"Mark as held", `value="completed"`, `value="no_show"`, `id="m-held-progress"`} {
			if !strings.Contains(body, want) {
				t.Errorf("a started session lacks %s", want)
			}
		}
		resp, body = coach.post(page, url.Values{"_csrf": {tok}, "status": {"completed"}, "progress_percent": {"20"}})
		wantStatus(t, "held", resp, body, 303)
		_, body = coach.get(page)
		for _, refused := range []string{"Mark as held", `value="no_show"`, `value="cancelled"`, `value="scheduled"`} {
			if strings.Contains(body, refused) {
				t.Errorf("a held session still offers %s", refused)
			}
		}
		resp, out = e.api("GET", "/api/v1/engagements/"+itoa(eng), c.coach, nil)
		if g := decodeMap(t, out); g["progress_percent"] != 20.0 || g["sessions_completed"] != 1.0 {
			t.Errorf("holding the session with progress: %d %s", resp.StatusCode, out)
		}
		// The API keeps its contract: a held session is not scheduled again.
		resp, out = e.api("PATCH", "/api/v1"+page, c.coach, map[string]any{"status": "scheduled"})
		wantStatus(t, "held back to scheduled", resp, out, 409)
	})
}

// A check-in ahead offers cancel only; with the box ticked it is
// cancelled and says so.
func TestCheckinActions(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := newMentoringFixture(t, e)
		pairing := "/api/v1/pairings/" + itoa(f.seniorMentorsJunior(t, e))
		resp, out := e.api("POST", pairing+"/checkins", f.juniorTok, map[string]any{"format": "formal",
			"scheduled_at": "2026-03-09T14:00:00+01:00", "duration_minutes": 45, "location": "javascript:alert(1)"})
		wantStatus(t, "formal check-in", resp, out, 201)
		page := "/checkins/" + itoa(idOf(t, out))
		mentor := e.browser()
		mentor.login("senior@example.com", "member password 1")
		_, body := mentor.get(page)
		if strings.Contains(body, "Mark as held") || !strings.Contains(body, "Cancel this check-in") {
			t.Errorf("a check-in ahead: %s", body)
		}
		if strings.Contains(body, `href="javascript:`) || !strings.Contains(body, "javascript:alert(1)") {
			t.Errorf("a place that is no web address: %s", body)
		}
		tok := csrfRe.FindStringSubmatch(body)[1]
		resp, body = mentor.post(page, url.Values{"_csrf": {tok}, "status": {"cancelled"}, "confirmed": {"yes"}})
		wantStatus(t, "cancel", resp, body, 303)
		_, body = mentor.get(page)
		if !strings.Contains(body, "is cancelled") || strings.Contains(body, "Cancel this check-in") {
			t.Errorf("a cancelled check-in: %s", body)
		}
	})
}

// Scheduling names both zones; the chosen time shows on the other
// person's clock in the preview, the confirmation and every listing.
func TestSchedulingAcrossZones(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := newMentoringFixture(t, e)
		resp, out := e.api("PATCH", "/api/v1/people/"+itoa(f.junior.ID), f.admin, map[string]any{"timezone": "Asia/Tokyo"})
		wantStatus(t, "junior moves to Tokyo", resp, out, 200)
		page := "/pairings/" + itoa(f.seniorMentorsJunior(t, e))
		mentor := e.browser()
		mentor.login("senior@example.com", "member password 1")
		resp, body := mentor.get(page)
		wantStatus(t, "pairing page", resp, body, 200)
		if !strings.Contains(body, "Time (your zone, Europe/Berlin)") || !strings.Contains(body, "junior is in Asia/Tokyo (JST, now 18:00)") {
			t.Errorf("the schedule form does not name both zones: %s", body)
		}
		tok := csrfRe.FindStringSubmatch(body)[1]
		form := url.Values{"_csrf": {tok}, "format": {"formal"}, "date": {"2026-12-01"}, "time": {"10:00"},
			"duration_minutes": {"30"}, "location": {"https://video.example/room"}, "agenda": {"Goals"}, "preview": {"1"}}
		resp, body = mentor.post(page+"/checkins", form)
		wantStatus(t, "preview", resp, body, 200)
		if !strings.Contains(body, "Tue 1 Dec 2026, 10:00 CET · 18:00 JST for junior") || !strings.Contains(body, `value="2026-12-01"`) {
			t.Errorf("preview: %s", body)
		}
		_, out = e.api("GET", "/api/v1/pairings/"+strings.TrimPrefix(page, "/pairings/")+"/checkins", f.seniorTok, nil)
		if strings.Contains(out, "2026-12-01") {
			t.Fatalf("the preview saved a check-in: %s", out)
		}
		form.Del("preview")
		resp, body = mentor.post(page+"/checkins", form)
		wantStatus(t, "schedule", resp, body, 303)
		_, body = mentor.get(page)
		if !strings.Contains(body, "The check-in is scheduled for Tue 1 Dec 2026, 10:00 CET · 18:00 JST for junior.") {
			t.Errorf("the confirmation lacks both zones: %s", body)
		}
		if !strings.Contains(body, "· 18:00 JST for junior") || !strings.Contains(body, `href="https://video.example/room" rel="noopener noreferrer"`) {
			t.Errorf("the check-in list: %s", body)
		}
		mentee := e.browser()
		mentee.login("junior@example.com", "member password 1")
		_, body = mentee.get("/agenda?from=2026-11-30&to=2026-12-05")
		if !strings.Contains(body, "Tue 1 Dec 2026, 18:00 JST · 10:00 CET for senior") {
			t.Errorf("the mentee's agenda lacks the mentor's zone: %s", body)
		}
		_, body = mentee.get(page)
		if !strings.Contains(body, "Tue 1 Dec 2026, 18:00 JST") || !strings.Contains(body, "10:00 CET for senior") {
			t.Errorf("the mentee's pairing page: %s", body)
		}
	})
}

// "Add to my calendar" on the agenda and the home page: whoever has no
// feed makes one there and comes back; then the https and webcal links
// and the steps for the common apps.
func TestAddToMyCalendar(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		_, tok := e.member("member@example.com", 4)
		b := e.browser()
		b.login("member@example.com", "member password 1")
		for _, page := range []string{"/", "/agenda"} {
			resp, body := b.get(page)
			wantStatus(t, page, resp, body, 200)
			if !strings.Contains(body, "Add to my calendar") || !strings.Contains(body, "Make my calendar link") ||
				!strings.Contains(body, `name="back" value="`+page+`"`) {
				t.Errorf("%s without a feed: %s", page, body)
			}
		}
		csrf := b.csrf("/agenda")
		resp, body := b.post("/settings/calendar", url.Values{"_csrf": {csrf}, "back": {"/agenda"}})
		wantStatus(t, "make the feed", resp, body, 303)
		if loc := resp.Header.Get("Location"); loc != "/agenda#addcal-h" {
			t.Errorf("back to %q, want the agenda", loc)
		}
		_, out := e.api("GET", "/api/v1/me/calendar", tok, nil)
		feed, _ := decodeMap(t, out)["url"].(string)
		if !strings.HasPrefix(feed, "http://cairn.test/calendar/") {
			t.Fatalf("feed url %q", feed)
		}
		webcal := "webcal://" + strings.TrimPrefix(feed, "http://")
		for _, page := range []string{"/", "/agenda"} {
			_, body = b.get(page)
			for _, want := range []string{`value="` + feed + `"`, `href="` + webcal + `"`, "Google Calendar:", "Outlook:", "Apple Calendar:",
				`href="https://calendar.google.com/calendar/r?cid=` + url.QueryEscape(webcal) + `"`} {
				if !strings.Contains(body, want) {
					t.Errorf("%s lacks %s", page, want)
				}
			}
			if strings.Contains(body, "Make my calendar link") {
				t.Errorf("%s offers to make a feed that exists", page)
			}
		}
		// Only pages that offer the button are gone back to.
		resp, _ = b.post("/settings/calendar", url.Values{"_csrf": {csrf}, "back": {"https://evil.example/"}})
		if loc := resp.Header.Get("Location"); loc != "/settings" {
			t.Errorf("back to %q, want the settings", loc)
		}
	})
}

// The settings page's token form reports its own errors beside its own
// field, not beside the profile's name.
func TestSettingsTokenErrorStaysWithItsForm(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		e.member("member@example.com", 4)
		b := e.browser()
		b.login("member@example.com", "member password 1")
		tok := b.csrf("/settings")
		long := strings.Repeat("x", 101)
		resp, body := b.post("/settings/tokens", url.Values{"_csrf": {tok}, "name": {long}})
		wantStatus(t, "token with a long name", resp, body, 422)
		if !strings.Contains(body, `href="#token-name"`) || !strings.Contains(body, `value="`+long+`"`) ||
			strings.Contains(body, `id="name" name="name" required value="member" aria-invalid`) {
			t.Errorf("token form errors: %s", body)
		}
	})
}
