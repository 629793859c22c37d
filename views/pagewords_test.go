package views_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"cairn/domain"
)

// What the pages say of themselves reads in the reader's language: a form
// that expired, a page that does not exist, a field the page reads
// itself, and a full mentor's count and limit above the fields' reasons.
// The API keeps its English words.
func TestPageRefusalsInGerman(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		ctx, admin := context.Background(), domain.Actor{Person: e.admin}
		de := catalogue(t).For("de")
		german := "de"
		if _, err := e.svc.UpdatePerson(ctx, admin, e.admin.ID, domain.PersonPatch{Language: &german}); err != nil {
			t.Fatal(err)
		}
		b := e.adminBrowser()
		// inPage wants key's German words on the page (the first letter
		// aside, which a sentence writes as a capital) and not the English.
		inPage := func(what, body, english, key string, args ...any) {
			t.Helper()
			if want := de.T(key, args...); !strings.Contains(body, want[1:]) {
				t.Errorf("%s: the page lacks %q", what, want)
			}
			if strings.Contains(strings.ToLower(body), english) {
				t.Errorf("%s: the page says %q in English", what, english)
			}
		}

		resp, body := b.post("/programmes", url.Values{"name": {"No token"}, "kind": {"mentoring"}})
		wantStatus(t, "an expired form", resp, body, 403)
		inPage("an expired form", body, "the form has expired", "error.views.form_expired")

		resp, body = b.get("/no-such-page")
		wantStatus(t, "a page that does not exist", resp, body, 404)
		inPage("no such page", body, "this page does not exist", "error.views.no_such_page")

		tok := b.csrf("/people/new")
		resp, body = b.post("/people", url.Values{"_csrf": {tok}, "name": {"Sam Senior"}, "email": {"sam@example.com"},
			"seniority": {"senior"}, "timezone": {"UTC"}, "role": {"member"}, "max_mentees": {"two"}})
		wantStatus(t, "a seniority that is no number", resp, body, 422)
		inPage("seniority", body, "must be a number from 1 to 10", "error.views.seniority")
		inPage("max mentees", body, "empty for no limit", "error.views.limit")

		// A mentor with one place, taken: the pairing form says so with
		// the count and the limit, and why beside the fields.
		prog, err := e.svc.CreateProgramme(ctx, admin, domain.Programme{Name: "Mentors", Kind: domain.KindMentoring})
		if err != nil {
			t.Fatal(err)
		}
		person := func(name string, seniority int, maxMentees *int) domain.Person {
			t.Helper()
			p, err := e.svc.CreatePerson(ctx, admin, domain.PersonInput{Name: name, Seniority: seniority, Timezone: "UTC",
				Email: strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.org", MaxMentees: maxMentees})
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		mentor := person("Mona Mentor", 8, intp(1))
		first, second := person("Milo Mentee", 3, nil), person("Pat Peer", 3, nil)
		if _, err := e.svc.CreatePairing(ctx, admin, domain.PairingInput{ProgrammeID: prog.ID, MentorID: mentor.ID, MenteeID: first.ID}); err != nil {
			t.Fatal(err)
		}
		id := func(p domain.Person) []string { return []string{strconv.FormatInt(p.ID, 10)} }
		tok = b.csrf("/pairings/new")
		resp, body = b.post("/pairings", url.Values{"_csrf": {tok}, "programme_id": {strconv.FormatInt(prog.ID, 10)},
			"mentor_id": id(mentor), "mentee_id": id(second)})
		wantStatus(t, "a full mentor", resp, body, 409)
		if !strings.Contains(body, "Mona Mentor begleitet bereits 1 von höchstens 1 Mentee") {
			t.Errorf("the pairing form lacks the count and the limit in German: %s", body)
		}
		inPage("a full mentor's place", body, "already mentors", "error.a1.no_free_place")
		inPage("the override", body, "capacity override reason to add", "error.a1.override_beyond_limit")

		// The API reads the same refusals in English.
		token := e.token("admin@example.com", adminPassword)
		resp, body = e.api("POST", "/api/v1/pairings", token, map[string]any{"programme_id": prog.ID, "mentor_id": mentor.ID,
			"mentee_id": second.ID})
		wantStatus(t, "a full mentor over the API", resp, body, 409)
		if !strings.Contains(body, "Mona Mentor already mentors 1 of at most 1 person") {
			t.Errorf("the API: %s", body)
		}
	})
}
