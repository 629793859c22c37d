// Package oidctest runs a real OpenID provider (zitadel's op package) in
// process for tests: an in-memory op.Storage, one confidential client, a
// login page with username and password, and a signing key that a test can
// rotate. Tests only; nothing in the binary imports it.
package oidctest

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// User is a person the provider knows.
type User struct {
	Subject       string
	Username      string
	Password      string
	Email         string
	EmailVerified bool
	Name          string
	// Claims are extra claims in the ID token (groups, department ...).
	Claims map[string]any
}

// Provider is a running OpenID provider.
type Provider struct {
	Issuer       string
	ClientID     string
	ClientSecret string

	srv *httptest.Server

	mu          sync.Mutex
	users       map[string]*User // by username
	requests    map[string]*authRequest
	codes       map[string]string // code -> request id
	tokens      map[string]string // access token id -> subject
	key         *signingKey
	idTokenLife time.Duration
	redirects   []string
	logouts     []string
	infoOnly    bool
}

// Start runs a provider whose one client redirects to redirectURI.
func Start(t interface {
	Helper()
	Cleanup(func())
	Fatal(...any)
}, redirectURI string) *Provider {
	t.Helper()
	p := &Provider{ClientID: "cairn", ClientSecret: "cairn-secret", users: map[string]*User{},
		requests: map[string]*authRequest{}, codes: map[string]string{}, tokens: map[string]string{},
		idTokenLife: 5 * time.Minute, redirects: []string{redirectURI}}
	p.RotateKey()
	mux := http.NewServeMux()
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	p.Issuer = p.srv.URL
	p.logouts = []string{}
	cfg := &op.Config{CryptoKey: sha256.Sum256([]byte("oidctest")), CodeMethodS256: true, AuthMethodPost: true,
		DefaultLogoutRedirectURI: "/signed-out"}
	prov, err := op.NewProvider(cfg, p, op.StaticIssuer(p.Issuer), op.WithAllowInsecure(),
		op.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	callback := op.AuthCallbackURL(prov)
	login := op.NewIssuerInterceptor(prov.IssuerFromRequest).HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.loginPage(w, r, callback)
	})
	mux.Handle("/login", login)
	mux.HandleFunc("/signed-out", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "signed out at the provider") })
	mux.Handle("/", prov)
	return p
}

// AddUser adds (or replaces) a user.
func (p *Provider) AddUser(u User) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.users[u.Username] = &u
}

// SetClaim changes a user's extra claim (nil removes it).
func (p *Provider) SetClaim(username, claim string, v any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	u := p.users[username]
	if u.Claims == nil {
		u.Claims = map[string]any{}
	}
	if v == nil {
		delete(u.Claims, claim)
	} else {
		u.Claims[claim] = v
	}
}

// SetIDTokenLifetime sets how long new ID tokens live (negative: born
// expired).
func (p *Provider) SetIDTokenLifetime(d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.idTokenLife = d
}

// SetUserInfoOnly leaves the email and profile claims out of the ID token,
// so a client must read them from the user info endpoint.
func (p *Provider) SetUserInfoOnly(on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.infoOnly = on
}

// RotateKey signs from now on with a new key and publishes only it.
func (p *Provider) RotateKey() string {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.key = &signingKey{id: rand.Text(), key: k}
	return p.key.id
}

// AllowRedirect registers another redirect URI of the client (its
// sign-in page, BASE/login, becomes a post-logout redirect).
func (p *Provider) AllowRedirect(uri string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.redirects = append(p.redirects, uri)
}

// Close stops the provider (to test an unreachable one).
func (p *Provider) Close() { p.srv.Close() }

// loginPage is the provider's own sign-in form.
func (p *Provider) loginPage(w http.ResponseWriter, r *http.Request, callback func(context.Context, string) string) {
	id := r.FormValue("id")
	msg := ""
	if r.Method == http.MethodPost {
		p.mu.Lock()
		u, ok := p.users[r.FormValue("username")]
		req := p.requests[id]
		if ok && req != nil && u.Password == r.FormValue("password") {
			req.subject, req.done, req.authTime = u.Subject, true, time.Now()
			p.mu.Unlock()
			http.Redirect(w, r, callback(r.Context(), id), http.StatusFound)
			return
		}
		p.mu.Unlock()
		msg = "<p>Wrong username or password.</p>"
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<!doctype html><html lang="en"><head><title>Test provider sign-in</title></head><body>
<h1>Test provider sign-in</h1>%s<form method="post" action="/login"><input type="hidden" name="id" value="%s">
<label for="username">Username</label><input id="username" name="username">
<label for="password">Password</label><input id="password" name="password" type="password">
<button type="submit" id="provider-submit">Sign in at the provider</button></form></body></html>`, msg, html.EscapeString(id))
}

// SignIn completes a login at the provider without a browser: it follows
// the authorization URL to the login page, signs in as username and returns
// the URL the provider sends the browser back to (Cairn's callback).
func (p *Provider) SignIn(authURL, username, password string) (string, error) {
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := noFollow.Get(authURL)
	if err != nil {
		return "", err
	}
	res.Body.Close()
	loc, err := res.Location()
	if err != nil {
		return "", fmt.Errorf("authorize answered %s without a redirect", res.Status)
	}
	id := loc.Query().Get("id")
	res, err = noFollow.PostForm(p.Issuer+"/login", map[string][]string{"id": {id}, "username": {username}, "password": {password}})
	if err != nil {
		return "", err
	}
	res.Body.Close()
	cb, err := res.Location()
	if err != nil {
		return "", errors.New("the provider refused the user")
	}
	res, err = noFollow.Get(cb.String())
	if err != nil {
		return "", err
	}
	res.Body.Close()
	back, err := res.Location()
	if err != nil {
		return "", fmt.Errorf("the provider's callback answered %s", res.Status)
	}
	return back.String(), nil
}

type signingKey struct {
	id  string
	key *rsa.PrivateKey
}

func (k *signingKey) SignatureAlgorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k *signingKey) Key() any                                    { return k.key }
func (k *signingKey) ID() string                                  { return k.id }

type publicKey struct{ *signingKey }

func (k publicKey) Algorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k publicKey) Use() string                        { return "sig" }
func (k publicKey) Key() any                           { return &k.key.PublicKey }

type authRequest struct {
	id, clientID, redirectURI, state, nonce, subject string
	scopes                                           []string
	challenge                                        *oidc.CodeChallenge
	responseType                                     oidc.ResponseType
	done                                             bool
	authTime                                         time.Time
}

func (a *authRequest) GetID() string                         { return a.id }
func (a *authRequest) GetACR() string                        { return "" }
func (a *authRequest) GetAMR() []string                      { return []string{"pwd"} }
func (a *authRequest) GetAudience() []string                 { return []string{a.clientID} }
func (a *authRequest) GetAuthTime() time.Time                { return a.authTime }
func (a *authRequest) GetClientID() string                   { return a.clientID }
func (a *authRequest) GetCodeChallenge() *oidc.CodeChallenge { return a.challenge }
func (a *authRequest) GetNonce() string                      { return a.nonce }
func (a *authRequest) GetRedirectURI() string                { return a.redirectURI }
func (a *authRequest) GetResponseType() oidc.ResponseType    { return a.responseType }
func (a *authRequest) GetResponseMode() oidc.ResponseMode    { return "" }
func (a *authRequest) GetScopes() []string                   { return a.scopes }
func (a *authRequest) GetState() string                      { return a.state }
func (a *authRequest) GetSubject() string                    { return a.subject }
func (a *authRequest) Done() bool                            { return a.done }

// client is Cairn, a confidential web client.
type client struct {
	id        string
	redirects []string
	life      time.Duration
	infoOnly  bool
}

func (c client) GetID() string          { return c.id }
func (c client) RedirectURIs() []string { return c.redirects }
func (c client) PostLogoutRedirectURIs() []string {
	var out []string
	for _, r := range c.redirects {
		out = append(out, strings.TrimSuffix(r, "/auth/oidc/callback")+"/login")
	}
	return out
}
func (c client) ApplicationType() op.ApplicationType { return op.ApplicationTypeWeb }
func (c client) AuthMethod() oidc.AuthMethod         { return oidc.AuthMethodBasic }
func (c client) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}
func (c client) GrantTypes() []oidc.GrantType         { return []oidc.GrantType{oidc.GrantTypeCode} }
func (c client) LoginURL(id string) string            { return "/login?id=" + id }
func (c client) AccessTokenType() op.AccessTokenType  { return op.AccessTokenTypeBearer }
func (c client) IDTokenLifetime() time.Duration       { return c.life }
func (c client) DevMode() bool                        { return true }
func (c client) IsScopeAllowed(string) bool           { return true }
func (c client) IDTokenUserinfoClaimsAssertion() bool { return !c.infoOnly }
func (c client) ClockSkew() time.Duration             { return 0 }
func (c client) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (c client) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}

// The op.Storage methods.

func (p *Provider) CreateAuthRequest(_ context.Context, r *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	a := &authRequest{id: rand.Text(), clientID: r.ClientID, redirectURI: r.RedirectURI, state: r.State, nonce: r.Nonce,
		scopes: r.Scopes, responseType: r.ResponseType}
	if r.CodeChallenge != "" {
		a.challenge = &oidc.CodeChallenge{Challenge: r.CodeChallenge, Method: r.CodeChallengeMethod}
	}
	p.requests[a.id] = a
	return a, nil
}

func (p *Provider) AuthRequestByID(_ context.Context, id string) (op.AuthRequest, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if a, ok := p.requests[id]; ok {
		return a, nil
	}
	return nil, errors.New("no such auth request")
}

func (p *Provider) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	p.mu.Lock()
	id, ok := p.codes[code]
	p.mu.Unlock()
	if !ok {
		return nil, errors.New("no such code")
	}
	return p.AuthRequestByID(ctx, id)
}

func (p *Provider) SaveAuthCode(_ context.Context, id, code string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.codes[code] = id
	return nil
}

func (p *Provider) DeleteAuthRequest(_ context.Context, id string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.requests, id)
	for c, rid := range p.codes {
		if rid == id {
			delete(p.codes, c)
		}
	}
	return nil
}

func (p *Provider) CreateAccessToken(_ context.Context, r op.TokenRequest) (string, time.Time, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	id := rand.Text()
	p.tokens[id] = r.GetSubject()
	return id, time.Now().Add(5 * time.Minute), nil
}

func (p *Provider) CreateAccessAndRefreshTokens(context.Context, op.TokenRequest, string) (string, string, time.Time, error) {
	return "", "", time.Time{}, errors.New("no refresh tokens here")
}

func (p *Provider) TokenRequestByRefreshToken(context.Context, string) (op.RefreshTokenRequest, error) {
	return nil, op.ErrInvalidRefreshToken
}

func (p *Provider) TerminateSession(context.Context, string, string) error { return nil }

func (p *Provider) RevokeToken(context.Context, string, string, string) *oidc.Error { return nil }

func (p *Provider) GetRefreshTokenInfo(context.Context, string, string) (string, string, error) {
	return "", "", op.ErrInvalidRefreshToken
}

func (p *Provider) SigningKey(context.Context) (op.SigningKey, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.key, nil
}

func (p *Provider) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.RS256}, nil
}

func (p *Provider) KeySet(context.Context) ([]op.Key, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return []op.Key{publicKey{p.key}}, nil
}

func (p *Provider) GetClientByClientID(_ context.Context, id string) (op.Client, error) {
	if id != p.ClientID {
		return nil, errors.New("no such client")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return client{id: p.ClientID, redirects: p.redirects, life: p.idTokenLife, infoOnly: p.infoOnly}, nil
}

func (p *Provider) AuthorizeClientIDSecret(_ context.Context, id, secret string) error {
	if id != p.ClientID || secret != p.ClientSecret {
		return errors.New("wrong client credentials")
	}
	return nil
}

func (p *Provider) SetUserinfoFromScopes(context.Context, *oidc.UserInfo, string, string, []string) error {
	return nil
}

// SetUserinfoFromRequest puts the user's claims in the ID token.
func (p *Provider) SetUserinfoFromRequest(_ context.Context, ui *oidc.UserInfo, r op.IDTokenRequest, scopes []string) error {
	return p.fill(ui, r.GetSubject(), scopes)
}

func (p *Provider) SetUserinfoFromToken(_ context.Context, ui *oidc.UserInfo, tokenID, subject, _ string) error {
	return p.fill(ui, subject, []string{"openid", "email", "profile"})
}

func (p *Provider) fill(ui *oidc.UserInfo, subject string, scopes []string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, u := range p.users {
		if u.Subject != subject {
			continue
		}
		ui.Subject = u.Subject
		if slices.Contains(scopes, "email") {
			ui.Email, ui.EmailVerified = u.Email, oidc.Bool(u.EmailVerified)
		}
		if slices.Contains(scopes, "profile") {
			ui.Name = u.Name
		}
		for k, v := range u.Claims {
			ui.AppendClaims(k, v)
		}
		return nil
	}
	return errors.New("no such user")
}

func (p *Provider) SetIntrospectionFromToken(context.Context, *oidc.IntrospectionResponse, string, string, string) error {
	return errors.New("no introspection here")
}

func (p *Provider) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}

func (p *Provider) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errors.New("no JWT profile here")
}

func (p *Provider) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, errors.New("no JWT profile here")
}

func (p *Provider) Health(context.Context) error { return nil }
