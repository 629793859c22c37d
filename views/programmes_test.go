package views_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

func TestProgrammesAPI(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		admin := e.token("admin@example.com", adminPassword)
		resp, out := e.api("POST", "/api/v1/programmes", admin, map[string]any{"name": "Graduates 2026", "kind": "mentoring",
			"starts_on": "2026-01-01", "ends_on": "2026-12-31"})
		wantStatus(t, "create mentoring", resp, out, 201)
		var p struct {
			ID                 int64
			CheckinCadenceDays *int `json:"checkin_cadence_days"`
			StartsOn           string
		}
		_ = json.Unmarshal([]byte(out), &p)
		if p.CheckinCadenceDays == nil || *p.CheckinCadenceDays != 14 || !strings.Contains(out, `"starts_on":"2026-01-01"`) {
			t.Errorf("created: %s", out)
		}
		for _, c := range []struct {
			name  string
			body  map[string]any
			field string
		}{
			{"no name", map[string]any{"kind": "mentoring"}, "name"},
			{"bad kind", map[string]any{"name": "X", "kind": "therapy"}, "kind"},
			{"ends before start", map[string]any{"name": "X", "kind": "coaching", "starts_on": "2026-05-01", "ends_on": "2026-04-01"}, "ends_on"},
			{"cadence on coaching", map[string]any{"name": "X", "kind": "coaching", "checkin_cadence_days": 7}, "checkin_cadence_days"},
			{"cadence zero", map[string]any{"name": "X", "kind": "mentoring", "checkin_cadence_days": 0}, "checkin_cadence_days"},
		} {
			resp, out := e.api("POST", "/api/v1/programmes", admin, c.body)
			wantStatus(t, c.name, resp, out, 422)
			if !strings.Contains(out, `"`+c.field+`"`) {
				t.Errorf("%s: no fields.%s in %s", c.name, c.field, out)
			}
		}
		resp, out = e.api("POST", "/api/v1/programmes", admin, `{"name":"X","kind":"mentoring","starts_on":"01/02/2026"}`)
		wantStatus(t, "malformed date", resp, out, 400)

		_, member := e.member("m@example.com", 3)
		resp, out = e.api("POST", "/api/v1/programmes", member, map[string]any{"name": "Mine", "kind": "mentoring"})
		wantStatus(t, "member creates", resp, out, 403)
		resp, out = e.api("GET", "/api/v1/programmes", member, nil)
		wantStatus(t, "member lists", resp, out, 200)
		if out != `{"items":[]}` {
			t.Errorf("member sees programmes they are not in: %s", out)
		}
		id := itoa(p.ID)
		resp, out = e.api("GET", "/api/v1/programmes/"+id, member, nil)
		wantStatus(t, "member reads another programme", resp, out, 404)
		resp, out = e.api("PATCH", "/api/v1/programmes/"+id, member, map[string]any{"name": "Hijack"})
		wantStatus(t, "member patches another programme", resp, out, 404)

		resp, out = e.api("PATCH", "/api/v1/programmes/"+id, admin, map[string]any{"archived": true, "checkin_cadence_days": 21})
		wantStatus(t, "archive", resp, out, 200)
		if !strings.Contains(out, `"archived":true`) || !strings.Contains(out, `"checkin_cadence_days":21`) {
			t.Errorf("archived: %s", out)
		}
		resp, out = e.api("GET", "/api/v1/programmes", admin, nil)
		if strings.Contains(out, "Graduates") {
			t.Errorf("archived programme listed by default: %s", out)
		}
		resp, out = e.api("GET", "/api/v1/programmes?archived=true", admin, nil)
		if !strings.Contains(out, "Graduates") {
			t.Errorf("archived programme missing with ?archived=true: %s", out)
		}
		resp, out = e.api("PATCH", "/api/v1/programmes/"+id, admin, map[string]any{"kind": "coaching", "checkin_cadence_days": nil})
		wantStatus(t, "change kind of an empty programme", resp, out, 200)
	})
}

func TestProgrammePages(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		b := e.browser()
		b.login("admin@example.com", adminPassword)
		tok := b.csrf("/programmes/new")
		resp, body := b.post("/programmes", url.Values{"_csrf": {tok}, "name": {"Leaders"}, "kind": {"coaching"},
			"starts_on": {"2026-06-01"}, "ends_on": {"2026-05-01"}})
		wantStatus(t, "bad dates", resp, body, 422)
		if !strings.Contains(body, "must be after starts_on") || !strings.Contains(body, `value="Leaders"`) {
			t.Errorf("form errors: %s", body)
		}
		resp, body = b.post("/programmes", url.Values{"_csrf": {tok}, "name": {"Leaders"}, "kind": {"coaching"},
			"starts_on": {"2026-06-01"}, "ends_on": {"2026-12-01"}})
		wantStatus(t, "create", resp, body, 303)
		loc := resp.Header.Get("Location")
		resp, body = b.get(loc)
		wantStatus(t, "programme page", resp, body, 200)
		if !strings.Contains(body, "Leaders") || !strings.Contains(body, "2026-12-01") {
			t.Errorf("programme page: %s", body)
		}
		resp, body = b.post(loc+"/archive", url.Values{"_csrf": {tok}})
		wantStatus(t, "archive", resp, body, 303)
		_, body = b.get(loc)
		if !strings.Contains(body, "archived") {
			t.Errorf("not shown archived: %s", body)
		}
	})
}
