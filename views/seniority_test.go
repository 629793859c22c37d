package views_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"cairn/domain"
)

// A programme's mentor seniority rule over the API, on both stores: by
// default a mentee may not browse, ask or be paired by HR with a mentor who
// is not more senior (422, nothing changes); where the programme lets any
// level mentor, the less senior are listed with the gap in words, a
// request to one is accepted into a pairing, and HR pairs them without an
// override reason. A value the API does not know is a 422.
func TestMentorSeniorityOverTheAPI(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		adminToken := e.token("admin@example.com", adminPassword)
		programme := func(body map[string]any) domain.Programme {
			t.Helper()
			resp, out := e.api("POST", "/api/v1/programmes", adminToken, body)
			wantStatus(t, "create programme", resp, out, 201)
			var p domain.Programme
			if err := json.Unmarshal([]byte(out), &p); err != nil {
				t.Fatal(err)
			}
			return p
		}
		strict := programme(map[string]any{"name": "Seniors mentor", "kind": "mentoring", "matching": "mentee_request"})
		open := programme(map[string]any{"name": "Anyone mentors", "kind": "mentoring", "matching": "mentee_request",
			"mentor_seniority": "any"})
		if strict.MentorSeniority != domain.MentorMoreSenior || open.MentorSeniority != domain.MentorAnyLevel {
			t.Fatalf("rules: %q and %q", strict.MentorSeniority, open.MentorSeniority)
		}
		mentee, menteeToken := e.member("milo@example.com", 5)
		junior, juniorToken := e.member("jo@example.com", 2)
		peer, _ := e.member("pat@example.com", 5)
		other, _ := e.member("ola@example.com", 7)

		counts := func() string {
			_, a := e.api("GET", "/api/v1/pairings", adminToken, nil)
			_, b := e.api("GET", "/api/v1/me/requests", menteeToken, nil)
			return fmt.Sprint(strings.Count(a, `"mentee_id"`), strings.Count(b, `"state":"open"`))
		}
		before := counts()
		resp, out := e.api("GET", fmt.Sprintf("/api/v1/programmes/%d/mentors", strict.ID), menteeToken, nil)
		wantStatus(t, "browse the strict programme", resp, out, 200)
		if strings.Contains(out, `"name":"jo"`) || strings.Contains(out, `"name":"pat"`) {
			t.Errorf("the strict programme lists mentors not more senior: %s", out)
		}
		for _, c := range []struct {
			name, path, token string
			body              map[string]any
		}{
			{"request to a junior", fmt.Sprintf("/api/v1/programmes/%d/requests", strict.ID), menteeToken,
				map[string]any{"mentor_id": junior.ID}},
			{"HR pairing a junior", "/api/v1/pairings", adminToken,
				map[string]any{"programme_id": strict.ID, "mentor_id": junior.ID, "mentee_id": mentee.ID}},
			{"HR pairing a peer", "/api/v1/pairings", adminToken,
				map[string]any{"programme_id": strict.ID, "mentor_id": peer.ID, "mentee_id": mentee.ID}},
			{"a rule that does not exist", fmt.Sprintf("/api/v1/programmes/%d", strict.ID), adminToken,
				map[string]any{"mentor_seniority": "sometimes"}},
		} {
			method := "POST"
			if strings.HasPrefix(c.name, "a rule") {
				method = "PATCH"
			}
			resp, out := e.api(method, c.path, c.token, c.body)
			wantStatus(t, c.name, resp, out, 422)
			if after := counts(); after != before {
				t.Errorf("%s changed %s -> %s", c.name, before, after)
			}
		}

		resp, out = e.api("GET", fmt.Sprintf("/api/v1/programmes/%d/mentors", open.ID), menteeToken, nil)
		wantStatus(t, "browse the open programme", resp, out, 200)
		for _, want := range []string{`"name":"jo"`, `"name":"pat"`, `"name":"ola"`,
			"3 levels less senior (seniority 2, theirs 5), not the 1 to 3 levels ahead this programme looks for",
			"at the same level (seniority 5, theirs 5)"} {
			if !strings.Contains(out, want) {
				t.Errorf("the open programme's mentors lack %s: %s", want, out)
			}
		}
		if strings.Index(out, `"name":"ola"`) > strings.Index(out, `"name":"jo"`) {
			t.Errorf("a more senior mentor does not come first: %s", out)
		}
		resp, out = e.api("POST", fmt.Sprintf("/api/v1/programmes/%d/requests", open.ID), menteeToken,
			map[string]any{"mentor_id": junior.ID, "message": "Show me the new tools"})
		wantStatus(t, "request to a junior", resp, out, 201)
		var req domain.MentorRequest
		if err := json.Unmarshal([]byte(out), &req); err != nil {
			t.Fatal(err)
		}
		resp, out = e.api("POST", fmt.Sprintf("/api/v1/requests/%d/accept", req.ID), juniorToken, nil)
		wantStatus(t, "the junior accepts", resp, out, 200)
		if err := json.Unmarshal([]byte(out), &req); err != nil || req.PairingID == nil {
			t.Fatalf("accepted: %v %s", err, out)
		}
		resp, out = e.api("GET", fmt.Sprintf("/api/v1/pairings/%d", *req.PairingID), adminToken, nil)
		wantStatus(t, "the pairing", resp, out, 200)
		if !strings.Contains(out, fmt.Sprintf(`"mentor_id":%d`, junior.ID)) || !strings.Contains(out, `"seniority_override_reason":""`) {
			t.Errorf("the pairing: %s", out)
		}
		resp, out = e.api("POST", "/api/v1/pairings", adminToken,
			map[string]any{"programme_id": open.ID, "mentor_id": peer.ID, "mentee_id": other.ID})
		wantStatus(t, "HR pairs a less senior mentor", resp, out, 201)

		// Back to the default, over PATCH: the rule holds again.
		resp, out = e.api("PATCH", fmt.Sprintf("/api/v1/programmes/%d", open.ID), adminToken,
			map[string]any{"mentor_seniority": "more_senior"})
		wantStatus(t, "back to more senior", resp, out, 200)
		if !strings.Contains(out, `"mentor_seniority":"more_senior"`) {
			t.Errorf("after the patch: %s", out)
		}
		resp, out = e.api("POST", "/api/v1/pairings", adminToken,
			map[string]any{"programme_id": open.ID, "mentor_id": junior.ID, "mentee_id": peer.ID})
		wantStatus(t, "HR pairing a junior after the switch back", resp, out, 422)
	})
}

// The programme form sets who may mentor, shows it back when the form
// fails and the programme page says it in words.
func TestMentorSeniorityOnTheProgrammeForm(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		b := e.adminBrowser()
		resp, page := b.get("/programmes/new")
		wantStatus(t, "new programme form", resp, page, 200)
		for _, want := range []string{`<legend>Who may mentor (mentoring)</legend>`,
			`id="mentor_seniority" name="mentor_seniority" value="more_senior" checked`,
			`name="mentor_seniority" value="any" >`} {
			if !strings.Contains(page, want) {
				t.Errorf("new programme form lacks %s: %s", want, page)
			}
		}
		tok := b.csrf("/programmes/new")
		resp, page = b.post("/programmes", url.Values{"_csrf": {tok}, "name": {"Peer coaching"}, "kind": {"coaching"},
			"matching": {"admin"}, "mentor_seniority": {"any"}})
		wantStatus(t, "any level in a coaching programme", resp, page, 422)
		for _, want := range []string{`id="error-summary"`, `href="#mentor_seniority"`, "Who may mentor: applies to mentoring programmes only",
			`value="Peer coaching"`, `name="mentor_seniority" value="any" checked`} {
			if !strings.Contains(page, want) {
				t.Errorf("the refused form lacks %s: %s", want, page)
			}
		}
		resp, page = b.post("/programmes", url.Values{"_csrf": {tok}, "name": {"Peer mentoring"}, "kind": {"mentoring"},
			"matching": {"admin"}, "request_expiry_days": {"14"}, "mentor_seniority": {"any"}})
		wantStatus(t, "create with any level", resp, page, 303)
		where := resp.Header.Get("Location")
		resp, page = b.get(where)
		wantStatus(t, "programme page", resp, page, 200)
		if !strings.Contains(page, "<dt>Who may mentor</dt><dd>Colleagues at any level: the same as their mentee&#39;s or a lower one too</dd>") {
			t.Errorf("the programme page does not say who may mentor: %s", page)
		}
		resp, page = b.get(where + "/edit")
		wantStatus(t, "edit form", resp, page, 200)
		if !strings.Contains(page, `name="mentor_seniority" value="any" checked`) {
			t.Errorf("the edit form does not show the rule: %s", page)
		}
		resp, page = b.post(where, url.Values{"_csrf": {tok}, "name": {"Peer mentoring"}, "kind": {"mentoring"},
			"matching": {"admin"}, "request_expiry_days": {"14"}, "mentor_seniority": {"more_senior"}})
		wantStatus(t, "edit back to more senior", resp, page, 303)
		_, page = b.get(where)
		if !strings.Contains(page, "<dd>Only colleagues more senior than their mentee</dd>") {
			t.Errorf("the programme page after the edit: %s", page)
		}
	})
}

// The sign-up and request forms of the mentors' page come back, when
// refused, as the page with the summary on top, the message beside the
// field and what was typed kept.
func TestMentorPageFormsKeepTheInput(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		adminToken := e.token("admin@example.com", adminPassword)
		resp, out := e.api("POST", "/api/v1/programmes", adminToken, map[string]any{"name": "Ask a mentor", "kind": "mentoring",
			"matching": "mentee_request"})
		wantStatus(t, "create programme", resp, out, 201)
		var prog domain.Programme
		if err := json.Unmarshal([]byte(out), &prog); err != nil {
			t.Fatal(err)
		}
		e.member("milo@example.com", 3)
		mentor, _ := e.member("sam@example.com", 6)
		junior, _ := e.member("jo@example.com", 1)
		path := fmt.Sprintf("/programmes/%d/mentors", prog.ID)
		b := e.browser()
		b.login("milo@example.com", "member password 1")
		tok := b.csrf(path)

		resp, page := b.post(fmt.Sprintf("/programmes/%d/join", prog.ID), url.Values{"_csrf": {tok}, "as": {"mentor"}, "capacity": {"lots"}})
		wantStatus(t, "join with a capacity that is no number", resp, page, 422)
		for _, want := range []string{`id="error-summary"`, `href="#join-capacity"`, "Mentees you take here: must be a number of mentees",
			`id="join-capacity" name="capacity" inputmode="numeric" value="lots" aria-invalid="true"`,
			`name="as" value="mentor" checked`, `<p class="field-error">must be a number of mentees</p>`} {
			if !strings.Contains(page, want) {
				t.Errorf("the refused sign-up lacks %s: %s", want, page)
			}
		}
		if !before(page, `id="error-summary"`, "<h1") {
			t.Errorf("the summary is not at the top: %s", page)
		}
		resp, page = b.post(fmt.Sprintf("/programmes/%d/join", prog.ID), url.Values{"_csrf": {tok}, "as": {"mentor"}, "capacity": {"99"}})
		wantStatus(t, "join with too many mentees", resp, page, 422)
		if !strings.Contains(page, `href="#join-capacity"`) || !strings.Contains(page, `value="99"`) {
			t.Errorf("the sign-up over the limit: %s", page)
		}

		long := strings.Repeat("Please teach me. ", 120) // over 2,000 characters
		resp, page = b.post(fmt.Sprintf("/programmes/%d/requests", prog.ID), url.Values{"_csrf": {tok},
			"mentor_id": {itoa(mentor.ID)}, "message": {long}})
		wantStatus(t, "a request with too long a message", resp, page, 422)
		id := fmt.Sprintf("ask-%d-message", mentor.ID)
		for _, want := range []string{`id="error-summary"`, `href="#` + id + `"`, `id="` + id + `" name="message" aria-invalid="true">` + long + `</textarea>`,
			"Your message: must be at most 2000 characters"} {
			if !strings.Contains(page, want) {
				t.Errorf("the refused request lacks %s: %s", want, page)
			}
		}
		// A mentor the page does not list: the reason is the page's own.
		resp, page = b.post(fmt.Sprintf("/programmes/%d/requests", prog.ID), url.Values{"_csrf": {tok},
			"mentor_id": {itoa(junior.ID)}, "message": {"Hi"}})
		wantStatus(t, "a request to a junior", resp, page, 422)
		if !strings.Contains(page, `id="error-summary"`) || !strings.Contains(page, "Mentor: jo is not more senior than you") ||
			strings.Contains(page, fmt.Sprintf(`href="#ask-%d-`, junior.ID)) {
			t.Errorf("the request to a junior: %s", page)
		}
		resp, page = b.post(fmt.Sprintf("/programmes/%d/requests", prog.ID), url.Values{"_csrf": {tok}, "mentor_id": {"someone"}})
		wantStatus(t, "a request naming no mentor", resp, page, 422)
		if !strings.Contains(page, "Mentor: is required") {
			t.Errorf("the request naming no mentor: %s", page)
		}
		resp, page = b.get("/api/v1/me/requests")
		wantStatus(t, "the mentee's requests", resp, page, 200)
		if page != `{"items":[]}` {
			t.Errorf("a refused request was kept: %s", page)
		}
	})
}
