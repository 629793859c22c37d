package views_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"cairn/domain"
	"cairn/storage"
	"cairn/storage/storagetest"
	"cairn/views"
)

// Security cases that walk the route table (so every new route is covered)
// or pin one rule each. auth_test.go has the sign-in flow, session rotation
// and the CSRF basics; the checks here reuse the access matrix's fixtures.

// every calls fn for each route of the matrix with a fresh object, filled
// path and valid body; methods narrows it ("" for all).
func (w *world) every(methods string, fn func(key, method, path string, o object, body any)) {
	for _, key := range routeKeys(w.e.app) {
		entry, ok := accessMatrix[key]
		if !ok {
			continue // TestAccessMatrix reports it
		}
		method, path, o := w.target(key, entry)
		if methods != "" && !strings.Contains(methods, method) {
			continue
		}
		fn(key, method, path, o, entry.bodyFor(w, o, &w.e.admin))
	}
}

func TestEveryWriteNeedsTheSessionsCSRFToken(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		w := newWorld(t, e)
		other := w.request("GET", "/", &w.outsider, nil).Header.Get("X-CSRF-Token")
		w.every("POST PUT PATCH DELETE", func(key, method, path string, _ object, body any) {
			for _, c := range []struct{ name, token string }{{"no token", ""}, {"another session's token", other}} {
				// A cookie session, never a bearer token: tokens carry no ambient authority.
				req := w.request(method, path, &e.admin, body)
				if strings.HasPrefix(path, "/api/") {
					req.Header.Del("Authorization")
					secret, _, err := e.svc.StartSession(context.Background(), e.admin)
					if err != nil {
						t.Fatal(err)
					}
					req.AddCookie(&http.Cookie{Name: "cairn_session", Value: secret})
				}
				req.Header.Del("X-CSRF-Token")
				if c.token != "" {
					req.Header.Set("X-CSRF-Token", c.token)
				}
				resp, out := e.do(req)
				if resp.StatusCode != 403 {
					t.Errorf("%s with %s: status %d, want 403; %.200s", key, c.name, resp.StatusCode, out)
				}
			}
		})
	})
}

func TestCookieFlagsOverHTTPS(t *testing.T) {
	for _, c := range []struct {
		name, base string
		secure     bool
	}{{"http base URL", "http://cairn.test", false}, {"https base URL", "https://cairn.example.com", true}} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnvWith(t, storagetest.New(t, "sqlite"), views.Options{BaseURL: c.base})
			b := e.browser()
			resp, _ := b.get("/login")
			cookies := resp.Cookies()
			tok := b.csrf("/login")
			resp, _ = b.post("/login", url.Values{"_csrf": {tok}, "email": {"admin@example.com"}, "password": {adminPassword}})
			cookies = append(cookies, resp.Cookies()...)
			names := map[string]bool{}
			for _, ck := range cookies {
				names[ck.Name] = true
				if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure != c.secure || ck.Path != "/" {
					t.Errorf("cookie %s: HttpOnly=%v SameSite=%v Secure=%v Path=%q; want HttpOnly, Lax, Secure=%v, /",
						ck.Name, ck.HttpOnly, ck.SameSite, ck.Secure, ck.Path, c.secure)
				}
			}
			if !names["cairn_session"] || !names["cairn_csrf"] {
				t.Errorf("cookies seen: %v; want cairn_session and cairn_csrf", names)
			}
		})
	}
}

// loginBurst sends n failed sign-ins over the API, each with its own
// X-Forwarded-For (or the same one) and email (or the same one), and
// returns the statuses.
// loginBurst makes n failed sign-ins; xff gives the i-th attempt's
// X-Forwarded-For and email its address.
func loginBurst(e *env, n int, xff, email func(i int) string) []int {
	var got []int
	for i := range n {
		req := httptest.NewRequest("POST", "/api/v1/tokens", strings.NewReader(`{"email":"`+email(i)+`","password":"wrong password"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", xff(i))
		resp, _ := e.do(req)
		got = append(got, resp.StatusCode)
	}
	return got
}

func same(s string) func(int) string { return func(int) string { return s } }

func each(format string) func(int) string {
	return func(i int) string { return fmt.Sprintf(format, i+1) }
}

// firstLimited is the 1-based attempt first answered 429; 0 for none.
func firstLimited(statuses []int) int {
	for i, s := range statuses {
		if s == 429 {
			return i + 1
		}
		if s != 401 {
			return -s
		}
	}
	return 0
}

// With LoginLimit 5: one address guessing one email waits after 5
// failures; one address over many emails after 15; one email over many
// addresses only after 50, so nobody can lock a person out from afar.
func TestLoginLimitAndForwardedFor(t *testing.T) {
	// app.Test connects from 0.0.0.0; trusting it stands for a proxy in front.
	const proxy = "0.0.0.0"
	cases := []struct {
		name      string
		trusted   []string
		n         int
		xff       func(int) string
		email     func(int) string
		limitedAt int
	}{
		{"one email, changing X-Forwarded-For, no trusted proxy: one address", nil, 7, each("203.0.113.%d"), same("admin@example.com"), 6},
		{"one email from many addresses behind a trusted proxy: only after 50", []string{proxy}, 52, each("203.0.113.%d"), same("admin@example.com"), 51},
		{"many emails, one socket, X-Forwarded-For ignored", nil, 17, each("203.0.113.%d"), each("guess%d@example.com"), 16},
		{"trusted proxy, different clients and emails", []string{proxy}, 17, each("203.0.113.%d"), each("guess%d@example.com"), 0},
		{"trusted proxy, one client, many emails", []string{proxy}, 17, same("203.0.113.200"), each("guess%d@example.com"), 16},
		{"trusted proxy, one client, one email", []string{proxy}, 7, same("203.0.113.200"), same("admin@example.com"), 6},
		// A client writes what it likes left of the proxy's hop: only the
		// right-most hop the proxy did not write is believed.
		{"trusted proxy, forged first hops", []string{proxy}, 7, each("198.51.100.%d, 203.0.113.200"), same("admin@example.com"), 6},
		{"trusted proxy range, forged first hops", []string{"0.0.0.0/8", "10.0.0.0/8"}, 7, each("198.51.100.%d, 203.0.113.200, 10.1.2.3"), same("admin@example.com"), 6},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnvWith(t, storagetest.New(t, "sqlite"), views.Options{BaseURL: "http://cairn.test", LoginLimit: 5, TrustedProxies: c.trusted})
			if got := firstLimited(loginBurst(e, c.n, c.xff, c.email)); got != c.limitedAt {
				t.Errorf("first 429 at attempt %d, want %d (0: none; negative: another status)", got, c.limitedAt)
			}
		})
	}
}

// Past the threshold each failure doubles the wait instead of a fixed
// wall, and a locked-out guesser does not lock out the person.
func TestLoginWaitsGrowAndThePersonStillGetsIn(t *testing.T) {
	e := newEnvWith(t, storagetest.New(t, "sqlite"), views.Options{BaseURL: "http://cairn.test", LoginLimit: 5, TrustedProxies: []string{"0.0.0.0"}})
	guesser, admin := same("203.0.113.200"), same("admin@example.com")
	if got := firstLimited(loginBurst(e, 6, guesser, admin)); got != 6 {
		t.Fatalf("first 429 at %d, want 6", got)
	}
	for _, wait := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second} {
		e.clock.Advance(wait - time.Millisecond)
		if got := loginBurst(e, 1, guesser, admin); got[0] != 429 {
			t.Fatalf("a moment before %s: %d, want 429", wait, got[0])
		}
		e.clock.Advance(time.Millisecond)
		if got := loginBurst(e, 1, guesser, admin); got[0] != 401 {
			t.Fatalf("after %s: %d, want the attempt to go through (401)", wait, got[0])
		}
	}
	req := httptest.NewRequest("POST", "/api/v1/tokens", strings.NewReader(`{"email":"admin@example.com","password":"`+adminPassword+`"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-For", "198.51.100.7")
	resp, body := e.do(req)
	wantStatus(t, "the admin from their own address", resp, body, 201)
}

func TestSecurityHeadersOnEveryPage(t *testing.T) {
	for _, c := range []struct {
		base string
		hsts bool
	}{{"http://cairn.test", false}, {"https://cairn.example.com", true}} {
		t.Run(c.base, func(t *testing.T) {
			e := newEnvWith(t, storagetest.New(t, "sqlite"), views.Options{BaseURL: c.base})
			w := newWorld(t, e)
			check := func(what string, resp *http.Response) {
				h := resp.Header
				for name, want := range map[string]string{
					"Content-Security-Policy": "default-src 'self'", "X-Content-Type-Options": "nosniff",
					"Referrer-Policy": "same-origin", "X-Frame-Options": "DENY",
				} {
					if !strings.Contains(h.Get(name), want) {
						t.Errorf("%s: %s is %q, want %q", what, name, h.Get(name), want)
					}
				}
				if strings.Contains(h.Get("Content-Security-Policy"), "unsafe-") {
					t.Errorf("%s: the CSP allows unsafe code: %s", what, h.Get("Content-Security-Policy"))
				}
				if got := h.Get("Strict-Transport-Security") != ""; got != c.hsts {
					t.Errorf("%s: HSTS sent = %v, want %v", what, got, c.hsts)
				}
			}
			for _, who := range []*domain.Person{nil, &e.admin} {
				w.every("GET", func(key, method, path string, _ object, _ any) {
					resp, _ := e.do(w.request(method, path, who, nil))
					check(fmt.Sprintf("%s (signed in: %v)", key, who != nil), resp)
				})
				resp, _ := e.do(w.request("GET", "/no-such-page", who, nil))
				check("a 404 page", resp)
			}
			// Writes and errors carry them too.
			resp, _ := e.do(w.request("POST", "/people", &w.outsider, personForm(w, object{})))
			check("a 403 answer to a form", resp)
		})
	}
}

// declareBody sends a request head declaring a body of n bytes over a real
// socket and returns the status, without sending the body: fasthttp
// refuses an oversized body before any handler.
func declareBody(t *testing.T, addr, method, path string, n int, header http.Header) int {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n", method, path, n)
	for k, vs := range header {
		for _, v := range vs {
			fmt.Fprintf(conn, "%s: %s\r\n", k, v)
		}
	}
	fmt.Fprint(conn, "\r\n")
	// A client sends its body straight after the headers: the first 64 KiB
	// here, then the answer is read without sending the rest.
	_, _ = conn.Write(make([]byte, min(n, 64<<10)))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestLargeBodiesAre413(t *testing.T) {
	e := newEnv(t, storagetest.New(t, "sqlite"))
	w := newWorld(t, e)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = e.app.Listener(ln) }()
	t.Cleanup(func() { _ = e.app.Shutdown() })
	w.every("POST PUT PATCH DELETE", func(key, method, path string, _ object, body any) {
		over := 1<<20 + 10
		if strings.HasSuffix(path, "/import") || strings.HasSuffix(path, "/import/preview") {
			over = views.MaxImportBytes + 10 // CSV imports may be larger
		}
		for _, who := range []*domain.Person{nil, &e.admin} {
			header := w.request(method, path, who, body).Header
			if got := declareBody(t, ln.Addr().String(), method, path, over, header); got != 413 {
				t.Errorf("%s with a %d byte body (signed in: %v): status %d, want 413", key, over, who != nil, got)
			}
		}
	})
}

// leakMarkers are bits of SQL, driver and Go error text that must never
// reach a client.
var leakMarkers = []string{"sql:", "SELECT ", "INSERT ", "UPDATE ", "pq:", "sqlite", "SQLITE", "postgres", "database is closed",
	"storage:", "goroutine ", ".go:", "runtime error"}

// assertNoInternals fails when body carries SQL, driver or stack text. Use
// it on any answer, email or file a user can see.
func assertNoInternals(t *testing.T, where, body string) {
	t.Helper()
	for _, m := range leakMarkers {
		if strings.Contains(body, m) {
			t.Errorf("%s shows internal text %q: %.300s", where, m, body)
		}
	}
}

func TestErrorsShowNoInternals(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		e := newEnv(t, s)
		w := newWorld(t, e)
		type call struct {
			key string
			req *http.Request
		}
		var calls []call
		// Build every request (fresh credentials, objects) while the store works ...
		for _, who := range []*domain.Person{nil, &e.admin, &w.outsider} {
			w.every("", func(key, method, path string, _ object, body any) {
				calls = append(calls, call{key, w.request(method, path, who, body)})
			})
		}
		// ... then break the store, so every query fails with driver text.
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		failures := 0
		for _, c := range calls {
			resp, body := e.do(c.req)
			if resp.StatusCode < 400 {
				continue // a page that needed no database, such as /healthz
			}
			assertNoInternals(t, c.key, body)
			if resp.StatusCode < 500 {
				continue
			}
			failures++
			if strings.HasPrefix(c.req.URL.Path, "/api/") {
				if !strings.Contains(body, `"code":"internal"`) || !strings.Contains(body, "something went wrong on our side") {
					t.Errorf("%s: the API's 500 is not the generic one: %s", c.key, body)
				}
			} else if c.req.URL.Path != "/readyz" && !strings.Contains(body, "something went wrong on our side") {
				t.Errorf("%s: the 500 page is not the generic one: %.300s", c.key, body)
			}
		}
		if failures == 0 {
			t.Fatal("no request failed with the store closed: the test proves nothing")
		}
	})
}

// hostileName is a name that is markup; every page that shows names must
// show it as text. Emails, .ics feeds and CSV exports can reuse it with
// assertShownAsText or their own escaping check.
const hostileName = `<script>alert("x")</script><img src=x onerror=alert(1)>`

// assertShownAsText fails when the raw markup of hostileName is in an HTML
// body; want says whether its escaped form must be there.
func assertShownAsText(t *testing.T, where, body string, want bool) {
	t.Helper()
	if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") {
		t.Errorf("%s renders a name as markup: %.500s", where, body)
	}
	if want && !strings.Contains(body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
		t.Errorf("%s does not show the name as text", where)
	}
}

func TestNamesAreShownAsText(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		w := newWorld(t, e)
		name := hostileName
		for _, p := range []*domain.Person{&e.admin, &w.outsider} {
			up, err := e.svc.UpdatePerson(context.Background(), domain.Actor{Person: e.admin}, p.ID, domain.PersonPatch{Name: &name})
			if err != nil {
				t.Fatal(err)
			}
			*p = up
		}
		// Pages that show a name: the header shows the viewer's own. A
		// page that should not show names says so here.
		for _, who := range []*domain.Person{&e.admin, &w.outsider} {
			w.every("GET", func(key, method, path string, o object, _ any) {
				if o.participant != nil && strings.Contains(key, "/people/:id") {
					// A person route shows the renamed outsider instead.
					path = strings.Replace(path, "/people/"+itoa(o.participant.ID), "/people/"+itoa(w.outsider.ID), 1)
				}
				resp, body := e.do(w.request(method, path, who, nil))
				html := strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html")
				assertShownAsText(t, key, body, html && resp.StatusCode == 200)
			})
		}
		// A form sent back with errors keeps the typed name, as text.
		form := url.Values{"name": {hostileName}, "email": {"bad"}, "seniority": {"3"}, "timezone": {"UTC"}, "role": {"member"}}
		resp, body := e.do(w.request("POST", "/people", &e.admin, form))
		wantStatus(t, "form with errors", resp, body, 422)
		assertShownAsText(t, "the person form with errors", body, true)
	})
}
