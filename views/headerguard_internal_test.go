package views

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode"

	"github.com/gofiber/fiber/v2"
)

// The guard in logRequests is the last word on every header, whichever
// fiber or fasthttp call set it: some (cookies, Location) keep line breaks.
func TestNoHeaderLeavesWithALineBreak(t *testing.T) {
	s := &Server{log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	app := fiber.New(fiber.Config{ErrorHandler: s.handleError})
	app.Use(s.logRequests)
	setters := map[string]func(c *fiber.Ctx){
		"cookie": func(c *fiber.Ctx) { c.Cookie(&fiber.Cookie{Name: "flash", Value: "hi\r\nSet-Cookie: evil=1"}) },
		"location": func(c *fiber.Ctx) {
			c.Response().Header.SetCanonical([]byte("Location"), []byte("/\nSet-Cookie: evil=1"))
		},
		"nul": func(c *fiber.Ctx) { c.Cookie(&fiber.Cookie{Name: "flash", Value: "a\x00b"}) },
	}
	for name, set := range setters {
		app.Get("/api/v1/"+name, func(c *fiber.Ctx) error {
			err := c.Redirect("/elsewhere", fiber.StatusSeeOther)
			set(c)
			return err
		})
	}
	app.Get("/api/v1/clean", func(c *fiber.Ctx) error {
		c.Cookie(&fiber.Cookie{Name: "flash", Value: "fine"})
		return c.Redirect("/elsewhere", fiber.StatusSeeOther)
	})
	for name := range setters {
		t.Run(name, func(t *testing.T) {
			resp, err := app.Test(httptest.NewRequest("GET", "/api/v1/"+name, nil))
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != 500 {
				t.Errorf("status %d, want 500", resp.StatusCode)
			}
			for k, vs := range resp.Header {
				for _, v := range vs {
					if strings.Contains(strings.ToLower(k+v), "evil") || strings.ContainsAny(v, "\r\n\x00") {
						t.Errorf("header %s: %q left", k, v)
					}
				}
			}
		})
	}
	resp, err := app.Test(httptest.NewRequest("GET", "/api/v1/clean", nil))
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 303 || resp.Header.Get("Set-Cookie") == "" {
		t.Errorf("a clean redirect: %d %v", resp.StatusCode, resp.Header)
	}
}

func TestSafeNext(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"/pairings/3", "/pairings/3"},
		{"/people?q=ann&x=1#top", "/people?q=ann&x=1#top"},
		{"", "/"},
		{"pairings", "/"},
		{"//evil.example/x", "/"},
		{"/\\evil.example", "/"},
		{"\\\\evil.example", "/"},
		{"/\t/evil.example/x", "/"},
		{"/\n/evil.example/x", "/"},
		{"/\nSet-Cookie: a=b", "/"},
		{"/\r\nLocation: http://evil.example", "/"},
		{"/ /evil.example", "/"},
		{"/\u00a0/evil.example", "/"},
		{"/\x00", "/"},
		{"/\x7f", "/"},
		{"https://evil.example/", "/"},
		{"javascript:alert(1)", "/"},
		{"/%0ASet-Cookie", "/%0ASet-Cookie"}, // still encoded: a harmless path
	} {
		if got := safeNext(c.in); got != c.want {
			t.Errorf("safeNext(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// FuzzSafeNext: whatever the link says, the redirect is the link itself
// or home, and it is always a path on this site that no browser reads a
// host into and no header can be split by.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/pairings/3", "//evil.example", "/\t/evil", "/\nSet-Cookie: a=b", "https://x", "/%0a", "/\\x", "/a?b=c#d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if got != "/" && got != next {
			t.Fatalf("safeNext(%q) = %q: neither the link nor home", next, got)
		}
		if !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") || strings.ContainsAny(got, "\\\r\n\t\x00") {
			t.Fatalf("safeNext(%q) = %q: not a plain path", next, got)
		}
		for _, r := range got {
			if r < 0x20 || r == 0x7f || unicode.IsSpace(r) {
				t.Fatalf("safeNext(%q) = %q: holds %U", next, got, r)
			}
		}
		u, err := url.Parse(got)
		if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
			t.Fatalf("safeNext(%q) = %q: parses as %#v (%v)", next, got, u, err)
		}
	})
}
