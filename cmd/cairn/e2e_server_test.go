package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"cairn/views"
	"cairn/views/openapitest"
)

// e2eServer is a real `cairn serve` (the run function, as main calls it) on
// a free loopback port, for browser journeys and other end-to-end tests.
type e2eServer struct {
	URL           string
	AdminEmail    string
	AdminPassword string
	log           *syncBuffer
	out           *syncBuffer // what serve printed
}

const (
	e2eAdminEmail    = "hr@example.com"
	e2eAdminPassword = "journey admin password"
)

// startServer runs `cairn serve` on databaseURL with a first admin from
// CAIRN_ADMIN_EMAIL/PASSWORD and stops it when the test ends.
func startServer(t *testing.T, databaseURL string, extraEnv map[string]string) *e2eServer {
	t.Helper()
	return startServerArgs(t, databaseURL, extraEnv)
}

// startServerArgs is startServer with flags for serve, such as --demo.
func startServerArgs(t *testing.T, databaseURL string, extraEnv map[string]string, args ...string) *e2eServer {
	t.Helper()
	vars := map[string]string{
		"CAIRN_DATABASE_URL":   databaseURL,
		"CAIRN_ADDR":           "127.0.0.1:0",
		"CAIRN_ADMIN_EMAIL":    e2eAdminEmail,
		"CAIRN_ADMIN_PASSWORD": e2eAdminPassword,
	}
	for k, v := range extraEnv {
		vars[k] = v
	}
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{ready: make(chan struct{})}
	log := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, append([]string{"serve"}, args...), env(vars), out, log) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("cairn serve stopped with %v\n%s", err, log.String())
		}
	})
	// Wait for the start-up line; the deadline only guards against a hang.
	select {
	case <-out.ready:
	case err := <-done:
		t.Fatalf("cairn serve exited before listening: %v\n%s", err, log.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("cairn serve did not start in a minute:\n%s", log.String())
	}
	m := runningRe.FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no URL in the start-up line %q", out.String())
	}
	return &e2eServer{URL: m[1], AdminEmail: e2eAdminEmail, AdminPassword: e2eAdminPassword, log: log, out: out}
}

var runningRe = regexp.MustCompile(`Cairn is running at (http://\S+) `)

// syncBuffer collects output written from the server's goroutines and
// closes ready once the start-up line is complete.
type syncBuffer struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	ready chan struct{}
	once  sync.Once
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n, err := b.buf.Write(p)
	if b.ready != nil && strings.Contains(b.buf.String(), "Cairn is running at") && bytes.Contains(p, []byte("\n")) {
		b.once.Do(func() { close(b.ready) })
	}
	return n, err
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// api calls the JSON API with a bearer token ("" for none) and decodes the
// answer into out (nil to ignore it). It fails the test unless the status
// is want.
func (s *e2eServer) api(t *testing.T, method, path, token string, body, out any, want int) {
	t.Helper()
	var r io.Reader
	var sent []byte
	if body != nil {
		j, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r, sent = bytes.NewReader(j), j
	}
	req, err := http.NewRequest(method, s.URL+path, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if err := apiDoc(t).Check(openapitest.Exchange{Request: req, RequestBody: sent, Status: resp.StatusCode,
		Header: resp.Header, ResponseBody: b}); err != nil {
		t.Error(err)
	}
	if resp.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d: %s", method, path, resp.StatusCode, want, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, b)
		}
	}
}

// adminToken signs the first admin in over the API, for seeding data.
func (s *e2eServer) adminToken(t *testing.T) string {
	t.Helper()
	var out struct{ Token string }
	s.api(t, "POST", "/api/v1/tokens", "", map[string]string{"email": s.AdminEmail, "password": s.AdminPassword}, &out, 201)
	return out.Token
}

// seedPerson adds a member with a password through the API and returns its id.
func (s *e2eServer) seedPerson(t *testing.T, token string, fields map[string]any) int64 {
	t.Helper()
	var out struct{ ID int64 }
	s.api(t, "POST", "/api/v1/people", token, fields, &out, 201)
	if out.ID == 0 {
		t.Fatalf("seed person %v: no id", fields)
	}
	return out.ID
}

func (s *e2eServer) String() string { return fmt.Sprintf("cairn at %s", s.URL) }

var loadAPIDoc = sync.OnceValues(func() (*openapitest.Validator, error) {
	return openapitest.Load(views.OpenAPIDocument())
})

// apiDoc is the API's OpenAPI document: every exchange api makes keeps to it.
func apiDoc(t *testing.T) *openapitest.Validator {
	t.Helper()
	v, err := loadAPIDoc()
	if err != nil {
		t.Fatal(err)
	}
	return v
}
