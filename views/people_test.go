package views_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"cairn/domain"
)

func TestPeopleAPI(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		admin := e.token("admin@example.com", adminPassword)
		body := map[string]any{"name": "Grace Hopper", "email": "Grace@Example.com", "seniority": 7, "timezone": "America/New_York",
			"department": "Engineering", "job_title": "Rear admiral", "max_mentees": 3}
		resp, out := e.api("POST", "/api/v1/people", admin, body)
		wantStatus(t, "create", resp, out, 201)
		var p map[string]any
		_ = json.Unmarshal([]byte(out), &p)
		if p["email"] != "grace@example.com" || p["active"] != true || p["max_mentees"].(float64) != 3 || p["role"] != "member" {
			t.Errorf("created person = %v", p)
		}
		if _, ok := p["password_hash"]; ok {
			t.Error("password hash in the answer")
		}
		resp, out = e.api("POST", "/api/v1/people", admin, body)
		wantStatus(t, "same email", resp, out, 409)

		bad := map[string]any{"name": "X", "email": "x@example.com", "seniority": 5, "timezone": "Mars/Olympus"}
		resp, out = e.api("POST", "/api/v1/people", admin, bad)
		wantStatus(t, "bad zone", resp, out, 422)
		var errBody struct {
			Error struct {
				Code   string
				Fields map[string]string
			}
		}
		_ = json.Unmarshal([]byte(out), &errBody)
		if errBody.Error.Fields["timezone"] == "" || errBody.Error.Code != "invalid" {
			t.Errorf("bad zone answer: %s", out)
		}
		for _, c := range []struct {
			name string
			body map[string]any
			f    string
		}{
			{"seniority 0", map[string]any{"name": "X", "email": "y@example.com", "seniority": 0}, "seniority"},
			{"seniority 11", map[string]any{"name": "X", "email": "y@example.com", "seniority": 11}, "seniority"},
			{"bad email", map[string]any{"name": "X", "email": "not-an-email", "seniority": 3}, "email"},
			{"no name", map[string]any{"email": "y@example.com", "seniority": 3}, "name"},
			{"bad role", map[string]any{"name": "X", "email": "y@example.com", "seniority": 3, "role": "owner"}, "role"},
		} {
			resp, out := e.api("POST", "/api/v1/people", admin, c.body)
			wantStatus(t, c.name, resp, out, 422)
			if !strings.Contains(out, `"`+c.f+`"`) {
				t.Errorf("%s: no fields.%s in %s", c.name, c.f, out)
			}
		}

		resp, out = e.api("POST", "/api/v1/people", admin, `{"name":"X","email":"z@example.com","seniority":3,"shoe_size":44}`)
		wantStatus(t, "unknown field", resp, out, 400)
		resp, out = e.api("POST", "/api/v1/people", admin, `{"name":`)
		wantStatus(t, "malformed", resp, out, 400)
		resp, out = e.api("POST", "/api/v1/people", "", body)
		wantStatus(t, "no token", resp, out, 401)
		resp, out = e.api("GET", "/api/v1/people", "not-a-token", nil)
		wantStatus(t, "bad token", resp, out, 401)

		_, memberTok := e.member("m@example.com", 3)
		resp, out = e.api("POST", "/api/v1/people", memberTok, map[string]any{"name": "Y", "email": "y2@example.com", "seniority": 3})
		wantStatus(t, "member creates", resp, out, 403)
		resp, out = e.api("GET", "/api/v1/people?q=grace", memberTok, nil)
		wantStatus(t, "member reads directory", resp, out, 200)
		if !strings.Contains(out, "grace@example.com") || strings.Contains(out, "admin@example.com") {
			t.Errorf("search grace: %s", out)
		}
		id := int64(p["id"].(float64))
		resp, out = e.api("PATCH", "/api/v1/people/"+itoa(id), memberTok, map[string]any{"seniority": 9})
		wantStatus(t, "member patches", resp, out, 403)
		resp, out = e.api("PATCH", "/api/v1/people/"+itoa(id), admin, map[string]any{"seniority": 8, "max_mentees": nil})
		wantStatus(t, "admin patches", resp, out, 200)
		if !strings.Contains(out, `"seniority":8`) || !strings.Contains(out, `"max_mentees":null`) {
			t.Errorf("patched: %s", out)
		}
		resp, out = e.api("PATCH", "/api/v1/people/"+itoa(id), admin, map[string]any{"timezone": "Nowhere/Land"})
		wantStatus(t, "bad patch", resp, out, 422)
		resp, out = e.api("GET", "/api/v1/people/999999", admin, nil)
		wantStatus(t, "missing", resp, out, 404)
		resp, out = e.api("GET", "/api/v1/people/abc", admin, nil)
		wantStatus(t, "non-numeric id", resp, out, 404)
	})
}

func TestDeactivatedPersonIsSignedOut(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		admin := e.token("admin@example.com", adminPassword)
		m, tok := e.member("leaver@example.com", 4)
		b := e.browser()
		b.login("leaver@example.com", "member password 1")
		resp, out := e.api("PATCH", "/api/v1/people/"+itoa(m.ID), admin, map[string]any{"active": false})
		wantStatus(t, "deactivate", resp, out, 200)
		resp, out = e.api("GET", "/api/v1/me", tok, nil)
		wantStatus(t, "token after deactivation", resp, out, 401)
		resp, _ = b.get("/")
		if resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
			t.Errorf("browser after deactivation: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		resp, out = e.api("POST", "/api/v1/tokens", "", map[string]string{"email": "leaver@example.com", "password": "member password 1"})
		wantStatus(t, "sign in after deactivation", resp, out, 401)
	})
}

func TestLastAdminStays(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		admin := e.token("admin@example.com", adminPassword)
		resp, out := e.api("PATCH", "/api/v1/people/"+itoa(e.admin.ID), admin, map[string]any{"role": "member"})
		wantStatus(t, "demote last admin", resp, out, 409)
	})
}

func TestPeoplePages(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		b := e.adminBrowser()
		tok := b.csrf("/people/new")
		form := url.Values{"_csrf": {tok}, "name": {"<script>alert(1)</script>"}, "email": {"bad"}, "seniority": {"4"},
			"timezone": {"Europe/Paris"}, "role": {"member"}}
		resp, body := b.post("/people", form)
		wantStatus(t, "bad form", resp, body, 422)
		if !strings.Contains(body, "is not a valid email address") || !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("form errors not shown beside the kept input:\n%s", body)
		}
		if strings.Contains(body, "<script>alert(1)") {
			t.Error("script in a name rendered as markup")
		}
		form.Set("email", "ok@example.com")
		resp, body = b.post("/people", form)
		wantStatus(t, "good form", resp, body, 303)
		resp, body = b.get(resp.Header.Get("Location"))
		wantStatus(t, "profile", resp, body, 200)
		if !strings.Contains(body, "ok@example.com") || !strings.Contains(body, "was added") {
			t.Errorf("profile page: %s", body)
		}
		resp, body = b.get("/people?q=ok%40")
		wantStatus(t, "search", resp, body, 200)
		if !strings.Contains(body, "ok@example.com") || strings.Contains(body, "admin@example.com") {
			t.Errorf("search page: %s", body)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestDeactivatedPersonHiddenFromMembers(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		admin := e.token("admin@example.com", adminPassword)
		gone, _ := e.member("gone@example.com", 4)
		_, member := e.member("stays@example.com", 4)
		resp, out := e.api("PATCH", "/api/v1/people/"+itoa(gone.ID), admin, map[string]any{"active": false})
		wantStatus(t, "deactivate", resp, out, 200)
		resp, out = e.api("GET", "/api/v1/people/"+itoa(gone.ID), member, nil)
		wantStatus(t, "member reads a deactivated person", resp, out, 404)
		resp, out = e.api("GET", "/api/v1/people/"+itoa(gone.ID), admin, nil)
		wantStatus(t, "admin reads a deactivated person", resp, out, 200)
	})
}

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
		b := e.adminBrowser()
		tok := b.csrf("/programmes/new")
		resp, body := b.post("/programmes", url.Values{"_csrf": {tok}, "name": {"Leaders"}, "kind": {"coaching"},
			"starts_on": {"2026-06-01"}, "ends_on": {"2026-05-01"}})
		wantStatus(t, "bad dates", resp, body, 422)
		if !strings.Contains(body, "must be after the start date") || !strings.Contains(body, `value="Leaders"`) {
			t.Errorf("form errors: %s", body)
		}
		resp, body = b.post("/programmes", url.Values{"_csrf": {tok}, "name": {"Leaders"}, "kind": {"coaching"},
			"starts_on": {"2026-06-01"}, "ends_on": {"2026-12-01"}})
		wantStatus(t, "create", resp, body, 303)
		loc := resp.Header.Get("Location")
		resp, body = b.get(loc)
		wantStatus(t, "programme page", resp, body, 200)
		if !strings.Contains(body, "Leaders") || !strings.Contains(body, "Tue 1 Dec 2026") {
			t.Errorf("programme page: %s", body)
		}
		resp, body = b.post(loc+"/archive", url.Values{"_csrf": {tok}})
		wantStatus(t, "archive without the box ticked", resp, body, 422)
		if !strings.Contains(body, `id="archive-confirmed"`) || !strings.Contains(body, "tick the box") || !strings.Contains(body, `role="alert"`) {
			t.Errorf("the archive form did not come back with its problem on top: %s", body)
		}
		resp, body = b.get(loc)
		if strings.Contains(body, `<span class="tag">archived</span>`) {
			t.Errorf("archived without the box ticked")
		}
		resp, body = b.post(loc+"/archive", url.Values{"_csrf": {tok}, "confirmed": {"yes"}})
		wantStatus(t, "archive", resp, body, 303)
		_, body = b.get(loc)
		if !strings.Contains(body, "archived") {
			t.Errorf("not shown archived: %s", body)
		}
	})
}

// The programme form refuses a date out of range, or no date at all, in
// the reader's words.
func TestProgrammeFormDatesInTheReadersWords(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		cat := catalogue(t)
		b := e.adminBrowser()
		for _, tag := range []string{"en", "de"} {
			if _, err := e.svc.UpdatePerson(context.Background(), domain.Actor{Person: e.admin}, e.admin.ID,
				domain.PersonPatch{Language: &tag}); err != nil {
				t.Fatal(err)
			}
			w := cat.For(tag)
			tok := b.csrf("/programmes/new")
			resp, body := b.post("/programmes", url.Values{"_csrf": {tok}, "name": {"Far future"}, "kind": {"mentoring"},
				"starts_on": {"2300-01-01"}, "ends_on": {"01.02.2301"}})
			wantStatus(t, tag+": dates out of range", resp, body, 422)
			for _, want := range []string{w.T("error.a1.years", "From", domain.MinYear, "To", domain.MaxYear), w.T("error.views.date")} {
				if !strings.Contains(body, want) {
					t.Errorf("%s: the form lacks %q", tag, want)
				}
			}
		}
	})
}
