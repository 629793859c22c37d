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

func TestCohortMatching(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		h := newHR(t, e)
		ann := h.person("Ann Able", "Sales", 2, nil, nil)
		bob := h.person("Bob Best", "Sales", 3, intp(0), nil) // mentors nobody
		xavi := h.person("Xavi Xu", "Legal", 4, intp(1), nil)
		yuki := h.person("Yuki Yo", "Sales", 3, intp(1), nil)
		token := e.token("admin@example.com", adminPassword)
		path := fmt.Sprintf("/api/v1/programmes/%d/match-proposals", h.mentoring.ID)

		// The optimum, not the greedy pass: Ann takes Yuki so Bob can have Xavi.
		resp, out := e.api("POST", path, token, nil)
		wantStatus(t, "propose", resp, out, 200)
		var got struct {
			Items []struct {
				Mentor, Mentee domain.PersonRef
				Score          int
				Reasons        []string
			}
			Unmatched []domain.PersonRef
			Total     int
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		var pairs []string
		for _, it := range got.Items {
			pairs = append(pairs, it.Mentee.Name+" with "+it.Mentor.Name)
			if len(it.Reasons) == 0 {
				t.Errorf("%s has no reasons", it.Mentee.Name)
			}
		}
		if strings.Join(pairs, ", ") != "Ann Able with Yuki Yo, Bob Best with Xavi Xu" || got.Total != 59+74 {
			t.Errorf("proposal %v totalling %d: %s", pairs, got.Total, out)
		}

		// Confirmed over the API: created, 201, both told.
		resp, out = e.api("POST", path+"/confirm", token, map[string]any{"pairs": []map[string]int64{{"mentor_id": yuki.ID, "mentee_id": ann.ID}}})
		wantStatus(t, "confirm", resp, out, 201)
		if !strings.Contains(out, `"mentee_id":`+fmt.Sprint(ann.ID)) {
			t.Errorf("confirm answer: %s", out)
		}
		annToken := e.token("ann.able@example.com", "member password 1")
		resp, out = e.api("GET", "/api/v1/me/notifications", annToken, nil)
		wantStatus(t, "notifications", resp, out, 200)
		if !strings.Contains(out, "Yuki Yo is now your mentor") {
			t.Errorf("Ann not told: %s", out)
		}
		// A refused confirmation changes nothing: Bob is fine, Ann has a
		// mentor in the programme already.
		resp, out = e.api("POST", path+"/confirm", token, map[string]any{"pairs": []map[string]int64{
			{"mentor_id": xavi.ID, "mentee_id": bob.ID}, {"mentor_id": xavi.ID, "mentee_id": ann.ID}}})
		wantStatus(t, "confirm refused", resp, out, 409)
		resp, out = e.api("GET", fmt.Sprintf("/api/v1/pairings?programme_id=%d", h.mentoring.ID), token, nil)
		wantStatus(t, "pairings", resp, out, 200)
		if strings.Count(out, `"mentee_id"`) != 1 {
			t.Errorf("a refused confirmation created pairings: %s", out)
		}
		resp, out = e.api("POST", path+"/confirm", token, map[string]any{"pairs": []map[string]int64{}})
		wantStatus(t, "confirm nothing", resp, out, 422)

		// Members: a participant may know the programme (403), anyone else not (404).
		resp, out = e.api("POST", path, annToken, nil)
		wantStatus(t, "participant", resp, out, 403)
		_, outsider := e.member("outsider@example.com", 5)
		resp, out = e.api("POST", path+"/confirm", outsider, map[string]any{"pairs": []map[string]int64{{"mentor_id": xavi.ID, "mentee_id": bob.ID}}})
		wantStatus(t, "outsider", resp, out, 404)

		// The page: linked from the programme, reviewed, confirmed.
		b := e.adminBrowser()
		prog := fmt.Sprintf("/programmes/%d", h.mentoring.ID)
		_, page := b.get(prog)
		if !strings.Contains(page, `href="`+prog+`/proposals">Propose pairs</a>`) {
			t.Fatalf("no Propose pairs link: %s", page)
		}
		resp, page = b.get(prog + "/proposals")
		wantStatus(t, "proposals page", resp, page, 200)
		value := fmt.Sprintf(`value="%d-%d"`, xavi.ID, bob.ID)
		if !strings.Contains(page, value) || !strings.Contains(page, "a different department: an outside view") ||
			strings.Contains(page, "Ann Able</a></td>") {
			t.Fatalf("proposals page: %s", page)
		}
		csrf := csrfRe.FindStringSubmatch(page)[1]
		resp, _ = b.post(prog+"/proposals", url.Values{"_csrf": {csrf}, "pair[]": {fmt.Sprintf("%d-%d", xavi.ID, bob.ID)}})
		if resp.StatusCode != 303 && resp.StatusCode != 302 {
			t.Fatalf("confirm page: %d", resp.StatusCode)
		}
		_, page = b.get(prog)
		if !strings.Contains(page, "1 pairing created") || !strings.Contains(page, "Xavi Xu</a>") {
			t.Errorf("after confirming: %s", page)
		}
		// A refusal on the page says why and creates nothing.
		resp, _ = b.post(prog+"/proposals", url.Values{"_csrf": {csrf}, "pair[]": {fmt.Sprintf("%d-%d", yuki.ID, bob.ID)}})
		if resp.StatusCode != 303 && resp.StatusCode != 302 {
			t.Fatalf("refused confirm page: %d", resp.StatusCode)
		}
		_, page = b.get(prog + "/proposals")
		if !strings.Contains(page, "Nothing was created: ") {
			t.Errorf("refusal not shown: %s", page)
		}
		mb := e.browser()
		mb.login("ann.able@example.com", "member password 1")
		resp, page = mb.get(prog + "/proposals")
		wantStatus(t, "member page", resp, page, 403)
	})
}

// freshPair is a mentor and a mentee nobody has paired yet, the mentor
// more senior: a pair any admin may confirm.
func freshPair(w *world) (mentor, mentee domain.Person) {
	w.t.Helper()
	for i, sen := range []int{7, 2} {
		n := itoa(w.seq.Add(1))
		p, err := w.e.svc.CreatePerson(context.Background(), domain.Actor{Person: w.e.admin}, domain.PersonInput{
			Name: "Cohort " + n, Email: "cohort" + n + "@example.com", Seniority: sen, Timezone: "UTC"})
		if err != nil {
			w.t.Fatal(err)
		}
		if i == 0 {
			mentor = p
		} else {
			mentee = p
		}
	}
	return mentor, mentee
}

func proposedPairForm(w *world, _ object) any {
	mentor, mentee := freshPair(w)
	return url.Values{"pair[]": {itoa(mentor.ID) + "-" + itoa(mentee.ID)}}
}

func proposedPairJSON(w *world, _ object) any {
	mentor, mentee := freshPair(w)
	return map[string]any{"pairs": []map[string]int64{{"mentor_id": mentor.ID, "mentee_id": mentee.ID}}}
}

// HR swaps two proposed pairs' mentors on the page (scored afresh) or over
// the API, and confirming emails both people of each pair.
func TestCohortSwapAndEmail(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		h := newHR(t, e)
		ann := h.person("Ann Able", "Sales", 2, nil, nil)
		bob := h.person("Bob Best", "Legal", 2, nil, nil)
		xavi := h.person("Xavi Xu", "Legal", 5, intp(1), nil)
		yuki := h.person("Yuki Yo", "Sales", 5, intp(1), nil)
		prog := fmt.Sprintf("/programmes/%d", h.mentoring.ID)
		b := e.adminBrowser()
		resp, page := b.get(prog + "/proposals")
		wantStatus(t, "proposals", resp, page, 200)
		// The optimum crosses departments: Ann-Xavi, Bob-Yuki.
		if !strings.Contains(page, fmt.Sprintf(`name="all[]" value="%d-%d"`, xavi.ID, ann.ID)) {
			t.Fatalf("proposal: %s", page)
		}
		csrf := csrfRe.FindStringSubmatch(page)[1]
		all := []string{fmt.Sprintf("%d-%d", xavi.ID, ann.ID), fmt.Sprintf("%d-%d", yuki.ID, bob.ID)}
		resp, page = b.post(prog+"/proposals", url.Values{"_csrf": {csrf}, "action": {"swap"}, "all[]": all,
			"swap[]": {fmt.Sprint(ann.ID)}})
		wantStatus(t, "swap one", resp, page, 422)
		if !strings.Contains(page, "tick exactly two pairs") {
			t.Errorf("swap of one pair: %s", page)
		}
		resp, page = b.post(prog+"/proposals", url.Values{"_csrf": {csrf}, "action": {"swap"}, "all[]": all,
			"swap[]": {fmt.Sprint(ann.ID), fmt.Sprint(bob.ID)}})
		wantStatus(t, "swap", resp, page, 200)
		if !strings.Contains(page, fmt.Sprintf(`name="pair[]" value="%d-%d"`, yuki.ID, ann.ID)) ||
			!strings.Contains(page, fmt.Sprintf(`name="pair[]" value="%d-%d"`, xavi.ID, bob.ID)) || !strings.Contains(page, "in Sales, the same department") {
			t.Fatalf("after the swap: %s", page)
		}
		token := e.token("admin@example.com", adminPassword)
		resp, out := e.api("POST", fmt.Sprintf("/api/v1/programmes/%d/match-proposals/review", h.mentoring.ID), token,
			map[string]any{"pairs": []map[string]int64{{"mentor_id": yuki.ID, "mentee_id": ann.ID}}})
		wantStatus(t, "review", resp, out, 200)
		if !strings.Contains(out, "in Sales, the same department") {
			t.Errorf("review: %s", out)
		}
		resp, page = b.post(prog+"/proposals", url.Values{"_csrf": {csrf}, "pair[]": {fmt.Sprintf("%d-%d", yuki.ID, ann.ID),
			fmt.Sprintf("%d-%d", xavi.ID, bob.ID)}})
		if resp.StatusCode != 303 {
			t.Fatalf("confirm: %d %s", resp.StatusCode, page)
		}
		resp, out = e.api("GET", "/api/v1/admin/outbox", token, nil)
		wantStatus(t, "outbox", resp, out, 200)
		if n := strings.Count(out, `"kind":"pairing"`); n != 4 {
			t.Errorf("%d pairing mails, want 4 (both people of two pairs): %s", n, out)
		}
		for _, want := range []string{"Yuki Yo is now your mentor", "You now mentor Ann Able", "ann.able@example.com"} {
			if !strings.Contains(out, want) {
				t.Errorf("the outbox lacks %q", want)
			}
		}
	})
}
