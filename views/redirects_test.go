package views_test

import (
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
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
