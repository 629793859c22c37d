package domain_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"cairn/domain"
	"cairn/domain/domaintest"
)

const testIssuer = "https://id.example.org"

func ssoService(t *testing.T, cfg domain.SSOConfig) (*domain.Service, *domaintest.Memory, domain.Person) {
	t.Helper()
	mem := domaintest.NewMemory()
	if cfg.Issuer == "" {
		cfg.Issuer = testIssuer
	}
	svc := domain.NewService(mem, domain.NewFixedClock(start), domain.Config{Translator: catalogue, BaseURL: "https://cairn.test",
		PasswordParams: domain.PasswordParams{Memory: 8, Time: 1, Threads: 1}, IdentityCacheTTL: -1, SSO: cfg})
	svc.EnableNotifications(domain.NotifyConfig{BaseURL: "https://cairn.test", Mailer: discard{}})
	admin, err := svc.CreateAdmin(context.Background(), "admin@example.org", "Ada Admin", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	return svc, mem, admin
}

func lastAudit(t *testing.T, mem *domaintest.Memory) domain.AuditView {
	t.Helper()
	es, err := mem.Ports().Audit.ListAudit(context.Background(), domain.AuditFilter{Limit: 1})
	if err != nil || len(es) == 0 {
		t.Fatalf("no audit entry: %v", err)
	}
	return es[0]
}

func refusal(err error) string {
	var r *domain.SSORefusal
	if errors.As(err, &r) {
		return r.Reason
	}
	return ""
}

func TestSSOMatchesLinksAndRefuses(t *testing.T) {
	ctx := context.Background()
	svc, mem, admin := ssoService(t, domain.SSOConfig{AutoCreate: true, AllowedDomains: []string{"example.org"}, AdminGroup: "cairn-admins"})
	member, err := svc.CreatePerson(ctx, domain.Actor{Person: admin}, domain.PersonInput{Name: "Mia Member", Email: "mia@example.org", Seniority: 4})
	if err != nil {
		t.Fatal(err)
	}

	// An unverified email links nobody.
	_, _, _, err = svc.SignInWithProvider(ctx, domain.SSOIdentity{Subject: "s-mia", Email: "mia@example.org"})
	if !errors.Is(err, domain.ErrForbidden) || !strings.Contains(refusal(err), "verified") {
		t.Fatalf("unverified email: %v", err)
	}
	if e := lastAudit(t, mem); e.Action != "sign_in_refused" {
		t.Errorf("refusal audited as %q", e.Action)
	}
	// The verified email links; then the subject alone is enough.
	_, _, p, err := svc.SignInWithProvider(ctx, domain.SSOIdentity{Subject: "s-mia", Email: "MIA@example.org", EmailVerified: true, Department: "Sales"})
	if err != nil || p.ID != member.ID || p.Department != "Sales" {
		t.Fatalf("link by email: %+v %v", p, err)
	}
	secret, _, p, err := svc.SignInWithProvider(ctx, domain.SSOIdentity{Subject: "s-mia", Email: "changed@elsewhere.com"})
	if err != nil || p.ID != member.ID {
		t.Fatalf("by subject: %+v %v", p, err)
	}
	if a, err := svc.ActorFromSession(ctx, secret); err != nil || a.Person.ID != member.ID {
		t.Fatalf("the session signs in: %v", err)
	}
	secret, _, _, err = svc.SignInWithProvider(ctx, domain.SSOIdentity{Subject: "s-mia", IDToken: "header.payload.sig"})
	if err != nil {
		t.Fatal(err)
	}
	a, err := svc.ActorFromSession(ctx, secret)
	if err != nil {
		t.Fatal(err)
	}
	if hint, err := svc.EndSessionAtProvider(ctx, a); err != nil || hint != "header.payload.sig" {
		t.Fatalf("sign-out hint: %q %v", hint, err)
	}
	if _, err := svc.ActorFromSession(ctx, secret); err == nil {
		t.Fatal("the session outlived sign-out")
	}
	// Another subject with the same email cannot take the account.
	_, _, _, err = svc.SignInWithProvider(ctx, domain.SSOIdentity{Subject: "s-other", Email: "mia@example.org", EmailVerified: true})
	if !strings.Contains(refusal(err), "linked to another account") {
		t.Fatalf("second subject: %v", err)
	}

	// Auto-create in an allowed domain, refusal outside.
	_, _, p, err = svc.SignInWithProvider(ctx, domain.SSOIdentity{Subject: "s-new", Email: "neo@example.org", EmailVerified: true, Name: "Neo New", JobTitle: "Analyst"})
	if err != nil || p.Name != "Neo New" || p.JobTitle != "Analyst" || p.Role != domain.RoleMember || !p.Active {
		t.Fatalf("auto-create: %+v %v", p, err)
	}
	_, _, _, err = svc.SignInWithProvider(ctx, domain.SSOIdentity{Subject: "s-out", Email: "eve@evil.example", EmailVerified: true})
	if !strings.Contains(refusal(err), "no Cairn account") {
		t.Fatalf("outside the domains: %v", err)
	}
	if _, err := mem.Ports().People.PersonByEmail(ctx, "eve@evil.example"); !errors.Is(err, domain.ErrNotFound) {
		t.Fatalf("refused person was created: %v", err)
	}

	// The admin group grants and takes away admin; the last admin stays.
	_, _, p, err = svc.SignInWithProvider(ctx, domain.SSOIdentity{Subject: "s-mia", Groups: []string{"cairn-admins"}})
	if err != nil || p.Role != domain.RoleAdmin {
		t.Fatalf("admin by group: %+v %v", p, err)
	}
	_, _, p, err = svc.SignInWithProvider(ctx, domain.SSOIdentity{Subject: "s-mia", Groups: []string{"staff"}})
	if err != nil || p.Role != domain.RoleMember {
		t.Fatalf("left the group: %+v %v", p, err)
	}
	_, _, p, err = svc.SignInWithProvider(ctx, domain.SSOIdentity{Subject: "s-admin", Email: "admin@example.org", EmailVerified: true})
	if err != nil || p.Role != domain.RoleAdmin {
		t.Fatalf("the last admin, not in the group, stays admin: %+v %v", p, err)
	}

	// Deactivated people are refused, linked or not.
	off := false
	if _, err := svc.UpdatePerson(ctx, domain.Actor{Person: admin}, member.ID, domain.PersonPatch{Active: &off}); err != nil {
		t.Fatal(err)
	}
	_, _, _, err = svc.SignInWithProvider(ctx, domain.SSOIdentity{Subject: "s-mia"})
	if !strings.Contains(refusal(err), "deactivated") {
		t.Fatalf("deactivated: %v", err)
	}
	if e := lastAudit(t, mem); e.Action != "sign_in_refused" || e.ActorID == nil || *e.ActorID != member.ID {
		t.Errorf("refusal of a known person audited as %+v", e)
	}
}

func TestPasswordLoginOff(t *testing.T) {
	ctx := context.Background()
	svc, mem, admin := ssoService(t, domain.SSOConfig{PasswordLoginOff: true, BreakGlassEmail: "Admin@example.org"})
	member, err := svc.CreatePerson(ctx, domain.Actor{Person: admin}, domain.PersonInput{Name: "Mia Member", Email: "mia@example.org", Seniority: 4, Password: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Authenticate(ctx, "mia@example.org", "correct horse battery"); !errors.Is(err, domain.ErrUnauthorized) {
		t.Fatalf("member with a password while passwords are off: %v", err)
	}
	if p, err := svc.Authenticate(ctx, "admin@example.org", "correct horse battery"); err != nil || p.ID != admin.ID {
		t.Fatalf("break-glass admin: %v", err)
	}
	link, _, err := svc.InvitePerson(ctx, domain.Actor{Person: admin}, member.ID)
	if err != nil || link != "https://cairn.test/login" {
		t.Fatalf("invitation: %q %v", link, err)
	}
	ms, err := mem.Ports().Outbox.ListOutbox(ctx, domain.OutboxFilter{Limit: 1})
	if err != nil || len(ms) != 1 || !strings.Contains(ms[0].Text, "Sign in with your organisation") || strings.Contains(ms[0].Text, "/invite/") {
		t.Fatalf("invitation mail: %+v %v", ms, err)
	}
	for _, email := range []string{"mia@example.org", "admin@example.org", "nobody@example.org"} {
		if err := svc.RequestPasswordReset(ctx, email); !errors.Is(err, domain.ErrConflict) {
			t.Fatalf("reset for %s while passwords are off: %v, want a conflict for every address alike", email, err)
		}
	}
	if ms, _ := mem.Ports().Outbox.ListOutbox(ctx, domain.OutboxFilter{Limit: 10}); len(ms) != 1 {
		t.Fatalf("a reset mail went out while passwords are off: %d mails", len(ms))
	}
	if svc.PasswordResetsOn() {
		t.Fatal("resets offered while passwords are off")
	}

	// The member has no password to change; the break-glass admin has.
	mia := domain.Actor{Person: member}
	if svc.AccountAbilities(mia).ChangePassword || !svc.AccountAbilities(domain.Actor{Person: admin}).ChangePassword {
		t.Fatalf("change password offered: member %v, break-glass admin %v",
			svc.AccountAbilities(mia).ChangePassword, svc.AccountAbilities(domain.Actor{Person: admin}).ChangePassword)
	}
	before, _ := mem.Ports().People.PersonByID(ctx, member.ID)
	if err := svc.ChangePassword(ctx, mia, "correct horse battery", "another long password"); !errors.Is(err, domain.ErrForbidden) {
		t.Fatalf("member changes a password while passwords are off: %v", err)
	}
	if err := svc.ChangePassword(ctx, domain.Actor{Person: admin}, "correct horse battery", "another long password"); err != nil {
		t.Fatalf("break-glass admin changes the password: %v", err)
	}

	// A reset link mailed before passwords were turned off sets nothing.
	token := domain.NewSecret()
	if err := mem.Ports().Access.ReplacePasswordLinks(ctx, domain.PasswordLink{Hash: domain.HashSecret(token), PersonID: member.ID,
		Purpose: domain.LinkReset, CreatedAt: start, ExpiresAt: start.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.UsePasswordLink(ctx, domain.LinkReset, token, "a brand new password", ""); !errors.Is(err, domain.ErrConflict) {
		t.Fatalf("old reset link while passwords are off: %v", err)
	}
	if after, _ := mem.Ports().People.PersonByID(ctx, member.ID); after.PasswordHash != before.PasswordHash {
		t.Fatal("the old reset link changed the member's password")
	}
}
