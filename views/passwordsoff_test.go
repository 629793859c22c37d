package views_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"cairn/domain"
	"cairn/storage"
	"cairn/storage/storagetest"
)

// With passwords off, a person who signs in with the organisation is not
// offered a password to change or reset, and the routes behind those
// forms (pages and API) refuse and change nothing; the break-glass admin
// keeps the form.
func TestPasswordsOffNoPasswordForms(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		e := newSSOEnv(t, s, domain.SSOConfig{PasswordLoginOff: true, BreakGlassEmail: "admin@example.com"})
		ctx := context.Background()
		mia, err := e.svc.CreatePerson(ctx, domain.Actor{Person: e.admin}, domain.PersonInput{Name: "Mia", Email: "mia@example.com", Seniority: 3, Password: "member password 1"})
		if err != nil {
			t.Fatal(err)
		}
		hash := func() string {
			p, err := s.PersonByEmail(ctx, "mia@example.com")
			if err != nil {
				t.Fatal(err)
			}
			return p.PasswordHash
		}
		before := hash()

		// Settings: no password form for the member, who cannot post one either.
		e.user("mia", "mia@example.com", true, nil)
		b := e.browser()
		if status, _, body := e.signIn(b, "mia", "/"); status != 303 {
			t.Fatalf("mia signs in with the organisation: %d %s", status, body)
		}
		resp, body := b.get("/settings")
		wantStatus(t, "member's settings", resp, body, 200)
		if strings.Contains(body, `action="/settings/password"`) || strings.Contains(body, "Change password") ||
			!strings.Contains(body, "You sign in with your organisation") {
			t.Errorf("the member's settings offer a password:\n%s", body)
		}
		tok := b.csrf("/settings")
		resp, body = b.post("/settings/password", url.Values{"_csrf": {tok}, "current_password": {"member password 1"},
			"new_password": {"another long password"}, "confirm_password": {"another long password"}})
		wantStatus(t, "member posts a password change", resp, body, 403)

		// The API's equivalent.
		secret, _, err := e.svc.IssueAPIToken(ctx, mia, "cli")
		if err != nil {
			t.Fatal(err)
		}
		resp, body = e.api("PATCH", "/api/v1/me", secret, map[string]string{"current_password": "member password 1",
			"new_password": "another long password", "name": "Mia Renamed"})
		wantStatus(t, "member changes a password through the API", resp, body, 403)
		if hash() != before {
			t.Error("a password change went through while passwords are off")
		}
		if p, _ := s.PersonByEmail(ctx, "mia@example.com"); p.Name != "Mia" {
			t.Errorf("the refused request still renamed the member to %q", p.Name)
		}

		// The break-glass admin keeps the form.
		ab := e.browser()
		ab.login("admin@example.com", adminPassword)
		if _, body := ab.get("/settings"); !strings.Contains(body, `action="/settings/password"`) {
			t.Errorf("the break-glass admin's settings lost the password form:\n%s", body)
		}

		// Forgotten password: an explanation and a link, no form, no mail.
		anon := e.browser()
		resp, body = anon.get("/forgot")
		wantStatus(t, "forgot page", resp, body, 200)
		if strings.Contains(body, `action="/forgot"`) || !strings.Contains(body, `href="/login"`) || !strings.Contains(body, "Sign in with your organisation") {
			t.Errorf("the forgot page while passwords are off:\n%s", body)
		}
		resp, body = anon.post("/forgot", url.Values{"_csrf": {anon.csrf("/login")}, "email": {"mia@example.com"}})
		wantStatus(t, "forgot form posted", resp, body, 409)
		if strings.Contains(body, `action="/forgot"`) || strings.Contains(body, "on its way") || !strings.Contains(body, `href="/login"`) {
			t.Errorf("the posted forgot page while passwords are off:\n%s", body)
		}
		for _, email := range []string{"mia@example.com", "admin@example.com", "nobody@example.com"} {
			resp, body = e.api("POST", "/api/v1/password-resets", "", map[string]string{"email": email})
			wantStatus(t, "password reset through the API for "+email, resp, body, 409)
		}
		e.deliver()
		for _, who := range []string{"mia@example.com", "admin@example.com"} {
			for _, m := range e.mail.to(who) {
				if strings.Contains(m.Subject, "password") {
					t.Errorf("a reset mail went to %s while passwords are off: %s", who, m.Subject)
				}
			}
		}
	})
}
