package views_test

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
)

var auditLinkRe = regexp.MustCompile(`<a href="(/admin/audit\?[^"]+)" rel="(prev|next)">`)

func auditLinks(page string) (newer, older string) {
	for _, m := range auditLinkRe.FindAllStringSubmatch(page, -1) {
		if m[2] == "prev" {
			newer = html.UnescapeString(m[1])
		} else {
			older = html.UnescapeString(m[1])
		}
	}
	return newer, older
}

// The audit log pages by 50 both ways, filters by a person picked by name
// and by action, and names objects by their people, never by id.
func TestAuditPages(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		h := newHR(t, e)
		mentor := h.person("Mara Mentor", "Engineering", 9, nil, nil)
		for i := range 55 {
			h.person(fmt.Sprintf("Person %02d", i), "Sales", 2, nil, nil)
		}
		mentee := h.person("Milo Mentee", "Sales", 2, nil, nil)
		h.pair(mentor, mentee, "2026-02-01")
		b := e.adminBrowser()
		resp, page := b.get("/admin/audit")
		wantStatus(t, "audit", resp, page, 200)
		newer, older := auditLinks(page)
		if n := rows(page); n != 50 || newer != "" || older == "" {
			t.Fatalf("first page: %d rows, newer %q, older %q", n, newer, older)
		}
		if !strings.Contains(page, fmt.Sprintf(`Pairing: <a href="/pairings/`)) || !strings.Contains(page, ">Mara Mentor and Milo Mentee</a>") {
			t.Errorf("the pairing is not named by its people")
		}
		if !strings.Contains(page, fmt.Sprintf(`<strong>Mentor</strong>: <a href="/people/%d">Mara Mentor</a>`, mentor.ID)) || !strings.Contains(page, "<strong>Status</strong>: Active") ||
			strings.Contains(page, "inputmode=\"numeric\"") {
			t.Errorf("ids shown or typed instead of names")
		}
		_, page = b.get(older)
		newer2, older2 := auditLinks(page)
		if rows(page) == 0 || newer2 == "" {
			t.Fatalf("older page: %d rows, newer %q, older %q", rows(page), newer2, older2)
		}
		_, back := b.get(newer2)
		if n := rows(back); n != 50 || !strings.Contains(back, "Mara Mentor and Milo Mentee") {
			t.Errorf("back to the newest page: %d rows", n)
		}
		if nb, _ := auditLinks(back); nb != "" {
			t.Errorf("the newest page links to newer entries: %q", nb)
		}

		// Filters: a person picked from a list of names, an action from words.
		if !strings.Contains(page, fmt.Sprintf(`<option value="%d" >Mara Mentor</option>`, mentor.ID)) &&
			!strings.Contains(page, fmt.Sprintf(`<option value="%d">Mara Mentor</option>`, mentor.ID)) {
			t.Errorf("the person filter does not offer Mara Mentor by name")
		}
		if !strings.Contains(page, `<option value="create" >Created</option>`) && !strings.Contains(page, `<option value="create">Created</option>`) {
			t.Errorf("the action filter does not offer words")
		}
		_, page = b.get(fmt.Sprintf("/admin/audit?person_id=%d&action=create", mentor.ID))
		if rows(page) != 1 || !strings.Contains(page, "Person: <a href=\"/people/") {
			t.Errorf("person and action filter: %d rows", rows(page))
		}
		_, page = b.get("/admin/audit?action=create&object_type=pairing")
		if rows(page) != 1 {
			t.Errorf("pairing creations: %d rows", rows(page))
		}
		_, page = b.get("/admin/audit?action=sign_out")
		if rows(page) != 0 || !strings.Contains(page, "No entries match.") {
			t.Errorf("sign-outs: %d rows", rows(page))
		}
		// The filters ride along in the paging links.
		_, page = b.get("/admin/audit?action=create")
		if _, older := auditLinks(page); !strings.Contains(older, "action=create") {
			t.Errorf("older link drops the filter: %q", older)
		}
	})
}
