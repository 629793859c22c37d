package views_test

import (
	"testing"
)

// accessMatrix is who gets what from every route. Every route of the app
// must have a row: a new route without one fails TestAccessMatrix, naming
// it. Statuses are what the role gets with a valid request (fresh
// credentials, the CSRF token, a good body), so only the role decides.
//
// Pages send anonymous readers to sign in (303) and refuse anonymous
// writes (401); the API answers 401. A participant is whoever takes part in
// the object (for a person, that person); notApplicable says a route has
// none.
var accessMatrix = map[string]accessEntry{
	"GET /healthz":         {want: expect{200, 200, notApplicable, 200, 200}},
	"GET /readyz":          {want: expect{200, 200, notApplicable, 200, 200}},
	"GET /static/*":        {object: aStaticFile, want: expect{200, 200, notApplicable, 200, 200}},
	"GET /login":           {want: expect{200, 303, notApplicable, 303, 303}},
	"POST /login":          {body: credentialsForm, want: expect{303, 303, notApplicable, 303, 303}},
	"POST /logout":         {want: expect{401, 303, notApplicable, 303, 303}},
	"GET /":                {want: expect{303, 200, notApplicable, 200, 200}},
	"GET /people":          {want: expect{303, 200, notApplicable, 200, 200}},
	"GET /people/new":      {want: expect{303, 403, notApplicable, 200, 403}},
	"POST /people":         {body: personForm, want: expect{401, 403, notApplicable, 303, 403}},
	"GET /people/:id":      {object: aPerson, want: expect{303, 200, 200, 200, 200}},
	"GET /people/:id/edit": {object: aPerson, want: expect{303, 403, 403, 200, 403}},
	"POST /people/:id":     {object: aPerson, body: personForm, want: expect{401, 403, 403, 303, 403}},

	"POST /api/v1/tokens":           {body: credentialsJSON, want: expect{201, 201, notApplicable, 201, 201}},
	"DELETE /api/v1/tokens/current": {want: expect{401, 204, notApplicable, 204, 204}},
	"GET /api/v1/me":                {want: expect{401, 200, notApplicable, 200, 200}},
	"GET /api/v1/people":            {want: expect{401, 200, notApplicable, 200, 200}},
	"POST /api/v1/people":           {body: personJSON, want: expect{401, 403, notApplicable, 201, 403}},
	"GET /api/v1/people/:id":        {object: aPerson, want: expect{401, 200, 200, 200, 200}},
	"PATCH /api/v1/people/:id":      {object: aPerson, body: personPatchJSON, want: expect{401, 403, 403, 200, 403}},
}

func TestAccessMatrix(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		w := newWorld(t, e)
		routes := map[string]bool{}
		for _, key := range routeKeys(e.app) {
			routes[key] = true
			entry, ok := accessMatrix[key]
			if !ok {
				t.Errorf("route %q has no row in accessMatrix (views/access_test.go): add who may use it", key)
				continue
			}
			t.Run(key, func(t *testing.T) {
				for _, r := range roles {
					want := entry.want.of(r)
					switch want {
					case 0:
						t.Errorf("%s: the row says nothing for %s; give a status or notApplicable", key, r)
						continue
					case notApplicable:
						continue
					}
					method, path, o := w.target(key, entry)
					p, ok := w.as(r, o)
					if !ok {
						t.Errorf("%s: %s expected %d, but the row's object has no participant", key, r, want)
						continue
					}
					var body any
					if entry.body != nil {
						body = entry.body(w, o)
					}
					resp, out := e.do(w.request(method, path, p, body))
					if resp.StatusCode != want {
						t.Errorf("%s as %s: status %d, want %d; body: %.300s", key, r, resp.StatusCode, want, out)
					}
				}
			})
		}
		for key := range accessMatrix {
			if !routes[key] {
				t.Errorf("accessMatrix has a row for %q, which is not a route (renamed or removed?)", key)
			}
		}
	})
}
