package views_test

import (
	"fmt"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"cairn/storage/storagetest"
	"cairn/views"
)

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
