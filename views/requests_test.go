package views_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"cairn/domain"
)

// A mentee requests over the API, the mentor accepts, the pairing exists
// and both are told; refusals are 409/422 and change nothing; the pages
// show the requests to both sides. On both stores.
func TestMentorRequestsOverTheAPI(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx, admin := context.Background(), domain.Actor{Person: e.admin}
		adminToken := e.token("admin@example.com", adminPassword)
		resp, out := e.api("POST", "/api/v1/programmes", adminToken, map[string]any{"name": "Ask a mentor", "kind": "mentoring",
			"matching": "mentee_request", "request_expiry_days": 5})
		wantStatus(t, "create programme", resp, out, 201)
		var prog domain.Programme
		if err := json.Unmarshal([]byte(out), &prog); err != nil {
			t.Fatal(err)
		}
		if prog.Matching != domain.MatchingRequest || prog.RequestExpiryDays != 5 {
			t.Fatalf("programme: %s", out)
		}
		mentee, menteeToken := e.member("milo@example.com", 3)
		mentor, mentorToken := e.member("sam@example.com", 6)
		_, peerToken := e.member("pat@example.com", 3)
		full, err := e.svc.CreatePerson(ctx, admin, domain.PersonInput{Name: "Fay Full", Email: "fay@example.com", Seniority: 9,
			MaxMentees: intp(0), Timezone: "UTC"})
		if err != nil {
			t.Fatal(err)
		}
		base := fmt.Sprintf("/api/v1/programmes/%d", prog.ID)

		// Heavier weights than the defaults' 100 in all: scores above 100
		// are what the document allows.
		resp, out = e.api("PATCH", base, adminToken, map[string]any{"match_settings": map[string]any{"weight_seniority": 100,
			"weight_capacity": 100}})
		wantStatus(t, "heavier weights", resp, out, 200)
		resp, out = e.api("GET", base+"/mentors", menteeToken, nil)
		wantStatus(t, "browse", resp, out, 200)
		var browsed struct {
			Items []struct {
				Score int `json:"score"`
			} `json:"items"`
		}
		if err := json.Unmarshal([]byte(out), &browsed); err != nil || len(browsed.Items) == 0 || browsed.Items[0].Score <= 100 {
			t.Errorf("browse with heavier weights: %v: %s", err, out)
		}
		if !strings.Contains(out, `"name":"sam"`) || strings.Contains(out, "Fay Full") || !strings.Contains(out, `"reasons":["`) {
			t.Fatalf("mentors: %s", out)
		}
		// Narrowed by a skill offered and a language spoken, over the API
		// and on the page, which offers the mentors' skills and languages.
		resp, out = e.api("PATCH", "/api/v1/me/profile", mentorToken, map[string]any{"offers": []string{"Go"}, "languages": []string{"de-CH"}})
		wantStatus(t, "mentor's profile", resp, out, 200)
		for q, want := range map[string]bool{"?skill=go": true, "?skill=Budgeting": false, "?language=de": true,
			"?language=fr": false, "?skill=Go&language=de-CH": true} {
			resp, out = e.api("GET", base+"/mentors"+q, menteeToken, nil)
			wantStatus(t, "browse "+q, resp, out, 200)
			if got := strings.Contains(out, `"name":"sam"`); got != want {
				t.Errorf("browse %s lists sam: %v, want %v: %s", q, got, want, out)
			}
		}
		fb := e.browser()
		fb.login("milo@example.com", "member password 1")
		resp, page := fb.get(fmt.Sprintf("/programmes/%d/mentors?skill=Go&language=de-CH", prog.ID))
		wantStatus(t, "filtered mentors page", resp, page, 200)
		if !strings.Contains(page, `<option value="Go" selected>Go</option>`) || !strings.Contains(page, `selected>Swiss High German</option>`) ||
			!strings.Contains(page, ">Ask sam<") {
			t.Errorf("filtered mentors page: %s", page)
		}
		resp, page = fb.get(fmt.Sprintf("/programmes/%d/mentors?language=fr", prog.ID))
		wantStatus(t, "mentors page, nobody speaks French", resp, page, 200)
		if strings.Contains(page, ">Ask sam<") || !strings.Contains(page, "No mentor you may ask with that filter") {
			t.Errorf("mentors page, nobody speaks French: %s", page)
		}
		resp, out = e.api("POST", base+"/requests", menteeToken, map[string]any{"mentor_id": mentor.ID, "message": "Teach me planning"})
		wantStatus(t, "request", resp, out, 201)
		var req domain.MentorRequest
		if err := json.Unmarshal([]byte(out), &req); err != nil {
			t.Fatal(err)
		}
		counts := func() string {
			_, a := e.api("GET", "/api/v1/pairings", adminToken, nil)
			_, b := e.api("GET", "/api/v1/me/requests", menteeToken, nil)
			return fmt.Sprint(strings.Count(a, `"mentee_id"`), strings.Count(b, `"state":"open"`))
		}
		before := counts()
		for _, c := range []struct {
			name, token string
			body        map[string]any
			want        int
		}{
			{"second open request", menteeToken, map[string]any{"mentor_id": full.ID}, 409},
			{"no capacity", peerToken, map[string]any{"mentor_id": full.ID}, 409},
			{"less senior", peerToken, map[string]any{"mentor_id": mentee.ID}, 422},
		} {
			resp, out := e.api("POST", base+"/requests", c.token, c.body)
			wantStatus(t, c.name, resp, out, c.want)
			if after := counts(); after != before {
				t.Errorf("%s changed %s -> %s", c.name, before, after)
			}
		}
		path := fmt.Sprintf("/api/v1/requests/%d/", req.ID)
		resp, out = e.api("POST", path+"accept", menteeToken, nil)
		wantStatus(t, "mentee accepting", resp, out, 403)
		resp, out = e.api("POST", path+"accept", peerToken, nil)
		wantStatus(t, "outsider accepting", resp, out, 404)
		resp, out = e.api("POST", path+"accept", mentorToken, nil)
		wantStatus(t, "accept", resp, out, 200)
		if err := json.Unmarshal([]byte(out), &req); err != nil {
			t.Fatal(err)
		}
		if req.State != domain.RequestAccepted || req.PairingID == nil {
			t.Fatalf("accepted: %s", out)
		}
		resp, out = e.api("GET", fmt.Sprintf("/api/v1/pairings/%d", *req.PairingID), menteeToken, nil)
		wantStatus(t, "pairing", resp, out, 200)
		if !strings.Contains(out, fmt.Sprintf(`"mentor_id":%d`, mentor.ID)) {
			t.Fatalf("pairing: %s", out)
		}
		resp, out = e.api("POST", path+"decline", mentorToken, map[string]any{"reason": "changed my mind"})
		wantStatus(t, "decline after accepting", resp, out, 409)
		for who, tok := range map[string]string{"mentee": menteeToken, "mentor": mentorToken} {
			resp, out = e.api("GET", "/api/v1/me/notifications", tok, nil)
			wantStatus(t, who+" notifications", resp, out, 200)
			if !strings.Contains(out, `"kind":"request"`) {
				t.Errorf("%s not told: %s", who, out)
			}
		}
		resp, out = e.api("GET", "/api/v1/me/requests", mentorToken, nil)
		wantStatus(t, "mentor's requests", resp, out, 200)
		if !strings.Contains(out, `"state":"accepted"`) || !strings.Contains(out, "Teach me planning") {
			t.Errorf("mentor's requests: %s", out)
		}

		// The pages: the mentor sees the request they accepted, the
		// mentee the mentors' page says they have a mentor now.
		b := e.browser()
		b.login("sam@example.com", "member password 1")
		resp, page = b.get("/requests")
		wantStatus(t, "requests page", resp, page, 200)
		if !strings.Contains(page, "From milo") || !strings.Contains(page, "Accepted") {
			t.Errorf("requests page: %s", page)
		}
		mb := e.browser()
		mb.login("milo@example.com", "member password 1")
		resp, page = mb.get(fmt.Sprintf("/programmes/%d/mentors", prog.ID))
		wantStatus(t, "mentors page", resp, page, 200)
		if !strings.Contains(page, "you already have a mentor in Ask a mentor: sam") || strings.Contains(page, ">Ask sam<") {
			t.Errorf("mentors page: %s", page)
		}
		ab := e.adminBrowser()
		resp, page = ab.get("/requests/approvals")
		wantStatus(t, "approvals page", resp, page, 200)
		_ = url.Values{}
	})
}

// Fixtures of the access matrix.

// requestProgramme is a fresh programme where mentees ask for mentors.
func (w *world) requestProgramme(mode domain.MatchingMode) domain.Programme {
	w.t.Helper()
	p, err := w.e.svc.CreateProgramme(w.ctx(), w.asAdmin(), domain.Programme{Name: "Ask " + w.unique(), Kind: domain.KindMentoring, Matching: mode})
	w.must(err)
	return p
}

// aRequestProgramme takes requests; its participant joined as a mentee.
func aRequestProgramme(w *world) object {
	p := w.requestProgramme(domain.MatchingRequest)
	mentee := w.personAt("joined", 3, false)
	_, err := w.e.svc.JoinProgramme(w.ctx(), domain.Actor{Person: mentee}, p.ID, domain.RoleMentee, nil)
	w.must(err)
	return object{params: map[string]string{"id": itoa(p.ID)}, participant: &mentee}
}

// openRequest is an open request of a fresh mentee to a fresh mentor, in
// a programme of the mode.
func (w *world) openRequest(mode domain.MatchingMode) (domain.MentorRequest, domain.Person, domain.Person) {
	w.t.Helper()
	p := w.requestProgramme(mode)
	mentor, mentee := w.personAt("mentor", 8, false), w.personAt("mentee", 2, false)
	r, err := w.e.svc.CreateRequest(w.ctx(), domain.Actor{Person: mentee}, p.ID, domain.RequestInput{MentorID: mentor.ID})
	w.must(err)
	return r, mentor, mentee
}

// aRequestToMentor's participant is its mentor.
func aRequestToMentor(w *world) object {
	r, mentor, _ := w.openRequest(domain.MatchingRequest)
	return object{params: map[string]string{"id": itoa(r.ID)}, participant: &mentor}
}

// aRequestOfMentee's participant is its mentee.
func aRequestOfMentee(w *world) object {
	r, _, mentee := w.openRequest(domain.MatchingRequest)
	return object{params: map[string]string{"id": itoa(r.ID)}, participant: &mentee}
}

// aWaitingRequest was accepted by its mentor and waits for HR; its
// participant is its mentee.
func aWaitingRequest(w *world) object {
	r, mentor, mentee := w.openRequest(domain.MatchingRequestApproved)
	_, err := w.e.svc.AnswerRequest(w.ctx(), domain.Actor{Person: mentor}, r.ID, domain.StepAccept, "")
	w.must(err)
	return object{params: map[string]string{"id": itoa(r.ID)}, participant: &mentee}
}

func joinMenteeForm(*world, object) any { return url.Values{"as": {"mentee"}} }

func joinMenteeJSON(*world, object) any { return map[string]any{"as": "mentee"} }

func seniorMentorForm(w *world, _ object) any {
	return url.Values{"mentor_id": {itoa(w.personAt("senior", 9, false).ID)}, "message": {"Hello"}}
}

func seniorMentorJSON(w *world, _ object) any {
	return map[string]any{"mentor_id": w.personAt("senior", 9, false).ID, "message": "Hello"}
}

func reasonJSON(*world, object) any { return map[string]any{"reason": "not now"} }
