package views_test

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"log/slog"
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
	"cairn/views/oidctest"
)

// ssoEnv is an env whose Cairn signs people in through a real OpenID
// provider running in the test.
type ssoEnv struct {
	*env
	idp *oidctest.Provider
}

func newSSOEnv(t *testing.T, s *storage.Store, sso domain.SSOConfig, change ...func(*views.OIDCConfig)) *ssoEnv {
	t.Helper()
	idp := oidctest.Start(t, "http://cairn.test/auth/oidc/callback")
	cfg := views.OIDCConfig{Issuer: idp.Issuer, ClientID: idp.ClientID,
		ClientSecret: idp.ClientSecret, RedirectURL: "http://cairn.test/auth/oidc/callback", Button: "Sign in with Example Corp",
		DepartmentClaim: "department", JobTitleClaim: "job_title"}
	for _, c := range change {
		c(&cfg)
	}
	o, err := views.DiscoverOIDC(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	sso.Issuer = idp.Issuer
	clock := domain.NewFixedClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	svc := domain.NewService(s, clock, domain.Config{PasswordParams: cheap, BaseURL: "http://cairn.test", SSO: sso, IdentityCacheTTL: -1, Translator: catalogue(t)})
	app, err := views.New(svc, slog.New(slog.NewTextHandler(io.Discard, nil)), views.Options{BaseURL: "http://cairn.test", LoginLimit: 20, OIDC: o})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, app: app, svc: svc, store: s, clock: clock, mail: &mailbox{}}
	svc.EnableNotifications(domain.NotifyConfig{BaseURL: "http://cairn.test", Mailer: e.mail, MailConfigured: true})
	if _, _, err := svc.EnsureFirstAdmin(context.Background(), "admin@example.com", adminPassword); err != nil {
		t.Fatal(err)
	}
	if e.admin, err = s.PersonByEmail(context.Background(), "admin@example.com"); err != nil {
		t.Fatal(err)
	}
	return &ssoEnv{env: e, idp: idp}
}

// start begins an organisation sign-in in the browser and returns the
// provider's authorization URL.
func (e *ssoEnv) start(b *browser, next string) string {
	e.t.Helper()
	resp, body := b.get("/auth/oidc/login?next=" + url.QueryEscape(next))
	wantStatus(e.t, "start organisation sign-in", resp, body, 303)
	var sealed *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == "cairn_oidc" {
			sealed = c
		}
	}
	if sealed == nil || !sealed.HttpOnly || sealed.SameSite != http.SameSiteLaxMode || sealed.Path != "/auth/oidc" || sealed.MaxAge <= 0 || sealed.MaxAge > 600 {
		e.t.Fatalf("the login cookie is not short-lived, HttpOnly, Lax and scoped: %+v", sealed)
	}
	loc := resp.Header.Get("Location")
	if !strings.HasPrefix(loc, e.idp.Issuer) {
		e.t.Fatalf("sign-in goes to %q, not the provider", loc)
	}
	u, _ := url.Parse(loc)
	q := u.Query()
	if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("nonce") == "" || q.Get("state") == "" {
		e.t.Fatalf("authorization request lacks PKCE, nonce or state: %s", loc)
	}
	return loc
}

// callback delivers the provider's answer to Cairn in the browser.
func (e *ssoEnv) callback(b *browser, back string) (int, string, string) {
	e.t.Helper()
	u, err := url.Parse(back)
	if err != nil || u.Host != "cairn.test" || u.Path != "/auth/oidc/callback" {
		e.t.Fatalf("the provider sent the browser to %q", back)
	}
	resp, body := b.get(u.RequestURI())
	return resp.StatusCode, resp.Header.Get("Location"), body
}

// signIn runs the whole flow as username; it returns the callback's
// status, redirect and page.
func (e *ssoEnv) signIn(b *browser, username, next string) (int, string, string) {
	e.t.Helper()
	back, err := e.idp.SignIn(e.start(b, next), username, "pw-"+username)
	if err != nil {
		e.t.Fatal(err)
	}
	return e.callback(b, back)
}

func (e *ssoEnv) me(b *browser) domain.Person {
	e.t.Helper()
	resp, body := b.get("/api/v1/me")
	wantStatus(e.t, "me", resp, body, 200)
	var p domain.Person
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		e.t.Fatal(err)
	}
	return p
}

func (e *ssoEnv) user(username, email string, verified bool, claims map[string]any) {
	e.idp.AddUser(oidctest.User{Subject: "sub-" + username, Username: username, Password: "pw-" + username,
		Email: email, EmailVerified: verified, Name: strings.ToUpper(username[:1]) + username[1:] + " Person", Claims: claims})
}

func (e *ssoEnv) lastAudit() domain.AuditView {
	e.t.Helper()
	es, err := e.store.ListAudit(context.Background(), domain.AuditFilter{Limit: 1})
	if err != nil || len(es) == 0 {
		e.t.Fatalf("no audit entry: %v", err)
	}
	return es[0]
}

// The whole code flow against a real provider, on both stores: linking by
// verified email, creating in an allowed domain, refusing outside it, the
// admin group given and taken away, and where each lands.
func TestOIDCSignInFlow(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		e := newSSOEnv(t, s, domain.SSOConfig{AutoCreate: true, AllowedDomains: []string{"example.com"}, AdminGroup: "cairn-admins"})
		member, _ := e.member("mia@example.com", 4)

		// The sign-in page shows the button.
		resp, body := e.browser().get("/login")
		wantStatus(t, "login page", resp, body, 200)
		if !strings.Contains(body, `href="/auth/oidc/login?next=%2f"`) || !strings.Contains(body, "Sign in with Example Corp") {
			t.Errorf("the sign-in page has no organisation button:\n%s", body)
		}

		// Link by verified email; next is kept.
		e.user("mia", "Mia@Example.com", true, map[string]any{"department": "Sales"})
		b := e.browser()
		status, loc, body := e.signIn(b, "mia", "/agenda")
		if status != 303 || loc != "/agenda" {
			t.Fatalf("link by email: %d %q %s", status, loc, body)
		}
		if me := e.me(b); me.ID != member.ID || me.Department != "Sales" {
			t.Errorf("signed in as %+v, want %d with the department filled", me, member.ID)
		}
		if a := e.lastAudit(); a.Action != "sign_in" || a.ObjectID != member.ID {
			t.Errorf("sign-in audited as %+v", a)
		}

		// An unverified email links nobody.
		e.user("ulla", "mia@example.com", false, nil)
		status, _, body = e.signIn(e.browser(), "ulla", "/")
		if status != 403 || !strings.Contains(body, "no verified email") {
			t.Errorf("unverified email: %d %s", status, body)
		}

		// Auto-create in the allowed domain, with the claims filled in.
		e.user("neo", "neo@example.com", true, map[string]any{"department": "Research", "job_title": "Analyst"})
		b = e.browser()
		if status, loc, body := e.signIn(b, "neo", "/"); status != 303 || loc != "/" {
			t.Fatalf("auto-create: %d %q %s", status, loc, body)
		}
		if me := e.me(b); me.Name != "Neo Person" || me.Department != "Research" || me.JobTitle != "Analyst" || me.Role != domain.RoleMember {
			t.Errorf("created %+v", me)
		}

		// Refused outside the allowed domains: a page and an audit entry.
		e.user("eve", "eve@elsewhere.org", true, nil)
		status, _, body = e.signIn(e.browser(), "eve", "/")
		if status != 403 || !strings.Contains(body, "There is no Cairn account for eve@elsewhere.org") {
			t.Errorf("outside the domains: %d %s", status, body)
		}
		if a := e.lastAudit(); a.Action != "sign_in_refused" || !strings.Contains(a.Changes["reason"].After.(string), "no Cairn account") {
			t.Errorf("refusal audited as %+v", a)
		}
		if _, err := s.PersonByEmail(context.Background(), "eve@elsewhere.org"); err == nil {
			t.Error("a refused person was created")
		}

		// The admin group makes an admin, and leaving it takes that away.
		e.idp.SetClaim("neo", "groups", []string{"staff", "cairn-admins"})
		b = e.browser()
		e.signIn(b, "neo", "/")
		if me := e.me(b); me.Role != domain.RoleAdmin {
			t.Errorf("in the admin group: role %q", me.Role)
		}
		e.idp.SetClaim("neo", "groups", []string{"staff"})
		b = e.browser()
		e.signIn(b, "neo", "/")
		if me := e.me(b); me.Role != domain.RoleMember {
			t.Errorf("left the admin group: role %q", me.Role)
		}

		// A deactivated person cannot sign in, by the provider or by password.
		admin := domain.Actor{Person: e.admin}
		off := false
		if _, err := e.svc.UpdatePerson(context.Background(), admin, member.ID, domain.PersonPatch{Active: &off}); err != nil {
			t.Fatal(err)
		}
		status, _, body = e.signIn(e.browser(), "mia", "/")
		if status != 403 || !strings.Contains(body, "deactivated") {
			t.Errorf("deactivated: %d %s", status, body)
		}

		// The audit page says it in words.
		resp, body = e.adminBrowser().get("/admin/audit")
		wantStatus(t, "audit page", resp, body, 200)
		for _, w := range []string{"<td>Signed in</td>", "<td>Sign-in refused</td>", "organisation sign-in", "by verified email"} {
			if !strings.Contains(body, w) {
				t.Errorf("the audit page lacks %q", w)
			}
		}
		// The action filter's option values are codes; what a person reads is not.
		if strings.Contains(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(body, " "), "sign_in") {
			t.Error("the audit page shows an action's code name")
		}
		if strings.Contains(body, `href="/people/0"`) {
			t.Error("a stranger's refusal links to a person that does not exist")
		}
	})
}

// What can go wrong between the browser, Cairn and the provider: each is a
// page the person can act on and an entry in the audit log.
func TestOIDCSignInFailures(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		e := newSSOEnv(t, s, domain.SSOConfig{})
		e.member("mia@example.com", 4)
		e.user("mia", "mia@example.com", true, nil)

		t.Run("a state that is not this browser's", func(t *testing.T) {
			victim, attacker := e.browser(), e.browser()
			e.start(victim, "/")
			back, err := e.idp.SignIn(e.start(attacker, "/"), "mia", "pw-mia")
			if err != nil {
				t.Fatal(err)
			}
			// The attacker's callback link, opened in the victim's browser.
			status, _, body := e.callback(victim, back)
			if status != 400 || !strings.Contains(body, "does not belong to the sign-in this browser started") {
				t.Errorf("state mismatch: %d %s", status, body)
			}
			if victim.cookies["cairn_session"] != "" {
				t.Error("a session was started")
			}
			if a := e.lastAudit(); a.Action != "sign_in_refused" || a.Changes["reason"].After != "the state did not match" {
				t.Errorf("audited as %+v", a)
			}
			// No login cookie at all is the same refusal or an expired one.
			status, _, _ = e.callback(e.browser(), back)
			if status != 400 {
				t.Errorf("callback without the login cookie: %d", status)
			}
		})

		t.Run("a nonce that is not this login's", func(t *testing.T) {
			b := e.browser()
			back, err := e.idp.SignIn(e.start(b, "/"), "mia", "pw-mia")
			if err != nil {
				t.Fatal(err)
			}
			// Keep the state, change the nonce, seal it as Cairn would: the
			// ID token's nonce then differs from the login's.
			raw, ok := e.svc.Unseal(context.Background(), "oidc-login", b.cookies["cairn_oidc"])
			if !ok {
				t.Fatal("login cookie not sealed by Cairn")
			}
			var l map[string]any
			_ = json.Unmarshal([]byte(raw), &l)
			l["n"] = "another-nonce"
			j, _ := json.Marshal(l)
			b.cookies["cairn_oidc"], _ = e.svc.Seal(context.Background(), "oidc-login", string(j))
			status, _, body := e.callback(b, back)
			if status != 400 || !strings.Contains(body, "does not belong to the sign-in") || b.cookies["cairn_session"] != "" {
				t.Errorf("bad nonce: %d %s", status, body)
			}
			if a := e.lastAudit(); a.Changes["reason"].After != "the nonce did not match" {
				t.Errorf("audited as %+v", a)
			}
		})

		t.Run("the person cancels at the provider", func(t *testing.T) {
			b := e.browser()
			auth, _ := url.Parse(e.start(b, "/"))
			state := auth.Query().Get("state")
			status, _, body := e.callback(b, "http://cairn.test/auth/oidc/callback?error=access_denied&error_description=The+user+cancelled&state="+url.QueryEscape(state))
			if status != 403 || !strings.Contains(body, "did not complete: The user cancelled") || b.cookies["cairn_session"] != "" {
				t.Errorf("cancelled: %d %s", status, body)
			}
			if a := e.lastAudit(); a.Changes["reason"].After != "the provider answered: access_denied" {
				t.Errorf("audited as %+v", a)
			}
		})

		t.Run("email from the user info endpoint", func(t *testing.T) {
			e.idp.SetUserInfoOnly(true)
			defer e.idp.SetUserInfoOnly(false)
			e.member("uma@example.com", 3)
			e.user("uma", "uma@example.com", true, nil)
			b := e.browser()
			if status, _, body := e.signIn(b, "uma", "/"); status != 303 {
				t.Fatalf("email only in user info: %d %s", status, body)
			}
			if me := e.me(b); me.Email != "uma@example.com" {
				t.Errorf("signed in as %s", me.Email)
			}
		})

		t.Run("a login cookie changed by hand", func(t *testing.T) {
			b := e.browser()
			back, err := e.idp.SignIn(e.start(b, "/"), "mia", "pw-mia")
			if err != nil {
				t.Fatal(err)
			}
			b.cookies["cairn_oidc"] += "x"
			if status, _, body := e.callback(b, back); status != 400 || !strings.Contains(body, "too long") {
				t.Errorf("tampered cookie: %d %s", status, body)
			}
		})

		t.Run("a login started too long ago", func(t *testing.T) {
			b := e.browser()
			back, err := e.idp.SignIn(e.start(b, "/"), "mia", "pw-mia")
			if err != nil {
				t.Fatal(err)
			}
			e.clock.Advance(11 * time.Minute)
			status, _, body := e.callback(b, back)
			if status != 400 || !strings.Contains(body, "Your sign-in took too long") {
				t.Errorf("expired login: %d %s", status, body)
			}
		})

		t.Run("an expired ID token", func(t *testing.T) {
			e.idp.SetIDTokenLifetime(-time.Minute)
			defer e.idp.SetIDTokenLifetime(5 * time.Minute)
			status, _, body := e.signIn(e.browser(), "mia", "/")
			if status != 400 || !strings.Contains(body, "has expired") {
				t.Errorf("expired token: %d %s", status, body)
			}
			if a := e.lastAudit(); a.Changes["reason"].After != "the ID token had expired" {
				t.Errorf("audited as %+v", a)
			}
		})

		t.Run("the provider rotates its key", func(t *testing.T) {
			if status, _, body := e.signIn(e.browser(), "mia", "/"); status != 303 {
				t.Fatalf("before the rotation: %d %s", status, body)
			}
			e.idp.RotateKey()
			b := e.browser()
			if status, _, body := e.signIn(b, "mia", "/"); status != 303 {
				t.Fatalf("after the rotation: %d %s", status, body)
			}
			e.me(b)
		})

		t.Run("an open redirect through next", func(t *testing.T) {
			for _, next := range []string{"https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)"} {
				b := e.browser()
				status, loc, body := e.signIn(b, "mia", next)
				if status != 303 || loc != "/" {
					t.Errorf("next=%q lands on %q (%d %s)", next, loc, status, body)
				}
			}
		})

		t.Run("sign-out offers the provider's", func(t *testing.T) {
			b := e.browser()
			e.signIn(b, "mia", "/")
			tok := b.csrf("/")
			resp, body := b.post("/logout", url.Values{"_csrf": {tok}})
			wantStatus(t, "sign-out", resp, body, 200)
			if resp.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("the page with the ID token hint may be cached: %q", resp.Header.Get("Cache-Control"))
			}
			m := regexp.MustCompile(`href="([^"]*/end_session\?[^"]*)"`).FindStringSubmatch(body)
			if m == nil {
				t.Fatalf("no offer to sign out at the provider:\n%s", body)
			}
			u, _ := url.Parse(html.UnescapeString(m[1]))
			q := u.Query()
			if q.Get("post_logout_redirect_uri") != "http://cairn.test/login" || q.Get("client_id") != e.idp.ClientID || strings.Count(q.Get("id_token_hint"), ".") != 2 {
				t.Errorf("provider sign-out link %s", u)
			}
			// The provider takes it and sends the browser back to sign in.
			res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Get(u.String())
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if loc := res.Header.Get("Location"); loc != "http://cairn.test/login" {
				t.Errorf("the provider's sign-out goes to %q (%s)", loc, res.Status)
			}
			if resp, _ := b.get("/"); resp.StatusCode != 303 {
				t.Errorf("still signed in after sign-out: %d", resp.StatusCode)
			}
			// A password session signs out as before.
			pb := e.browser()
			pb.login("mia@example.com", "member password 1")
			resp, _ = pb.post("/logout", url.Values{"_csrf": {pb.csrf("/")}})
			if resp.StatusCode != 303 || resp.Header.Get("Location") != "/login" {
				t.Errorf("password sign-out: %d %q", resp.StatusCode, resp.Header.Get("Location"))
			}
		})

		t.Run("the provider cannot be reached", func(t *testing.T) {
			b := e.browser()
			auth := e.start(b, "/")
			back, err := e.idp.SignIn(auth, "mia", "pw-mia")
			if err != nil {
				t.Fatal(err)
			}
			e.idp.Close()
			status, _, body := e.callback(b, back)
			if status != 502 || !strings.Contains(body, "cannot be reached") {
				t.Errorf("provider down: %d %s", status, body)
			}
		})
	})
}

// With passwords off, only the break-glass admin uses one; API tokens
// issued before keep working, and the sign-in page leads with the button.
func TestPasswordLoginOffViews(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		e := newSSOEnv(t, s, domain.SSOConfig{PasswordLoginOff: true, BreakGlassEmail: "admin@example.com"})
		admin := domain.Actor{Person: e.admin}
		p, err := e.svc.CreatePerson(context.Background(), admin, domain.PersonInput{Name: "Mia", Email: "mia@example.com", Seniority: 3, Password: "member password 1"})
		if err != nil {
			t.Fatal(err)
		}
		// A token the member made (on the settings page, signed in through
		// the provider) keeps working.
		secret, _, err := e.svc.IssueAPIToken(context.Background(), p, "cli")
		if err != nil {
			t.Fatal(err)
		}
		if resp, body := e.api("GET", "/api/v1/me", secret, nil); resp.StatusCode != 200 {
			t.Errorf("member's API token while passwords are off: %d %s", resp.StatusCode, body)
		}
		resp, body := e.browser().get("/login")
		if !strings.Contains(body, "<details>") || strings.Contains(body, "Forgot your password") {
			t.Errorf("the sign-in page still leads with passwords:\n%s", body)
		}
		resp, body = e.api("POST", "/api/v1/tokens", "", map[string]string{"email": "mia@example.com", "password": "member password 1"})
		wantStatus(t, "member password while passwords are off", resp, body, 401)
		tok := e.token("admin@example.com", adminPassword) // break glass
		resp, body = e.api("GET", "/api/v1/me", tok, nil)
		wantStatus(t, "break-glass token", resp, body, 200)
		b := e.browser()
		b.login("admin@example.com", adminPassword)
		req := httptest.NewRequest("GET", "/", nil)
		if resp, _ := b.send(req); resp.StatusCode != 200 {
			t.Errorf("break-glass admin's page: %d", resp.StatusCode)
		}
	})
}

// Entra ID says a verified email with another claim (xms_edov); the claim's
// name is configurable, and the standard one then counts for nothing.
func TestOIDCEmailVerifiedClaim(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		e := newSSOEnv(t, s, domain.SSOConfig{}, func(c *views.OIDCConfig) { c.EmailVerifiedClaim = "xms_edov" })
		member, _ := e.member("mia@example.com", 4)
		e.user("mia", "mia@example.com", false, map[string]any{"xms_edov": true})
		e.user("max", "mia@example.com", true, nil)
		if status, _, body := e.signIn(e.browser(), "max", "/"); status != 403 {
			t.Errorf("email_verified when another claim is configured: %d %s", status, body)
		}
		b := e.browser()
		if status, _, body := e.signIn(b, "mia", "/"); status != 303 {
			t.Fatalf("xms_edov: %d %s", status, body)
		}
		if me := e.me(b); me.ID != member.ID {
			t.Errorf("signed in as %d, want %d", me.ID, member.ID)
		}
	})
}

// Callbacks that fail before the provider vouched for anyone are cheap to
// send: past the sign-in limit they wait (429) and stop filling the audit
// log.
func TestOIDCFailedCallbacksAreLimited(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		e := newSSOEnv(t, s, domain.SSOConfig{})
		count := func() int {
			es, err := s.ListAudit(context.Background(), domain.AuditFilter{Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			return len(es)
		}
		before := count()
		var limited bool
		for range 30 {
			resp, body := e.browser().get("/auth/oidc/callback?state=x&code=y")
			if resp.StatusCode == 429 {
				limited = true
				if resp.Header.Get("Retry-After") == "" {
					t.Error("429 without Retry-After")
				}
				continue
			}
			wantStatus(t, "bad callback", resp, body, 400)
		}
		if !limited {
			t.Error("30 failed callbacks from one address were never slowed")
		}
		if n := count() - before; n < 20 || n > 21 {
			t.Errorf("%d refusals audited; want the 20 before the limit (and perhaps the one at it)", n)
		}
	})
}
