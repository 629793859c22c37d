package views_test

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestMilestonesAPI(t *testing.T) {
	eachCoachingEnv(t, func(t *testing.T, e *env) {
		c := e.coachingCast()
		eng := c.newEngagement(t, e, c.coachP.ID)
		list := "/api/v1/engagements/" + itoa(eng) + "/milestones"

		resp, out := e.api("POST", list, c.coach, map[string]any{"title": "Run the first retro", "target_on": "2026-03-20"})
		wantStatus(t, "add", resp, out, 201)
		first := idOf(t, out)
		if got := resp.Header.Get("Location"); got != "/api/v1/milestones/"+itoa(first) {
			t.Errorf("Location = %q", got)
		}
		resp, out = e.api("POST", list, c.coach, map[string]any{"title": "Present the charter", "target_on": "2026-05-01"})
		wantStatus(t, "add second", resp, out, 201)
		second := idOf(t, out)
		for _, bad := range []map[string]any{{"title": "", "target_on": "2026-03-20"}, {"title": "x"},
			{"title": "x", "target_on": "2026-03-20", "done_on": "2026-12-01"}} {
			resp, out = e.api("POST", list, c.coach, bad)
			wantStatus(t, "bad milestone", resp, out, 422)
		}
		resp, out = e.api("POST", list, c.coachee, map[string]any{"title": "mine", "target_on": "2026-03-20"})
		wantStatus(t, "coachee adds", resp, out, 403)
		resp, out = e.api("POST", list, c.admin, map[string]any{"title": "HR's", "target_on": "2026-03-20"})
		wantStatus(t, "admin adds", resp, out, 403)
		resp, out = e.api("GET", list, c.other, nil)
		wantStatus(t, "outsider reads", resp, out, 404)
		resp, out = e.api("PATCH", "/api/v1/milestones/"+itoa(first), c.other, map[string]any{"title": "x"})
		wantStatus(t, "outsider patches", resp, out, 404)

		// the coachee reads them; the admin counts only
		resp, out = e.api("GET", list, c.coachee, nil)
		wantStatus(t, "coachee's list", resp, out, 200)
		if !strings.Contains(out, "Run the first retro") || !strings.Contains(out, `"total":2`) {
			t.Errorf("coachee's list = %s", out)
		}
		resp, out = e.api("GET", list, c.admin, nil)
		wantStatus(t, "admin's list", resp, out, 200)
		if strings.Contains(out, "retro") || !strings.Contains(out, `"total":2`) {
			t.Errorf("admin's list = %s, want counts only", out)
		}

		// progress follows the milestones once the coach says so
		resp, out = e.api("PATCH", "/api/v1/engagements/"+itoa(eng), c.coach, map[string]any{"progress_mode": "milestones"})
		wantStatus(t, "progress mode", resp, out, 200)
		if m := decodeMap(t, out); m["progress_mode"] != "milestones" || m["progress_percent"].(float64) != 0 {
			t.Errorf("engagement = %s", out)
		}
		resp, out = e.api("PATCH", "/api/v1/engagements/"+itoa(eng), c.coach, map[string]any{"progress_percent": 60})
		wantStatus(t, "progress by hand", resp, out, 422)
		resp, out = e.api("PATCH", "/api/v1/milestones/"+itoa(first), c.coach, map[string]any{"done_on": "2026-03-02"})
		wantStatus(t, "done", resp, out, 200)
		if decodeMap(t, out)["done_on"] != "2026-03-02" {
			t.Errorf("done milestone = %s", out)
		}
		resp, out = e.api("GET", "/api/v1/engagements/"+itoa(eng), c.coachee, nil)
		wantStatus(t, "engagement", resp, out, 200)
		if decodeMap(t, out)["progress_percent"].(float64) != 50 {
			t.Errorf("progress = %s, want 50", out)
		}
		resp, out = e.api("PATCH", "/api/v1/milestones/"+itoa(first), c.coach, map[string]any{"done_on": nil})
		wantStatus(t, "open again", resp, out, 200)
		if decodeMap(t, out)["done_on"] != nil {
			t.Errorf("still done: %s", out)
		}

		// past its date and not done, it is shown and feeds health
		e.clock.Set(time.Date(2026, 3, 25, 9, 0, 0, 0, time.UTC))
		resp, out = e.api("GET", "/api/v1/engagements/"+itoa(eng), c.admin, nil)
		wantStatus(t, "engagement later", resp, out, 200)
		if !strings.Contains(out, "1 milestone past its target date and not done") || strings.Contains(out, "retro") {
			t.Errorf("health = %s", out)
		}
		resp, out = e.api("DELETE", "/api/v1/milestones/"+itoa(second), c.coachee, nil)
		wantStatus(t, "coachee deletes", resp, out, 403)
		resp, out = e.api("DELETE", "/api/v1/milestones/"+itoa(second), c.coach, nil)
		wantStatus(t, "coach deletes", resp, out, 204)
		e.wantItems(t, "after delete", list, c.coach, `"target_on"`, 1)
	})
}

func TestExtensionsAPI(t *testing.T) {
	eachCoachingEnv(t, func(t *testing.T, e *env) {
		c := e.coachingCast()
		eng := c.newEngagement(t, e, c.coachP.ID)
		path := "/api/v1/engagements/" + itoa(eng)

		// near the end the deadline is flagged
		e.clock.Set(time.Date(2026, 6, 20, 9, 0, 0, 0, time.UTC))
		resp, out := e.api("POST", "/api/v1/admin/jobs/flags/run", c.admin, nil)
		wantStatus(t, "flag sweep", resp, out, 200)
		resp, out = e.api("GET", "/api/v1/flags", c.admin, nil)
		wantStatus(t, "flags", resp, out, 200)
		if !strings.Contains(out, "goal_deadline_near") {
			t.Fatalf("flags before = %s", out)
		}

		body := map[string]any{"ends_on": "2026-09-30", "planned_sessions": 8, "reason": "two sessions lost to the reorganisation"}
		resp, out = e.api("POST", path+"/extensions", c.coachee, body)
		wantStatus(t, "coachee proposes", resp, out, 403)
		resp, out = e.api("POST", path+"/extensions", c.other, body)
		wantStatus(t, "outsider proposes", resp, out, 404)
		resp, out = e.api("POST", path+"/extensions", c.coach, map[string]any{"ends_on": "2026-06-01", "reason": ""})
		wantStatus(t, "earlier date", resp, out, 422)
		resp, out = e.api("POST", path+"/extensions", c.coach, body)
		wantStatus(t, "propose", resp, out, 201)
		x := idOf(t, out)
		if m := decodeMap(t, out); m["state"] != "open" || m["previous_ends_on"] != "2026-06-30" {
			t.Errorf("proposal = %s", out)
		}
		resp, out = e.api("POST", path+"/extensions", c.coach, body)
		wantStatus(t, "second open proposal", resp, out, 409)

		// admins see it without the reason; the coach may not answer it
		resp, out = e.api("GET", path+"/extensions", c.admin, nil)
		wantStatus(t, "admin's list", resp, out, 200)
		if strings.Contains(out, "reorganisation") || !strings.Contains(out, `"reasons_hidden":true`) {
			t.Errorf("admin's list = %s", out)
		}
		resp, out = e.api("POST", "/api/v1/extensions/"+itoa(x)+"/accept", c.coach, nil)
		wantStatus(t, "coach accepts", resp, out, 403)
		resp, out = e.api("POST", "/api/v1/extensions/"+itoa(x)+"/accept", c.admin, nil)
		wantStatus(t, "admin accepts", resp, out, 403)
		resp, out = e.api("POST", "/api/v1/extensions/"+itoa(x)+"/accept", c.other, nil)
		wantStatus(t, "outsider accepts", resp, out, 404)

		resp, out = e.api("POST", "/api/v1/extensions/"+itoa(x)+"/accept", c.coachee, map[string]any{})
		wantStatus(t, "coachee accepts", resp, out, 200)
		resp, out = e.api("POST", "/api/v1/extensions/"+itoa(x)+"/decline", c.coachee, nil)
		wantStatus(t, "declining after accepting", resp, out, 409)
		resp, out = e.api("GET", path, c.admin, nil)
		wantStatus(t, "engagement", resp, out, 200)
		if m := decodeMap(t, out); m["ends_on"] != "2026-09-30" || m["planned_sessions"].(float64) != 8 || m["deadline_status"] != "on_track" {
			t.Errorf("engagement after the extension = %s", out)
		}

		// the deadline flag follows, and HR was told
		resp, out = e.api("POST", "/api/v1/admin/jobs/flags/run", c.admin, nil)
		wantStatus(t, "flag sweep after", resp, out, 200)
		resp, out = e.api("GET", "/api/v1/flags", c.admin, nil)
		wantStatus(t, "flags after", resp, out, 200)
		if strings.Contains(out, "goal_deadline_near") {
			t.Errorf("flags after the extension = %s", out)
		}
		resp, out = e.api("GET", "/api/v1/me/notifications", c.admin, nil)
		wantStatus(t, "admin's notifications", resp, out, 200)
		if !strings.Contains(out, "agreed to extend") {
			t.Errorf("admin's notifications = %s", out)
		}
		resp, out = e.api("GET", "/api/v1/admin/outbox", c.admin, nil)
		wantStatus(t, "outbox", resp, out, 200)
		if !strings.Contains(out, `"kind":"extension"`) {
			t.Errorf("outbox = %s", out)
		}

		// a second proposal, declined with a reason, changes nothing
		resp, out = e.api("POST", path+"/extensions", c.coach, map[string]any{"ends_on": "2026-10-31", "reason": "more time"})
		wantStatus(t, "propose again", resp, out, 201)
		y := idOf(t, out)
		resp, out = e.api("POST", "/api/v1/extensions/"+itoa(y)+"/decline", c.coachee, map[string]any{"reason": "we will finish"})
		wantStatus(t, "decline", resp, out, 200)
		resp, out = e.api("GET", path, c.coachee, nil)
		wantStatus(t, "engagement after decline", resp, out, 200)
		if decodeMap(t, out)["ends_on"] != "2026-09-30" {
			t.Errorf("a declined proposal moved the end: %s", out)
		}
		e.wantItems(t, "history", path+"/extensions", c.coachee, `"previous_ends_on"`, 2)
	})
}

func TestMilestonesAndExtensionsPages(t *testing.T) {
	eachCoachingEnv(t, func(t *testing.T, e *env) {
		c := e.coachingCast()
		eng := c.newEngagement(t, e, c.coachP.ID)
		page := "/engagements/" + itoa(eng)
		coach := e.browser()
		coach.login("coach@example.com", "member password 1")

		form := url.Values{"_csrf": {coach.csrf(page)}, "title": {""}, "target_on": {"2026-04-01"}}
		resp, out := coach.post(page+"/milestones", form)
		wantStatus(t, "empty title", resp, out, 422)
		if i := strings.Index(out, `class="field-error"`); i < 0 || !strings.Contains(out[i:i+80], "is required") {
			t.Errorf("no error beside the title: %s", out)
		}
		form.Set("title", "Run the first retro")
		resp, out = coach.post(page+"/milestones", form)
		wantStatus(t, "add milestone", resp, out, 303)

		ext := url.Values{"_csrf": {coach.csrf(page)}, "ends_on": {"2026-06-01"}, "planned_sessions": {"8"}, "reason": {"time lost"}}
		resp, out = coach.post(page+"/extensions", ext)
		wantStatus(t, "earlier end", resp, out, 422)
		if !strings.Contains(out, `value="time lost"`) && !strings.Contains(out, ">time lost</textarea>") {
			t.Errorf("the proposal form lost its input: %s", out)
		}
		ext.Set("ends_on", "2026-08-31")
		resp, out = coach.post(page+"/extensions", ext)
		wantStatus(t, "propose", resp, out, 303)

		coachee := e.browser()
		coachee.login("coachee@example.com", "member password 1")
		_, out = coachee.get(page)
		for _, s := range []string{"Run the first retro", "Waiting for an answer", "Accept the new end date", "time lost"} {
			if !strings.Contains(out, s) {
				t.Errorf("the coachee's page lacks %q", s)
			}
		}
		admin := e.browser()
		admin.login("admin@example.com", adminPassword)
		_, out = admin.get(page)
		if strings.Contains(out, "Run the first retro") || strings.Contains(out, "time lost") || !strings.Contains(out, "0 of 1 reached") {
			t.Errorf("the admin's page shows the participants' words, or no counts")
		}
	})
}
