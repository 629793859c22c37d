package views_test

import (
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"cairn/domain"
)

// rows counts a page's table body rows.
func rows(page string) int {
	i := strings.Index(page, "<tbody>")
	if i < 0 {
		return 0
	}
	body := page[i:]
	return strings.Count(body[:strings.Index(body, "</tbody>")], "<tr>")
}

var pageLinkRe = regexp.MustCompile(`<a href="(/[a-z/]+\?[^"]+)" rel="(prev|next)">`)

// pageLinks reads a list page's previous and next links.
func pageLinks(page string) (prev, next string) {
	for _, m := range pageLinkRe.FindAllStringSubmatch(page, -1) {
		if m[2] == "prev" {
			prev = html.UnescapeString(m[1])
		} else {
			next = html.UnescapeString(m[1])
		}
	}
	return prev, next
}

// The list across programmes pages both ways, keeping its filters, and
// shows each viewer what the domain lets them see.
func TestPairingListPages(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		h := newHR(t, e)
		mentor := h.person("Mara Mentor", "Engineering", 9, nil, nil)
		var first domain.Person
		for i := range 27 {
			mentee := h.person(fmt.Sprintf("Mentee %02d", i), "Sales", 2, nil, nil)
			if i == 0 {
				first = mentee
			}
			h.pair(mentor, mentee, "2026-01-05")
		}
		other, _ := e.svc.CreateProgramme(h.ctx, h.admin, domain.Programme{Name: "Second cohort", Kind: domain.KindMentoring})
		lone := h.person("Lone Mentee", "Sales", 1, nil, nil)
		p, err := e.svc.CreatePairing(h.ctx, h.admin, domain.PairingInput{ProgrammeID: other.ID, MentorID: mentor.ID, MenteeID: lone.ID})
		if err != nil {
			t.Fatal(err)
		}
		ended := domain.PairingEnded
		if _, err := e.svc.UpdatePairing(h.ctx, h.admin, p.ID, domain.PairingPatch{Status: &ended, EndReason: ptrTo("moved on")}); err != nil {
			t.Fatal(err)
		}

		b := e.adminBrowser()
		resp, page := b.get("/pairings")
		wantStatus(t, "pairings", resp, page, 200)
		if !strings.Contains(page, `<a href="/pairings" aria-current="page">Pairings</a>`) || !strings.Contains(page, `href="/engagements"`) {
			t.Errorf("the navigation lacks the lists")
		}
		prev, next := pageLinks(page)
		if n := rows(page); n != 25 || prev != "" || next == "" {
			t.Fatalf("first page: %d rows, prev %q, next %q", n, prev, next)
		}
		if !strings.Contains(page, "Mara Mentor and Mentee 00") || !strings.Contains(page, ">Mentoring 2026</a>") {
			t.Errorf("rows are not named by their people and programme")
		}
		_, page = b.get(next)
		prev2, next2 := pageLinks(page)
		if n := rows(page); n != 3 || prev2 == "" || next2 != "" || !strings.Contains(page, "Mara Mentor and Lone Mentee") {
			t.Fatalf("second page: %d rows, prev %q, next %q", n, prev2, next2)
		}
		_, page = b.get(prev2)
		if prev, next := pageLinks(page); rows(page) != 25 || prev != "" || next == "" || !strings.Contains(page, "Mentee 00") {
			t.Errorf("back to the first page: %d rows, prev %q, next %q", rows(page), prev, next)
		}

		// Filters narrow and ride along in the paging links.
		_, page = b.get(fmt.Sprintf("/pairings?programme_id=%d&status=active", h.mentoring.ID))
		if _, next := pageLinks(page); rows(page) != 25 || !strings.Contains(next, "status=active") ||
			!strings.Contains(next, fmt.Sprintf("programme_id=%d", h.mentoring.ID)) {
			t.Errorf("filtered: %d rows, next %q", rows(page), next)
		}
		_, page = b.get("/pairings?status=ended")
		if rows(page) != 1 || !strings.Contains(page, "Lone Mentee") || !strings.Contains(page, ">Ended</span>") {
			t.Errorf("ended: %d rows", rows(page))
		}
		_, page = b.get(fmt.Sprintf("/pairings?person_id=%d", first.ID))
		if rows(page) != 1 || !strings.Contains(page, "Mentee 00") {
			t.Errorf("by person: %d rows", rows(page))
		}
		resp, page = b.get("/pairings?status=over")
		wantStatus(t, "bad status", resp, page, http.StatusBadRequest)

		// A mentee sees their own pairing only; filtering by a stranger
		// shows nothing rather than the stranger's pairings.
		mb := e.browser()
		mb.login(first.Email, "member password 1")
		_, page = mb.get("/pairings")
		if rows(page) != 1 || !strings.Contains(page, "Mentee 00") || strings.Contains(page, "New pairing") {
			t.Errorf("mentee's list: %d rows", rows(page))
		}
		if strings.Contains(page, "Lone Mentee") || strings.Contains(page, "Mentee 01") || !strings.Contains(page, ">Mara Mentor</option>") {
			t.Errorf("the mentee's person filter offers people outside their pairings, or not their mentor")
		}
		_, page = mb.get(fmt.Sprintf("/pairings?person_id=%d", lone.ID))
		if rows(page) != 0 || !strings.Contains(page, "No pairings match.") {
			t.Errorf("mentee filtering by a stranger sees %d rows", rows(page))
		}
		token := e.token(first.Email, "member password 1")
		e.wantItems(t, "API, stranger", fmt.Sprintf("/api/v1/pairings?person_id=%d", lone.ID), token, `"mentor_id"`, 0)
		e.wantItems(t, "API, own mentor", fmt.Sprintf("/api/v1/pairings?person_id=%d", mentor.ID), token, `"mentor_id"`, 1)
	})
}

func TestEngagementListPage(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		h := newHR(t, e)
		coach := h.person("Cleo Coach", "People", 8, nil, nil)
		coachee := h.person("Carl Coachee", "Sales", 3, nil, nil)
		outsider := h.person("Olive Outsider", "Sales", 3, nil, nil)
		eng, err := e.svc.CreateEngagement(h.ctx, h.admin, domain.EngagementInput{ProgrammeID: h.coaching.ID, CoachID: coach.ID,
			CoacheeID: coachee.ID, Goal: domain.Goal{Title: "Speak up in reviews", Area: domain.AreaWork},
			StartsOn: domain.NewDate(2026, 3, 1), EndsOn: domain.NewDate(2026, 6, 30), PlannedSessions: 6})
		if err != nil {
			t.Fatal(err)
		}
		b := e.adminBrowser()
		resp, page := b.get("/engagements")
		wantStatus(t, "engagements", resp, page, 200)
		for _, want := range []string{fmt.Sprintf(`href="/engagements/%d">Speak up in reviews</a>`, eng.ID), "Cleo Coach coaching Carl Coachee",
			">Leaders coaching</a>", ">Active</span>", "0 of 6", "30 Jun 2026"} {
			if !strings.Contains(page, want) {
				t.Errorf("engagements page lacks %q", want)
			}
		}
		_, page = b.get("/engagements?status=completed")
		if rows(page) != 0 {
			t.Errorf("completed: %d rows", rows(page))
		}
		for _, c := range []struct {
			who  domain.Person
			rows int
		}{{coachee, 1}, {coach, 1}, {outsider, 0}} {
			mb := e.browser()
			mb.login(c.who.Email, "member password 1")
			_, page = mb.get("/engagements")
			if rows(page) != c.rows {
				t.Errorf("%s sees %d engagements, want %d", c.who.Name, rows(page), c.rows)
			}
		}
		resp, out := e.api("GET", "/api/v1/engagements?status=bogus", e.token("admin@example.com", adminPassword), nil)
		wantStatus(t, "API bad status", resp, out, http.StatusBadRequest)
	})
}

func ptrTo[T any](v T) *T { return &v }

// The health filter keeps the relationships of that health, on the page
// and in the JSON list alike.
func TestListsFilterByHealth(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		h := newHR(t, e)
		mentor := h.person("Mara Mentor", "Engineering", 9, nil, nil)
		quiet := h.pair(mentor, h.person("Quiet Quentin", "Sales", 2, nil, nil), "2025-12-01")
		fresh := h.pair(mentor, h.person("Fresh Fiona", "Sales", 2, nil, nil), "2026-03-02")
		all, err := e.svc.ListPairings(h.ctx, h.admin, domain.PairingFilter{})
		if err != nil {
			t.Fatal(err)
		}
		healths := map[int64]domain.Health{}
		for _, p := range all {
			healths[p.ID] = p.Health
		}
		if healths[quiet.ID] == healths[fresh.ID] {
			t.Fatalf("both pairings are %s; the test needs two healths", healths[quiet.ID])
		}
		b := e.adminBrowser()
		token := e.token("admin@example.com", adminPassword)
		for _, p := range []domain.Pairing{quiet, fresh} {
			hl := healths[p.ID]
			_, page := b.get("/pairings?health=" + string(hl))
			if rows(page) != 1 || !strings.Contains(page, p.Mentee.Name) || !strings.Contains(page, domain.HealthLabel(hl)+"</span>") {
				t.Errorf("%s: %d rows", hl, rows(page))
			}
			e.wantItems(t, "API "+string(hl), "/api/v1/pairings?health="+string(hl), token, `"mentor_id"`, 1)
		}
		resp, page := b.get("/pairings?health=great")
		wantStatus(t, "bad health", resp, page, http.StatusBadRequest)
		resp, out := e.api("GET", "/api/v1/engagements?health=great", token, nil)
		wantStatus(t, "API bad health", resp, out, http.StatusBadRequest)
	})
}
