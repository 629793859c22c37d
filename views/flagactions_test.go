package views_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"cairn/domain"
)

// HR acts on a flag from the browser and the API: the flags list names the
// people and the programme with the health and how long it is open; a
// nudge emails both; a snooze hides the flag until its date and it comes
// back when still true; a resolve closes it with a note; each action is on
// the flag and in the audit log.
func TestHRActsOnFlags(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		h := newHR(t, e)
		mentor := h.person("Margaret Okafor", "Finance", 8, nil, nil)
		mentee := h.person("Leo Brandt", "Sales", 2, nil, nil)
		p := h.pair(mentor, mentee, "2026-01-10")
		off := false
		if _, err := e.svc.SetProgrammeNudgeSettings(h.ctx, h.admin, h.mentoring.ID, domain.NudgeSettingsPatch{Enabled: &off}); err != nil {
			t.Fatal(err)
		}
		if run, err := e.svc.SweepFlags(h.ctx); err != nil || run.Raised != 1 {
			t.Fatalf("sweep: %+v %v", run, err)
		}
		b := e.adminBrowser()
		resp, page := b.get("/flags")
		wantStatus(t, "flags page", resp, page, 200)
		for _, want := range []string{"Margaret Okafor mentoring Leo Brandt", "Mentoring 2026", "Check-ins overdue",
			`<span class="tag risk">At risk</span>`, "none yet", "Act on this flag"} {
			if !strings.Contains(page, want) {
				t.Errorf("flags page lacks %q", want)
			}
		}
		admin := e.token("admin@example.com", adminPassword)
		var list struct {
			Items []domain.Flag `json:"items"`
		}
		resp, body := e.api("GET", "/api/v1/flags", admin, nil)
		wantStatus(t, "flags API", resp, body, 200)
		_ = json.Unmarshal([]byte(body), &list)
		if len(list.Items) != 1 || !strings.Contains(body, `"snoozed_until":null`) || !strings.Contains(body, `"actions":[]`) {
			t.Fatalf("flags API: %s", body)
		}
		flag := itoa(list.Items[0].ID)

		// Nudge from the page, with HR's own words.
		e.mail.sent = nil
		tok := b.csrf("/flags")
		resp, page = b.post("/flags/"+flag+"/nudge", url.Values{"_csrf": {tok}, "message": {"Shall we find a slot this week?"}})
		wantStatus(t, "nudge", resp, page, 303)
		e.deliver()
		for _, who := range []domain.Person{mentor, mentee} {
			ms := e.mail.to(who.Email)
			if len(ms) != 1 || !strings.Contains(ms[0].Text, "Shall we find a slot this week?") || !strings.Contains(ms[0].Text, "#schedule-heading") {
				t.Errorf("%s got %d nudges: %+v", who.Name, len(ms), ms)
			}
		}
		_, page = b.get("/flags")
		if !strings.Contains(page, "Nudged by") {
			t.Errorf("the flags list does not show the nudge as the last action")
		}

		// Snooze through the API: gone from the lists until the date.
		resp, body = e.api("POST", "/api/v1/flags/"+flag+"/snooze", admin, map[string]any{"until": "2026-01-01", "reason": "x"})
		wantStatus(t, "snooze into the past", resp, body, 422)
		resp, body = e.api("POST", "/api/v1/flags/"+flag+"/snooze", admin, map[string]any{"until": "2026-03-09", "reason": "back from leave on the 9th"})
		wantStatus(t, "snooze", resp, body, 200)
		if !strings.Contains(body, `"snoozed_until":"2026-03-09"`) || !strings.Contains(body, `"action":"snooze"`) {
			t.Errorf("snoozed flag: %s", body)
		}
		resp, body = e.api("GET", "/api/v1/flags", admin, nil)
		if strings.Contains(body, `"id":`+flag+`,`) {
			t.Errorf("a snoozed flag is listed: %s", body)
		}
		if _, page = b.get("/flags"); strings.Contains(page, "Margaret Okafor mentoring") {
			t.Errorf("a snoozed flag is on the flags page")
		}
		if _, page = b.get("/flags?snoozed=1"); !strings.Contains(page, "Margaret Okafor mentoring") || !strings.Contains(page, "Snoozed until Mon 9 Mar 2026") {
			t.Errorf("the snoozed list does not show it")
		}
		// Still true after the date: it comes back.
		e.clock.Set(time.Date(2026, 3, 9, 9, 0, 0, 0, time.UTC))
		if _, err := e.svc.SweepFlags(h.ctx); err != nil {
			t.Fatal(err)
		}
		if _, page = b.get("/flags"); !strings.Contains(page, "Margaret Okafor mentoring") {
			t.Errorf("the flag did not come back after its snooze")
		}

		// Resolve from the page: a note is required.
		resp, page = b.post("/flags/"+flag+"/resolve", url.Values{"_csrf": {tok}, "note": {""}})
		wantStatus(t, "resolve without a note", resp, page, 422)
		if !strings.Contains(page, "Nothing was done with the flag") {
			t.Errorf("no error at the top of the page")
		}
		resp, page = b.post("/flags/"+flag+"/resolve", url.Values{"_csrf": {tok}, "note": {"Spoke to both; they meet monthly now"}})
		wantStatus(t, "resolve", resp, page, 303)
		if _, page = b.get("/flags"); strings.Contains(page, "Margaret Okafor mentoring") {
			t.Errorf("a resolved flag is listed")
		}
		// The next sweep does not raise it again while it holds.
		if run, err := e.svc.SweepFlags(h.ctx); err != nil || run.Raised != 0 {
			t.Errorf("a resolved flag was raised again: %+v %v", run, err)
		}
		resp, body = e.api("POST", "/api/v1/flags/"+flag+"/resolve", admin, map[string]any{"note": "again"})
		wantStatus(t, "resolve twice", resp, body, 409)

		// Every action is in the audit log.
		resp, body = e.api("GET", "/api/v1/admin/audit?object_type=flag&object_id="+flag, admin, nil)
		wantStatus(t, "audit", resp, body, 200)
		for _, action := range []string{`"snooze"`, `"resolve"`} {
			if !strings.Contains(body, action) {
				t.Errorf("audit lacks %s: %s", action, body)
			}
		}
		resp, body = e.api("GET", "/api/v1/admin/audit?object_type=pairing&object_id="+itoa(p.ID), admin, nil)
		if !strings.Contains(body, `"nudge"`) {
			t.Errorf("the nudge is not audited: %s", body)
		}
	})
}

// HR nudges a pairing from its page and through the API; participants may
// not, outsiders do not see it.
func TestNudgeRelationshipFromItsPage(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		h := newHR(t, e)
		mentor := h.person("Ada Mentor", "Finance", 8, nil, nil)
		mentee := h.person("Ben Mentee", "Sales", 2, nil, nil)
		p := h.pair(mentor, mentee, "2026-02-01")
		b := e.adminBrowser()
		_, page := b.get("/pairings/" + itoa(p.ID))
		if !strings.Contains(page, `action="/pairings/`+itoa(p.ID)+`/nudge"`) {
			t.Fatalf("no nudge form on the pairing page for HR")
		}
		resp, page := b.post("/pairings/"+itoa(p.ID)+"/nudge", url.Values{"_csrf": {b.csrf("/pairings/" + itoa(p.ID))}, "message": {""}})
		wantStatus(t, "nudge", resp, page, 303)
		_, page = b.get("/pairings/" + itoa(p.ID))
		if !strings.Contains(page, "Both of them were sent a nudge") {
			t.Errorf("no confirmation after the nudge")
		}
		mb := e.browser()
		mb.login(mentor.Email, "member password 1")
		if _, page = mb.get("/pairings/" + itoa(p.ID)); strings.Contains(page, "/nudge") {
			t.Errorf("the mentor is offered the nudge")
		}
		admin := e.token("admin@example.com", adminPassword)
		resp, body := e.api("POST", "/api/v1/pairings/"+itoa(p.ID)+"/nudge", admin, nil)
		wantStatus(t, "API nudge without a body", resp, body, 202)
		e.deliver()
		if n := len(e.mail.to(mentee.Email)); n != 2 {
			t.Errorf("the mentee got %d nudges, want 2", n)
		}
	})
}

// HR turns a programme's nudges off and sets the grace on its edit form.
func TestProgrammeNudgeSettingsForm(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		h := newHR(t, e)
		b := e.adminBrowser()
		path := "/programmes/" + itoa(h.mentoring.ID)
		_, page := b.get(path + "/edit")
		if !strings.Contains(page, `name="nudges" value="on" checked`) || !strings.Contains(page, `name="nudge_after_days" inputmode="numeric" value="7"`) {
			t.Fatalf("the edit form does not show the default nudge settings")
		}
		form := url.Values{"_csrf": {b.csrf(path + "/edit")}, "name": {"Mentoring 2026"}, "kind": {"mentoring"},
			"nudge_settings": {"1"}, "nudge_after_days": {"200"}}
		resp, page := b.post(path, form)
		wantStatus(t, "grace out of range", resp, page, 422)
		form.Set("nudge_after_days", "3")
		resp, page = b.post(path, form)
		wantStatus(t, "save", resp, page, 303)
		ns, err := e.svc.ProgrammeNudgeSettings(h.ctx, h.admin, h.mentoring.ID)
		if err != nil || ns.Enabled || ns.GraceDays != 3 {
			t.Errorf("settings %+v %v, want nudges off with 3 days of grace", ns, err)
		}
	})
}

// A programme created through the API may carry its nudge settings; a
// grace out of range is a 422 and creates nothing.
func TestCreateProgrammeWithNudgeSettings(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		admin := e.token("admin@example.com", adminPassword)
		resp, body := e.api("POST", "/api/v1/programmes", admin, map[string]any{"name": "Bad grace", "kind": "mentoring", "nudge_after_days": 0})
		wantStatus(t, "grace 0", resp, body, 422)
		resp, body = e.api("GET", "/api/v1/programmes", admin, nil)
		if strings.Contains(body, "Bad grace") {
			t.Errorf("a refused programme was created: %s", body)
		}
		resp, body = e.api("POST", "/api/v1/programmes", admin, map[string]any{"name": "Quiet", "kind": "mentoring", "nudges_enabled": false})
		wantStatus(t, "create", resp, body, 201)
		if !strings.Contains(body, `"nudges_enabled":false,"nudge_after_days":7`) {
			t.Errorf("created: %s", body)
		}
		resp, body = e.api("GET", "/api/v1/programmes/"+itoa(idOf(t, body)), admin, nil)
		wantStatus(t, "read", resp, body, 200)
		if !strings.Contains(body, `"nudges_enabled":false,"nudge_after_days":7`) {
			t.Errorf("read back: %s", body)
		}
	})
}
