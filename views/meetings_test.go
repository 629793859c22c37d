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

// auditOf lists the audit entries of one object, oldest first.
func (e *env) auditOf(kind string, id int64) []domain.AuditView {
	e.t.Helper()
	entries, err := e.svc.AuditLog(e.t.Context(), domain.Actor{Person: e.admin}, domain.AuditFilter{ObjectType: kind, ObjectID: id, Limit: 100})
	if err != nil {
		e.t.Fatal(err)
	}
	for i, j := 0, len(entries)-1; i < j; i, j = i+1, j-1 {
		entries[i], entries[j] = entries[j], entries[i]
	}
	return entries
}

// privateNoteWritten is when a person's private note on a meeting was last
// written (zero when there is none).
func (e *env) privateNoteWritten(meetingID, authorID int64) time.Time {
	e.t.Helper()
	var at []time.Time
	err := e.store.DB().Select(&at, e.store.DB().Rebind(`SELECT updated_at FROM meeting_private_notes WHERE meeting_id = ? AND author_id = ?`),
		meetingID, authorID)
	if err != nil {
		e.t.Fatal(err)
	}
	if len(at) == 0 {
		return time.Time{}
	}
	return at[0]
}

func actions(entries []domain.AuditView) []string {
	out := make([]string, len(entries))
	for i, a := range entries {
		out[i] = a.Action
	}
	return out
}

// Saving a check-in page's form as it was loaded writes nothing: no row,
// no audit entry, no private note; a changed shared note leaves the
// private note as it was.
func TestCheckinFormSavesOnlyWhatChanged(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := newMentoringFixture(t, e)
		pairing := "/api/v1/pairings/" + itoa(f.seniorMentorsJunior(t, e))
		resp, out := e.api("POST", pairing+"/checkins", f.juniorTok, map[string]any{"format": "formal",
			"scheduled_at": "2026-03-09T14:00:00+01:00", "duration_minutes": 45, "location": "Room 4", "agenda": "Promotion case"})
		wantStatus(t, "formal check-in", resp, out, 201)
		id := idOf(t, out)
		page := "/checkins/" + itoa(id)

		mentor := e.browser()
		mentor.login("senior@example.com", "member password 1")
		resp, body := mentor.get(page)
		wantStatus(t, "check-in page", resp, body, 200)
		if !strings.Contains(body, `value="cancelled"`) || strings.Contains(body, `value="completed"`) || strings.Contains(body, "<select") {
			t.Errorf("a check-in ahead offers cancel only, with buttons: %s", body)
		}
		form := url.Values{"_csrf": {csrfRe.FindStringSubmatch(body)[1]}, "date": {"2026-03-09"}, "time": {"14:00"},
			"duration_minutes": {"45"}, "location": {"Room 4"}, "agenda": {"Promotion case"},
			"notes": {"We will bring the numbers"}, "private_notes": {"mentor: ask about the move"}}
		resp, body = mentor.post(page, form)
		wantStatus(t, "first save", resp, body, 303)
		entries := e.auditOf("checkin", id)
		if got := actions(entries); strings.Join(got, ",") != "create,update" {
			t.Fatalf("audit after the first save: %v", got)
		}
		if c := entries[1].Changes; c["notes"].After == nil || c["private_notes"].After == nil || len(c) != 2 {
			t.Errorf("first save audits %v, want notes and private_notes only", c)
		}
		written := e.privateNoteWritten(id, f.senior.ID)
		if written.IsZero() {
			t.Fatal("the private note was not written")
		}

		e.clock.Set(e.clock.Now().Add(time.Hour))
		resp, body = mentor.post(page, form)
		wantStatus(t, "the same form again", resp, body, 303)
		if got := actions(e.auditOf("checkin", id)); len(got) != 2 {
			t.Errorf("saving an unchanged form wrote audit entries: %v", got)
		}
		if at := e.privateNoteWritten(id, f.senior.ID); !at.Equal(written) {
			t.Errorf("the unchanged private note was rewritten at %v (first written %v)", at, written)
		}

		form.Set("notes", "We will bring the numbers and the plan")
		resp, body = mentor.post(page, form)
		wantStatus(t, "shared notes changed", resp, body, 303)
		entries = e.auditOf("checkin", id)
		if len(entries) != 3 {
			t.Fatalf("audit after changing the notes: %v", actions(entries))
		}
		if c := entries[2].Changes; c["notes"].After == nil || len(c) != 1 {
			t.Errorf("changing the notes audits %v, want notes only", c)
		}
		if at := e.privateNoteWritten(id, f.senior.ID); !at.Equal(written) {
			t.Errorf("the private note was rewritten with the shared notes at %v", at)
		}
		_, body = mentor.get(page)
		if !strings.Contains(body, "mentor: ask about the move") || !strings.Contains(body, "bring the numbers and the plan") {
			t.Errorf("page after saving: %s", body)
		}

		// The form shows minutes: a time set to the second over the API
		// stays where it is when the form is completed after it started.
		resp, out = e.api("POST", pairing+"/checkins", f.juniorTok, map[string]any{"format": "formal",
			"scheduled_at": "2026-03-10T09:00:30Z", "duration_minutes": 30})
		wantStatus(t, "check-in set to the second", resp, out, 201)
		second := "/checkins/" + itoa(idOf(t, out))
		e.clock.Set(time.Date(2026, 3, 10, 9, 20, 0, 0, time.UTC))
		resp, body = mentor.post(second, url.Values{"_csrf": form["_csrf"], "date": {"2026-03-10"}, "time": {"10:00"},
			"duration_minutes": {"30"}, "location": {""}, "agenda": {""}, "notes": {""}, "private_notes": {""}, "status": {"completed"}})
		wantStatus(t, "complete a check-in set to the second", resp, body, 303)
		_, out = e.api("GET", "/api/v1"+second, f.seniorTok, nil)
		if !strings.Contains(out, `"scheduled_at":"2026-03-10T09:00:30Z"`) || !strings.Contains(out, `"status":"completed"`) {
			t.Errorf("completed from the form: %s", out)
		}
	})
}

// Completing a session and recording the engagement's progress is one
// form and one transaction: the progress entry names the session, and a
// second save of the same form writes nothing. Once the engagement is
// closed the same form still saves its notes.
func TestSessionCompletionRecordsProgress(t *testing.T) {
	eachCoachingEnv(t, func(t *testing.T, e *env) {
		c := e.coachingCast()
		eng := c.newEngagement(t, e, c.coachP.ID)
		resp, out := e.api("POST", "/api/v1/engagements/"+itoa(eng)+"/sessions", c.coach,
			map[string]any{"scheduled_at": "2026-03-12T09:00:00Z", "duration_minutes": 60, "location": "Room 4"})
		wantStatus(t, "session", resp, out, 201)
		id := idOf(t, out)
		page := "/sessions/" + itoa(id)
		e.clock.Set(time.Date(2026, 3, 12, 10, 30, 0, 0, time.UTC))

		coachee := e.browser()
		coachee.login("coachee@example.com", "member password 1")
		_, body := coachee.get(page)
		if strings.Contains(body, `name="progress_percent"`) || !strings.Contains(body, `value="completed"`) {
			t.Errorf("coachee's session page: %s", body)
		}
		coach := e.browser()
		coach.login("coach@example.com", "member password 1")
		resp, body = coach.get(page)
		wantStatus(t, "session page", resp, body, 200)
		for _, want := range []string{`name="progress_percent"`, `value="0"`, `value="completed"`, `value="cancelled"`, `value="no_show"`} {
			if !strings.Contains(body, want) {
				t.Errorf("coach's session page lacks %s", want)
			}
		}
		if strings.Contains(body, "<select") {
			t.Errorf("the session page still offers a status list: %s", body)
		}
		form := url.Values{"_csrf": {csrfRe.FindStringSubmatch(body)[1]}, "date": {"2026-03-12"}, "time": {"10:00"},
			"duration_minutes": {"60"}, "location": {"Room 4"}, "notes": {"Planned Q2 together"}, "private_notes": {""},
			"progress_percent": {"45"}, "status": {"completed"}}
		resp, body = coach.post(page, form)
		wantStatus(t, "complete with progress", resp, body, 303)

		resp, out = e.api("GET", "/api/v1/engagements/"+itoa(eng), c.coach, nil)
		if g := decodeMap(t, out); g["progress_percent"] != 45.0 || g["sessions_completed"] != 1.0 {
			t.Errorf("engagement after the session: %s", out)
		}
		progress, err := e.svc.EngagementProgress(t.Context(), domain.Actor{Person: c.coachP}, eng)
		if err != nil || len(progress) != 1 || progress[0].Percent != 45 || progress[0].MeetingID == nil || *progress[0].MeetingID != id {
			t.Fatalf("progress history %+v %v, want one entry of 45%% from session %d", progress, err, id)
		}
		if got := actions(e.auditOf("session", id)); strings.Join(got, ",") != "create,completed" {
			t.Errorf("session audit: %v", got)
		}
		engAudit := e.auditOf("engagement", eng)
		if got := actions(engAudit); strings.Join(got, ",") != "create,update" {
			t.Fatalf("engagement audit: %v", got)
		}
		if ch := engAudit[1].Changes; ch["progress_percent"].After != 45.0 || ch["session_id"].After != float64(id) {
			t.Errorf("engagement audit changes: %v", ch)
		}

		_, body = coach.get(page)
		if strings.Contains(body, `name="date"`) || strings.Contains(body, `value="completed"`) || !strings.Contains(body, `value="45"`) {
			t.Errorf("a completed session offers a new time or completion again, or lost the progress: %s", body)
		}
		again := url.Values{"_csrf": form["_csrf"], "location": {"Room 4"}, "notes": {"Planned Q2 together"}, "private_notes": {""},
			"progress_percent": {"45"}}
		resp, body = coach.post(page, again)
		wantStatus(t, "the same form again", resp, body, 303)
		if n, m := len(e.auditOf("session", id)), len(e.auditOf("engagement", eng)); n != 2 || m != 2 {
			t.Errorf("an unchanged save wrote audit entries: session %d, engagement %d", n, m)
		}
		if progress, _ := e.svc.EngagementProgress(t.Context(), domain.Actor{Person: c.coachP}, eng); len(progress) != 1 {
			t.Errorf("an unchanged percent added progress: %+v", progress)
		}

		resp, out = e.api("POST", "/api/v1/engagements/"+itoa(eng)+"/close", c.coach, map[string]any{"outcome": "achieved", "summary": "Done"})
		wantStatus(t, "close", resp, out, 200)
		_, body = coach.get(page)
		if strings.Contains(body, `name="progress_percent"`) || strings.Contains(body, `name="location"`) || !strings.Contains(body, "only the notes") {
			t.Errorf("closed engagement's session page: %s", body)
		}
		resp, body = coach.post(page, url.Values{"_csrf": form["_csrf"], "notes": {"Follow-up: sent the slides"}, "private_notes": {""}})
		wantStatus(t, "notes after closing", resp, body, 303)
		resp, body = coach.post(page, url.Values{"_csrf": form["_csrf"], "location": {"Room 9"}, "notes": {"x"}})
		wantStatus(t, "a new place after closing", resp, body, 409)
	})
}

// The JSON of check-ins and sessions carries what the caller may do.
func TestMeetingJSONCarriesCan(t *testing.T) {
	canOf := func(t *testing.T, body string) map[string]bool {
		t.Helper()
		var v struct {
			Can   map[string]bool
			Items []struct{ Can map[string]bool }
		}
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			t.Fatalf("%v: %s", err, body)
		}
		if v.Can == nil && len(v.Items) == 1 {
			return v.Items[0].Can
		}
		return v.Can
	}
	check := func(t *testing.T, what string, got, want map[string]bool) {
		t.Helper()
		if len(got) != len(want) {
			t.Errorf("%s: can %v, want %v", what, got, want)
			return
		}
		for k, w := range want {
			if g, ok := got[k]; !ok || g != w {
				t.Errorf("%s: can %v, want %v", what, got, want)
				return
			}
		}
	}
	// readAs reads one meeting and its list as the leader, the learner and
	// an admin (tokens in that order).
	readAs := func(t *testing.T, e *env, get, list string, tokens []string, participant, admin map[string]bool) {
		t.Helper()
		for i, who := range []string{"leader", "learner", "admin"} {
			want := participant
			if who == "admin" {
				want = admin
			}
			_, out := e.api("GET", get, tokens[i], nil)
			check(t, "get, "+who, canOf(t, out), want)
			_, out = e.api("GET", list, tokens[i], nil)
			check(t, "list, "+who, canOf(t, out), want)
		}
	}
	t.Run("check-ins", func(t *testing.T) {
		eachEnv(t, func(t *testing.T, e *env) {
			f := newMentoringFixture(t, e)
			pairing := "/api/v1/pairings/" + itoa(f.seniorMentorsJunior(t, e))
			resp, out := e.api("POST", pairing+"/checkins", f.juniorTok, map[string]any{"format": "formal",
				"scheduled_at": "2026-03-09T10:00:00+01:00", "duration_minutes": 45})
			wantStatus(t, "formal", resp, out, 201)
			check(t, "created, learner", canOf(t, out),
				map[string]bool{"edit": true, "complete": false, "cancel": true, "see_notes": true, "see_private_notes": true})
			id := itoa(idOf(t, out))
			e.clock.Set(time.Date(2026, 3, 9, 9, 30, 0, 0, time.UTC))
			participant := map[string]bool{"edit": true, "complete": true, "cancel": true, "see_notes": true, "see_private_notes": true}
			nothing := map[string]bool{"edit": false, "complete": false, "cancel": false, "see_notes": false, "see_private_notes": false}
			readAs(t, e, "/api/v1/checkins/"+id, pairing+"/checkins", []string{f.seniorTok, f.juniorTok, f.admin}, participant, nothing)
			resp, out = e.api("PATCH", "/api/v1/checkins/"+id, f.seniorTok, map[string]any{"status": "completed"})
			wantStatus(t, "complete", resp, out, 200)
			check(t, "completed, leader", canOf(t, out),
				map[string]bool{"edit": true, "complete": false, "cancel": false, "see_notes": true, "see_private_notes": true})
		})
	})
	t.Run("sessions", func(t *testing.T) {
		eachCoachingEnv(t, func(t *testing.T, e *env) {
			c := e.coachingCast()
			eng := "/api/v1/engagements/" + itoa(c.newEngagement(t, e, c.coachP.ID))
			resp, out := e.api("POST", eng+"/sessions", c.coachee, map[string]any{"scheduled_at": "2026-03-12T09:00:00Z", "duration_minutes": 60})
			wantStatus(t, "session", resp, out, 201)
			id := itoa(idOf(t, out))
			e.clock.Set(time.Date(2026, 3, 12, 9, 30, 0, 0, time.UTC))
			participant := map[string]bool{"edit": true, "complete": true, "cancel": true, "no_show": true, "see_notes": true, "see_private_notes": true}
			nothing := map[string]bool{"edit": false, "complete": false, "cancel": false, "no_show": false, "see_notes": false, "see_private_notes": false}
			readAs(t, e, "/api/v1/sessions/"+id, eng+"/sessions", []string{c.coach, c.coachee, c.admin}, participant, nothing)
			resp, out = e.api("PATCH", "/api/v1/sessions/"+id, c.coachee, map[string]any{"status": "completed", "progress_percent": 50})
			wantStatus(t, "coachee sends progress", resp, out, 403)
			resp, out = e.api("PATCH", "/api/v1/sessions/"+id, c.coach, map[string]any{"status": "no_show", "progress_percent": 20})
			wantStatus(t, "coach marks a no-show with progress", resp, out, 200)
			check(t, "no-show, leader", canOf(t, out),
				map[string]bool{"edit": true, "complete": false, "cancel": false, "no_show": false, "see_notes": true, "see_private_notes": true})
			resp, out = e.api("GET", eng, c.coach, nil)
			if decodeMap(t, out)["progress_percent"] != 20.0 {
				t.Errorf("progress with the no-show: %s", out)
			}
			resp, out = e.api("POST", eng+"/sessions", c.coach, map[string]any{"scheduled_at": "2026-03-20T09:00:00Z", "duration_minutes": 60,
				"progress_percent": 30})
			wantStatus(t, "progress on a new session", resp, out, 422)
		})
	})
}

// sqlFixture inserts rows the agenda reads, straight into the tables, so
// these tests depend on the schema only.
type sqlFixture struct {
	e *env
}

func (f sqlFixture) exec(q string, args ...any) int64 {
	f.e.t.Helper()
	db := f.e.store.DB()
	var id int64
	if err := db.QueryRowx(db.Rebind(q+" RETURNING id"), args...).Scan(&id); err != nil {
		f.e.t.Fatalf("fixture %q: %v", q, err)
	}
	return id
}

func (f sqlFixture) programme(name, kind string) int64 {
	now := time.Now().UTC()
	return f.exec(`INSERT INTO programmes (name, kind, description, created_at, updated_at) VALUES (?, ?, '', ?, ?)`, name, kind, now, now)
}

func (f sqlFixture) pairing(prog, mentor, mentee int64) int64 {
	now := time.Now().UTC()
	return f.exec(`INSERT INTO pairings (programme_id, mentor_id, mentee_id, started_on, status, checkin_cadence_days, created_at, updated_at)
		VALUES (?, ?, ?, '2026-01-01', 'active', 14, ?, ?)`, prog, mentor, mentee, now, now)
}

func (f sqlFixture) engagement(prog, coach, coachee int64, goal string) int64 {
	now := time.Now().UTC()
	return f.exec(`INSERT INTO engagements (programme_id, coach_id, coachee_id, goal_title, goal_area, starts_on, ends_on,
		planned_sessions, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'work', '2026-01-01', '2026-12-31', 6, 'active', ?, ?)`,
		prog, coach, coachee, goal, now, now)
}

func (f sqlFixture) meeting(kind string, rel, leader, learner int64, at time.Time, status string) int64 {
	col := "pairing_id"
	if kind == "session" {
		col = "engagement_id"
	}
	now := time.Now().UTC()
	return f.exec(`INSERT INTO meetings (kind, `+col+`, leader_id, learner_id, format, scheduled_at, ends_at, duration_minutes,
		location, status, notes, created_at, updated_at) VALUES (?, ?, ?, ?, 'formal', ?, ?, 45, 'Room 4', ?, 'secret notes', ?, ?)`,
		kind, rel, leader, learner, at.UTC(), at.Add(45*time.Minute).UTC(), status, now, now)
}

func TestAgendaBothKindsInOwnZone(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := sqlFixture{e}
		mentor, _ := e.member("mentor@example.com", 8)
		coach, coachTok := e.member("coach@example.com", 9)
		learner, learnerTok := e.member("learner@example.com", 3)
		_, outsiderTok := e.member("outsider@example.com", 5)
		// The learner lives in Tokyo, the coach in Los Angeles.
		ctx := context.Background()
		tokyo, la := "Asia/Tokyo", "America/Los_Angeles"
		if _, err := e.svc.UpdateOwnProfile(ctx, domain.Actor{Person: learner}, domain.ProfileInput{Timezone: &tokyo}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.UpdateOwnProfile(ctx, domain.Actor{Person: coach}, domain.ProfileInput{Timezone: &la}); err != nil {
			t.Fatal(err)
		}
		pm := f.programme("Graduates", "mentoring")
		pc := f.programme("Leaders", "coaching")
		pa := f.pairing(pm, mentor.ID, learner.ID)
		en := f.engagement(pc, coach.ID, learner.ID, "Speak up in meetings")
		now := e.clock.Now() // 2026-03-02 09:00 UTC
		checkin := f.meeting("checkin", pa, mentor.ID, learner.ID, now.Add(26*time.Hour), "scheduled")
		session := f.meeting("session", en, coach.ID, learner.ID, now.Add(50*time.Hour), "scheduled")
		f.meeting("checkin", pa, mentor.ID, learner.ID, now.Add(-72*time.Hour), "completed") // before the range

		resp, body := e.api("GET", "/api/v1/me/agenda", learnerTok, nil)
		wantStatus(t, "agenda", resp, body, 200)
		var out struct {
			Items []struct {
				Kind        string
				ID          int64
				Title       string
				With        struct{ ID int64 }
				ScheduledAt time.Time `json:"scheduled_at"`
				Location    string
				Status      string
			}
		}
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatal(err)
		}
		if len(out.Items) != 2 || out.Items[0].ID != checkin || out.Items[1].ID != session ||
			out.Items[0].Kind != "checkin" || out.Items[1].Kind != "session" {
			t.Fatalf("agenda items: %s", body)
		}
		if out.Items[0].With.ID != mentor.ID || out.Items[1].With.ID != coach.ID || out.Items[1].Location != "Room 4" {
			t.Errorf("other participant or location wrong: %s", body)
		}
		if !strings.HasSuffix(strings.Split(body, `"scheduled_at":"`)[1][:20], "Z") || strings.Contains(body, "secret notes") {
			t.Errorf("instants not UTC or notes leaked: %s", body)
		}
		if !strings.Contains(out.Items[1].Title, "Speak up in meetings") {
			t.Errorf("session title: %q", out.Items[1].Title)
		}
		// A range given as dates in the caller's zone, and as instants with offsets.
		resp, body = e.api("GET", "/api/v1/me/agenda?from=2026-03-03&to=2026-03-03", learnerTok, nil)
		wantStatus(t, "date range", resp, body, 200)
		if !strings.Contains(body, `"kind":"checkin"`) || strings.Contains(body, `"kind":"session"`) {
			t.Errorf("2026-03-03 in Tokyo: %s", body)
		}
		resp, body = e.api("GET", "/api/v1/me/agenda?from="+url.QueryEscape("2026-03-04T00:00:00+09:00")+"&to="+url.QueryEscape("2026-03-05T00:00:00+09:00"), learnerTok, nil)
		wantStatus(t, "offset range", resp, body, 200)
		if !strings.Contains(body, `"kind":"session"`) || strings.Contains(body, `"kind":"checkin"`) {
			t.Errorf("2026-03-04 Tokyo by offsets: %s", body)
		}
		for _, q := range []string{"from=yesterday", "to=2026-13-01", "from=2026-03-05&to=2026-03-01"} {
			resp, body = e.api("GET", "/api/v1/me/agenda?"+q, learnerTok, nil)
			wantStatus(t, q, resp, body, 400)
		}
		resp, body = e.api("GET", "/api/v1/me/agenda", outsiderTok, nil)
		if body != `{"items":[],"truncated":false}` {
			t.Errorf("outsider's agenda: %s", body)
		}
		resp, body = e.api("GET", "/api/v1/me/agenda", coachTok, nil)
		if !strings.Contains(body, `"role":"coach"`) || strings.Contains(body, `"kind":"checkin"`) {
			t.Errorf("coach's agenda: %s", body)
		}

		// The same session at each viewer's local time, zone named.
		lb := e.browser()
		lb.login("learner@example.com", "member password 1")
		_, page := lb.get("/")
		// 2026-03-04 11:00 UTC is 20:00 in Tokyo, 03:00 in Los Angeles.
		if !strings.Contains(page, "Wed 4 Mar 2026, 20:00 JST") || !strings.Contains(page, "Tomorrow") {
			t.Errorf("learner's home does not show Tokyo times:\n%s", page)
		}
		cb := e.browser()
		cb.login("coach@example.com", "member password 1")
		_, page = cb.get("/agenda")
		if !strings.Contains(page, "Wed 4 Mar 2026, 03:00 PST") {
			t.Errorf("coach's agenda does not show Los Angeles time:\n%s", page)
		}
	})
}

func TestSettings(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		_, tok := e.member("s@example.com", 4)
		resp, body := e.api("PATCH", "/api/v1/me", tok, map[string]any{"timezone": "Mars/Base"})
		wantStatus(t, "bad zone", resp, body, 422)
		resp, body = e.api("PATCH", "/api/v1/me", tok, map[string]any{"name": "Sam", "timezone": "Asia/Tokyo"})
		wantStatus(t, "profile", resp, body, 200)
		if !strings.Contains(body, `"timezone":"Asia/Tokyo"`) || !strings.Contains(body, `"name":"Sam"`) {
			t.Errorf("profile: %s", body)
		}
		resp, body = e.api("PATCH", "/api/v1/me", tok, map[string]any{"role": "admin"})
		wantStatus(t, "cannot make oneself admin", resp, body, 400)
		resp, body = e.api("PATCH", "/api/v1/me", tok, map[string]any{"current_password": "wrong one!!", "new_password": "a brand new password"})
		wantStatus(t, "wrong current password", resp, body, 422)

		b := e.browser()
		b.login("s@example.com", "member password 1")
		other := e.browser()
		other.login("s@example.com", "member password 1")
		csrf := b.csrf("/settings")
		resp, body = b.post("/settings/password", url.Values{"_csrf": {csrf}, "current_password": {"member password 1"},
			"new_password": {"a brand new password"}, "confirm_password": {"a brand new password"}})
		wantStatus(t, "change password", resp, body, 303)
		if r, _ := b.get("/settings"); r.StatusCode != 200 {
			t.Errorf("own session ended by password change: %d", r.StatusCode)
		}
		if r, _ := other.get("/settings"); r.StatusCode != 303 {
			t.Errorf("other session survived password change: %d", r.StatusCode)
		}
		e.token("s@example.com", "a brand new password")

		resp, body = b.post("/settings/tokens", url.Values{"_csrf": {csrf}, "name": {"script"}})
		wantStatus(t, "create token", resp, body, 200)
		if !strings.Contains(body, `id="new-token"`) {
			t.Fatalf("new token not shown: %s", body)
		}
		resp, body = e.api("GET", "/api/v1/me/tokens", tok, nil)
		if !strings.Contains(body, `"name":"script"`) || strings.Contains(body, "hash") {
			t.Errorf("tokens: %s", body)
		}
		var list struct{ Items []struct{ ID int64 } }
		_ = json.Unmarshal([]byte(body), &list)
		admin := e.token("admin@example.com", adminPassword)
		resp, body = e.api("DELETE", "/api/v1/me/tokens/"+itoa(list.Items[0].ID), admin, nil)
		wantStatus(t, "revoke another's token", resp, body, 404)
		resp, body = e.api("DELETE", "/api/v1/me/tokens/"+itoa(list.Items[0].ID), tok, nil)
		wantStatus(t, "revoke own token", resp, body, 204)
	})
}

func TestPasswordConfirmationMustMatch(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		e.member("c@example.com", 4)
		b := e.browser()
		b.login("c@example.com", "member password 1")
		csrf := b.csrf("/settings")
		resp, body := b.post("/settings/password", url.Values{"_csrf": {csrf}, "current_password": {"member password 1"},
			"new_password": {"a brand new password"}, "confirm_password": {"another password!!"}})
		wantStatus(t, "mismatch", resp, body, 422)
		e.token("c@example.com", "member password 1") // unchanged
	})
}

// TestAgendaSaysWhenTruncated: a range holding more meetings than one
// answer lists says so, in the JSON and on the page; one that fits does not.
func TestAgendaSaysWhenTruncated(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := sqlFixture{e}
		mentor, _ := e.member("mentor@example.com", 8)
		learner, learnerTok := e.member("learner@example.com", 3)
		pa := f.pairing(f.programme("Graduates", "mentoring"), mentor.ID, learner.ID)
		now := e.clock.Now()
		var ms []*domain.Meeting
		for i := range domain.MaxAgendaItems + 1 {
			ms = append(ms, &domain.Meeting{Kind: domain.MeetingCheckin, PairingID: &pa, LeaderID: mentor.ID, LearnerID: learner.ID,
				Format: domain.FormatFormal, ScheduledAt: now.Add(time.Duration(i+1) * time.Hour).UTC(), DurationMinutes: 30,
				Status: domain.StatusScheduled, CreatedBy: mentor.ID, CreatedAt: now, UpdatedAt: now})
		}
		if err := e.store.CreateMeetings(context.Background(), ms); err != nil {
			t.Fatal(err)
		}
		var out struct {
			Items     []json.RawMessage
			Truncated bool
		}
		resp, body := e.api("GET", "/api/v1/me/agenda?to=2026-06-01", learnerTok, nil)
		wantStatus(t, "long agenda", resp, body, 200)
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatal(err)
		}
		if !out.Truncated || len(out.Items) != domain.MaxAgendaItems {
			t.Errorf("truncated %v with %d items", out.Truncated, len(out.Items))
		}
		last := ms[domain.MaxAgendaItems-1].ScheduledAt.Add(time.Minute).Format(time.RFC3339)
		resp, body = e.api("GET", "/api/v1/me/agenda?to="+url.QueryEscape(last), learnerTok, nil)
		wantStatus(t, "agenda that fits", resp, body, 200)
		out.Truncated, out.Items = true, nil
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatal(err)
		}
		if out.Truncated || len(out.Items) != domain.MaxAgendaItems {
			t.Errorf("a range of exactly %d: truncated %v with %d items", domain.MaxAgendaItems, out.Truncated, len(out.Items))
		}
		b := e.browser()
		b.login("learner@example.com", "member password 1")
		_, page := b.get("/agenda?from=2026-03-01&to=2026-06-01")
		if !strings.Contains(page, "only the first 1000 are listed") {
			t.Errorf("the page does not say the list is cut short")
		}
		_, page = b.get("/agenda?from=2026-03-01&to=2026-03-03")
		if strings.Contains(page, "only the first") {
			t.Errorf("a short range says it is cut short")
		}
	})
}
