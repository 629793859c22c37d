package views_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"testing"
	"time"

	"cairn/domain"
	"cairn/storage"
	"cairn/storage/storagetest"
	"cairn/views"
)

// eachCoachingEnv runs fn on both stores with the organisation in
// Europe/Berlin, so the engagement window's zone is tested, not UTC's.
func eachCoachingEnv(t *testing.T, fn func(t *testing.T, e *env)) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		berlin, err := time.LoadLocation("Europe/Berlin")
		if err != nil {
			t.Fatal(err)
		}
		clock := domain.NewFixedClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
		svc := domain.NewService(s, clock, domain.Config{PasswordParams: cheap, OrgLocation: berlin, GoalWarningDays: 14, Translator: catalogue(t)})
		app, err := views.New(svc, slog.New(slog.NewTextHandler(io.Discard, nil)), views.Options{BaseURL: "http://cairn.test", LoginLimit: 50})
		if err != nil {
			t.Fatal(err)
		}
		e := &env{t: t, app: app, svc: svc, store: s, clock: clock}
		if _, _, err := svc.EnsureFirstAdmin(context.Background(), "admin@example.com", adminPassword); err != nil {
			t.Fatal(err)
		}
		if e.admin, err = s.PersonByEmail(context.Background(), "admin@example.com"); err != nil {
			t.Fatal(err)
		}
		fn(t, e)
	})
}

// coaching is the cast of a coaching test.
type coaching struct {
	admin, coach, coachee, other, external string // tokens
	coachP, coacheeP, otherP, externalP    domain.Person
	programme                              int64
}

func (e *env) coachingCast() coaching {
	e.t.Helper()
	var c coaching
	c.admin = e.token("admin@example.com", adminPassword)
	c.coachP, c.coach = e.member("coach@example.com", 8)
	c.coacheeP, c.coachee = e.member("coachee@example.com", 3)
	c.otherP, c.other = e.member("other@example.com", 5)
	var err error
	c.externalP, err = e.svc.CreatePerson(context.Background(), domain.Actor{Person: e.admin}, domain.PersonInput{
		Name: "Outside Coach", Email: "ext@coaching.example", Seniority: 9, Timezone: "Europe/London", External: true,
		Password: "member password 1"})
	if err != nil {
		e.t.Fatal(err)
	}
	c.external = e.token("ext@coaching.example", "member password 1")
	resp, out := e.api("POST", "/api/v1/programmes", c.admin, map[string]any{"name": "Leadership coaching", "kind": "coaching"})
	wantStatus(e.t, "create coaching programme", resp, out, 201)
	c.programme = int64(decodeMap(e.t, out)["id"].(float64))
	return c
}

func decodeMap(t *testing.T, body string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("not a JSON object: %s", body)
	}
	return m
}

// newEngagement starts an engagement of the cast's coachee with coach, as
// the admin, and returns its id.
func (c coaching) newEngagement(t *testing.T, e *env, coach int64) int64 {
	t.Helper()
	resp, out := e.api("POST", "/api/v1/engagements", c.admin, engagementBody(c, coach, c.coacheeP.ID))
	wantStatus(t, "engagement", resp, out, 201)
	return idOf(t, out)
}

// idStr is the id in a JSON answer, as a path segment.
func idStr(t *testing.T, body string) string {
	t.Helper()
	return itoa(int64(decodeMap(t, body)["id"].(float64)))
}

func wantField(t *testing.T, what, body, field string) {
	t.Helper()
	var e struct {
		Error struct{ Fields map[string]string }
	}
	_ = json.Unmarshal([]byte(body), &e)
	if e.Error.Fields[field] == "" {
		t.Errorf("%s: no fields.%s in %s", what, field, body)
	}
}

func engagementBody(c coaching, coach, coachee int64) map[string]any {
	return map[string]any{"programme_id": c.programme, "coach_id": coach, "coachee_id": coachee,
		"goal": map[string]any{"title": "Lead the platform team", "description": "Take over as team lead", "area": "work",
			"success_measure": "Runs the planning alone"},
		"starts_on": "2026-03-01", "ends_on": "2026-06-30", "planned_sessions": 6}
}

func TestEngagementCreateRules(t *testing.T) {
	eachCoachingEnv(t, func(t *testing.T, e *env) {
		c := e.coachingCast()
		resp, out := e.api("POST", "/api/v1/programmes", c.admin, map[string]any{"name": "Mentors", "kind": "mentoring"})
		wantStatus(t, "mentoring programme", resp, out, 201)
		mentoring := decodeMap(t, out)["id"]
		resp, out = e.api("POST", "/api/v1/programmes", c.admin, map[string]any{"name": "Old coaching", "kind": "coaching"})
		archived := decodeMap(t, out)["id"]
		resp, out = e.api("PATCH", "/api/v1/programmes/"+idStr(t, out), c.admin, map[string]any{"archived": true})
		wantStatus(t, "archive", resp, out, 200)
		gone, _ := e.member("gone@example.com", 2)
		resp, out = e.api("PATCH", "/api/v1/people/"+itoa(gone.ID), c.admin, map[string]any{"active": false})
		wantStatus(t, "deactivate", resp, out, 200)

		cases := []struct {
			name   string
			edit   func(b map[string]any)
			status int
			field  string
		}{
			{"ends_on before starts_on", func(b map[string]any) { b["ends_on"] = "2026-02-01" }, 422, "ends_on"},
			{"no ends_on", func(b map[string]any) { delete(b, "ends_on") }, 422, "ends_on"},
			{"coach is coachee", func(b map[string]any) { b["coachee_id"] = c.coachP.ID }, 422, "coachee_id"},
			{"mentoring programme", func(b map[string]any) { b["programme_id"] = mentoring }, 422, "programme_id"},
			{"archived programme", func(b map[string]any) { b["programme_id"] = archived }, 422, "programme_id"},
			{"no such programme", func(b map[string]any) { b["programme_id"] = 9999 }, 422, "programme_id"},
			{"inactive coachee", func(b map[string]any) { b["coachee_id"] = gone.ID }, 422, "coachee_id"},
			{"no such coach", func(b map[string]any) { b["coach_id"] = 9999 }, 422, "coach_id"},
			{"no planned sessions", func(b map[string]any) { b["planned_sessions"] = 0 }, 422, "planned_sessions"},
			{"too many planned sessions", func(b map[string]any) { b["planned_sessions"] = 101 }, 422, "planned_sessions"},
			{"bad area", func(b map[string]any) { b["goal"].(map[string]any)["area"] = "hobby" }, 422, "goal.area"},
			{"no goal title", func(b map[string]any) { delete(b["goal"].(map[string]any), "title") }, 422, "goal.title"},
			{"unknown field", func(b map[string]any) { b["colour"] = "blue" }, 400, ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				b := engagementBody(c, c.coachP.ID, c.coacheeP.ID)
				tc.edit(b)
				resp, out := e.api("POST", "/api/v1/engagements", c.admin, b)
				wantStatus(t, tc.name, resp, out, tc.status)
				if tc.field != "" {
					wantField(t, tc.name, out, tc.field)
				}
			})
		}
		resp, out = e.api("POST", "/api/v1/engagements", c.coach, engagementBody(c, c.coachP.ID, c.coacheeP.ID))
		wantStatus(t, "member creates", resp, out, 403)

		resp, out = e.api("POST", "/api/v1/engagements", c.admin, engagementBody(c, c.coachP.ID, c.coacheeP.ID))
		wantStatus(t, "valid engagement", resp, out, 201)
		got := decodeMap(t, out)
		goal, _ := got["goal"].(map[string]any)
		if got["deadline_status"] != "on_track" || got["status"] != "active" || got["sessions_completed"] != 0.0 ||
			got["progress_percent"] != 0.0 || got["starts_on"] != "2026-03-01" || got["ends_on"] != "2026-06-30" ||
			got["planned_sessions"] != 6.0 || goal["area"] != "work" || goal["success_measure"] != "Runs the planning alone" {
			t.Errorf("created engagement: %s", out)
		}

		one := 1
		if _, err := e.svc.UpdatePerson(context.Background(), domain.Actor{Person: e.admin}, c.coachP.ID,
			domain.PersonPatch{MaxCoachees: func() **int { p := &one; return &p }()}); err != nil {
			t.Fatal(err)
		}
		resp, out = e.api("POST", "/api/v1/engagements", c.admin, engagementBody(c, c.coachP.ID, c.otherP.ID))
		wantStatus(t, "coach over max_coachees", resp, out, 409)
		wantField(t, "coach over max_coachees", out, "coach_id")
	})
}

func TestEngagementSessionsProgressAndClose(t *testing.T) {
	eachCoachingEnv(t, func(t *testing.T, e *env) {
		c := e.coachingCast()
		eng := itoa(c.newEngagement(t, e, c.coachP.ID))
		resp, out := e.api("POST", "/api/v1/engagements", c.admin, engagementBody(c, c.externalP.ID, c.coacheeP.ID))
		wantStatus(t, "create with the external coach", resp, out, 201)
		eng2 := idStr(t, out)

		// Who sees the engagement.
		for _, v := range []struct {
			who, token string
			status     int
		}{{"admin", c.admin, 200}, {"coach", c.coach, 200}, {"coachee", c.coachee, 200}, {"other member", c.other, 404}, {"external coach of another", c.external, 404}} {
			resp, out := e.api("GET", "/api/v1/engagements/"+eng, v.token, nil)
			wantStatus(t, v.who+" reads", resp, out, v.status)
		}
		e.wantItems(t, "another member's list", "/api/v1/engagements", c.other, "", 0)
		e.wantItems(t, "coachee's list should hold both engagements", "/api/v1/engagements", c.coachee, `"goal"`, 2)
		resp, out = e.api("GET", "/api/v1/engagements", c.external, nil)
		if strings.Count(out, `"goal"`) != 1 || !strings.Contains(out, `"id":`+eng2) {
			t.Errorf("external coach's list: %s", out)
		}

		// Scheduling rules.
		sessions := "/api/v1/engagements/" + eng + "/sessions"
		resp, out = e.api("POST", "/api/v1/engagements/"+eng2+"/sessions", c.external,
			map[string]any{"scheduled_at": "2026-03-10T10:00:00Z", "duration_minutes": 60, "location": "Room 4"})
		wantStatus(t, "external coach schedules", resp, out, 201)
		otherSession := idStr(t, out)
		for _, tc := range []struct {
			name   string
			body   map[string]any
			token  string
			status int
			field  string
		}{
			{"the day after ends_on", map[string]any{"scheduled_at": "2026-07-01T10:00:00+02:00", "duration_minutes": 60}, c.coach, 422, "scheduled_at"},
			{"after midnight in the organisation's zone", map[string]any{"scheduled_at": "2026-06-30T22:30:00Z", "duration_minutes": 30}, c.coach, 422, "scheduled_at"},
			{"before starts_on", map[string]any{"scheduled_at": "2026-02-28T10:00:00Z", "duration_minutes": 60}, c.coach, 422, "scheduled_at"},
			{"too short", map[string]any{"scheduled_at": "2026-03-12T09:00:00Z", "duration_minutes": 4}, c.coach, 422, "duration_minutes"},
			{"too long", map[string]any{"scheduled_at": "2026-03-12T09:00:00Z", "duration_minutes": 481}, c.coach, 422, "duration_minutes"},
			{"completed in the future", map[string]any{"scheduled_at": "2026-03-12T09:00:00Z", "duration_minutes": 60, "status": "completed"}, c.coach, 422, "status"},
			{"overlaps the coachee's other session", map[string]any{"scheduled_at": "2026-03-10T10:30:00Z", "duration_minutes": 60}, c.coach, 409, "scheduled_at"},
			{"an admin, not a participant", map[string]any{"scheduled_at": "2026-03-12T09:00:00Z", "duration_minutes": 60}, c.admin, 403, ""},
			{"another member", map[string]any{"scheduled_at": "2026-03-12T09:00:00Z", "duration_minutes": 60}, c.other, 404, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				resp, out := e.api("POST", sessions, tc.token, tc.body)
				wantStatus(t, tc.name, resp, out, tc.status)
				if tc.field != "" {
					wantField(t, tc.name, out, tc.field)
				}
			})
		}
		resp, out = e.api("POST", sessions, c.coachee, map[string]any{"scheduled_at": "2026-06-30T21:30:00Z", "duration_minutes": 30})
		wantStatus(t, "last evening of ends_on in the organisation's zone", resp, out, 201)
		lastEvening := idStr(t, out)
		resp, out = e.api("POST", sessions, c.coachee, map[string]any{"scheduled_at": "2026-03-12T10:00:00+01:00", "duration_minutes": 60,
			"location": "https://meet.example/abc", "notes": "Agenda: delegation", "private_notes": "coachee's own"})
		wantStatus(t, "good session", resp, out, 201)
		sess := idStr(t, out)
		if s := decodeMap(t, out); s["scheduled_at"] != "2026-03-12T09:00:00Z" || s["status"] != "scheduled" || s["private_notes"] != "coachee's own" {
			t.Errorf("created session: %s", out)
		}
		for _, who := range []string{c.coach, c.coachee} {
			resp, out := e.api("GET", sessions, who, nil)
			wantStatus(t, "participant lists sessions", resp, out, 200)
			if !strings.Contains(out, `"id":`+sess) || !strings.Contains(out, "Agenda: delegation") {
				t.Errorf("session missing from a participant's view: %s", out)
			}
		}
		resp, out = e.api("GET", "/api/v1/sessions/"+sess, c.coach, nil)
		if strings.Contains(out, "coachee's own") {
			t.Errorf("coach sees the coachee's private notes: %s", out)
		}

		// The coach completes it with notes, once it has happened.
		resp, out = e.api("PATCH", "/api/v1/sessions/"+sess, c.coach, map[string]any{"status": "completed"})
		wantStatus(t, "complete before it happened", resp, out, 422)
		e.clock.Set(time.Date(2026, 3, 12, 10, 5, 0, 0, time.UTC))
		resp, out = e.api("PATCH", "/api/v1/sessions/"+sess, c.coach, map[string]any{"scheduled_at": "2026-07-02T09:00:00Z"})
		wantStatus(t, "move outside the dates", resp, out, 422)
		resp, out = e.api("PATCH", "/api/v1/sessions/"+sess, c.coach, map[string]any{"status": "completed",
			"notes": "Worked on delegation", "private_notes": "coach: push harder next time"})
		wantStatus(t, "coach completes", resp, out, 200)
		if s := decodeMap(t, out); s["status"] != "completed" || s["notes"] != "Worked on delegation" || s["private_notes"] != "coach: push harder next time" {
			t.Errorf("completed session: %s", out)
		}
		resp, out = e.api("PATCH", "/api/v1/sessions/"+sess, c.coach, map[string]any{"status": "scheduled"})
		wantStatus(t, "completed back to scheduled", resp, out, 409)
		resp, out = e.api("GET", "/api/v1/sessions/"+sess, c.coachee, nil)
		if s := decodeMap(t, out); s["notes"] != "Worked on delegation" || s["private_notes"] != "coachee's own" {
			t.Errorf("coachee's view of the session: %s", out)
		}
		resp, out = e.api("GET", "/api/v1/sessions/"+sess, c.admin, nil)
		wantStatus(t, "admin reads the session", resp, out, 200)
		if s := decodeMap(t, out); s["status"] != "completed" || s["notes"] != nil || s["private_notes"] != nil {
			t.Errorf("admin's view of the session: %s", out)
		}
		resp, out = e.api("GET", sessions, c.admin, nil)
		if !strings.Contains(out, `"completed"`) || strings.Contains(out, "delegation") || strings.Contains(out, "push harder") || strings.Contains(out, "own") {
			t.Errorf("admin's list of sessions shows notes: %s", out)
		}
		resp, out = e.api("PATCH", "/api/v1/sessions/"+sess, c.admin, map[string]any{"notes": "admin was here"})
		wantStatus(t, "admin edits a session", resp, out, 403)
		for _, path := range []string{"/api/v1/sessions/" + sess, sessions} {
			resp, out = e.api("GET", path, c.other, nil)
			wantStatus(t, "another member reads "+path, resp, out, 404)
		}
		resp, out = e.api("PATCH", "/api/v1/sessions/"+sess, c.other, map[string]any{"notes": "x"})
		wantStatus(t, "another member patches", resp, out, 404)
		resp, out = e.api("GET", "/api/v1/sessions/"+otherSession, c.coach, nil)
		wantStatus(t, "coach reads a session of another engagement", resp, out, 404)

		resp, out = e.api("GET", "/api/v1/engagements/"+eng, c.admin, nil)
		if decodeMap(t, out)["sessions_completed"] != 1.0 {
			t.Errorf("sessions_completed after one: %s", out)
		}
		resp, out = e.api("GET", "/api/v1/engagements?programme_id="+itoa(c.programme), c.admin, nil)
		if !strings.Contains(out, `"sessions_completed":1`) || !strings.Contains(out, `"sessions_completed":0`) {
			t.Errorf("list counts: %s", out)
		}

		// Progress.
		path := "/api/v1/engagements/" + eng
		resp, out = e.api("PATCH", path, c.coachee, map[string]any{"progress_percent": 50})
		wantStatus(t, "coachee sets progress", resp, out, 403)
		resp, out = e.api("PATCH", path, c.coach, map[string]any{"planned_sessions": 8})
		wantStatus(t, "coach changes the plan", resp, out, 403)
		resp, out = e.api("PATCH", path, c.coach, map[string]any{"progress_percent": 101})
		wantStatus(t, "progress over 100", resp, out, 422)
		wantField(t, "progress over 100", out, "progress_percent")
		resp, out = e.api("PATCH", path, c.coach, map[string]any{"status": "completed"})
		wantStatus(t, "status by PATCH", resp, out, 422)
		resp, out = e.api("PATCH", path, c.other, map[string]any{"progress_percent": 10})
		wantStatus(t, "another member sets progress", resp, out, 404)
		resp, out = e.api("PATCH", path, c.coach, map[string]any{"progress_percent": 40, "progress_comment": "Delegates the on-call rota"})
		wantStatus(t, "coach sets progress", resp, out, 200)
		if decodeMap(t, out)["progress_percent"] != 40.0 {
			t.Errorf("progress: %s", out)
		}
		resp, out = e.api("PATCH", path, c.admin, map[string]any{"ends_on": "2026-06-29"})
		wantStatus(t, "shorten past a scheduled session", resp, out, 409)
		resp, out = e.api("GET", path+"/progress", c.coachee, nil)
		if !strings.Contains(out, "Delegates the on-call rota") || !strings.Contains(out, `"percent":40`) {
			t.Errorf("coachee's progress history: %s", out)
		}
		resp, out = e.api("GET", path+"/progress", c.admin, nil)
		if strings.Contains(out, "on-call") || !strings.Contains(out, `"percent":40`) {
			t.Errorf("admin's progress history: %s", out)
		}

		// Deadline status follows the clock, in the organisation's zone.
		for _, d := range []struct {
			at   time.Time
			want string
		}{
			{time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC), "on_track"},
			{time.Date(2026, 6, 20, 12, 0, 0, 0, time.UTC), "due_soon"},
			{time.Date(2026, 6, 30, 21, 0, 0, 0, time.UTC), "due_soon"},
			{time.Date(2026, 6, 30, 22, 30, 0, 0, time.UTC), "overdue"}, // already 1 July in Berlin
		} {
			e.clock.Set(d.at)
			resp, out := e.api("GET", path, c.coach, nil)
			wantStatus(t, "read at "+d.at.String(), resp, out, 200)
			if got := decodeMap(t, out)["deadline_status"]; got != d.want {
				t.Errorf("at %s: deadline_status %v, want %s", d.at, got, d.want)
			}
		}

		// Close.
		close := path + "/close"
		resp, out = e.api("POST", close, c.coachee, map[string]any{"outcome": "achieved", "summary": "Done"})
		wantStatus(t, "coachee closes", resp, out, 403)
		resp, out = e.api("POST", close, c.other, map[string]any{"outcome": "achieved", "summary": "Done"})
		wantStatus(t, "another member closes", resp, out, 404)
		resp, out = e.api("POST", close, c.coach, map[string]any{"outcome": "brilliant", "summary": "Done"})
		wantStatus(t, "bad outcome", resp, out, 422)
		wantField(t, "bad outcome", out, "outcome")
		resp, out = e.api("POST", close, c.coach, map[string]any{"outcome": "achieved"})
		wantStatus(t, "no summary", resp, out, 422)
		wantField(t, "no summary", out, "summary")
		resp, out = e.api("POST", close, c.coach, map[string]any{"outcome": "partially_achieved", "summary": "Leads planning, not yet hiring"})
		wantStatus(t, "coach closes", resp, out, 200)
		if g := decodeMap(t, out); g["status"] != "completed" || g["deadline_status"] != "closed" || g["outcome"] != "partially_achieved" || g["closed_at"] == nil {
			t.Errorf("closed: %s", out)
		}
		resp, out = e.api("POST", close, c.admin, map[string]any{"outcome": "achieved", "summary": "again"})
		wantStatus(t, "close twice", resp, out, 409)
		resp, out = e.api("POST", sessions, c.coach, map[string]any{"scheduled_at": "2026-06-30T08:00:00Z", "duration_minutes": 60})
		wantStatus(t, "new session after close", resp, out, 409)
		resp, out = e.api("PATCH", path, c.coach, map[string]any{"progress_percent": 90})
		wantStatus(t, "progress after close", resp, out, 409)
		resp, out = e.api("GET", "/api/v1/sessions/"+lastEvening, c.coach, nil)
		if decodeMap(t, out)["status"] != "cancelled" {
			t.Errorf("a scheduled session outlived the close: %s", out)
		}
		resp, out = e.api("GET", sessions, c.coachee, nil)
		wantStatus(t, "history after close", resp, out, 200)
		if !strings.Contains(out, "Worked on delegation") {
			t.Errorf("history lost after close: %s", out)
		}
		resp, out = e.api("PATCH", "/api/v1/sessions/"+sess, c.coach, map[string]any{"notes": "Worked on delegation; follow-up agreed"})
		wantStatus(t, "notes after close", resp, out, 200)
		resp, out = e.api("PATCH", "/api/v1/sessions/"+sess, c.coach, map[string]any{"location": "Room 9"})
		wantStatus(t, "move after close", resp, out, 409)

		// Cancel.
		cancel := "/api/v1/engagements/" + eng2 + "/cancel"
		resp, out = e.api("POST", cancel, c.external, map[string]any{"reason": "no time"})
		wantStatus(t, "coach cancels", resp, out, 403)
		resp, out = e.api("POST", cancel, c.admin, map[string]any{"reason": "  "})
		wantStatus(t, "cancel without reason", resp, out, 422)
		wantField(t, "cancel without reason", out, "reason")
		resp, out = e.api("POST", cancel, c.admin, map[string]any{"reason": "The coach's contract ended"})
		wantStatus(t, "admin cancels", resp, out, 200)
		if g := decodeMap(t, out); g["status"] != "cancelled" || g["deadline_status"] != "closed" {
			t.Errorf("cancelled: %s", out)
		}
		resp, out = e.api("GET", "/api/v1/sessions/"+otherSession, c.coachee, nil)
		if decodeMap(t, out)["status"] != "cancelled" {
			t.Errorf("session of a cancelled engagement: %s", out)
		}
		resp, out = e.api("POST", cancel, c.admin, map[string]any{"reason": "again"})
		wantStatus(t, "cancel twice", resp, out, 409)
	})
}

func TestExternalCoachSeesOnlyTheirPeople(t *testing.T) {
	eachCoachingEnv(t, func(t *testing.T, e *env) {
		c := e.coachingCast()
		resp, out := e.api("GET", "/api/v1/people", c.external, nil)
		wantStatus(t, "external lists people before any engagement", resp, out, 200)
		if strings.Count(out, `"email"`) != 1 || !strings.Contains(out, "ext@coaching.example") {
			t.Errorf("external coach's directory before an engagement: %s", out)
		}
		resp, out = e.api("POST", "/api/v1/engagements", c.admin, engagementBody(c, c.externalP.ID, c.coacheeP.ID))
		wantStatus(t, "create", resp, out, 201)
		for _, v := range []struct {
			who    string
			id     int64
			status int
		}{{"themselves", c.externalP.ID, 200}, {"their coachee", c.coacheeP.ID, 200}, {"another member", c.otherP.ID, 404},
			{"the admin", e.admin.ID, 404}, {"nobody", 9999, 404}} {
			resp, out := e.api("GET", "/api/v1/people/"+itoa(v.id), c.external, nil)
			wantStatus(t, "external reads "+v.who, resp, out, v.status)
		}
		resp, out = e.api("GET", "/api/v1/people", c.external, nil)
		if strings.Count(out, `"email"`) != 2 || !strings.Contains(out, "coachee@example.com") || strings.Contains(out, "other@example.com") {
			t.Errorf("external coach's directory: %s", out)
		}
		resp, out = e.api("GET", "/api/v1/people?q=other", c.external, nil)
		if out != `{"items":[]}` {
			t.Errorf("external coach's search: %s", out)
		}
		resp, out = e.api("GET", "/api/v1/people/"+itoa(c.externalP.ID), c.coachee, nil)
		wantStatus(t, "a member reads the external coach", resp, out, 200)
		resp, out = e.api("GET", "/api/v1/people", c.other, nil)
		if !strings.Contains(out, "ext@coaching.example") || !strings.Contains(out, "coach@example.com") {
			t.Errorf("a member's directory is narrowed: %s", out)
		}
		b := e.browser()
		b.login("ext@coaching.example", "member password 1")
		resp, out = b.get("/people")
		wantStatus(t, "external people page", resp, out, 200)
		if !strings.Contains(out, "coachee@example.com") || strings.Contains(out, "other@example.com") {
			t.Errorf("external coach's people page: %s", out)
		}
		resp, out = b.get("/people/" + itoa(c.otherP.ID))
		wantStatus(t, "external person page of another", resp, out, 404)
	})
}

func TestEngagementPages(t *testing.T) {
	eachCoachingEnv(t, func(t *testing.T, e *env) {
		c := e.coachingCast()
		prog := itoa(c.programme)

		admin := e.adminBrowser()
		resp, body := admin.get("/engagements/new?programme_id=" + prog)
		wantStatus(t, "new engagement form", resp, body, 200)
		tok := csrfRe.FindStringSubmatch(body)[1]
		form := url.Values{"_csrf": {tok}, "programme_id": {prog}, "coach_id": {itoa(c.coachP.ID)}, "coachee_id": {itoa(c.coacheeP.ID)},
			"goal_title": {"Run the quarterly planning"}, "goal_area": {"work"}, "success_measure": {"Plans Q3 alone"},
			"starts_on": {"2026-03-01"}, "ends_on": {"2026-02-01"}, "planned_sessions": {"6"}}
		resp, body = admin.post("/engagements", form)
		wantStatus(t, "ends_on before starts_on", resp, body, 422)
		if !strings.Contains(body, "must be after the start date") || !strings.Contains(body, `value="Run the quarterly planning"`) {
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
		if !strings.Contains(body, "must be achieved, partly achieved or not achieved") || !strings.Contains(body, "Plans alone now") {
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
// statements besides the signed-in identity: the overview's two reads
// (the engagement with its progress and its action items, whose overdue
// count the health takes from the same read; the sessions) and the
// layout's notification bell. Each viewer loads the page once to
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
		for _, title := range []string{"Draft the stakeholder map", "Book the skip-level talk"} {
			_, err := e.svc.CreateAction(ctx, domain.Actor{Person: coach}, domain.SubjectEngagement, eng.ID,
				domain.ActionInput{Title: title, OwnerID: coachee.ID, DueOn: domain.DateOf(e.clock.Now(), time.UTC).AddDays(7)})
			w.must(err)
		}
		_, err = e.svc.CreateMilestone(ctx, domain.Actor{Person: coach}, eng.ID, domain.MilestoneInput{Title: "Present the stakeholder map",
			TargetOn: domain.NewDate(2026, 4, 1)})
		w.must(err)
		_, err = e.svc.ProposeExtension(ctx, domain.Actor{Person: coach}, eng.ID, domain.ExtensionInput{EndsOn: eng.EndsOn.AddDays(30),
			Reason: "the reorganisation took two sessions"})
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
			{"coach", coach, []string{"first private thought", "second private thought", comment, "shared agenda",
				"Draft the stakeholder map", "Book the skip-level talk", "Present the stakeholder map", "the reorganisation took two sessions"},
				nil, true, false, true, false},
			{"coachee", coachee, []string{comment, "shared agenda", "Draft the stakeholder map", "Book the skip-level talk",
				"Present the stakeholder map", "Accept the new end date"}, []string{"private thought"}, false, false, true, true},
			{"admin", e.admin, []string{"2 open (0 overdue), 0 done", "0 of 1 reached"}, []string{"private thought", comment, "shared agenda",
				"Draft the stakeholder map", "Book the skip-level talk", "Present the stakeholder map", "the reorganisation"}, true, true, false, false},
		} {
			t.Run(c.name, func(t *testing.T) {
				body := countPageStatements(t, e, w.request("GET", path, &c.who, nil), "engagement page", 3)
				assertShowsHides(t, body, c.shows, c.hides, c.name)
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
