package views_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"cairn/domain"
)

// A member fills in their profile on the form, picking a curated tag and
// writing their own; an admin sees it on the person's page and over the
// API; a bad field comes back on the form with what was typed.
func TestMentoringProfilePagesAndAPI(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		admin := e.adminBrowser()
		tok := admin.csrf("/admin/tags")
		resp, body := admin.post("/admin/tags", url.Values{"_csrf": {tok}, "name": {"Negotiation"}})
		wantStatus(t, "add a tag", resp, body, 303)
		resp, body = admin.post("/admin/tags", url.Values{"_csrf": {tok}, "name": {"negotiation"}})
		wantStatus(t, "add it again", resp, body, 409)
		if !strings.Contains(body, "The list has negotiation already.") {
			t.Errorf("duplicate tag page lacks the reason: %s", body)
		}

		mia, miaTok := e.member("mia@example.com", 3)
		b := e.browser()
		b.login("mia@example.com", "member password 1")
		form := fmt.Sprintf("/people/%d/profile", mia.ID)
		_, page := b.get(form)
		if !strings.Contains(page, `value="Negotiation"`) || !strings.Contains(page, "Your profile") {
			t.Fatalf("the form lacks the curated tag: %s", page)
		}
		tok = b.csrf(form)
		bad := url.Values{"_csrf": {tok}, "bio": {"Sales, three years."}, "languages": {"en, xx-nothing"},
			"work_start": {"09:00"}, "work_end": {"17:00"}, "wants_other": {"Public speaking"}}
		resp, body = b.post(form, bad)
		wantStatus(t, "a bad language", resp, body, 422)
		if !strings.Contains(body, `href="#languages"`) || !strings.Contains(body, `value="en, xx-nothing"`) || !strings.Contains(body, "Public speaking") {
			t.Errorf("the failed form lost its input or summary: %s", body)
		}
		good := url.Values{"_csrf": {tok}, "bio": {"Sales, three years."}, "languages": {"en, pt-br"}, "offers[]": {"Negotiation"},
			"work_start": {"09:00"}, "work_end": {"17:00"}, "wants_other": {"Public speaking, Budgeting"}}
		resp, body = b.post(form, good)
		wantStatus(t, "save the profile", resp, body, 303)

		_, page = admin.get(fmt.Sprintf("/people/%d", mia.ID))
		for _, want := range []string{"Sales, three years.", `<span class="tag">Negotiation</span>`, `<span class="tag">Budgeting</span>`,
			"English, Brazilian Portuguese", "09:00 to 17:00 (Europe/Berlin)", "Edit the profile"} {
			if !strings.Contains(page, want) {
				t.Errorf("the admin's view of the page lacks %q", want)
			}
		}

		// The API: the same profile; a colleague reads it and may not change it.
		resp, body = e.api("GET", "/api/v1/me/profile", miaTok, nil)
		wantStatus(t, "own profile", resp, body, 200)
		if !strings.Contains(body, `"wants":["Public speaking","Budgeting"]`) || !strings.Contains(body, `"languages":["en","pt-BR"]`) {
			t.Errorf("own profile: %s", body)
		}
		_, otherTok := e.member("otto@example.com", 4)
		path := fmt.Sprintf("/api/v1/people/%d/profile", mia.ID)
		resp, body = e.api("GET", path, otherTok, nil)
		wantStatus(t, "a colleague reads", resp, body, 200)
		resp, body = e.api("PATCH", path, otherTok, map[string]any{"bio": "hijacked"})
		wantStatus(t, "a colleague writes", resp, body, 403)
		resp, body = e.api("PATCH", "/api/v1/me/profile", miaTok, map[string]any{"work_start": "08:00"})
		wantStatus(t, "one end of the hours", resp, body, 422)
		resp, body = e.api("PATCH", "/api/v1/me/profile", miaTok, map[string]any{"work_start": "", "work_end": ""})
		wantStatus(t, "clear the hours", resp, body, 200)
		p, err := e.svc.Profile(context.Background(), domain.Actor{Person: e.admin}, mia.ID)
		if err != nil || p.HasHours() || p.Bio != "Sales, three years." {
			t.Fatalf("after the API: %+v, %v", p, err)
		}
	})
}

// The people import takes the profile columns; the preview shows them and
// the person's export carries the profile.
func TestImportPeopleProfileColumns(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		admin := e.token("admin@example.com", adminPassword)
		csv := "name,email,job_title,department,seniority,timezone,external,bio,offers,wants,languages,work_start,work_end\n" +
			"Pia Park,pia@example.com,Engineer,IT,3,Europe/Berlin,false,Backend developer,Go;SQL,Public speaking,en;de,08:00,16:00\n"
		b := e.adminBrowser()
		tok := b.csrf("/people/import")
		resp, page := b.post("/people/import/preview", url.Values{"_csrf": {tok}, "csv": {csv}})
		wantStatus(t, "preview", resp, page, 200)
		if !strings.Contains(page, `<th scope="col">Working hours to</th>`) || !strings.Contains(page, "<td>Go;SQL</td>") {
			t.Errorf("the preview lacks the profile columns: %s", page)
		}
		req := httptest.NewRequest("POST", "/api/v1/people/import", strings.NewReader(csv))
		req.Header.Set("Content-Type", "text/csv")
		req.Header.Set("Authorization", "Bearer "+admin)
		resp, body := e.do(req)
		wantStatus(t, "import", resp, body, 201)
		people, err := e.svc.ListPeople(context.Background(), domain.Actor{Person: e.admin}, domain.PeopleFilter{Query: "pia@", Limit: 2})
		if err != nil || len(people) != 1 {
			t.Fatalf("imported %+v, %v", people, err)
		}
		resp, body = e.api("GET", fmt.Sprintf("/api/v1/people/%d/export", people[0].ID), admin, nil)
		wantStatus(t, "export", resp, body, 200)
		if !strings.Contains(body, `"offers":["Go","SQL"]`) || !strings.Contains(body, `"work_start":"08:00"`) {
			t.Errorf("the export lacks the profile: %s", body)
		}
	})
}

// A programme's match weights are set over the API and on its edit form,
// and the suggestions explain themselves by them.
func TestProgrammeMatchSettings(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		h := newHR(t, e)
		admin := e.token("admin@example.com", adminPassword)
		path := fmt.Sprintf("/api/v1/programmes/%d", h.mentoring.ID)
		resp, body := e.api("GET", path, admin, nil)
		wantStatus(t, "read", resp, body, 200)
		if !strings.Contains(body, `"match_settings":{"weight_topics":25,"weight_seniority":20,`) {
			t.Errorf("default settings missing: %s", body)
		}
		resp, body = e.api("PATCH", path, admin, map[string]any{"match_settings": map[string]any{"weight_topics": 60, "weight_hours": 0}})
		wantStatus(t, "change", resp, body, 200)
		if !strings.Contains(body, `"weight_topics":60`) || !strings.Contains(body, `"weight_hours":0`) {
			t.Errorf("changed settings: %s", body)
		}
		resp, body = e.api("PATCH", path, admin, map[string]any{"match_settings": map[string]any{"seniority_min": 5, "seniority_max": 2}})
		wantStatus(t, "min above max", resp, body, 422)

		b := e.adminBrowser()
		edit := fmt.Sprintf("/programmes/%d/edit", h.mentoring.ID)
		_, page := b.get(edit)
		if !strings.Contains(page, `id="weight_topics" name="weight_topics" inputmode="numeric" value="60"`) {
			t.Fatalf("the edit form lacks the weights: %s", page)
		}
		form := url.Values{"_csrf": {b.csrf(edit)}, "name": {h.mentoring.Name}, "kind": {"mentoring"}, "checkin_cadence_days": {"14"},
			"match_settings": {"1"}, "weight_topics": {"10"}, "weight_seniority": {"x"}, "weight_department": {"0"}, "weight_hours": {"20"},
			"weight_language": {"10"}, "weight_capacity": {"10"}, "seniority_min": {"1"}, "seniority_max": {"4"}}
		resp, page = b.post(fmt.Sprintf("/programmes/%d", h.mentoring.ID), form)
		wantStatus(t, "a bad weight", resp, page, 422)
		form.Set("weight_seniority", "50")
		resp, page = b.post(fmt.Sprintf("/programmes/%d", h.mentoring.ID), form)
		wantStatus(t, "weights saved", resp, page, 303)

		mentee := h.person("Milo Mentee", "Sales", 2, nil, nil)
		h.person("Mara Mentor", "Sales", 6, nil, nil)
		resp, body = e.api("GET", fmt.Sprintf("/api/v1/people/%d/mentor-suggestions?programme_id=%d", mentee.ID, h.mentoring.ID), admin, nil)
		wantStatus(t, "suggestions", resp, body, 200)
		// Seniority 4 ahead: the programme's range now reaches 4; the department weighs nothing.
		if !strings.Contains(body, "within the 1 to 4 levels") || strings.Contains(body, "same department") {
			t.Errorf("suggestions do not follow the settings: %s", body)
		}
	})
}
