package views_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"cairn/domain"
)

// TestPairingPageStoreCalls holds the pairing page to the engagement
// page's budget of three statements besides the signed-in identity: the
// overview's two reads (the pairing with its programme and its action
// items, whose overdue count the health takes from the same read; the
// check-ins) and the layout's notification bell. Each viewer loads the
// page once to resolve (and cache) their identity, then again while the
// store counts.
func TestPairingPageStoreCalls(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		w := newWorld(t, e)
		pair, mentor, mentee := w.pairing()
		ctx := context.Background()
		for i, note := range []string{"first private thought", "second private thought"} {
			_, err := e.svc.CreateCheckin(ctx, domain.Actor{Person: mentor}, pair.ID, domain.CheckinInput{
				Format: domain.FormatFormal, ScheduledAt: e.clock.Now().Add(time.Duration(i+2) * 24 * time.Hour), DurationMinutes: 30,
				Notes: "shared agenda", PrivateNotes: note})
			w.must(err)
		}
		for _, title := range []string{"Draft the reading list", "Shadow the design review"} {
			_, err := e.svc.CreateAction(ctx, domain.Actor{Person: mentor}, domain.SubjectPairing, pair.ID,
				domain.ActionInput{Title: title, OwnerID: mentee.ID, DueOn: domain.DateOf(e.clock.Now(), time.UTC).AddDays(7)})
			w.must(err)
		}
		path := "/pairings/" + itoa(pair.ID)
		for _, c := range []struct {
			name         string
			who          domain.Person
			shows, hides []string
		}{
			{"mentor", mentor, []string{"first private thought", "second private thought", "shared agenda",
				"Draft the reading list", "Shadow the design review"}, nil},
			{"mentee", mentee, []string{"shared agenda", "Draft the reading list", "Shadow the design review"},
				[]string{"private thought"}},
			{"admin", e.admin, []string{"2 open (0 overdue), 0 done"}, []string{"private thought", "shared agenda",
				"Draft the reading list", "Shadow the design review"}},
		} {
			t.Run(c.name, func(t *testing.T) {
				body := countPageStatements(t, e, w.request("GET", path, &c.who, nil), "pairing page", 3)
				assertShowsHides(t, body, c.shows, c.hides, c.name)
			})
		}
	})
}

// countPageStatements loads a page once to resolve (and cache) the
// viewer's identity, then again while the store counts, and fails when the
// second load ran more than budget statements. It returns the page.
func countPageStatements(t *testing.T, e *env, req *http.Request, page string, budget int64) string {
	t.Helper()
	ctx := context.Background()
	if resp, body := e.do(req.Clone(ctx)); resp.StatusCode != 200 {
		t.Fatalf("warm-up: status %d: %.300s", resp.StatusCode, body)
	}
	before := e.store.Queries()
	resp, body := e.do(req.Clone(ctx))
	n := e.store.Queries() - before
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %.300s", resp.StatusCode, body)
	}
	t.Logf("%d statements", n)
	if n > budget {
		t.Errorf("the %s ran %d statements besides the identity, want at most %d", page, n, budget)
	}
	return body
}

// assertShowsHides fails for each of shows the page lacks and each of
// hides it holds.
func assertShowsHides(t *testing.T, body string, shows, hides []string, viewer string) {
	t.Helper()
	for _, s := range shows {
		if !strings.Contains(body, s) {
			t.Errorf("the page does not show %q", s)
		}
	}
	for _, s := range hides {
		if strings.Contains(body, s) {
			t.Errorf("the page shows %q, which is not for the %s", s, viewer)
		}
	}
}
