package views_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
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
			} else if c.req.URL.Path != "/readyz" && !strings.Contains(body, "Something went wrong on our side") {
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

// Where a sign-in goes next is a path on this site, whatever the link says:
// no header can be added through it and no browser can read a host into it.
func TestSignInNextCannotLeaveOrSplitHeaders(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		for raw, want := range map[string]string{
			"/pairings":                      "/pairings",
			"/%0ASet-Cookie:%20cairn_x=evil": "/",
			"/%0D%0ALocation:%20//evil.test": "/",
			"/%09/evil.example/x":            "/",
			"//evil.example/x":               "/",
			"/%5Cevil.example":               "/",
			"https://evil.example/":          "/",
		} {
			b := e.browser()
			tok := b.csrf("/login")
			req := httptest.NewRequest("POST", "/login",
				strings.NewReader("_csrf="+url.QueryEscape(tok)+"&email=admin%40example.com&password="+
					url.QueryEscape(adminPassword)+"&next="+raw))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, body := b.send(req)
			wantStatus(t, "sign in with next="+raw, resp, body, 303)
			if got := resp.Header.Get("Location"); got != want {
				t.Errorf("next=%s: Location %q, want %q", raw, got, want)
			}
			if _, planted := b.cookies["cairn_x"]; planted {
				t.Errorf("next=%s planted a cookie", raw)
			}
			// Signed in already: the GET form of the same redirect.
			resp, body = b.get("/login?next=" + raw)
			wantStatus(t, "signed in, /login?next="+raw, resp, body, 303)
			if got := resp.Header.Get("Location"); got != want {
				t.Errorf("GET next=%s: Location %q, want %q", raw, got, want)
			}
		}
	})
}

var sealedRe = regexp.MustCompile(`^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$`)

// The flash message travels sealed: only Cairn's own messages are shown,
// and the cookie never carries raw text.
func TestFlashMessagesAreSealed(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		b := e.browser()
		b.login("admin@example.com", adminPassword)
		tok := b.csrf("/settings")
		resp, body := b.post("/settings/calendar", url.Values{"_csrf": {tok}})
		wantStatus(t, "rotate the calendar link", resp, body, 303)
		if v := b.cookies["cairn_flash"]; !sealedRe.MatchString(v) || strings.Contains(v, "calendar") {
			t.Errorf("flash cookie %q: want a seal, not the text", v)
		}
		_, body = b.get("/settings")
		if !strings.Contains(body, "You have a new calendar link") {
			t.Error("the sealed flash message is not shown")
		}
		for _, planted := range []string{"Your account is locked: call 555-0100", "WW91IHdvbg.AAAA", b.cookies["cairn_flash"] + "x"} {
			b.cookies["cairn_flash"] = planted
			_, body = b.get("/settings")
			if strings.Contains(body, "555-0100") || strings.Contains(body, "You won") || strings.Contains(body, "new calendar link") {
				t.Errorf("a planted flash %q is shown", planted)
			}
		}
	})
}

// The bearer scheme is case-insensitive, as HTTP says.
func TestBearerSchemeIgnoresCase(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		token := e.token("admin@example.com", adminPassword)
		for _, scheme := range []string{"Bearer", "bearer", "BEARER"} {
			req := httptest.NewRequest("GET", "/api/v1/me", nil)
			req.Header.Set("Authorization", scheme+" "+token)
			resp, body := e.do(req)
			wantStatus(t, scheme, resp, body, 200)
		}
		req := httptest.NewRequest("GET", "/api/v1/me", nil)
		req.Header.Set("Authorization", "Basic "+token)
		resp, body := e.do(req)
		wantStatus(t, "Basic", resp, body, 401)
	})
}

// Password-reset requests are limited per address and per email, quietly:
// the answer stays 202 whether a mail went out or not.
func TestPasswordResetRequestsAreLimited(t *testing.T) {
	e := newEnvWith(t, storagetest.New(t, "sqlite"), views.Options{BaseURL: "http://cairn.test", LoginLimit: 5, TrustedProxies: []string{"0.0.0.0"}})
	e.member("pat@example.com", 3)
	ask := func(from, email string) {
		t.Helper()
		req := httptest.NewRequest("POST", "/api/v1/password-resets", strings.NewReader(`{"email":"`+email+`"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", from)
		resp, body := e.do(req)
		wantStatus(t, "reset request", resp, body, 202)
	}
	for i := range 20 {
		ask(fmt.Sprintf("203.0.113.%d", i+1), "pat@example.com")
	}
	e.deliver()
	if n := len(e.mail.to("pat@example.com")); n != 3 {
		t.Errorf("20 requests from 20 addresses sent %d mails, want 3", n)
	}
	// An hour later the person can ask again.
	e.clock.Advance(time.Hour)
	ask("203.0.113.1", "pat@example.com")
	e.deliver()
	if n := len(e.mail.to("pat@example.com")); n != 4 {
		t.Errorf("an hour later: %d mails, want 4", n)
	}
}

// A JSON endpoint takes only a body that says it is JSON: a cross-site
// form can send text/plain without asking.
func TestJSONEndpointsRefuseOtherContentTypes(t *testing.T) {
	e := newEnv(t, storagetest.New(t, "sqlite"))
	for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", "application/jsonx", ""} {
		req := httptest.NewRequest("POST", "/api/v1/password-resets", strings.NewReader(`{"email":"admin@example.com"}`))
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		resp, body := e.do(req)
		wantStatus(t, "reset as "+ct, resp, body, 415)
		if !strings.Contains(body, `{"error":{"code":"http_unsupported_media_type"`) {
			t.Errorf("%s: not the JSON error shape: %s", ct, body)
		}
	}
	e.deliver()
	if n := len(e.mail.to("admin@example.com")); n != 0 {
		t.Errorf("%d reset mails sent for refused requests", n)
	}
	req := httptest.NewRequest("POST", "/api/v1/password-resets", strings.NewReader(`{"email":"admin@example.com"}`))
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, body := e.do(req)
	wantStatus(t, "reset as JSON with a charset", resp, body, 202)
}

// API answers carry people's data and notes: no cache may keep them.
func TestAPIAnswersAreNotStored(t *testing.T) {
	e := newEnv(t, storagetest.New(t, "sqlite"))
	token := e.token("admin@example.com", adminPassword)
	for _, path := range []string{"/api/v1/me", "/api/v1/people", "/api/v1/me/agenda", "/api/v1/pairings"} {
		resp, body := e.api("GET", path, token, nil)
		wantStatus(t, path, resp, body, 200)
		if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%s: Cache-Control %q, want no-store", path, cc)
		}
	}
}

// A text write is one request that stores text: who sends it, where, a body
// the app accepts, and the text fields in it.
type textWrite struct {
	name   string
	method string
	setup  func(w *world) (path string, as *domain.Person, body any)
	fields []string
}

// badText is what no field may hold, as raw bytes; oneLineOnly marks what
// only one-line fields refuse.
var badText = []struct {
	name, raw   string
	oneLineOnly bool
}{
	{"NUL", "a\x00b", false},
	{"escape", "a\x1bb", false},
	{"invalid UTF-8", "a\xff\xfeb", false},
	{"line break", "first\nsecond", true},
}

// withJSONField is body (a JSON object) with field ("goal.title" inside
// goal) set to raw, written byte for byte: encoding/json would repair
// broken UTF-8, and the test is that the server refuses it.
func withJSONField(t *testing.T, body map[string]any, field, raw string) string {
	t.Helper()
	const mark = "\u00a7TEXT\u00a7"
	m := map[string]any{}
	for k, v := range body {
		m[k] = v
	}
	if parent, child, ok := strings.Cut(field, "."); ok {
		inner := map[string]any{}
		for k, v := range m[parent].(map[string]any) {
			inner[k] = v
		}
		inner[child] = mark
		m[parent] = inner
	} else {
		m[field] = mark
	}
	j, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var esc strings.Builder
	for i := 0; i < len(raw); i++ {
		switch b := raw[i]; {
		case b == '\n':
			esc.WriteString(`\n`)
		case b < 0x20:
			esc.WriteString(`\u00` + "0123456789abcdef"[b>>4:b>>4+1] + "0123456789abcdef"[b&15:b&15+1])
		default:
			esc.WriteByte(b)
		}
	}
	return strings.Replace(string(j), mark, esc.String(), 1)
}

func (w *world) auditCount() int {
	w.t.Helper()
	entries, err := w.e.store.ListAudit(context.Background(), domain.AuditFilter{Limit: 100000})
	w.must(err)
	return len(entries)
}

func textWrites() []textWrite {
	mentorOf := func(w *world) (domain.Pairing, domain.Person) {
		p, mentor, _ := w.pairing()
		return p, mentor
	}
	personFields := []string{"name", "email", "job_title", "department", "timezone"}
	return []textWrite{
		{name: "create person (API)", method: "POST", fields: append(personFields, "password"), setup: func(w *world) (string, *domain.Person, any) {
			return "/api/v1/people", &w.e.admin, map[string]any{"name": "Api Person", "email": "api" + w.unique() + "@example.com",
				"seniority": 3, "job_title": "Engineer", "department": "R&D", "timezone": "UTC", "password": "a long fine password"}
		}},
		{name: "update person (API)", method: "PATCH", fields: personFields, setup: func(w *world) (string, *domain.Person, any) {
			p := w.person("subject", false)
			return "/api/v1/people/" + itoa(p.ID), &w.e.admin, map[string]any{"name": "New Name", "email": "new" + w.unique() + "@example.com",
				"job_title": "Lead", "department": "Ops", "timezone": "UTC"}
		}},
		{name: "update me (API)", method: "PATCH", fields: []string{"name", "timezone"}, setup: func(w *world) (string, *domain.Person, any) {
			p := w.person("self", false)
			return "/api/v1/me", &p, map[string]any{"name": "Me Myself", "timezone": "UTC"}
		}},
		{name: "create programme (API)", method: "POST", fields: []string{"name", "description"}, setup: func(w *world) (string, *domain.Person, any) {
			return "/api/v1/programmes", &w.e.admin, map[string]any{"name": "Programme " + w.unique(), "kind": "mentoring", "description": "For new leads"}
		}},
		{name: "update programme (API)", method: "PATCH", fields: []string{"name", "description"}, setup: func(w *world) (string, *domain.Person, any) {
			p := w.programme(domain.KindMentoring)
			return "/api/v1/programmes/" + itoa(p.ID), &w.e.admin, map[string]any{"name": "Renamed " + w.unique(), "description": "Changed"}
		}},
		{name: "create pairing (API)", method: "POST", fields: []string{"focus", "seniority_override_reason", "capacity_override_reason"}, setup: func(w *world) (string, *domain.Person, any) {
			prog := w.programme(domain.KindMentoring)
			mentor, mentee := w.personAt("mentor", 7, false), w.personAt("mentee", 3, false)
			return "/api/v1/pairings", &w.e.admin, map[string]any{"programme_id": prog.ID, "mentor_id": mentor.ID, "mentee_id": mentee.ID,
				"started_on": "2026-02-01", "focus": "Public speaking", "seniority_override_reason": "peer", "capacity_override_reason": "ok"}
		}},
		{name: "end pairing (API)", method: "PATCH", fields: []string{"focus", "end_reason"}, setup: func(w *world) (string, *domain.Person, any) {
			p, _ := mentorOf(w)
			return "/api/v1/pairings/" + itoa(p.ID), &w.e.admin, map[string]any{"focus": "Delegation", "status": "ended",
				"ended_on": "2026-03-01", "end_reason": "Goals met"}
		}},
		{name: "create check-in (API)", method: "POST", fields: []string{"location", "agenda", "notes", "private_notes"}, setup: func(w *world) (string, *domain.Person, any) {
			p, mentor := mentorOf(w)
			return "/api/v1/pairings/" + itoa(p.ID) + "/checkins", &mentor, map[string]any{"format": "formal",
				"scheduled_at": w.e.clock.Now().Add(50 * time.Hour).Format(time.RFC3339), "duration_minutes": 30,
				"location": "Room 1", "agenda": "Growth", "notes": "Shared", "private_notes": "Mine"}
		}},
		{name: "update check-in (API)", method: "PATCH", fields: []string{"location", "agenda", "notes", "private_notes"}, setup: func(w *world) (string, *domain.Person, any) {
			m, mentor, _ := w.checkin(5 * 24 * time.Hour)
			return "/api/v1/checkins/" + itoa(m.ID), &mentor, map[string]any{"location": "Room 2", "agenda": "More", "notes": "Noted", "private_notes": "Mine"}
		}},
		{name: "create engagement (API)", method: "POST", fields: []string{"goal.title", "goal.description", "goal.success_measure", "capacity_override_reason"}, setup: func(w *world) (string, *domain.Person, any) {
			prog := w.programme(domain.KindCoaching)
			coach, coachee := w.personAt("extcoach", 8, true), w.personAt("coachee", 3, false)
			return "/api/v1/engagements", &w.e.admin, map[string]any{"programme_id": prog.ID, "coach_id": coach.ID, "coachee_id": coachee.ID,
				"goal":      map[string]any{"title": "Lead", "description": "Lead the team", "area": "work", "success_measure": "Runs planning"},
				"starts_on": "2026-03-01", "ends_on": "2026-06-30", "planned_sessions": 6, "capacity_override_reason": "ok"}
		}},
		{name: "update engagement (API)", method: "PATCH", fields: []string{"progress_comment"}, setup: func(w *world) (string, *domain.Person, any) {
			e, coach, _ := w.engagement()
			return "/api/v1/engagements/" + itoa(e.ID), &coach, map[string]any{"progress_percent": 20, "progress_comment": "Going well"}
		}},
		{name: "close engagement (API)", method: "POST", fields: []string{"summary"}, setup: func(w *world) (string, *domain.Person, any) {
			e, coach, _ := w.engagement()
			return "/api/v1/engagements/" + itoa(e.ID) + "/close", &coach, map[string]any{"outcome": "achieved", "summary": "Done well"}
		}},
		{name: "cancel engagement (API)", method: "POST", fields: []string{"reason"}, setup: func(w *world) (string, *domain.Person, any) {
			e, _, _ := w.engagement()
			return "/api/v1/engagements/" + itoa(e.ID) + "/cancel", &w.e.admin, map[string]any{"reason": "Left the company"}
		}},
		{name: "edit programme (form)", method: "POST", fields: []string{"name", "description"}, setup: func(w *world) (string, *domain.Person, any) {
			p := w.programme(domain.KindMentoring)
			return "/programmes/" + itoa(p.ID), &w.e.admin, url.Values{"name": {"Renamed " + w.unique()}, "kind": {"mentoring"}, "description": {"About"}}
		}},
		{name: "schedule session (API)", method: "POST", fields: []string{"location", "notes", "private_notes"}, setup: func(w *world) (string, *domain.Person, any) {
			e, coach, _ := w.engagement()
			return "/api/v1/engagements/" + itoa(e.ID) + "/sessions", &coach, map[string]any{
				"scheduled_at":     time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC).Add(time.Duration(w.seq.Add(1)) * 2 * time.Hour).Format(time.RFC3339),
				"duration_minutes": 60, "location": "Zoom", "notes": "Shared", "private_notes": "Mine"}
		}},
		{name: "update session (API)", method: "PATCH", fields: []string{"location", "notes", "private_notes"}, setup: func(w *world) (string, *domain.Person, any) {
			o := aSession(w)
			return "/api/v1/sessions/" + o.params["id"], o.coach, map[string]any{"location": "Room 3", "notes": "Shared", "private_notes": "Mine"}
		}},
		{name: "sign in for a token (API)", method: "POST", fields: []string{"email", "name"}, setup: func(w *world) (string, *domain.Person, any) {
			p := w.person("signin", false)
			return "/api/v1/tokens", nil, map[string]any{"email": p.Email, "password": worldPassword, "name": "laptop"}
		}},
		{name: "password reset (API)", method: "POST", fields: []string{"email"}, setup: func(w *world) (string, *domain.Person, any) {
			p := w.person("forgetful", false)
			return "/api/v1/password-resets", nil, map[string]any{"email": p.Email}
		}},

		// Forms.
		{name: "create person (form)", method: "POST", fields: personFields, setup: func(w *world) (string, *domain.Person, any) {
			return "/people", &w.e.admin, url.Values{"name": {"Form Person"}, "email": {"form" + w.unique() + "@example.com"}, "job_title": {"Engineer"},
				"department": {"R&D"}, "seniority": {"3"}, "timezone": {"UTC"}, "role": {"member"}, "active": {"on"}}
		}},
		{name: "edit person (form)", method: "POST", fields: personFields, setup: func(w *world) (string, *domain.Person, any) {
			p := w.person("subject", false)
			return "/people/" + itoa(p.ID), &w.e.admin, url.Values{"name": {"Edited"}, "email": {p.Email}, "job_title": {"Lead"},
				"department": {"Ops"}, "seniority": {"4"}, "timezone": {"UTC"}, "role": {"member"}, "active": {"on"}}
		}},
		{name: "create programme (form)", method: "POST", fields: []string{"name", "description"}, setup: func(w *world) (string, *domain.Person, any) {
			return "/programmes", &w.e.admin, url.Values{"name": {"Form programme " + w.unique()}, "kind": {"mentoring"}, "description": {"About"}}
		}},
		{name: "create pairing (form)", method: "POST", fields: []string{"focus", "seniority_override_reason", "capacity_override_reason"}, setup: func(w *world) (string, *domain.Person, any) {
			prog := w.programme(domain.KindMentoring)
			mentor, mentee := w.personAt("mentor", 7, false), w.personAt("mentee", 3, false)
			return "/pairings", &w.e.admin, url.Values{"programme_id": {itoa(prog.ID)}, "mentor_id": {itoa(mentor.ID)}, "mentee_id": {itoa(mentee.ID)},
				"started_on": {"2026-02-01"}, "focus": {"Speaking"}, "seniority_override_reason": {"peer"}, "capacity_override_reason": {"ok"}}
		}},
		{name: "end pairing (form)", method: "POST", fields: []string{"end_reason"}, setup: func(w *world) (string, *domain.Person, any) {
			p, _ := mentorOf(w)
			return "/pairings/" + itoa(p.ID) + "/status", &w.e.admin, url.Values{"action": {"end"}, "ended_on": {"2026-03-01"}, "end_reason": {"Goals met"}, "confirmed": {"yes"}}
		}},
		{name: "create check-in (form)", method: "POST", fields: []string{"location", "agenda", "notes", "private_notes"}, setup: func(w *world) (string, *domain.Person, any) {
			p, mentor := mentorOf(w)
			return "/pairings/" + itoa(p.ID) + "/checkins", &mentor, url.Values{"format": {"formal"}, "date": {"2026-03-09"}, "time": {"10:00"},
				"duration_minutes": {"30"}, "location": {"Room 1"}, "agenda": {"Growth"}, "notes": {"Shared"}, "private_notes": {"Mine"}}
		}},
		{name: "edit check-in (form)", method: "POST", fields: []string{"location", "agenda", "notes", "private_notes"}, setup: func(w *world) (string, *domain.Person, any) {
			m, mentor, _ := w.checkin(5 * 24 * time.Hour)
			at := m.ScheduledAt.In(mentor.Location())
			return "/checkins/" + itoa(m.ID), &mentor, url.Values{"date": {at.Format("2006-01-02")}, "time": {at.Format("15:04")}, "duration_minutes": {"30"},
				"status": {"scheduled"}, "location": {"Room 2"}, "agenda": {"More"}, "notes": {"Noted"}, "private_notes": {"Mine"}}
		}},
		{name: "create engagement (form)", method: "POST", fields: []string{"goal_title", "goal_description", "success_measure", "capacity_override_reason"}, setup: func(w *world) (string, *domain.Person, any) {
			prog := w.programme(domain.KindCoaching)
			coach, coachee := w.personAt("extcoach", 8, true), w.personAt("coachee", 3, false)
			return "/engagements", &w.e.admin, url.Values{"programme_id": {itoa(prog.ID)}, "coach_id": {itoa(coach.ID)}, "coachee_id": {itoa(coachee.ID)},
				"goal_title": {"Lead"}, "goal_description": {"Lead the team"}, "goal_area": {"work"}, "success_measure": {"Runs planning"},
				"starts_on": {"2026-03-01"}, "ends_on": {"2026-06-30"}, "planned_sessions": {"6"}, "capacity_override_reason": {"ok"}}
		}},
		{name: "progress (form)", method: "POST", fields: []string{"progress_comment"}, setup: func(w *world) (string, *domain.Person, any) {
			e, coach, _ := w.engagement()
			return "/engagements/" + itoa(e.ID) + "/progress", &coach, url.Values{"progress_percent": {"20"}, "progress_comment": {"Going well"}}
		}},
		{name: "close engagement (form)", method: "POST", fields: []string{"summary"}, setup: func(w *world) (string, *domain.Person, any) {
			e, coach, _ := w.engagement()
			return "/engagements/" + itoa(e.ID) + "/close", &coach, url.Values{"outcome": {"achieved"}, "summary": {"Done well"}}
		}},
		{name: "cancel engagement (form)", method: "POST", fields: []string{"reason"}, setup: func(w *world) (string, *domain.Person, any) {
			e, _, _ := w.engagement()
			return "/engagements/" + itoa(e.ID) + "/cancel", &w.e.admin, url.Values{"reason": {"Left the company"}, "confirmed": {"yes"}}
		}},
		{name: "schedule session (form)", method: "POST", fields: []string{"location", "notes", "private_notes"}, setup: func(w *world) (string, *domain.Person, any) {
			e, coach, _ := w.engagement()
			return "/engagements/" + itoa(e.ID) + "/sessions", &coach, url.Values{"date": {"2026-03-1" + itoa(w.seq.Add(1)%10)}, "time": {"10:00"},
				"duration_minutes": {"60"}, "location": {"Zoom"}, "notes": {"Shared"}, "private_notes": {"Mine"}}
		}},
		{name: "profile (form)", method: "POST", fields: []string{"name", "timezone"}, setup: func(w *world) (string, *domain.Person, any) {
			p := w.person("self", false)
			return "/settings/profile", &p, url.Values{"name": {"Me Myself"}, "timezone": {"UTC"}}
		}},
		{name: "new API token (form)", method: "POST", fields: []string{"name"}, setup: func(w *world) (string, *domain.Person, any) {
			p := w.person("self", false)
			return "/settings/tokens", &p, url.Values{"name": {"laptop"}}
		}},
		{name: "sign in (form)", method: "POST", fields: []string{"email"}, setup: func(w *world) (string, *domain.Person, any) {
			p := w.person("signin", false)
			return "/login", nil, url.Values{"email": {p.Email}, "password": {worldPassword}}
		}},
		{name: "forgot password (form)", method: "POST", fields: []string{"email"}, setup: func(w *world) (string, *domain.Person, any) {
			p := w.person("forgetful", false)
			return "/forgot", nil, url.Values{"email": {p.Email}}
		}},
	}
}

// TestEveryTextFieldRefusesWhatItCannotHold sends every text field of every
// write, as JSON and as a form, with a NUL, a control character, broken
// UTF-8 and (for one-line fields) a line break: each is a 422 naming the
// field, and nothing is written. The same body with clean text is
// accepted, so the refusal is the field's.
func TestEveryTextFieldRefusesWhatItCannotHold(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		w := newWorld(t, e)
		for _, tw := range textWrites() {
			t.Run(tw.name, func(t *testing.T) {
				w.t = t
				path, as, body := tw.setup(w)
				for _, field := range tw.fields {
					for _, bad := range badText {
						if bad.oneLineOnly && domain.FieldKind(field) == domain.MultiLine {
							continue
						}
						req := w.textRequest(tw.method, path, as, body, field, bad.raw)
						before := w.auditCount()
						resp, out := e.do(req)
						if resp.StatusCode != http.StatusUnprocessableEntity {
							t.Errorf("%s with %s: status %d, want 422: %.300s", field, bad.name, resp.StatusCode, out)
							continue
						}
						if _, isJSON := body.(map[string]any); isJSON {
							var got struct {
								Error struct{ Fields map[string]string } `json:"error"`
							}
							if err := json.Unmarshal([]byte(out), &got); err != nil || got.Error.Fields[field] == "" {
								t.Errorf("%s with %s: the answer does not name the field: %s", field, bad.name, out)
							}
						} else if want := humanFieldName(field); !strings.Contains(out, want) {
							t.Errorf("%s with %s: the page does not name the field (%q): %.1200s", field, bad.name, want, out)
						}
						if after := w.auditCount(); after != before {
							t.Errorf("%s with %s: %d audit entries written", field, bad.name, after-before)
						}
					}
				}
				// The control: the same request, clean, goes through.
				req := w.textRequest(tw.method, path, as, body, "", "")
				if resp, out := e.do(req); resp.StatusCode >= 400 {
					t.Errorf("the clean request is refused: %d %.600s", resp.StatusCode, out)
				}
			})
		}
	})
}

// humanFieldName is how a page names a field: its form's label
// ("goal_title": "Goal"), from the one table of labels.
func humanFieldName(field string) string { return views.FieldLabel(field) }

// textRequest is tw's request with field set to raw ("" for none).
func (w *world) textRequest(method, path string, as *domain.Person, body any, field, raw string) *http.Request {
	w.t.Helper()
	switch b := body.(type) {
	case url.Values:
		form := url.Values{}
		for k, v := range b {
			form[k] = append([]string(nil), v...)
		}
		if field != "" {
			form.Set(field, raw)
		}
		req := w.request(method, path, as, form)
		if as == nil {
			// Anonymous forms carry their CSRF token in the form, as a browser does.
			form.Set("_csrf", anonCSRF)
			req = w.request(method, path, as, form)
		}
		return req
	default:
		m := body.(map[string]any)
		text := ""
		if field != "" {
			text = withJSONField(w.t, m, field, raw)
		} else {
			j, _ := json.Marshal(m)
			text = string(j)
		}
		req := w.request(method, path, as, nil)
		req.Body = io.NopCloser(strings.NewReader(text))
		req.ContentLength = int64(len(text))
		req.Header.Set("Content-Type", "application/json")
		return req
	}
}

// TestImportRefusesTextNoFieldMayHold: a CSV with a NUL, broken UTF-8 or a
// line break inside a one-line cell is a 422 naming the row and the column,
// and nobody is created; on PostgreSQL it was a 500.
func TestImportRefusesTextNoFieldMayHold(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		admin := e.token("admin@example.com", adminPassword)
		const header = "name,email,job_title,department,seniority,timezone,external\n"
		good := "Ada One,ada1@example.com,Engineer,R&D,3,UTC,false\n"
		for _, tc := range []struct{ name, row, want string }{
			{"NUL in a name", "Bad\x00Name,bad@example.com,Engineer,R&D,3,UTC,false\n", `"row 3":"name contains a NUL character"`},
			{"broken UTF-8", "Bad Name,bad@example.com,Engineer,R\xff\xfeD,3,UTC,false\n", `"row 3":"department is not valid UTF-8 text"`},
			{"line break in a name", "\"Bad\nName\",bad@example.com,Engineer,R&D,3,UTC,false\n", `"row 3":"name must be one line"`},
			{"escape in a title", "Bad Name,bad@example.com,Eng\x1bineer,R&D,3,UTC,false\n", `"row 3":"job_title contains a control character"`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				req := httptest.NewRequest("POST", "/api/v1/people/import", strings.NewReader(header+good+tc.row))
				req.Header.Set("Content-Type", "text/csv")
				req.Header.Set("Authorization", "Bearer "+admin)
				resp, out := e.do(req)
				if resp.StatusCode != 422 || !strings.Contains(out, tc.want) {
					t.Errorf("status %d, want 422 with %s: %s", resp.StatusCode, tc.want, out)
				}
				if _, err := e.store.PersonByEmail(context.Background(), "ada1@example.com"); err == nil {
					t.Errorf("the good row was created by a failed import")
				}
			})
		}
		t.Run("pairings", func(t *testing.T) {
			body := strings.Join(domain.PairingsCSVHeader, ",") + "\n1,a@example.com,b\x00@example.com,2026-02-01,,,,\n"
			req := httptest.NewRequest("POST", "/api/v1/pairings/import", strings.NewReader(body))
			req.Header.Set("Content-Type", "text/csv")
			req.Header.Set("Authorization", "Bearer "+admin)
			resp, out := e.do(req)
			if resp.StatusCode != 422 || !strings.Contains(out, `"row 2":"mentee_email contains a NUL character"`) {
				t.Errorf("status %d, want 422 naming row 2: %s", resp.StatusCode, out)
			}
		})
	})
}

// TestSearchAndSignInRefuseNUL: the search q and the sign-in email reach
// the database as a lookup; a NUL there was a 500 on PostgreSQL.
func TestSearchAndSignInRefuseNUL(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		admin := e.token("admin@example.com", adminPassword)
		for _, path := range []string{"/api/v1/people?q=a%00b", "/api/v1/people?q=a%FFb"} {
			resp, out := e.api("GET", path, admin, nil)
			if resp.StatusCode != 422 || !strings.Contains(out, `"q":`) {
				t.Errorf("%s: %d %s", path, resp.StatusCode, out)
			}
		}
		w := newWorld(t, e)
		resp, out := e.do(w.request("GET", "/people?q=a%00b", &e.admin, nil))
		if resp.StatusCode != 422 || !strings.Contains(out, "Search contains a NUL character") {
			t.Errorf("people page search: %d %.600s", resp.StatusCode, out)
		}
		resp, out = e.api("POST", "/api/v1/tokens", "", "{\"email\":\"admin@example.com\\u0000\",\"password\":\"x\"}")
		if resp.StatusCode != 422 || !strings.Contains(out, `"email":`) {
			t.Errorf("token sign-in: %d %s", resp.StatusCode, out)
		}
		// The domain refuses it too, for any caller that is not a request.
		if _, err := e.svc.Authenticate(context.Background(), "admin@example.com\x00", adminPassword); domain.FieldErrors(err)["email"] == "" {
			t.Errorf("Authenticate with a NUL: %v", err)
		}
		if _, err := e.svc.ListPeople(context.Background(), domain.Actor{Person: e.admin}, domain.PeopleFilter{Query: "a\x00"}); domain.FieldErrors(err)["q"] == "" {
			t.Errorf("ListPeople with a NUL: %v", err)
		}
	})
}
