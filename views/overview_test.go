package views_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"cairn/domain"
)

// TestEngagementPageStoreCalls holds the engagement page to three
// statements besides the signed-in identity: the overview's two reads and
// the layout's notification bell. Each viewer loads the page once to
// resolve (and cache) their identity, then again while the store counts.
func TestEngagementPageStoreCalls(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		w := newWorld(t, e)
		eng, coach, coachee := w.engagement()
		ctx := context.Background()
		for i, note := range []string{"first private thought", "second private thought"} {
			_, err := e.svc.ScheduleSession(ctx, domain.Actor{Person: coach}, eng.ID, domain.SessionInput{
				ScheduledAt: e.clock.Now().Add(time.Duration(i+2) * 24 * time.Hour), DurationMinutes: 60,
				Notes: "shared agenda", PrivateNotes: note})
			w.must(err)
		}
		pct, comment := 40, "halfway through the plan"
		_, err := e.svc.UpdateEngagement(ctx, domain.Actor{Person: coach}, eng.ID,
			domain.EngagementPatch{ProgressPercent: &pct, ProgressComment: &comment})
		w.must(err)
		path := "/engagements/" + itoa(eng.ID)
		for _, c := range []struct {
			name           string
			who            domain.Person
			shows, hides   []string
			closeForm      bool
			cancelForm     bool
			scheduleForm   bool
			progressHidden bool
		}{
			{"coach", coach, []string{"first private thought", "second private thought", comment, "shared agenda"}, nil, true, false, true, false},
			{"coachee", coachee, []string{comment, "shared agenda"}, []string{"private thought"}, false, false, true, true},
			{"admin", e.admin, nil, []string{"private thought", comment, "shared agenda"}, true, true, false, false},
		} {
			t.Run(c.name, func(t *testing.T) {
				req := w.request("GET", path, &c.who, nil)
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
				if n > 3 {
					t.Errorf("the engagement page ran %d statements besides the identity, want at most 3", n)
				}
				for _, s := range c.shows {
					if !strings.Contains(body, s) {
						t.Errorf("the page does not show %q", s)
					}
				}
				for _, s := range c.hides {
					if strings.Contains(body, s) {
						t.Errorf("the page shows %q, which is not for the %s", s, c.name)
					}
				}
				for form, want := range map[string]bool{"/close\"": c.closeForm, "/cancel\"": c.cancelForm,
					"/sessions\"": c.scheduleForm, "/progress\"": !c.progressHidden} {
					if got := strings.Contains(body, `action="`+path+form); got != want {
						t.Errorf("form %s shown: %v, want %v", form, got, want)
					}
				}
			})
		}
	})
}

// TestCanInJSON checks that the objects of the API carry what the caller
// may do with them, as the domain decides it.
func TestCanInJSON(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		w := newWorld(t, e)
		eng, coach, coachee := w.engagement()
		pair, mentor, mentee := w.pairing()
		get := func(who domain.Person, path string) map[string]bool {
			t.Helper()
			resp, body := e.do(w.request("GET", path, &who, nil))
			if resp.StatusCode != 200 {
				t.Fatalf("GET %s as %s: status %d: %.300s", path, who.Name, resp.StatusCode, body)
			}
			var out struct {
				Can map[string]bool `json:"can"`
			}
			if err := json.Unmarshal([]byte(body), &out); err != nil {
				t.Fatalf("GET %s: %v", path, err)
			}
			if out.Can == nil {
				t.Fatalf("GET %s as %s: no can in %.300s", path, who.Name, body)
			}
			return out.Can
		}
		engPath, pairPath := "/api/v1/engagements/"+itoa(eng.ID), "/api/v1/pairings/"+itoa(pair.ID)
		progPath, personPath := "/api/v1/programmes/"+itoa(pair.ProgrammeID), "/api/v1/people/"+itoa(mentee.ID)
		for _, c := range []struct {
			who  domain.Person
			path string
			want map[string]bool
		}{
			{coach, engPath, map[string]bool{"edit": false, "update_progress": true, "close": true, "cancel": false,
				"schedule_session": true, "see_notes": true, "see_private_notes": true}},
			{coachee, engPath, map[string]bool{"edit": false, "update_progress": false, "close": false, "cancel": false,
				"schedule_session": true, "see_notes": true}},
			{e.admin, engPath, map[string]bool{"edit": true, "update_progress": true, "close": true, "cancel": true,
				"schedule_session": false, "see_notes": false, "see_private_notes": false}},
			{mentor, pairPath, map[string]bool{"edit": false, "pause": false, "close": false, "add_checkin": true, "see_notes": true}},
			{e.admin, pairPath, map[string]bool{"edit": true, "pause": true, "resume": false, "close": true, "add_checkin": false,
				"see_notes": false}},
			{mentee, progPath, map[string]bool{"edit": false, "archive": false, "create_pairing": false}},
			{e.admin, progPath, map[string]bool{"edit": true, "archive": true, "restore": false, "create_pairing": true,
				"create_engagement": false}},
			{mentee, personPath, map[string]bool{"edit": false, "export": true, "invite": false}},
			{mentor, personPath, map[string]bool{"edit": false, "export": false}},
			{e.admin, personPath, map[string]bool{"edit": true, "export": true, "invite": true, "suggest_mentors": true}},
		} {
			got := get(c.who, c.path)
			for k, want := range c.want {
				v, ok := got[k]
				if !ok || v != want {
					t.Errorf("GET %s as %s: can.%s = %v (present %v), want %v", c.path, c.who.Name, k, v, ok, want)
				}
			}
		}
		// Lists carry it too, and it follows the state: a closed
		// engagement offers nothing more to change.
		_, err := e.svc.CloseEngagement(context.Background(), domain.Actor{Person: coach}, eng.ID,
			domain.CloseInput{Outcome: domain.OutcomeAchieved, Summary: "done"})
		w.must(err)
		resp, body := e.do(w.request("GET", "/api/v1/engagements", &coach, nil))
		if resp.StatusCode != 200 {
			t.Fatalf("list: status %d", resp.StatusCode)
		}
		var list struct {
			Items []struct {
				ID  int64           `json:"id"`
				Can map[string]bool `json:"can"`
			} `json:"items"`
		}
		if err := json.Unmarshal([]byte(body), &list); err != nil || len(list.Items) != 1 {
			t.Fatalf("list: %v, %d items: %.300s", err, len(list.Items), body)
		}
		if c := list.Items[0].Can; c["close"] || c["update_progress"] || c["schedule_session"] || !c["see_notes"] {
			t.Errorf("a closed engagement's can for its coach: %v", c)
		}
	})
}
