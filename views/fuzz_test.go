package views_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"cairn/domain"
	"cairn/storage/storagetest"
	"cairn/views"
)

// FuzzJSONRequests sends arbitrary bodies to the JSON routes that decode
// one (decodeJSON) as an admin. Whatever comes in, the answer is a client
// error or a success, never a 500, and always the API's JSON.
// Its seeds run in every `go test`; .ci/run fuzzes it for a short while.
func FuzzJSONRequests(f *testing.F) {
	seeds := []string{
		`{"name":"Ada","email":"ada@example.com","seniority":5,"timezone":"Europe/London"}`,
		`{"name":"Ada","email":"ada@example.com","seniority":5,"max_mentees":null}`,
		`{"job_title":"x","max_coachees":3}`, `{"role":"admin","active":false}`, `{"email":"admin@example.com","password":"x"}`,
		``, ` `, `null`, `[]`, `"x"`, `{`, `{"name":`, `{}{}`, `{"shoe_size":44}`, `{"seniority":"5"}`,
		`{"seniority":1e400}`, `{"seniority":-9223372036854775809}`, `{"max_mentees":1.5}`, `{"name":"\ud800"}`,
		`{"password":"` + strings.Repeat("p", 2000) + `"}`, "\xff\xfe{}", `{"name":"a","name":"b"}`,
	}
	for _, s := range seeds {
		for _, route := range []int{0, 1, 2} {
			f.Add(route, []byte(s))
		}
	}
	store := storagetest.New(f, "sqlite")
	clock := domain.NewFixedClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	svc := domain.NewService(store, clock, domain.Config{PasswordParams: cheap})
	app, err := views.New(svc, slog.New(slog.NewTextHandler(io.Discard, nil)), views.Options{BaseURL: "http://cairn.test", LoginLimit: 1 << 30})
	if err != nil {
		f.Fatal(err)
	}
	ctx := context.Background()
	if _, _, err := svc.EnsureFirstAdmin(ctx, "admin@example.com", adminPassword); err != nil {
		f.Fatal(err)
	}
	admin, err := store.PersonByEmail(ctx, "admin@example.com")
	if err != nil {
		f.Fatal(err)
	}
	target, err := svc.CreatePerson(ctx, domain.Actor{Person: admin}, domain.PersonInput{Name: "Target", Email: "target@example.com", Seniority: 3})
	if err != nil {
		f.Fatal(err)
	}
	token, _, err := svc.IssueAPIToken(ctx, admin, "fuzz")
	if err != nil {
		f.Fatal(err)
	}
	routes := []struct{ method, path string }{
		{"POST", "/api/v1/people"},
		{"PATCH", "/api/v1/people/" + strconv.FormatInt(target.ID, 10)},
		{"POST", "/api/v1/tokens"},
	}
	f.Fuzz(func(t *testing.T, route int, body []byte) {
		r := routes[uint(route)%uint(len(routes))]
		req := httptest.NewRequest(r.method, r.path, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if r.path != "/api/v1/tokens" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := app.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		out, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		switch resp.StatusCode {
		case 200, 201, 400, 401, 409, 422, 429:
		default:
			t.Fatalf("%s %s %q: status %d: %s", r.method, r.path, body, resp.StatusCode, out)
		}
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			t.Errorf("%s %s %q: answered %s", r.method, r.path, body, resp.Header.Get("Content-Type"))
		}
		if resp.StatusCode >= 400 && !bytes.HasPrefix(out, []byte(`{"error":{`)) {
			t.Errorf("%s %s %q: error body %s", r.method, r.path, body, out)
		}
	})
}
