package views_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"cairn/storage/storagetest"
	"cairn/views"
)

// lockedBuffer is a log sink the handlers may write to from any goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// lines are the JSON log records written so far.
func (l *lockedBuffer) lines(t *testing.T) []map[string]any {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(l.b.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line is not JSON: %s", line)
		}
		out = append(out, m)
	}
	return out
}

// TestRequestLog: every request is logged once, as JSON, with its id (sent
// back in X-Request-ID), route pattern, status, duration and actor id, and
// with no raw path, token, email or password; X-Request-ID is taken only
// from a trusted proxy.
func TestRequestLog(t *testing.T) {
	for _, trusted := range []bool{false, true} {
		t.Run(map[bool]string{false: "direct", true: "behind a trusted proxy"}[trusted], func(t *testing.T) {
			e := newEnv(t, storagetest.New(t, "sqlite"))
			var sink lockedBuffer
			opts := views.Options{BaseURL: "http://cairn.test"}
			if trusted {
				opts.TrustedProxies = []string{"0.0.0.0"} // app.Test connects from 0.0.0.0
			}
			var observed []string
			opts.Observe = func(route, method string, status int, took time.Duration) {
				observed = append(observed, method+" "+route+" "+itoa(int64(status)))
			}
			app, err := views.New(e.svc, slog.New(slog.NewJSONHandler(&sink, nil)), opts)
			if err != nil {
				t.Fatal(err)
			}
			e.app = app
			token := e.token("admin@example.com", adminPassword)
			req := httptest.NewRequest("GET", "/api/v1/people/"+itoa(e.admin.ID)+"?q=secret-query", nil)
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set(views.HeaderRequestID, "proxy-id-42")
			resp, body := e.do(req)
			wantStatus(t, "get person", resp, body, 200)
			got := resp.Header.Get(views.HeaderRequestID)
			if trusted && got != "proxy-id-42" || !trusted && (got == "proxy-id-42" || len(got) < 16) {
				t.Errorf("X-Request-ID %q (trusted proxy: %v)", got, trusted)
			}
			// A link's token is in the path: the log names the route instead.
			resp, _ = e.do(httptest.NewRequest("GET", "/reset/very-secret-link-token", nil))
			if resp.Header.Get(views.HeaderRequestID) == "" {
				t.Error("no X-Request-ID on a page")
			}

			lines := sink.lines(t)
			var requests []map[string]any
			for _, l := range lines {
				if l["msg"] == "request" {
					requests = append(requests, l)
				}
			}
			if len(requests) != 3 { // sign-in, the person, the link
				t.Fatalf("%d request lines, want 3: %v", len(requests), lines)
			}
			get := requests[1]
			for k, want := range map[string]any{"request_id": got, "method": "GET", "route": "/api/v1/people/:id",
				"status": float64(200), "actor_id": float64(e.admin.ID)} {
				if get[k] != want {
					t.Errorf("log %s = %v, want %v: %v", k, get[k], want, get)
				}
			}
			if _, ok := get["duration"]; !ok {
				t.Errorf("no duration: %v", get)
			}
			if requests[2]["route"] != "/reset/:token" {
				t.Errorf("link route logged as %v", requests[2]["route"])
			}
			all := sink.b.String()
			for _, secret := range []string{token, "very-secret-link-token", "secret-query", "admin@example.com", adminPassword} {
				if strings.Contains(all, secret) {
					t.Errorf("the log holds %q: %s", secret, all)
				}
			}
			if len(observed) != 3 || observed[1] != "GET /api/v1/people/:id 200" {
				t.Errorf("observed %v", observed)
			}
		})
	}
}

// TestRequestIDOnErrors: an error answer carries the request id too, and a
// 404 for no route at all is logged as "unmatched", not by its path.
func TestRequestIDOnErrors(t *testing.T) {
	e := newEnv(t, storagetest.New(t, "sqlite"))
	var sink lockedBuffer
	app, err := views.New(e.svc, slog.New(slog.NewJSONHandler(&sink, nil)), views.Options{BaseURL: "http://cairn.test"})
	if err != nil {
		t.Fatal(err)
	}
	e.app = app
	resp, body := e.api("GET", "/api/v1/no-such-thing", "", nil)
	wantStatus(t, "no route", resp, body, 401)
	resp, body = e.api("GET", "/api/v1/no-such-thing", e.token("admin@example.com", adminPassword), nil)
	wantStatus(t, "no route", resp, body, 404)
	if resp.Header.Get(views.HeaderRequestID) == "" {
		t.Error("no X-Request-ID on a 404")
	}
	lines := sink.lines(t)
	last := lines[len(lines)-1]
	if last["route"] != "unmatched" || last["status"] != float64(404) {
		t.Errorf("last line %v", last)
	}
}
