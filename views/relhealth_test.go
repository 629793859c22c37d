package views_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"cairn/domain"
)

// A quiet pairing shows its health where people act: on its page (badge
// and reason in words), the programme page, the mentor's home and the
// admin dashboard; the JSON carries health and health_reasons.
func TestHealthWherePeopleAct(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		h := newHR(t, e)
		mentor := h.person("Margaret Okafor", "Finance", 8, nil, nil)
		mentee := h.person("Leo Brandt", "Sales", 2, nil, nil)
		p := h.pair(mentor, mentee, "2026-01-20") // 41 days before the clock's 2 March, cadence 14
		reason := "No check-in yet, 41 days after the start (every 14 days agreed), and none is scheduled"

		b := e.adminBrowser()
		for _, path := range []string{"/pairings/" + itoa(p.ID), "/programmes/" + itoa(h.mentoring.ID), "/"} {
			resp, page := b.get(path)
			wantStatus(t, path, resp, page, 200)
			if !strings.Contains(page, `<span class="tag risk">At risk</span>`) || !strings.Contains(page, reason) {
				t.Errorf("%s does not show the health with its reason", path)
			}
			if strings.Contains(page, "at_risk") || strings.Contains(page, "needs_attention") {
				t.Errorf("%s shows an enum value", path)
			}
		}
		mb := e.browser()
		mb.login(mentor.Email, "member password 1")
		if _, page := mb.get("/"); !strings.Contains(page, "At risk") || !strings.Contains(page, reason) {
			t.Errorf("the mentor's home does not show the health")
		}

		tok := e.token(mentor.Email, "member password 1")
		for _, path := range []string{"/api/v1/pairings/" + itoa(p.ID), "/api/v1/pairings"} {
			resp, body := e.api("GET", path, tok, nil)
			wantStatus(t, path, resp, body, 200)
			var one struct {
				Health        string   `json:"health"`
				HealthReasons []string `json:"health_reasons"`
			}
			if strings.HasSuffix(path, "pairings") {
				var list struct{ Items []json.RawMessage }
				_ = json.Unmarshal([]byte(body), &list)
				if len(list.Items) != 1 {
					t.Fatalf("%s: %s", path, body)
				}
				body = string(list.Items[0])
			}
			_ = json.Unmarshal([]byte(body), &one)
			if one.Health != "at_risk" || len(one.HealthReasons) != 1 || one.HealthReasons[0] != reason {
				t.Errorf("%s: health %q %q", path, one.Health, one.HealthReasons)
			}
		}

		// A check-in logged today puts it back on track; ending it takes the health away.
		if _, err := e.svc.CreateCheckin(h.ctx, domain.Actor{Person: mentor}, p.ID, domain.CheckinInput{
			Format: domain.FormatInformal, ScheduledAt: e.clock.Now().Add(-time.Hour), DurationMinutes: 30}); err != nil {
			t.Fatal(err)
		}
		resp, body := e.api("GET", "/api/v1/pairings/"+itoa(p.ID), tok, nil)
		wantStatus(t, "after a check-in", resp, body, 200)
		if !strings.Contains(body, `"health":"on_track","health_reasons":[]`) {
			t.Errorf("after a check-in: %s", body)
		}
	})
}
