package views

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
	"cairn/domain/domaintest"
	"cairn/domain/lang"
)

// TestPanicIsLoggedAndAnswered500: a handler's panic is logged with its
// stack and the request id, and answered 500 with that id, as JSON under
// /api and as a page elsewhere; the server goes on serving.
func TestPanicIsLoggedAndAnswered500(t *testing.T) {
	var sink bytes.Buffer
	cat, err := lang.Load(lang.Source)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := pagesFor(cat)
	if err != nil {
		t.Fatal(err)
	}
	svc := domain.NewService(domaintest.NewMemory(), domain.NewFixedClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)), domain.Config{})
	s := &Server{svc: svc, log: slog.New(slog.NewJSONHandler(&sink, nil)), pages: pages}
	app := fiber.New(fiber.Config{ErrorHandler: s.handleError})
	app.Use(s.logRequests)
	app.Get("/api/v1/boom", func(c *fiber.Ctx) error { panic("kaboom") })
	app.Get("/boom", func(c *fiber.Ctx) error { panic("kaboom") })
	app.Get("/fine", func(c *fiber.Ctx) error { return c.SendString("fine") })
	for _, path := range []string{"/api/v1/boom", "/boom"} {
		sink.Reset()
		resp, err := app.Test(httptest.NewRequest("GET", path, nil))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		id := resp.Header.Get(HeaderRequestID)
		if resp.StatusCode != 500 || id == "" || !strings.Contains(string(body), id) {
			t.Errorf("%s: %d, id %q, body %.300s", path, resp.StatusCode, id, body)
		}
		if path == "/api/v1/boom" && !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			t.Errorf("%s answered %s", path, resp.Header.Get("Content-Type"))
		}
		var panicLine map[string]any
		for _, line := range strings.Split(strings.TrimSpace(sink.String()), "\n") {
			var m map[string]any
			if err := json.Unmarshal([]byte(line), &m); err != nil {
				t.Fatalf("not JSON: %s", line)
			}
			if m["msg"] == "panic" {
				panicLine = m
			}
		}
		if panicLine == nil || panicLine["request_id"] != id || !strings.Contains(panicLine["stack"].(string), "requestlog_internal_test.go") ||
			panicLine["panic"] != "kaboom" {
			t.Errorf("%s: panic line %v in %s", path, panicLine, sink.String())
		}
	}
	resp, err := app.Test(httptest.NewRequest("GET", "/fine", nil))
	if err != nil || resp.StatusCode != 200 {
		t.Errorf("after the panics: %v %v", resp, err)
	}
}
