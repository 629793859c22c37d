package views_test

import (
	"strings"
	"testing"
)

func TestActionItemsAPI(t *testing.T) {
	eachCoachingEnv(t, func(t *testing.T, e *env) {
		c := e.coachingCast()
		eng := c.newEngagement(t, e, c.coachP.ID)
		list := "/api/v1/engagements/" + itoa(eng) + "/actions"

		// the coach adds one for the coachee, from a session
		resp, out := e.api("POST", "/api/v1/engagements/"+itoa(eng)+"/sessions", c.coachee, map[string]any{
			"scheduled_at": "2026-03-05T10:00:00Z", "duration_minutes": 60})
		wantStatus(t, "session", resp, out, 201)
		session := idOf(t, out)
		resp, out = e.api("POST", list, c.coach, map[string]any{"title": "Draft the team charter", "detail": "one page",
			"owner_id": c.coacheeP.ID, "due_on": "2026-03-09", "meeting": map[string]any{"kind": "session", "id": session}})
		wantStatus(t, "add", resp, out, 201)
		item := idOf(t, out)
		if got := resp.Header.Get("Location"); got != "/api/v1/actions/"+itoa(item) {
			t.Errorf("Location = %q", got)
		}
		m := decodeMap(t, out)
		if m["done_at"] != nil || m["owner_id"].(float64) != float64(c.coacheeP.ID) || m["meeting"].(map[string]any)["kind"] != "session" {
			t.Errorf("created = %s", out)
		}
		for _, bad := range []map[string]any{
			{"title": "", "owner_id": c.coacheeP.ID, "due_on": "2026-03-09"},
			{"title": "x", "owner_id": c.otherP.ID, "due_on": "2026-03-09"},
			{"title": "x", "owner_id": c.coacheeP.ID, "due_on": "2026-03-09", "meeting": map[string]any{"kind": "checkin", "id": session}},
		} {
			resp, out = e.api("POST", list, c.coach, bad)
			wantStatus(t, "bad item", resp, out, 422)
		}

		// the coachee sees it; the admin only counts; an outsider nothing
		resp, out = e.api("GET", list, c.coachee, nil)
		wantStatus(t, "coachee's list", resp, out, 200)
		if !strings.Contains(out, "Draft the team charter") {
			t.Errorf("coachee's list = %s", out)
		}
		resp, out = e.api("GET", list, c.admin, nil)
		wantStatus(t, "admin's list", resp, out, 200)
		if strings.Contains(out, "charter") || !strings.Contains(out, `"open":1`) {
			t.Errorf("admin's list = %s, want counts only", out)
		}
		resp, out = e.api("GET", list, c.other, nil)
		wantStatus(t, "outsider's list", resp, out, 404)
		resp, out = e.api("POST", list, c.admin, map[string]any{"title": "x", "owner_id": c.coacheeP.ID, "due_on": "2026-03-09"})
		wantStatus(t, "admin adds", resp, out, 403)
		resp, out = e.api("PATCH", "/api/v1/actions/"+itoa(item), c.other, map[string]any{"title": "mine now"})
		wantStatus(t, "outsider patches", resp, out, 404)
		resp, out = e.api("PATCH", "/api/v1/actions/"+itoa(item), c.admin, map[string]any{"title": "mine now"})
		wantStatus(t, "admin patches", resp, out, 403)

		// only the owner marks it done, and may open it again
		resp, out = e.api("PATCH", "/api/v1/actions/"+itoa(item), c.coach, map[string]any{"done_at": "2026-03-02T10:00:00Z"})
		wantStatus(t, "coach marks done", resp, out, 403)
		resp, out = e.api("PATCH", "/api/v1/actions/"+itoa(item), c.coachee, map[string]any{"done_at": "2026-03-02T10:00:00Z"})
		wantStatus(t, "coachee marks done", resp, out, 200)
		if decodeMap(t, out)["done_at"] == nil {
			t.Errorf("not done: %s", out)
		}
		resp, out = e.api("GET", "/api/v1/me/actions?open=true", c.coachee, nil)
		wantStatus(t, "my open items", resp, out, 200)
		if strings.Contains(out, "charter") {
			t.Errorf("a done item among the open ones: %s", out)
		}
		resp, out = e.api("PATCH", "/api/v1/actions/"+itoa(item), c.coachee, map[string]any{"done_at": nil})
		wantStatus(t, "coachee reopens", resp, out, 200)
		if decodeMap(t, out)["done_at"] != nil {
			t.Errorf("still done: %s", out)
		}
		e.wantItems(t, "coach's items", "/api/v1/me/actions", c.coach, "items", 1)
		e.wantItems(t, "outsider's items", "/api/v1/me/actions", c.other, "items", 0)

		resp, out = e.api("DELETE", "/api/v1/actions/"+itoa(item), c.coach, nil)
		wantStatus(t, "delete", resp, out, 204)
		e.wantItems(t, "coachee's items after delete", "/api/v1/me/actions", c.coachee, "items", 0)
	})
}
