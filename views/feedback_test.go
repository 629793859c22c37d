package views_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"cairn/domain"
)

// TestFeedbackAPI: over the API on both stores, the coachee is asked once
// about a completed session (the sweep run twice, the clock moved), answers
// once, the coach reads the answer, admins see the coach's average only
// once three coachees answered, and the coachee's closing view sits beside
// the coach's outcome.
func TestFeedbackAPI(t *testing.T) {
	eachCoachingEnv(t, func(t *testing.T, e *env) {
		e.svc.EnableNotifications(domain.NotifyConfig{BaseURL: "http://cairn.test", Mailer: &mailbox{}})
		c := e.coachingCast()
		eng := c.newEngagement(t, e, c.coachP.ID)
		held := func(engagement int64, token string) string {
			t.Helper()
			resp, out := e.api("POST", "/api/v1/engagements/"+itoa(engagement)+"/sessions", token, map[string]any{
				"scheduled_at": "2026-03-02T07:00:00Z", "duration_minutes": 60, "status": "completed"})
			wantStatus(t, "held session", resp, out, 201)
			return "/api/v1/sessions/" + idStr(t, out) + "/feedback"
		}
		path := held(eng, c.coach)

		resp, out := e.api("GET", path, c.coachee, nil)
		wantStatus(t, "coachee reads before", resp, out, 200)
		if m := decodeMap(t, out); m["feedback"] != nil || m["can_give"] != true {
			t.Errorf("before the answer = %s", out)
		}
		asked := func() int {
			t.Helper()
			_, out := e.api("GET", "/api/v1/me/notifications", c.coachee, nil)
			return strings.Count(out, "How useful was your session")
		}
		for range 2 {
			if _, err := e.svc.QueueDueReminders(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		e.clock.Set(e.clock.Now().Add(26 * time.Hour))
		if _, err := e.svc.QueueDueReminders(context.Background()); err != nil {
			t.Fatal(err)
		}
		if n := asked(); n != 1 {
			t.Errorf("the coachee was asked %d times in the app, want once", n)
		}
		mails, err := e.store.ListOutbox(context.Background(), domain.OutboxFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, m := range mails {
			if strings.HasPrefix(m.Subject, "How useful was your session") {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d feedback mails, want one", n)
		}

		for _, who := range []struct {
			what, token string
			want        int
		}{{"coach", c.coach, 403}, {"admin", c.admin, 403}, {"outsider", c.other, 404}} {
			resp, out = e.api("POST", path, who.token, map[string]any{"rating": 4})
			wantStatus(t, who.what+" answers", resp, out, who.want)
		}
		resp, out = e.api("GET", path, c.admin, nil)
		wantStatus(t, "admin reads", resp, out, 403)
		resp, out = e.api("POST", path, c.coachee, map[string]any{"rating": 6})
		wantStatus(t, "rating 6", resp, out, 422)
		resp, out = e.api("POST", path, c.coachee, map[string]any{"comment": "no rating"})
		wantStatus(t, "no rating", resp, out, 422)
		resp, out = e.api("POST", path, c.coachee, map[string]any{"rating": 4, "comment": "Clear next steps", "share_with_programme": true})
		wantStatus(t, "coachee answers", resp, out, 201)
		if resp.Header.Get("Location") != path {
			t.Errorf("Location = %q, want %q", resp.Header.Get("Location"), path)
		}
		resp, out = e.api("POST", path, c.coachee, map[string]any{"rating": 1})
		wantStatus(t, "second answer", resp, out, 409)
		resp, out = e.api("GET", path, c.coach, nil)
		wantStatus(t, "coach reads", resp, out, 200)
		if !strings.Contains(out, `"rating":4`) || !strings.Contains(out, "Clear next steps") || !strings.Contains(out, `"can_give":false`) {
			t.Errorf("coach's view = %s", out)
		}

		// the coach's average: hidden with one and two coachees, shown at three
		coachAverage := func() (answers float64, avg any) {
			t.Helper()
			resp, out := e.api("GET", "/api/v1/reports", c.admin, nil)
			wantStatus(t, "report", resp, out, 200)
			fb := decodeMap(t, out)["feedback"].(map[string]any)
			for _, g := range fb["by_leader"].([]any) {
				g := g.(map[string]any)
				if g["id"].(float64) == float64(c.coachP.ID) {
					return g["answers"].(float64), g["average"]
				}
			}
			t.Fatalf("no figure for the coach: %v", fb)
			return 0, nil
		}
		ratings := []int{2, 3}
		for i, email := range []string{"second@example.com", "third@example.com"} {
			if n, avg := coachAverage(); n != float64(i+1) || avg != nil {
				t.Errorf("with %d coachees: %v answers, average %v; want it hidden", i+1, n, avg)
			}
			p, token := e.member(email, 3)
			resp, out := e.api("POST", "/api/v1/engagements", c.admin, engagementBody(c, c.coachP.ID, p.ID))
			wantStatus(t, "engagement", resp, out, 201)
			resp, out = e.api("POST", held(idOf(t, out), token), token, map[string]any{"rating": ratings[i]})
			wantStatus(t, "answer", resp, out, 201)
		}
		if n, avg := coachAverage(); n != 3 || avg != 3.0 {
			t.Errorf("with three coachees: %v answers, average %v; want 3", n, avg)
		}
		resp, out = e.api("GET", "/api/v1/reports.csv", c.admin, nil)
		wantStatus(t, "report CSV", resp, out, 200)
		if !strings.Contains(out, "leader_"+itoa(c.coachP.ID)+"_feedback_average,") || !strings.Contains(out, "feedback_answers,") {
			t.Errorf("CSV lacks the feedback figures: %s", out)
		}

		// closing well: the coachee's view beside the coach's outcome
		review := "/api/v1/engagements/" + itoa(eng) + "/review"
		resp, out = e.api("POST", review, c.coachee, map[string]any{"rating": 5, "goal_outcome": "achieved"})
		wantStatus(t, "view while open", resp, out, 409)
		resp, out = e.api("POST", "/api/v1/engagements/"+itoa(eng)+"/close", c.coach, map[string]any{"outcome": "partially_achieved", "summary": "Most of it"})
		wantStatus(t, "close", resp, out, 200)
		resp, out = e.api("POST", review, c.coach, map[string]any{"rating": 5, "goal_outcome": "achieved"})
		wantStatus(t, "coach gives the view", resp, out, 403)
		resp, out = e.api("POST", review, c.coachee, map[string]any{"rating": 5})
		wantStatus(t, "view without outcome", resp, out, 422)
		resp, out = e.api("POST", review, c.coachee, map[string]any{"rating": 5, "goal_outcome": "achieved"})
		wantStatus(t, "coachee's view", resp, out, 200)
		resp, out = e.api("POST", review, c.coachee, map[string]any{"rating": 1, "goal_outcome": "not_achieved"})
		wantStatus(t, "second view", resp, out, 409)
		resp, out = e.api("GET", "/api/v1/engagements/"+itoa(eng), c.coach, nil)
		wantStatus(t, "coach reads", resp, out, 200)
		if !strings.Contains(out, `"coachee_review":{"rating":5,"goal_outcome":"achieved"`) {
			t.Errorf("coach's engagement = %s", out)
		}
		resp, out = e.api("GET", "/api/v1/engagements/"+itoa(eng), c.admin, nil)
		wantStatus(t, "admin reads", resp, out, 200)
		if strings.Contains(out, "coachee_review") {
			t.Errorf("the admin sees one coachee's view: %s", out)
		}
	})
}
