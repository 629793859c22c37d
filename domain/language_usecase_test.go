package domain_test

import (
	"context"
	"strings"
	"testing"

	"cairn/domain"
	"cairn/domain/domaintest"
)

// A person's language is one Cairn speaks or none (follow the browser):
// set in one's settings, by an admin, by an import's language column, or
// from the provider's locale claim at the first single sign-on.
func TestPersonLanguage(t *testing.T) {
	ctx := context.Background()
	mem := domaintest.NewMemory()
	svc := domain.NewService(mem, domain.NewFixedClock(start), domain.Config{Translator: catalogue, BaseURL: "https://cairn.test",
		PasswordParams: domain.PasswordParams{Memory: 8, Time: 1, Threads: 1}, IdentityCacheTTL: -1,
		Languages: []string{"de", "en", "es", "fr"},
		SSO:       domain.SSOConfig{Issuer: testIssuer, AutoCreate: true, AllowedDomains: []string{"example.org"}}})
	admin, err := svc.CreateAdmin(ctx, "admin@example.org", "Ada Admin", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	a := domain.Actor{Person: admin}
	p, err := svc.CreatePerson(ctx, a, domain.PersonInput{Name: "Lea", Email: "lea@example.org", Seniority: 3, Language: "de"})
	if err != nil || p.Language != "de" {
		t.Fatalf("created with German: %+v %v", p, err)
	}
	if _, err := svc.CreatePerson(ctx, a, domain.PersonInput{Name: "Kai", Email: "kai@example.org", Seniority: 3, Language: "ja"}); domain.FieldErrors(err)["language"] == "" {
		t.Errorf("a language Cairn does not speak: %v", err)
	}
	es := "es"
	if p, err = svc.UpdatePerson(ctx, a, p.ID, domain.PersonPatch{Language: &es}); err != nil || p.Language != "es" {
		t.Fatalf("admin sets Spanish: %+v %v", p, err)
	}
	none, bad := "", "Deutsch"
	me := domain.Actor{Person: p}
	if p, err = svc.UpdateOwnProfile(ctx, me, domain.ProfileInput{Language: &none}); err != nil || p.Language != "" {
		t.Fatalf("back to the browser's: %+v %v", p, err)
	}
	if _, err = svc.UpdateOwnProfile(ctx, me, domain.ProfileInput{Language: &bad}); domain.FieldErrors(err)["language"] == "" {
		t.Errorf("a language name is no tag: %v", err)
	}

	// The import's optional language column.
	csv := strings.Join(domain.PeopleCSVHeader, ",") + ",language\n" +
		"Ana,ana@example.org,,,3,Europe/Madrid,false,es\n" +
		"Bo,bo@example.org,,,3,,false,\n" +
		"Cy,cy@example.org,,,3,,false,klingon\n"
	res, err := svc.CheckPeopleCSV(ctx, a, strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows[0].Value.Language != "es" || res.Rows[1].Value.Language != "" || res.Rows[2].Errors["language"] == "" {
		t.Errorf("import rows: %+v", res.Rows)
	}
	old := strings.Join(domain.PeopleCSVHeader, ",") + "\nDee,dee@example.org,,,3,,false\n"
	if n, err := svc.ImportPeople(ctx, a, strings.NewReader(old)); err != nil || n != 1 {
		t.Errorf("a file without the language column still imports: %d %v", n, err)
	}
	if _, err := svc.CheckPeopleCSV(ctx, a, strings.NewReader(strings.Join(domain.PeopleCSVHeader, ",")+",locale\nx,x@example.org,,,3,,false,de\n")); domain.FieldErrors(err)["header"] == "" {
		t.Errorf("an unknown extra column: %v", err)
	}

	// The provider's locale, at the first sign-in only.
	_, _, sso, err := svc.SignInWithProvider(ctx, domain.SSOIdentity{Subject: "s-eve", Email: "eve@example.org",
		EmailVerified: true, Name: "Eve", Locale: "fr-CA"})
	if err != nil || sso.Language != "fr" {
		t.Fatalf("new account from a fr-CA provider: %+v %v", sso, err)
	}
	_, _, sso, err = svc.SignInWithProvider(ctx, domain.SSOIdentity{Subject: "s-eve", Locale: "de"})
	if err != nil || sso.Language != "fr" {
		t.Errorf("a later sign-in keeps the language: %+v %v", sso, err)
	}
	_, _, sso, err = svc.SignInWithProvider(ctx, domain.SSOIdentity{Subject: "s-zed", Email: "zed@example.org",
		EmailVerified: true, Name: "Zed", Locale: "ja_JP"})
	if err != nil || sso.Language != "" {
		t.Errorf("a locale Cairn does not speak follows the browser: %+v %v", sso, err)
	}
}

func TestMatchLanguage(t *testing.T) {
	c := domain.Config{Languages: []string{"de", "en", "pt-BR"}}
	for in, want := range map[string]string{"de": "de", "de-AT": "de", "de_DE": "de", "EN": "en", "pt-BR": "pt-BR",
		"pt": "", "fr": "", "": ""} {
		if got := c.MatchLanguage(in); got != want {
			t.Errorf("MatchLanguage(%q) = %q, want %q", in, got, want)
		}
	}
}
