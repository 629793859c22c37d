package views_test

import (
	"strings"
	"testing"
)

func TestAuditLog(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		admin := e.token("admin@example.com", adminPassword)
		p, member := e.member("m@example.com", 3)
		resp, body := e.api("PATCH", "/api/v1/people/"+itoa(p.ID), admin, map[string]any{"seniority": 4, "password": "another secret pw"})
		wantStatus(t, "patch", resp, body, 200)
		resp, body = e.api("GET", "/api/v1/admin/audit?object_type=person&object_id="+itoa(p.ID), admin, nil)
		wantStatus(t, "audit", resp, body, 200)
		if !strings.Contains(body, `"seniority":{"before":3,"after":4}`) || !strings.Contains(body, `"action":"create"`) {
			t.Errorf("audit entries: %s", body)
		}
		if strings.Contains(body, "another secret pw") || strings.Contains(body, "argon2") {
			t.Errorf("secret in the audit log: %s", body)
		}
		resp, body = e.api("GET", "/api/v1/admin/audit?from=2000-01-01&to=2000-01-02", admin, nil)
		if body != `{"items":[]}` {
			t.Errorf("date filter: %s", body)
		}
		// The admin set the member's password: their old token is revoked.
		resp, body = e.api("GET", "/api/v1/admin/audit", member, nil)
		wantStatus(t, "member's old token", resp, body, 401)
		member = e.token("m@example.com", "another secret pw")
		resp, body = e.api("GET", "/api/v1/admin/audit", member, nil)
		wantStatus(t, "member", resp, body, 403)
		resp, body = e.api("GET", "/api/v1/admin/audit?from=yesterday", admin, nil)
		wantStatus(t, "bad date", resp, body, 400)
		b := e.adminBrowser()
		resp, body = b.get("/admin/audit?person_id=" + itoa(p.ID))
		wantStatus(t, "page", resp, body, 200)
		if !strings.Contains(body, "<strong>Seniority</strong>: 3 → 4") {
			t.Errorf("audit page: %s", body)
		}
	})
}
