package views_test

import (
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func TestLoginLogoutAndSessionRotation(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		b := e.browser()
		resp, _ := b.get("/")
		if resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
			t.Fatalf("anonymous home: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		b.login("admin@example.com", adminPassword)
		first := b.cookies["cairn_session"]
		if first == "" {
			t.Fatal("no session cookie after login")
		}
		resp, body := b.get("/")
		wantStatus(t, "home", resp, body, 200)
		if !strings.Contains(body, "Welcome, Administrator") {
			t.Errorf("home: %s", body)
		}
		// Signing in again gives a new id and kills the old one.
		b.login("admin@example.com", adminPassword)
		second := b.cookies["cairn_session"]
		if second == first {
			t.Fatal("session id not regenerated at login")
		}
		old := e.browser()
		old.cookies["cairn_session"] = first
		resp, _ = old.get("/")
		if resp.StatusCode != 303 {
			t.Errorf("old session still works: %d", resp.StatusCode)
		}
		tok := b.csrf("/")
		resp, body = b.post("/logout", url.Values{"_csrf": {tok}})
		wantStatus(t, "logout", resp, body, 303)
		stale := e.browser()
		stale.cookies["cairn_session"] = second
		resp, _ = stale.get("/")
		if resp.StatusCode != 303 {
			t.Errorf("session works after logout: %d", resp.StatusCode)
		}
	})
}

func TestSessionCookieFlags(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		b := e.browser()
		tok := b.csrf("/login")
		resp, _ := b.post("/login", url.Values{"_csrf": {tok}, "email": {"admin@example.com"}, "password": {adminPassword}})
		var found bool
		for _, c := range resp.Cookies() {
			if c.Name == "cairn_session" {
				found = true
				if !c.HttpOnly || c.SameSite != 2 /* Lax */ || c.Secure {
					t.Errorf("cookie flags over http: HttpOnly=%v SameSite=%v Secure=%v", c.HttpOnly, c.SameSite, c.Secure)
				}
			}
		}
		if !found {
			t.Fatal("no session cookie")
		}
	})
}

func TestCSRF(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		b := e.browser()
		resp, body := b.post("/login", url.Values{"email": {"admin@example.com"}, "password": {adminPassword}})
		wantStatus(t, "login without token", resp, body, 403)
		b.login("admin@example.com", adminPassword)
		form := url.Values{"name": {"N"}, "email": {"n@example.com"}, "seniority": {"3"}, "timezone": {"UTC"}, "role": {"member"}}
		resp, body = b.post("/people", form)
		wantStatus(t, "missing token", resp, body, 403)
		other := e.browser()
		other.login("admin@example.com", adminPassword)
		form.Set("_csrf", other.csrf("/"))
		resp, body = b.post("/people", form)
		wantStatus(t, "another session's token", resp, body, 403)
		form.Set("_csrf", b.csrf("/"))
		resp, body = b.post("/people", form)
		wantStatus(t, "own token", resp, body, 303)
		// A cookie-borne API write needs the header too.
		req := httptest.NewRequest("POST", "/api/v1/people", strings.NewReader(`{"name":"Q","email":"q@example.com","seniority":3}`))
		req.Header.Set("Content-Type", "application/json")
		resp, body = b.send(req)
		wantStatus(t, "cookie API write without token", resp, body, 403)
	})
}

func TestLoginRateLimit(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		var last int
		for i := range 7 {
			req := httptest.NewRequest("POST", "/api/v1/tokens", strings.NewReader(`{"email":"admin@example.com","password":"wrong password"}`))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.0.0.%d", i))
			resp, _ := e.do(req)
			last = resp.StatusCode
			if i >= 5 {
				if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" {
					t.Fatalf("attempt %d: %d, Retry-After %q; want 429", i+1, resp.StatusCode, resp.Header.Get("Retry-After"))
				}
			} else if resp.StatusCode != 401 {
				t.Fatalf("attempt %d: %d, want 401", i+1, resp.StatusCode)
			}
		}
		_ = last
		// The right password is refused too from the address that guessed,
		// while it waits.
		resp, body := e.api("POST", "/api/v1/tokens", "", map[string]string{"email": "admin@example.com", "password": adminPassword})
		wantStatus(t, "locked email", resp, body, 429)
	})
}

func TestTokens(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		tok := e.token("admin@example.com", adminPassword)
		resp, body := e.api("GET", "/api/v1/me", tok, nil)
		wantStatus(t, "me", resp, body, 200)
		if !strings.Contains(body, `"email":"admin@example.com"`) || strings.Contains(body, "argon2") {
			t.Errorf("me: %s", body)
		}
		resp, body = e.api("DELETE", "/api/v1/tokens/current", tok, nil)
		wantStatus(t, "revoke", resp, body, 204)
		resp, body = e.api("GET", "/api/v1/me", tok, nil)
		wantStatus(t, "revoked token", resp, body, 401)
		resp, body = e.api("POST", "/api/v1/tokens", "", map[string]string{"email": "nobody@example.com", "password": "whatever it is"})
		wantStatus(t, "unknown email", resp, body, 401)
		resp, body = e.api("POST", "/api/v1/tokens", "", map[string]string{"email": "admin@example.com"})
		wantStatus(t, "no password", resp, body, 422)
	})
}

func TestErrorsAndHeaders(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		tok := e.token("admin@example.com", adminPassword)
		resp, body := e.api("GET", "/api/v1/nothing-here", tok, nil)
		wantStatus(t, "unknown API route", resp, body, 404)
		if !strings.Contains(body, `"error":{"code":"not_found"`) {
			t.Errorf("404 body: %s", body)
		}
		// Security headers: TestSecurityHeadersOnEveryPage; 413: TestLargeBodiesAre413.
		resp, body = e.api("GET", "/readyz", "", nil)
		wantStatus(t, "readyz", resp, body, 200)
	})
}
