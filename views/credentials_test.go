package views_test

import (
	"net/url"
	"strings"
	"testing"
)

// signedIn is one person signed in twice in browsers and twice with tokens.
type signedIn struct {
	email    string
	browsers [2]*browser
	tokens   [2]string
}

func (e *env) signedInTwice(email string) signedIn {
	e.t.Helper()
	s := signedIn{email: email}
	for i := range 2 {
		s.browsers[i] = e.browser()
		s.browsers[i].login(email, "member password 1")
		s.tokens[i] = e.token(email, "member password 1")
	}
	return s
}

// alive reports which credentials still get in: browser 0, browser 1,
// token 0, token 1.
func (e *env) alive(s signedIn) [4]bool {
	e.t.Helper()
	var out [4]bool
	for i, b := range s.browsers {
		resp, _ := b.get("/settings")
		out[i] = resp.StatusCode == 200
	}
	for i, tok := range s.tokens {
		resp, _ := e.api("GET", "/api/v1/me", tok, nil)
		out[2+i] = resp.StatusCode == 200
	}
	return out
}

// TestCredentialsEndOverHTTP: every way a password is set anew ends the
// person's sessions and tokens but the one making the change, and a
// deactivation ends them all for good.
func TestCredentialsEndOverHTTP(t *testing.T) {
	cases := []struct {
		name   string
		change func(t *testing.T, e *env, s signedIn, id int64)
		want   [4]bool
	}{
		{"settings form", func(t *testing.T, e *env, s signedIn, _ int64) {
			b := s.browsers[0]
			resp, body := b.post("/settings/password", url.Values{"_csrf": {b.csrf("/settings")}, "current_password": {"member password 1"},
				"new_password": {"a brand new password"}, "confirm_password": {"a brand new password"}})
			wantStatus(t, "change password", resp, body, 303)
		}, [4]bool{true, false, false, false}},
		{"PATCH me", func(t *testing.T, e *env, s signedIn, _ int64) {
			resp, body := e.api("PATCH", "/api/v1/me", s.tokens[1], map[string]any{"current_password": "member password 1",
				"new_password": "a brand new password"})
			wantStatus(t, "change password", resp, body, 200)
		}, [4]bool{false, false, false, true}},
		{"reset link", func(t *testing.T, e *env, s signedIn, _ int64) {
			resp, body := e.api("POST", "/api/v1/password-resets", "", map[string]string{"email": s.email})
			wantStatus(t, "ask for a reset", resp, body, 202)
			e.deliver()
			mails := e.mail.to(s.email)
			link := linkRe.FindStringSubmatch(mails[len(mails)-1].Text)[1]
			b := e.browser()
			_, page := b.get(link)
			resp, body = b.post(link, url.Values{"_csrf": {csrfRe.FindStringSubmatch(page)[1]}, "password": {"a brand new password"},
				"confirm_password": {"a brand new password"}})
			wantStatus(t, "reset", resp, body, 303)
		}, [4]bool{false, false, false, false}},
		{"admin sets the password", func(t *testing.T, e *env, s signedIn, id int64) {
			resp, body := e.api("PATCH", "/api/v1/people/"+itoa(id), e.token("admin@example.com", adminPassword),
				map[string]any{"password": "a brand new password"})
			wantStatus(t, "set password", resp, body, 200)
		}, [4]bool{false, false, false, false}},
		{"deactivated and reactivated", func(t *testing.T, e *env, s signedIn, id int64) {
			admin := e.token("admin@example.com", adminPassword)
			for _, active := range []bool{false, true} {
				resp, body := e.api("PATCH", "/api/v1/people/"+itoa(id), admin, map[string]any{"active": active})
				wantStatus(t, "set active", resp, body, 200)
			}
		}, [4]bool{false, false, false, false}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			eachEnv(t, func(t *testing.T, e *env) {
				p, _ := e.member("pat@example.com", 4)
				e.member("other@example.com", 4)
				s := e.signedInTwice("pat@example.com")
				other := e.signedInTwice("other@example.com")
				tc.change(t, e, s, p.ID)
				if got := e.alive(s); got != tc.want {
					t.Errorf("still getting in (browser, browser, token, token): %v, want %v", got, tc.want)
				}
				if got := e.alive(other); got != [4]bool{true, true, true, true} {
					t.Errorf("another person's credentials: %v, want all alive", got)
				}
			})
		})
	}
}

// TestCurrentPasswordCountsAsSignIn: wrong current passwords on PATCH
// /api/v1/me and /settings/password are failed sign-ins for the address
// and the person's email (LoginLimit 5): the sixth guess on either path,
// and then the sign-in form, wait; another address is not slowed.
func TestCurrentPasswordCountsAsSignIn(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		_, tok := e.member("pat@example.com", 4)
		b := e.browser()
		b.login("pat@example.com", "member password 1")
		csrf := b.csrf("/settings")
		guessAPI := func() int {
			resp, _ := e.api("PATCH", "/api/v1/me", tok, map[string]any{"current_password": "a wrong guess 1", "new_password": "a brand new password"})
			return resp.StatusCode
		}
		guessForm := func() int {
			resp, _ := b.post("/settings/password", url.Values{"_csrf": {csrf}, "current_password": {"a wrong guess 1"},
				"new_password": {"a brand new password"}, "confirm_password": {"a brand new password"}})
			return resp.StatusCode
		}
		for i, guess := range []func() int{guessAPI, guessForm, guessAPI, guessForm, guessAPI} {
			if got := guess(); got != 422 {
				t.Fatalf("guess %d: %d, want 422", i+1, got)
			}
		}
		if got := guessAPI(); got != 429 {
			t.Errorf("sixth guess on PATCH /api/v1/me: %d, want 429", got)
		}
		if got := guessForm(); got != 429 {
			t.Errorf("sixth guess on /settings/password: %d, want 429", got)
		}
		resp, body := e.api("POST", "/api/v1/tokens", "", map[string]string{"email": "pat@example.com", "password": "member password 1"})
		if resp.StatusCode != 429 {
			t.Errorf("sign-in after the guesses: %d %s, want 429", resp.StatusCode, body)
		}
		if !strings.Contains(body, "rate_limited") {
			t.Errorf("sign-in after the guesses: %s", body)
		}
		resp, body = e.api("PATCH", "/api/v1/me", e.token("admin@example.com", adminPassword), map[string]any{
			"current_password": adminPassword, "new_password": "another admin password"})
		if resp.StatusCode != 200 {
			t.Errorf("another person's password change from the same address: %d %s", resp.StatusCode, body)
		}
	})
}
