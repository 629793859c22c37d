package views_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"cairn/domain"
)

func TestEngagementPages(t *testing.T) {
	eachCoachingEnv(t, func(t *testing.T, e *env) {
		c := e.coachingCast()
		prog := itoa(c.programme)

		admin := e.browser()
		admin.login("admin@example.com", adminPassword)
		resp, body := admin.get("/engagements/new?programme_id=" + prog)
		wantStatus(t, "new engagement form", resp, body, 200)
		tok := csrfRe.FindStringSubmatch(body)[1]
		form := url.Values{"_csrf": {tok}, "programme_id": {prog}, "coach_id": {itoa(c.coachP.ID)}, "coachee_id": {itoa(c.coacheeP.ID)},
			"goal_title": {"Run the quarterly planning"}, "goal_area": {"work"}, "success_measure": {"Plans Q3 alone"},
			"starts_on": {"2026-03-01"}, "ends_on": {"2026-02-01"}, "planned_sessions": {"6"}}
		resp, body = admin.post("/engagements", form)
		wantStatus(t, "ends_on before starts_on", resp, body, 422)
		if !strings.Contains(body, "must be after starts_on") || !strings.Contains(body, `value="Run the quarterly planning"`) {
			t.Errorf("form errors or input lost: %s", body)
		}
		form.Set("ends_on", "2026-06-30")
		resp, body = admin.post("/engagements", form)
		wantStatus(t, "create", resp, body, 303)
		page := resp.Header.Get("Location")
		eng := strings.TrimPrefix(page, "/engagements/")
		_, body = admin.get("/programmes/" + prog)
		if !strings.Contains(body, "Run the quarterly planning") || !strings.Contains(body, "On track") || !strings.Contains(body, "New engagement") {
			t.Errorf("programme page lacks its engagement: %s", body)
		}

		coach := e.browser()
		coach.login("coach@example.com", "member password 1")
		_, body = coach.get("/")
		if !strings.Contains(body, "My coaching") || !strings.Contains(body, "As coach") || !strings.Contains(body, "0 / 6") {
			t.Errorf("coach's home: %s", body)
		}
		resp, body = coach.get(page)
		wantStatus(t, "engagement page", resp, body, 200)
		for _, want := range []string{"<progress", "<svg", "Time used", "Sessions done: 0 of 6", "Plans Q3 alone", "Close engagement", "Update progress"} {
			if !strings.Contains(body, want) {
				t.Errorf("engagement page lacks %q", want)
			}
		}
		tok = csrfRe.FindStringSubmatch(body)[1]
		session := url.Values{"_csrf": {tok}, "date": {"2026-03-29"}, "time": {"02:30"}, "duration_minutes": {"60"},
			"location": {"Room 4"}, "status": {"scheduled"}}
		resp, body = coach.post(page+"/sessions", session)
		wantStatus(t, "a time the clocks skip", resp, body, 422)
		if !strings.Contains(body, "does not exist in Europe/Berlin") || !strings.Contains(body, `value="Room 4"`) {
			t.Errorf("DST gap error or input lost: %s", body)
		}
		session.Set("date", "2026-03-12")
		session.Set("time", "10:00")
		resp, body = coach.post(page+"/sessions", session)
		wantStatus(t, "schedule", resp, body, 303)
		_, body = coach.get(page)
		if !strings.Contains(body, "Thu 12 Mar 2026, 10:00 CET") {
			t.Errorf("session not shown in the coach's zone: %s", body)
		}
		resp, out := e.api("GET", "/api/v1/engagements/"+eng+"/sessions", c.coach, nil)
		var list struct {
			Items []struct {
				ID          int64
				ScheduledAt time.Time `json:"scheduled_at"`
			}
		}
		_ = json.Unmarshal([]byte(out), &list)
		if len(list.Items) != 1 || !list.Items[0].ScheduledAt.Equal(time.Date(2026, 3, 12, 9, 0, 0, 0, time.UTC)) {
			t.Fatalf("sessions: %s", out)
		}
		sess := "/sessions/" + itoa(list.Items[0].ID)

		e.clock.Set(time.Date(2026, 3, 12, 10, 30, 0, 0, time.UTC))
		resp, body = coach.get(sess)
		wantStatus(t, "session page", resp, body, 200)
		edit := url.Values{"_csrf": {tok}, "date": {"2026-03-12"}, "time": {"10:00"}, "duration_minutes": {"60"}, "location": {"Room 4"},
			"status": {"completed"}, "notes": {"Shared notes text"}, "private_notes": {"Coach private text"}}
		resp, body = coach.post(sess, edit)
		wantStatus(t, "complete", resp, body, 303)
		_, body = coach.get(page)
		if !strings.Contains(body, "Shared notes text") || !strings.Contains(body, "Coach private text") || !strings.Contains(body, "Sessions done: 1 of 6") {
			t.Errorf("coach's engagement page after completing: %s", body)
		}

		coachee := e.browser()
		coachee.login("coachee@example.com", "member password 1")
		_, body = coachee.get(page)
		if !strings.Contains(body, "Shared notes text") || strings.Contains(body, "Coach private text") {
			t.Errorf("coachee's engagement page: notes wrong: %s", body)
		}
		if strings.Contains(body, "Close engagement") || strings.Contains(body, "Update progress") || !strings.Contains(body, "Save session") {
			t.Errorf("coachee's forms: %s", body)
		}
		_, body = coachee.get(sess)
		if strings.Contains(body, "Coach private text") || !strings.Contains(body, "Shared notes text") {
			t.Errorf("coachee's session page: %s", body)
		}
		_, body = coachee.get("/")
		if !strings.Contains(body, "As coachee") || !strings.Contains(body, "Run the quarterly planning") {
			t.Errorf("coachee's home: %s", body)
		}

		_, body = admin.get(page)
		if strings.Contains(body, "Shared notes text") || strings.Contains(body, "Coach private text") || !strings.Contains(body, "Completed") {
			t.Errorf("admin's engagement page shows notes or lacks status: %s", body)
		}
		_, body = admin.get(sess)
		if strings.Contains(body, "Shared notes text") || strings.Contains(body, "Coach private text") || strings.Contains(body, `name="notes"`) {
			t.Errorf("admin's session page: %s", body)
		}

		other := e.browser()
		other.login("other@example.com", "member password 1")
		for _, p := range []string{page, sess} {
			resp, body = other.get(p)
			wantStatus(t, "another member opens "+p, resp, body, 404)
		}

		resp, body = coach.post(page+"/progress", url.Values{"_csrf": {tok}, "progress_percent": {"150"}, "progress_comment": {"Big step"}})
		wantStatus(t, "progress 150", resp, body, 422)
		if !strings.Contains(body, "must be between 0 and 100") || !strings.Contains(body, "Big step") {
			t.Errorf("progress form errors: %s", body)
		}
		resp, body = coach.post(page+"/progress", url.Values{"_csrf": {tok}, "progress_percent": {"30"}, "progress_comment": {"Big step"}})
		wantStatus(t, "progress", resp, body, 303)
		_, body = coach.get(page)
		if !strings.Contains(body, `value="30"`) || !strings.Contains(body, "Big step") {
			t.Errorf("progress not shown: %s", body)
		}
		_, body = admin.get(page)
		if strings.Contains(body, "Big step") {
			t.Errorf("admin sees a progress comment: %s", body)
		}

		resp, body = coach.post(page+"/close", url.Values{"_csrf": {tok}, "summary": {"Plans alone now"}})
		wantStatus(t, "close without outcome", resp, body, 422)
		if !strings.Contains(body, "must be achieved, partially_achieved or not_achieved") || !strings.Contains(body, "Plans alone now") {
			t.Errorf("close form errors: %s", body)
		}
		resp, body = coach.post(page+"/close", url.Values{"_csrf": {tok}, "outcome": {"achieved"}, "summary": {"Plans alone now"}})
		wantStatus(t, "close", resp, body, 303)
		_, body = coach.get(page)
		if !strings.Contains(body, "Outcome:</strong> Achieved") || strings.Contains(body, "Save session") || !strings.Contains(body, "Shared notes text") {
			t.Errorf("closed engagement page: %s", body)
		}
		resp, body = coach.post(page+"/sessions", session)
		wantStatus(t, "schedule after close", resp, body, 409)
	})
}

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
