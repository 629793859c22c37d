package views_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

// This file is the machinery of the access matrix (access_test.go): the
// roles, the fixtures that fill route parameters, and how a request is sent
// as each role. The security tests walk the same routes with it.

// role is who sends a request.
type role string

const (
	anonymous   role = "anonymous"
	outsider    role = "member outsider" // a signed-in member with no part in the object
	participant role = "participant"     // takes part in the object (for a person: that person)
	admin       role = "admin"
	coach       role = "external coach" // an outside coach, signed in, with no part in the object
)

var roles = []role{anonymous, outsider, participant, admin, coach}

// notApplicable marks a role that has no meaning for a route (a participant
// where the route acts on no object). It must be written out: a role left at
// 0 fails the matrix, so no one forgets a role.
const notApplicable = -1

// expect is the status each role gets.
type expect struct{ Anonymous, Outsider, Participant, Admin, Coach int }

func (x expect) of(r role) int {
	switch r {
	case anonymous:
		return x.Anonymous
	case outsider:
		return x.Outsider
	case participant:
		return x.Participant
	case admin:
		return x.Admin
	case coach:
		return x.Coach
	}
	return 0
}

// object is what a route acts on: the values of its parameters and, when
// it has one, the person who takes part in it.
type object struct {
	params      map[string]string
	participant *domain.Person
	// coach, when set, is the external coach the object belongs to (an
	// engagement's coach): the coach role is then that person, so the matrix
	// checks what a coach may do in their own engagement.
	coach *domain.Person
}

// accessEntry is one row of the matrix.
type accessEntry struct {
	// object makes a fresh object for one request (nil: the route has no
	// parameters and no participant).
	object func(w *world) object
	// body is the request's body, valid so that the role decides the
	// answer: url.Values for a form, anything else is sent as JSON.
	body func(w *world, o object) any
	// bodyAs is body for a request whose body depends on who sends it
	// (a current password).
	bodyAs func(w *world, o object, p *domain.Person) any
	want   expect
}

// bodyFor is the entry's body for a request by p.
func (entry accessEntry) bodyFor(w *world, o object, p *domain.Person) any {
	switch {
	case entry.bodyAs != nil:
		return entry.bodyAs(w, o, p)
	case entry.body != nil:
		return entry.body(w, o)
	}
	return nil
}

// world is the people every request may come from, on one app.
type world struct {
	t        *testing.T
	e        *env
	outsider domain.Person
	coach    domain.Person
	seq      atomic.Int64
}

func newWorld(t *testing.T, e *env) *world {
	w := &world{t: t, e: e}
	w.outsider = w.person("outsider", false)
	w.coach = w.person("coach", true)
	return w
}

const worldPassword = "world password 1"

// person adds an active member who can sign in, with a unique email.
func (w *world) person(prefix string, external bool) domain.Person {
	w.t.Helper()
	n := w.seq.Add(1)
	p, err := w.e.svc.CreatePerson(context.Background(), domain.Actor{Person: w.e.admin}, domain.PersonInput{
		Name: prefix + " " + itoa(n), Email: prefix + itoa(n) + "@example.com", Seniority: 4,
		Timezone: "Europe/Berlin", External: external, Password: worldPassword,
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return p
}

// unique is a fresh suffix for emails in request bodies.
func (w *world) unique() string { return itoa(w.seq.Add(1)) }

// Fixtures.

// aPerson is a fresh member; the participant is that person.
func aPerson(w *world) object {
	p := w.person("subject", false)
	return object{params: map[string]string{"id": itoa(p.ID)}, participant: &p}
}

// aStaticFile is one of the embedded assets.
func aStaticFile(*world) object { return object{params: map[string]string{"*": "app.css"}} }

// Bodies.

func personForm(w *world, _ object) any {
	return url.Values{"name": {"Form Person"}, "email": {"form" + w.unique() + "@example.com"}, "seniority": {"3"},
		"timezone": {"UTC"}, "role": {"member"}, "active": {"on"}}
}

func personJSON(w *world, _ object) any {
	return map[string]any{"name": "Api Person", "email": "api" + w.unique() + "@example.com", "seniority": 3}
}

func personPatchJSON(*world, object) any { return map[string]any{"job_title": "Changed"} }

// credentials of someone who can sign in (a fresh member, so a success does
// not touch the people the roles use).
func credentialsForm(w *world, _ object) any {
	p := w.person("signin", false)
	return url.Values{"email": {p.Email}, "password": {worldPassword}}
}

func credentialsJSON(w *world, _ object) any {
	p := w.person("signin", false)
	return map[string]string{"email": p.Email, "password": worldPassword}
}

// Sending.

// as returns the person behind a role for an object, or nil for anonymous.
// ok is false when the role has no person here (no participant).
func (w *world) as(r role, o object) (p *domain.Person, ok bool) {
	switch r {
	case anonymous:
		return nil, true
	case outsider:
		return &w.outsider, true
	case participant:
		return o.participant, o.participant != nil
	case admin:
		return &w.e.admin, true
	case coach:
		if o.coach != nil {
			return o.coach, true
		}
		return &w.coach, true
	}
	return nil, false
}

const anonCSRF = "matrix-anonymous-csrf-token"

// request builds method path as person p (nil: anonymous) with fresh
// credentials: a bearer token for the API, a session cookie and its CSRF
// token for pages, so that every request is judged on its role alone.
func (w *world) request(method, path string, p *domain.Person, body any) *http.Request {
	w.t.Helper()
	ctx := context.Background()
	var req *http.Request
	switch b := body.(type) {
	case nil:
		req = httptest.NewRequest(method, path, nil)
	case url.Values:
		req = httptest.NewRequest(method, path, strings.NewReader(b.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	case csvBody:
		req = httptest.NewRequest(method, path, strings.NewReader(string(b)))
		req.Header.Set("Content-Type", "text/csv")
	default:
		j, err := json.Marshal(b)
		if err != nil {
			w.t.Fatal(err)
		}
		req = httptest.NewRequest(method, path, strings.NewReader(string(j)))
		req.Header.Set("Content-Type", "application/json")
	}
	switch {
	case p == nil:
		req.AddCookie(&http.Cookie{Name: "cairn_csrf", Value: anonCSRF})
		req.Header.Set("X-CSRF-Token", anonCSRF)
	case strings.HasPrefix(path, "/api/"):
		tok, _, err := w.e.svc.IssueAPIToken(ctx, *p, "matrix")
		if err != nil {
			w.t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+tok)
	default:
		secret, sess, err := w.e.svc.StartSession(ctx, *p)
		if err != nil {
			w.t.Fatal(err)
		}
		req.AddCookie(&http.Cookie{Name: "cairn_session", Value: secret})
		req.Header.Set("X-CSRF-Token", sess.CSRFToken)
	}
	return req
}

// Routes.

// routeKeys lists the app's routes as "METHOD /path", leaving out the HEAD
// twin fiber adds to every GET.
func routeKeys(app *fiber.App) []string {
	seen := map[string]bool{}
	for _, r := range app.GetRoutes(true) {
		seen[r.Method+" "+r.Path] = true
	}
	var keys []string
	for k := range seen {
		if p, ok := strings.CutPrefix(k, "HEAD "); ok && seen["GET "+p] {
			continue
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// fillPath puts the object's values into the route's parameters.
func fillPath(t *testing.T, route string, o object) string {
	t.Helper()
	parts := strings.Split(route, "/")
	for i, part := range parts {
		name, isParam := strings.CutPrefix(part, ":")
		if part == "*" {
			name, isParam = "*", true
		}
		if !isParam {
			continue
		}
		v, ok := o.params[strings.TrimSuffix(name, "?")]
		if !ok {
			t.Fatalf("%s: the entry's object gives no value for %s; give it a fixture", route, part)
		}
		parts[i] = url.PathEscape(v)
	}
	return strings.Join(parts, "/")
}

// target builds the object and path for one request of an entry.
func (w *world) target(key string, entry accessEntry) (method, path string, o object) {
	w.t.Helper()
	method, route, _ := strings.Cut(key, " ")
	if entry.object != nil {
		o = entry.object(w)
	}
	return method, fillPath(w.t, route, o), o
}
