package views_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
	"cairn/domain/lang"
	"cairn/storage"
	"cairn/storage/storagetest"
	"cairn/views"
)

// env is one app on one fresh store, with a clock the test moves.
type env struct {
	t     *testing.T
	app   *fiber.App
	svc   *domain.Service
	store *storage.Store
	clock *domain.FixedClock
	admin domain.Person
	mail  *mailbox
}

// mailbox is a Mailer that keeps what it is given, for tests to read.
type mailbox struct {
	mu   sync.Mutex
	sent []domain.Mail
}

func (m *mailbox) Send(_ context.Context, mail domain.Mail) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, mail)
	return nil
}

// to returns the mails sent to an address so far.
func (m *mailbox) to(addr string) []domain.Mail {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []domain.Mail
	for _, x := range m.sent {
		if x.To == addr {
			out = append(out, x)
		}
	}
	return out
}

// deliver runs the outbox job as the scheduler would.
func (e *env) deliver() {
	e.t.Helper()
	if _, err := e.svc.DeliverOutbox(context.Background()); err != nil {
		e.t.Fatal(err)
	}
}

const adminPassword = "correct horse battery"

var cheap = domain.PasswordParams{Memory: 64, Time: 1, Threads: 1}

func newEnv(t *testing.T, s *storage.Store) *env {
	t.Helper()
	return newEnvWith(t, s, views.Options{BaseURL: "http://cairn.test", LoginLimit: 5})
}

// newEnvWith is newEnv with other web options (an https base URL, trusted
// proxies ...).
func newEnvWith(t *testing.T, s *storage.Store, opts views.Options) *env {
	t.Helper()
	clock := domain.NewFixedClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	if opts.Languages == nil {
		opts.Languages = catalogue(t)
	}
	svc := domain.NewService(s, clock, domain.Config{PasswordParams: cheap, BaseURL: "http://cairn.test",
		Languages: opts.Languages.Tags(), Translator: opts.Languages})
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	app, err := views.New(svc, log, opts)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, app: app, svc: svc, store: s, clock: clock, mail: &mailbox{}}
	svc.EnableNotifications(domain.NotifyConfig{BaseURL: "http://cairn.test", Mailer: e.mail, MailConfigured: true})
	if _, _, err := svc.EnsureFirstAdmin(context.Background(), "admin@example.com", adminPassword); err != nil {
		t.Fatal(err)
	}
	e.admin, err = s.PersonByEmail(context.Background(), "admin@example.com")
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// catalogue is every language's words with English the default.
func catalogue(t *testing.T) *lang.Catalogue {
	t.Helper()
	cat, err := sharedCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// sharedCatalogue is read once: servers over one catalogue share their
// parsed pages too.
var sharedCatalogue = sync.OnceValues(func() (*lang.Catalogue, error) { return lang.Load(lang.Source) })

// eachEnv runs fn on both stores.
func eachEnv(t *testing.T, fn func(t *testing.T, e *env)) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) { fn(t, newEnv(t, s)) })
}

// do sends a request and returns the response and its body. An exchange
// with /api/v1 must keep to the OpenAPI document (checkAPI).
func (e *env) do(req *http.Request) (*http.Response, string) {
	e.t.Helper()
	sent := readBody(e.t, req)
	resp, err := e.app.Test(req, -1)
	if err != nil {
		e.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	checkAPI(e.t, req, sent, resp, b)
	return resp, string(b)
}

// api sends a JSON request with a bearer token ("" for none).
func (e *env) api(method, path, token string, body any) (*http.Response, string) {
	e.t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		r = strings.NewReader(string(j))
	}
	req := httptest.NewRequest(method, path, r)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return e.do(req)
}

// token signs in over the API.
func (e *env) token(email, password string) string {
	e.t.Helper()
	resp, body := e.api("POST", "/api/v1/tokens", "", map[string]string{"email": email, "password": password})
	if resp.StatusCode != 201 {
		e.t.Fatalf("sign in %s: %d %s", email, resp.StatusCode, body)
	}
	var out struct{ Token string }
	_ = json.Unmarshal([]byte(body), &out)
	return out.Token
}

// member creates an active member with a password and returns them with a token.
func (e *env) member(email string, seniority int) (domain.Person, string) {
	e.t.Helper()
	admin := domain.Actor{Person: e.admin}
	p, err := e.svc.CreatePerson(context.Background(), admin, domain.PersonInput{
		Name: strings.Split(email, "@")[0], Email: email, Seniority: seniority, Timezone: "Europe/Berlin", Password: "member password 1",
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return p, e.token(email, "member password 1")
}

// browser is a cookie jar over app.Test.
type browser struct {
	e       *env
	cookies map[string]string
}

func (e *env) browser() *browser { return &browser{e: e, cookies: map[string]string{}} }

// adminBrowser is a browser signed in as the first admin.
func (e *env) adminBrowser() *browser {
	b := e.browser()
	b.login("admin@example.com", adminPassword)
	return b
}

func (b *browser) send(req *http.Request) (*http.Response, string) {
	b.e.t.Helper()
	for k, v := range b.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	resp, body := b.e.do(req)
	for _, c := range resp.Cookies() {
		if c.MaxAge < 0 || c.Value == "" {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c.Value
		}
	}
	return resp, body
}

func (b *browser) get(path string) (*http.Response, string) {
	return b.send(httptest.NewRequest("GET", path, nil))
}

func (b *browser) post(path string, form url.Values) (*http.Response, string) {
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.send(req)
}

var csrfRe = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// csrf reads the CSRF token from a page.
func (b *browser) csrf(path string) string {
	b.e.t.Helper()
	_, body := b.get(path)
	m := csrfRe.FindStringSubmatch(body)
	if m == nil {
		b.e.t.Fatalf("no CSRF token on %s", path)
	}
	return m[1]
}

// login signs the browser in.
func (b *browser) login(email, password string) {
	b.e.t.Helper()
	page := "/login"
	if b.cookies["cairn_session"] != "" {
		page = "/" // signed in already: /login redirects, the session's token serves
	}
	tok := b.csrf(page)
	resp, body := b.post("/login", url.Values{"_csrf": {tok}, "email": {email}, "password": {password}})
	if resp.StatusCode != 303 {
		b.e.t.Fatalf("login %s: %d %s", email, resp.StatusCode, body)
	}
}

func wantStatus(t *testing.T, what string, resp *http.Response, body string, want int) {
	t.Helper()
	if resp.StatusCode != want {
		t.Fatalf("%s: status %d, want %d; body: %s", what, resp.StatusCode, want, body)
	}
}

// wantItems lists path as token's holder and wants key n times in the
// answer; n 0 wants the list empty.
func (e *env) wantItems(t *testing.T, what, path, token, key string, n int) {
	t.Helper()
	_, out := e.api("GET", path, token, nil)
	if n == 0 && out != `{"items":[]}` || n > 0 && strings.Count(out, key) != n {
		t.Errorf("%s: %s", what, out)
	}
}

// domainNotifyWithoutSMTP is the notification set-up of an instance with no
// mail server.
func domainNotifyWithoutSMTP(e *env) domain.NotifyConfig {
	return domain.NotifyConfig{BaseURL: "http://cairn.test", Mailer: e.mail, MailConfigured: false}
}
