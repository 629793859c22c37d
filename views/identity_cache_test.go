package views_test

import (
	"net/url"
	"strconv"
	"testing"
)

// TestIdentityChangesTakeEffectAtOnce: identities are cached for a few
// seconds, and every write that changes who someone is clears them on the
// instance that made it, so the very next request sees the change.
func TestIdentityChangesTakeEffectAtOnce(t *testing.T) {
	tests := []struct {
		name   string
		change func(e *env, adminTok, memberTok string, memberID int64)
		// what the member's token and browser may still do afterwards
		tokenStatus   int
		browserStatus int
	}{
		{"deactivated", func(e *env, adminTok, _ string, id int64) {
			resp, body := e.api("PATCH", "/api/v1/people/"+strconv.FormatInt(id, 10), adminTok, map[string]any{"active": false})
			wantStatus(t, "deactivate", resp, body, 200)
		}, 401, 303},
		{"token revoked", func(e *env, _, memberTok string, _ int64) {
			resp, body := e.api("DELETE", "/api/v1/tokens/current", memberTok, nil)
			wantStatus(t, "revoke", resp, body, 204)
		}, 401, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eachEnv(t, func(t *testing.T, e *env) {
				adminTok := e.token("admin@example.com", adminPassword)
				p, memberTok := e.member("mia@example.com", 3)
				b := e.browser()
				b.login("mia@example.com", "member password 1")
				// Both identities are now resolved, and cached.
				resp, body := e.api("GET", "/api/v1/me", memberTok, nil)
				wantStatus(t, "me before", resp, body, 200)
				resp, body = b.get("/settings")
				wantStatus(t, "settings before", resp, body, 200)

				tt.change(e, adminTok, memberTok, p.ID)

				resp, body = e.api("GET", "/api/v1/me", memberTok, nil)
				wantStatus(t, "token after", resp, body, tt.tokenStatus)
				resp, body = b.get("/settings")
				wantStatus(t, "browser after", resp, body, tt.browserStatus)
			})
		})
	}

	t.Run("made an admin", func(t *testing.T) {
		eachEnv(t, func(t *testing.T, e *env) {
			adminTok := e.token("admin@example.com", adminPassword)
			p, memberTok := e.member("mia@example.com", 3)
			resp, body := e.api("GET", "/api/v1/flags", memberTok, nil)
			wantStatus(t, "flags as member", resp, body, 403)
			resp, body = e.api("PATCH", "/api/v1/people/"+strconv.FormatInt(p.ID, 10), adminTok, map[string]any{"role": "admin"})
			wantStatus(t, "promote", resp, body, 200)
			resp, body = e.api("GET", "/api/v1/flags", memberTok, nil)
			wantStatus(t, "flags as admin", resp, body, 200)
		})
	})

	t.Run("signed out; other browsers signed out by a password change", func(t *testing.T) {
		eachEnv(t, func(t *testing.T, e *env) {
			e.member("mia@example.com", 3)
			one, two := e.browser(), e.browser()
			one.login("mia@example.com", "member password 1")
			two.login("mia@example.com", "member password 1")
			for _, b := range []*browser{one, two} {
				resp, body := b.get("/settings")
				wantStatus(t, "settings", resp, body, 200)
			}
			resp, body := one.post("/settings/password", url.Values{"_csrf": {one.csrf("/settings")},
				"current_password": {"member password 1"}, "new_password": {"another long password"},
				"confirm_password": {"another long password"}})
			if resp.StatusCode >= 400 {
				t.Fatalf("change password: %d %s", resp.StatusCode, body)
			}
			resp, _ = two.get("/settings")
			wantStatus(t, "other browser after the password change", resp, "", 303)
			resp, body = one.get("/settings")
			wantStatus(t, "this browser after the password change", resp, body, 200)
			resp, body = one.post("/logout", url.Values{"_csrf": {one.csrf("/settings")}})
			wantStatus(t, "logout", resp, body, 303)
			resp, _ = one.get("/settings")
			wantStatus(t, "after logout", resp, "", 303)
		})
	})
}
