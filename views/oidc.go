package views

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/gofiber/fiber/v2"
	"golang.org/x/oauth2"

	"cairn/domain"
)

// OIDCConfig is how Cairn signs people in through the organisation's
// OpenID provider (authorization code flow with PKCE).
type OIDCConfig struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	Scopes       []string // default openid email profile
	Button       string   // the sign-in page's button
	RedirectURL  string   // BASE_URL/auth/oidc/callback
	// Claim names: groups (for the admin group), department, job title,
	// and the one saying the email is verified (default email_verified).
	GroupsClaim, DepartmentClaim, JobTitleClaim, EmailVerifiedClaim string
	// HTTPClient talks to the provider; default: 10 s timeout.
	HTTPClient *http.Client
	// Log hears what the person is not shown; default: discarded.
	Log *slog.Logger
}

// OIDC is a discovered OpenID provider, ready for sign-ins.
type OIDC struct {
	cfg        OIDCConfig
	log        *slog.Logger
	provider   *oidc.Provider
	oauth      oauth2.Config
	verifier   *oidc.IDTokenVerifier
	endSession string // RP-initiated logout, when the provider offers it
}

// DiscoverOIDC reads the provider's discovery document: a wrong issuer,
// an unreachable provider or a document for another issuer is an error
// here, at start-up, rather than at the first sign-in.
func DiscoverOIDC(ctx context.Context, cfg OIDCConfig) (*OIDC, error) {
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if len(cfg.Scopes) == 0 {
		cfg.Scopes = []string{oidc.ScopeOpenID, "email", "profile"}
	}
	if cfg.Button == "" {
		cfg.Button = "Sign in with your organisation"
	}
	if cfg.GroupsClaim == "" {
		cfg.GroupsClaim = "groups"
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.EmailVerifiedClaim == "" {
		cfg.EmailVerifiedClaim = "email_verified"
	}
	ctx = oidc.ClientContext(ctx, cfg.HTTPClient)
	p, err := oidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("discovery at %s failed: %w", cfg.Issuer, err)
	}
	var meta struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := p.Claims(&meta); err != nil {
		return nil, fmt.Errorf("discovery at %s: %w", cfg.Issuer, err)
	}
	o := &OIDC{cfg: cfg, log: cfg.Log, provider: p, endSession: meta.EndSession,
		oauth: oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, Endpoint: p.Endpoint(),
			RedirectURL: cfg.RedirectURL, Scopes: cfg.Scopes},
		verifier: p.VerifierContext(oidc.ClientContext(context.Background(), cfg.HTTPClient), &oidc.Config{ClientID: cfg.ClientID}),
	}
	return o, nil
}

const (
	oidcCookie      = "cairn_oidc" // the login in flight: state, nonce, PKCE verifier
	oidcSealPurpose = "oidc-login"
	oidcGuardKey    = "(organisation sign-in)" // the sign-in guard's "email" for failed callbacks
	// oidcLoginTTL is how long a person has at the provider's page.
	oidcLoginTTL = 10 * time.Minute
)

// oidcLogin is the sealed content of the login cookie.
type oidcLogin struct {
	State    string    `json:"s"`
	Nonce    string    `json:"n"`
	Verifier string    `json:"v"`
	Next     string    `json:"x"`
	Expires  time.Time `json:"e"`
}

// oidcLoginStart: GET /auth/oidc/login sends the browser to the provider.
func (s *Server) oidcLoginStart(c *fiber.Ctx) error {
	o := s.opts.OIDC
	if o == nil {
		return domain.NotFoundText("error.auth.sso_not_configured")
	}
	l := oidcLogin{State: domain.NewSecret(), Nonce: domain.NewSecret(), Verifier: oauth2.GenerateVerifier(),
		Next: safeNext(c.Query("next")), Expires: s.svc.Now().Add(oidcLoginTTL)}
	raw, err := json.Marshal(l)
	if err != nil {
		return err
	}
	sealed, err := s.svc.Seal(c.UserContext(), oidcSealPurpose, string(raw))
	if err != nil {
		return err
	}
	// Lax, not Strict: the provider sends the browser back with a
	// top-level GET from its own site, which must carry this cookie.
	c.Cookie(&fiber.Cookie{Name: oidcCookie, Value: sealed, Path: "/auth/oidc", HTTPOnly: true,
		SameSite: fiber.CookieSameSiteLaxMode, Secure: s.isHTTPS(c), MaxAge: int(oidcLoginTTL.Seconds())})
	return c.Redirect(o.oauth.AuthCodeURL(l.State, oidc.Nonce(l.Nonce), oauth2.S256ChallengeOption(l.Verifier)), fiber.StatusSeeOther)
}

type oidcErrorPage struct {
	Page
	Heading string
	Message string
	Retry   bool
}

// oidcFail shows a sign-in failure the person can act on and records it.
func (s *Server) oidcFail(c *fiber.Ctx, status int, heading, message, audit string) error {
	// Failures before the provider vouched for anyone cost nothing to
	// make: they count as failed sign-ins of the address, so nobody can
	// flood the audit log.
	addr := s.clientAddr(c)
	if wait := s.guard.wait(addr, oidcGuardKey); wait > 0 {
		retry := int(math.Ceil(wait.Seconds()))
		c.Set(fiber.HeaderRetryAfter, itoa(retry))
		return rateLimited{retryAfter: retry}
	}
	s.guard.fail(addr, oidcGuardKey)
	if audit != "" {
		if err := s.svc.RecordSSORefusal(c.UserContext(), 0, "", audit); err != nil {
			return err
		}
	}
	c.Status(status)
	return s.render(c, "oidc_error", oidcErrorPage{Page: s.page(c, heading), Heading: heading, Message: message, Retry: true})
}

// oidcCallback: GET /auth/oidc/callback, where the provider sends the
// browser back. The state must match the sealed cookie's (that is the
// CSRF check of this request), the code is exchanged with the PKCE
// verifier, and the ID token's signature, issuer, audience, expiry and
// nonce are checked before anyone is signed in.
func (s *Server) oidcCallback(c *fiber.Ctx) error {
	o := s.opts.OIDC
	if o == nil {
		return domain.NotFoundText("error.auth.sso_not_configured")
	}
	ctx := c.UserContext()
	cookie := c.Cookies(oidcCookie)
	c.Cookie(&fiber.Cookie{Name: oidcCookie, Value: "", Path: "/auth/oidc", HTTPOnly: true,
		SameSite: fiber.CookieSameSiteLaxMode, Secure: s.isHTTPS(c), MaxAge: -1, Expires: time.Unix(0, 0)})
	var l oidcLogin
	raw, ok := s.svc.Unseal(ctx, oidcSealPurpose, cookie)
	if !ok || json.Unmarshal([]byte(raw), &l) != nil || !s.svc.Now().Before(l.Expires) {
		return s.oidcFail(c, fiber.StatusBadRequest, "Your sign-in took too long",
			"The sign-in started too long ago, or in another browser. Start again.", "the sign-in expired or was started in another browser")
	}
	if state := c.Query("state"); state == "" || subtle.ConstantTimeCompare([]byte(state), []byte(l.State)) != 1 {
		return s.oidcFail(c, fiber.StatusBadRequest, "This sign-in does not match",
			"The answer from your organisation does not belong to the sign-in this browser started. Start again.", "the state did not match")
	}
	if e := c.Query("error"); e != "" {
		msg := "Your organisation's sign-in did not complete"
		if d := strings.TrimSpace(c.Query("error_description")); d != "" {
			msg += ": " + clipText(d, 200)
		}
		return s.oidcFail(c, fiber.StatusForbidden, "Sign-in cancelled", msg+". Start again, or ask your IT team.", "the provider answered: "+clipText(e, 100))
	}
	hctx := oidc.ClientContext(context.WithValue(ctx, oauth2.HTTPClient, o.cfg.HTTPClient), o.cfg.HTTPClient)
	tok, err := o.oauth.Exchange(hctx, c.Query("code"), oauth2.VerifierOption(l.Verifier))
	if err != nil {
		return s.oidcProviderError(c, "exchange the code", err)
	}
	rawID, _ := tok.Extra("id_token").(string)
	if rawID == "" {
		return s.oidcFail(c, fiber.StatusBadGateway, "Your organisation's answer was incomplete",
			"Your organisation's sign-in sent no ID token. Ask your IT team to check Cairn's registration (scope openid).", "the provider sent no ID token")
	}
	idt, err := o.verifier.Verify(hctx, rawID)
	if err != nil {
		var exp *oidc.TokenExpiredError
		if errors.As(err, &exp) {
			return s.oidcFail(c, fiber.StatusBadRequest, "Your sign-in has expired",
				"The proof of sign-in from your organisation has expired. Start again.", "the ID token had expired")
		}
		if isNetError(err) {
			return s.oidcProviderError(c, "fetch the signing keys", err)
		}
		s.log.Warn("oidc: ID token refused", "err", err)
		return s.oidcFail(c, fiber.StatusBadRequest, "Your sign-in could not be checked",
			"The proof of sign-in from your organisation could not be verified. Start again; if it happens again, ask your IT team.", "the ID token did not verify")
	}
	if idt.Nonce != l.Nonce {
		return s.oidcFail(c, fiber.StatusBadRequest, "This sign-in does not match",
			"The proof of sign-in does not belong to the sign-in this browser started. Start again.", "the nonce did not match")
	}
	id, err := o.identity(hctx, idt, tok)
	if err != nil {
		return s.oidcProviderError(c, "read your details", err)
	}
	id.IDToken = rawID
	secret, sess, _, err := s.svc.SignInWithProvider(ctx, id)
	var refused *domain.SSORefusal
	if errors.As(err, &refused) {
		c.Status(fiber.StatusForbidden)
		return s.render(c, "oidc_error", oidcErrorPage{Page: s.page(c, s.words(c).T("title.you_cannot_sign_in_to_cairn")),
			Heading: s.words(c).T("title.you_cannot_sign_in_to_cairn"), Message: sentence(textWords(s.words(c), refused.Text))})
	}
	if err != nil {
		return err
	}
	if old := actor(c); old != nil {
		_ = s.svc.EndSession(ctx, *old)
	}
	s.setCookie(c, sessionCookie, secret, sess.ExpiresAt.Sub(sess.CreatedAt))
	s.clearCookie(c, csrfCookie)
	return c.Redirect(safeNext(l.Next), fiber.StatusSeeOther)
}

// oidcProviderError is the page for a provider that cannot be reached or
// answers with an error.
func (s *Server) oidcProviderError(c *fiber.Ctx, what string, err error) error {
	s.log.Warn("oidc: provider failed", "step", what, "err", err)
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		return s.oidcFail(c, fiber.StatusBadRequest, "Your organisation refused this sign-in",
			"Your organisation's sign-in did not accept this attempt (it may have been used already). Start again.", "the provider refused the code")
	}
	return s.oidcFail(c, fiber.StatusBadGateway, "Your organisation's sign-in cannot be reached",
		"Cairn could not reach your organisation's sign-in service. Try again in a few minutes, or sign in another way if you have one.", "the provider could not be reached")
}

func isNetError(err error) bool {
	var ne net.Error
	var ue *url.Error
	return errors.As(err, &ne) || errors.As(err, &ue)
}

// identity reads who the person is from the ID token's claims, completed
// from the user info endpoint when the token leaves the email out.
func (o *OIDC) identity(ctx context.Context, idt *oidc.IDToken, tok *oauth2.Token) (domain.SSOIdentity, error) {
	claims := map[string]any{}
	if err := idt.Claims(&claims); err != nil {
		return domain.SSOIdentity{}, err
	}
	_, hasEmail := claims["email"]
	_, hasVerified := claims[o.cfg.EmailVerifiedClaim]
	if (!hasEmail || !hasVerified) && o.provider.UserInfoEndpoint() != "" {
		// Best effort: what the verified ID token says stands on its own,
		// and a provider whose user info fails or speaks of another
		// subject adds nothing.
		more := map[string]any{}
		ui, err := o.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok))
		if err == nil {
			err = ui.Claims(&more)
		}
		if err != nil {
			o.log.Warn("oidc: user info not read", "err", err)
		} else if ui.Subject == idt.Subject {
			for k, v := range more {
				if _, ok := claims[k]; !ok {
					claims[k] = v
				}
			}
		}
	}
	str := func(k string) string {
		if k == "" {
			return ""
		}
		v, _ := claims[k].(string)
		return strings.TrimSpace(v)
	}
	id := domain.SSOIdentity{Subject: idt.Subject, Email: str("email"), Name: str("name"),
		Department: str(o.cfg.DepartmentClaim), JobTitle: str(o.cfg.JobTitleClaim), Locale: str("locale")}
	switch v := claims[o.cfg.EmailVerifiedClaim].(type) {
	case bool:
		id.EmailVerified = v
	case string:
		id.EmailVerified = v == "true"
	}
	if id.Name == "" {
		id.Name = strings.TrimSpace(str("given_name") + " " + str("family_name"))
	}
	switch g := claims[o.cfg.GroupsClaim].(type) {
	case []any:
		for _, x := range g {
			if s, ok := x.(string); ok {
				id.Groups = append(id.Groups, s)
			}
		}
	case string:
		id.Groups = strings.Fields(strings.ReplaceAll(g, ",", " "))
	}
	return id, nil
}

type signedOutPage struct {
	Page
	ProviderURL string
}

// providerLogout is the provider's sign-out (RP-initiated logout) for a
// session signed in with the ID token hint; "" when the provider offers
// none.
func (s *Server) providerLogout(hint string) string {
	o := s.opts.OIDC
	if o == nil || o.endSession == "" || hint == "" {
		return ""
	}
	u, err := url.Parse(o.endSession)
	if err != nil {
		return ""
	}
	q := u.Query()
	q.Set("id_token_hint", hint)
	q.Set("client_id", o.cfg.ClientID)
	q.Set("post_logout_redirect_uri", strings.TrimSuffix(s.opts.BaseURL, "/")+"/login")
	u.RawQuery = q.Encode()
	return u.String()
}

// ssoLogin fills what the sign-in page needs to know about single sign-on.
func (s *Server) ssoLogin(p loginPage) loginPage {
	if s.opts.OIDC != nil {
		p.SSOButton = s.opts.OIDC.cfg.Button
	}
	p.PasswordsOff = !s.svc.PasswordLoginOn()
	return p
}

func clipText(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
