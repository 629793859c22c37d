package views_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"cairn/domain"
)

// A text write is one request that stores text: who sends it, where, a body
// the app accepts, and the text fields in it.
type textWrite struct {
	name   string
	method string
	setup  func(w *world) (path string, as *domain.Person, body any)
	fields []string
}

// badText is what no field may hold, as raw bytes; oneLineOnly marks what
// only one-line fields refuse.
var badText = []struct {
	name, raw   string
	oneLineOnly bool
}{
	{"NUL", "a\x00b", false},
	{"escape", "a\x1bb", false},
	{"invalid UTF-8", "a\xff\xfeb", false},
	{"line break", "first\nsecond", true},
}

// withJSONField is body (a JSON object) with field ("goal.title" inside
// goal) set to raw, written byte for byte: encoding/json would repair
// broken UTF-8, and the test is that the server refuses it.
func withJSONField(t *testing.T, body map[string]any, field, raw string) string {
	t.Helper()
	const mark = "\u00a7TEXT\u00a7"
	m := map[string]any{}
	for k, v := range body {
		m[k] = v
	}
	if parent, child, ok := strings.Cut(field, "."); ok {
		inner := map[string]any{}
		for k, v := range m[parent].(map[string]any) {
			inner[k] = v
		}
		inner[child] = mark
		m[parent] = inner
	} else {
		m[field] = mark
	}
	j, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var esc strings.Builder
	for i := 0; i < len(raw); i++ {
		switch b := raw[i]; {
		case b == '\n':
			esc.WriteString(`\n`)
		case b < 0x20:
			esc.WriteString(`\u00` + "0123456789abcdef"[b>>4:b>>4+1] + "0123456789abcdef"[b&15:b&15+1])
		default:
			esc.WriteByte(b)
		}
	}
	return strings.Replace(string(j), mark, esc.String(), 1)
}

func (w *world) auditCount() int {
	w.t.Helper()
	entries, err := w.e.store.ListAudit(context.Background(), domain.AuditFilter{Limit: 100000})
	w.must(err)
	return len(entries)
}

func textWrites() []textWrite {
	mentorOf := func(w *world) (domain.Pairing, domain.Person) {
		p, mentor, _ := w.pairing()
		return p, mentor
	}
	personFields := []string{"name", "email", "job_title", "department", "timezone"}
	return []textWrite{
		{name: "create person (API)", method: "POST", fields: append(personFields, "password"), setup: func(w *world) (string, *domain.Person, any) {
			return "/api/v1/people", &w.e.admin, map[string]any{"name": "Api Person", "email": "api" + w.unique() + "@example.com",
				"seniority": 3, "job_title": "Engineer", "department": "R&D", "timezone": "UTC", "password": "a long fine password"}
		}},
		{name: "update person (API)", method: "PATCH", fields: personFields, setup: func(w *world) (string, *domain.Person, any) {
			p := w.person("subject", false)
			return "/api/v1/people/" + itoa(p.ID), &w.e.admin, map[string]any{"name": "New Name", "email": "new" + w.unique() + "@example.com",
				"job_title": "Lead", "department": "Ops", "timezone": "UTC"}
		}},
		{name: "update me (API)", method: "PATCH", fields: []string{"name", "timezone"}, setup: func(w *world) (string, *domain.Person, any) {
			p := w.person("self", false)
			return "/api/v1/me", &p, map[string]any{"name": "Me Myself", "timezone": "UTC"}
		}},
		{name: "create programme (API)", method: "POST", fields: []string{"name", "description"}, setup: func(w *world) (string, *domain.Person, any) {
			return "/api/v1/programmes", &w.e.admin, map[string]any{"name": "Programme " + w.unique(), "kind": "mentoring", "description": "For new leads"}
		}},
		{name: "update programme (API)", method: "PATCH", fields: []string{"name", "description"}, setup: func(w *world) (string, *domain.Person, any) {
			p := w.programme(domain.KindMentoring)
			return "/api/v1/programmes/" + itoa(p.ID), &w.e.admin, map[string]any{"name": "Renamed " + w.unique(), "description": "Changed"}
		}},
		{name: "create pairing (API)", method: "POST", fields: []string{"focus", "seniority_override_reason", "capacity_override_reason"}, setup: func(w *world) (string, *domain.Person, any) {
			prog := w.programme(domain.KindMentoring)
			mentor, mentee := w.personAt("mentor", 7, false), w.personAt("mentee", 3, false)
			return "/api/v1/pairings", &w.e.admin, map[string]any{"programme_id": prog.ID, "mentor_id": mentor.ID, "mentee_id": mentee.ID,
				"started_on": "2026-02-01", "focus": "Public speaking", "seniority_override_reason": "peer", "capacity_override_reason": "ok"}
		}},
		{name: "end pairing (API)", method: "PATCH", fields: []string{"focus", "end_reason"}, setup: func(w *world) (string, *domain.Person, any) {
			p, _ := mentorOf(w)
			return "/api/v1/pairings/" + itoa(p.ID), &w.e.admin, map[string]any{"focus": "Delegation", "status": "ended",
				"ended_on": "2026-03-01", "end_reason": "Goals met"}
		}},
		{name: "create check-in (API)", method: "POST", fields: []string{"location", "agenda", "notes", "private_notes"}, setup: func(w *world) (string, *domain.Person, any) {
			p, mentor := mentorOf(w)
			return "/api/v1/pairings/" + itoa(p.ID) + "/checkins", &mentor, map[string]any{"format": "formal",
				"scheduled_at": w.e.clock.Now().Add(50 * time.Hour).Format(time.RFC3339), "duration_minutes": 30,
				"location": "Room 1", "agenda": "Growth", "notes": "Shared", "private_notes": "Mine"}
		}},
		{name: "update check-in (API)", method: "PATCH", fields: []string{"location", "agenda", "notes", "private_notes"}, setup: func(w *world) (string, *domain.Person, any) {
			m, mentor, _ := w.checkin(5 * 24 * time.Hour)
			return "/api/v1/checkins/" + itoa(m.ID), &mentor, map[string]any{"location": "Room 2", "agenda": "More", "notes": "Noted", "private_notes": "Mine"}
		}},
		{name: "create engagement (API)", method: "POST", fields: []string{"goal.title", "goal.description", "goal.success_measure", "capacity_override_reason"}, setup: func(w *world) (string, *domain.Person, any) {
			prog := w.programme(domain.KindCoaching)
			coach, coachee := w.personAt("extcoach", 8, true), w.personAt("coachee", 3, false)
			return "/api/v1/engagements", &w.e.admin, map[string]any{"programme_id": prog.ID, "coach_id": coach.ID, "coachee_id": coachee.ID,
				"goal":      map[string]any{"title": "Lead", "description": "Lead the team", "area": "work", "success_measure": "Runs planning"},
				"starts_on": "2026-03-01", "ends_on": "2026-06-30", "planned_sessions": 6, "capacity_override_reason": "ok"}
		}},
		{name: "update engagement (API)", method: "PATCH", fields: []string{"progress_comment"}, setup: func(w *world) (string, *domain.Person, any) {
			e, coach, _ := w.engagement()
			return "/api/v1/engagements/" + itoa(e.ID), &coach, map[string]any{"progress_percent": 20, "progress_comment": "Going well"}
		}},
		{name: "close engagement (API)", method: "POST", fields: []string{"summary"}, setup: func(w *world) (string, *domain.Person, any) {
			e, coach, _ := w.engagement()
			return "/api/v1/engagements/" + itoa(e.ID) + "/close", &coach, map[string]any{"outcome": "achieved", "summary": "Done well"}
		}},
		{name: "cancel engagement (API)", method: "POST", fields: []string{"reason"}, setup: func(w *world) (string, *domain.Person, any) {
			e, _, _ := w.engagement()
			return "/api/v1/engagements/" + itoa(e.ID) + "/cancel", &w.e.admin, map[string]any{"reason": "Left the company"}
		}},
		{name: "edit programme (form)", method: "POST", fields: []string{"name", "description"}, setup: func(w *world) (string, *domain.Person, any) {
			p := w.programme(domain.KindMentoring)
			return "/programmes/" + itoa(p.ID), &w.e.admin, url.Values{"name": {"Renamed " + w.unique()}, "kind": {"mentoring"}, "description": {"About"}}
		}},
		{name: "schedule session (API)", method: "POST", fields: []string{"location", "notes", "private_notes"}, setup: func(w *world) (string, *domain.Person, any) {
			e, coach, _ := w.engagement()
			return "/api/v1/engagements/" + itoa(e.ID) + "/sessions", &coach, map[string]any{
				"scheduled_at":     time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC).Add(time.Duration(w.seq.Add(1)) * 2 * time.Hour).Format(time.RFC3339),
				"duration_minutes": 60, "location": "Zoom", "notes": "Shared", "private_notes": "Mine"}
		}},
		{name: "update session (API)", method: "PATCH", fields: []string{"location", "notes", "private_notes"}, setup: func(w *world) (string, *domain.Person, any) {
			o := aSession(w)
			return "/api/v1/sessions/" + o.params["id"], o.coach, map[string]any{"location": "Room 3", "notes": "Shared", "private_notes": "Mine"}
		}},
		{name: "sign in for a token (API)", method: "POST", fields: []string{"email", "name"}, setup: func(w *world) (string, *domain.Person, any) {
			p := w.person("signin", false)
			return "/api/v1/tokens", nil, map[string]any{"email": p.Email, "password": worldPassword, "name": "laptop"}
		}},
		{name: "password reset (API)", method: "POST", fields: []string{"email"}, setup: func(w *world) (string, *domain.Person, any) {
			p := w.person("forgetful", false)
			return "/api/v1/password-resets", nil, map[string]any{"email": p.Email}
		}},

		// Forms.
		{name: "create person (form)", method: "POST", fields: personFields, setup: func(w *world) (string, *domain.Person, any) {
			return "/people", &w.e.admin, url.Values{"name": {"Form Person"}, "email": {"form" + w.unique() + "@example.com"}, "job_title": {"Engineer"},
				"department": {"R&D"}, "seniority": {"3"}, "timezone": {"UTC"}, "role": {"member"}, "active": {"on"}}
		}},
		{name: "edit person (form)", method: "POST", fields: personFields, setup: func(w *world) (string, *domain.Person, any) {
			p := w.person("subject", false)
			return "/people/" + itoa(p.ID), &w.e.admin, url.Values{"name": {"Edited"}, "email": {p.Email}, "job_title": {"Lead"},
				"department": {"Ops"}, "seniority": {"4"}, "timezone": {"UTC"}, "role": {"member"}, "active": {"on"}}
		}},
		{name: "create programme (form)", method: "POST", fields: []string{"name", "description"}, setup: func(w *world) (string, *domain.Person, any) {
			return "/programmes", &w.e.admin, url.Values{"name": {"Form programme " + w.unique()}, "kind": {"mentoring"}, "description": {"About"}}
		}},
		{name: "create pairing (form)", method: "POST", fields: []string{"focus", "seniority_override_reason", "capacity_override_reason"}, setup: func(w *world) (string, *domain.Person, any) {
			prog := w.programme(domain.KindMentoring)
			mentor, mentee := w.personAt("mentor", 7, false), w.personAt("mentee", 3, false)
			return "/pairings", &w.e.admin, url.Values{"programme_id": {itoa(prog.ID)}, "mentor_id": {itoa(mentor.ID)}, "mentee_id": {itoa(mentee.ID)},
				"started_on": {"2026-02-01"}, "focus": {"Speaking"}, "seniority_override_reason": {"peer"}, "capacity_override_reason": {"ok"}}
		}},
		{name: "end pairing (form)", method: "POST", fields: []string{"end_reason"}, setup: func(w *world) (string, *domain.Person, any) {
			p, _ := mentorOf(w)
			return "/pairings/" + itoa(p.ID) + "/status", &w.e.admin, url.Values{"action": {"end"}, "ended_on": {"2026-03-01"}, "end_reason": {"Goals met"}}
		}},
		{name: "create check-in (form)", method: "POST", fields: []string{"location", "agenda", "notes", "private_notes"}, setup: func(w *world) (string, *domain.Person, any) {
			p, mentor := mentorOf(w)
			return "/pairings/" + itoa(p.ID) + "/checkins", &mentor, url.Values{"format": {"formal"}, "date": {"2026-03-09"}, "time": {"10:00"},
				"duration_minutes": {"30"}, "location": {"Room 1"}, "agenda": {"Growth"}, "notes": {"Shared"}, "private_notes": {"Mine"}}
		}},
		{name: "edit check-in (form)", method: "POST", fields: []string{"location", "agenda", "notes", "private_notes"}, setup: func(w *world) (string, *domain.Person, any) {
			m, mentor, _ := w.checkin(5 * 24 * time.Hour)
			at := m.ScheduledAt.In(mentor.Location())
			return "/checkins/" + itoa(m.ID), &mentor, url.Values{"date": {at.Format("2006-01-02")}, "time": {at.Format("15:04")}, "duration_minutes": {"30"},
				"status": {"scheduled"}, "location": {"Room 2"}, "agenda": {"More"}, "notes": {"Noted"}, "private_notes": {"Mine"}}
		}},
		{name: "create engagement (form)", method: "POST", fields: []string{"goal_title", "goal_description", "success_measure", "capacity_override_reason"}, setup: func(w *world) (string, *domain.Person, any) {
			prog := w.programme(domain.KindCoaching)
			coach, coachee := w.personAt("extcoach", 8, true), w.personAt("coachee", 3, false)
			return "/engagements", &w.e.admin, url.Values{"programme_id": {itoa(prog.ID)}, "coach_id": {itoa(coach.ID)}, "coachee_id": {itoa(coachee.ID)},
				"goal_title": {"Lead"}, "goal_description": {"Lead the team"}, "goal_area": {"work"}, "success_measure": {"Runs planning"},
				"starts_on": {"2026-03-01"}, "ends_on": {"2026-06-30"}, "planned_sessions": {"6"}, "capacity_override_reason": {"ok"}}
		}},
		{name: "progress (form)", method: "POST", fields: []string{"progress_comment"}, setup: func(w *world) (string, *domain.Person, any) {
			e, coach, _ := w.engagement()
			return "/engagements/" + itoa(e.ID) + "/progress", &coach, url.Values{"progress_percent": {"20"}, "progress_comment": {"Going well"}}
		}},
		{name: "close engagement (form)", method: "POST", fields: []string{"summary"}, setup: func(w *world) (string, *domain.Person, any) {
			e, coach, _ := w.engagement()
			return "/engagements/" + itoa(e.ID) + "/close", &coach, url.Values{"outcome": {"achieved"}, "summary": {"Done well"}}
		}},
		{name: "cancel engagement (form)", method: "POST", fields: []string{"reason"}, setup: func(w *world) (string, *domain.Person, any) {
			e, _, _ := w.engagement()
			return "/engagements/" + itoa(e.ID) + "/cancel", &w.e.admin, url.Values{"reason": {"Left the company"}}
		}},
		{name: "schedule session (form)", method: "POST", fields: []string{"location", "notes", "private_notes"}, setup: func(w *world) (string, *domain.Person, any) {
			e, coach, _ := w.engagement()
			return "/engagements/" + itoa(e.ID) + "/sessions", &coach, url.Values{"date": {"2026-03-1" + itoa(w.seq.Add(1)%10)}, "time": {"10:00"},
				"duration_minutes": {"60"}, "location": {"Zoom"}, "notes": {"Shared"}, "private_notes": {"Mine"}}
		}},
		{name: "profile (form)", method: "POST", fields: []string{"name", "timezone"}, setup: func(w *world) (string, *domain.Person, any) {
			p := w.person("self", false)
			return "/settings/profile", &p, url.Values{"name": {"Me Myself"}, "timezone": {"UTC"}}
		}},
		{name: "new API token (form)", method: "POST", fields: []string{"name"}, setup: func(w *world) (string, *domain.Person, any) {
			p := w.person("self", false)
			return "/settings/tokens", &p, url.Values{"name": {"laptop"}}
		}},
		{name: "sign in (form)", method: "POST", fields: []string{"email"}, setup: func(w *world) (string, *domain.Person, any) {
			p := w.person("signin", false)
			return "/login", nil, url.Values{"email": {p.Email}, "password": {worldPassword}}
		}},
		{name: "forgot password (form)", method: "POST", fields: []string{"email"}, setup: func(w *world) (string, *domain.Person, any) {
			p := w.person("forgetful", false)
			return "/forgot", nil, url.Values{"email": {p.Email}}
		}},
	}
}

// TestEveryTextFieldRefusesWhatItCannotHold sends every text field of every
// write, as JSON and as a form, with a NUL, a control character, broken
// UTF-8 and (for one-line fields) a line break: each is a 422 naming the
// field, and nothing is written. The same body with clean text is
// accepted, so the refusal is the field's.
func TestEveryTextFieldRefusesWhatItCannotHold(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		w := newWorld(t, e)
		for _, tw := range textWrites() {
			t.Run(tw.name, func(t *testing.T) {
				w.t = t
				path, as, body := tw.setup(w)
				for _, field := range tw.fields {
					for _, bad := range badText {
						if bad.oneLineOnly && domain.FieldKind(field) == domain.MultiLine {
							continue
						}
						req := w.textRequest(tw.method, path, as, body, field, bad.raw)
						before := w.auditCount()
						resp, out := e.do(req)
						if resp.StatusCode != http.StatusUnprocessableEntity {
							t.Errorf("%s with %s: status %d, want 422: %.300s", field, bad.name, resp.StatusCode, out)
							continue
						}
						if _, isJSON := body.(map[string]any); isJSON {
							var got struct {
								Error struct{ Fields map[string]string } `json:"error"`
							}
							if err := json.Unmarshal([]byte(out), &got); err != nil || got.Error.Fields[field] == "" {
								t.Errorf("%s with %s: the answer does not name the field: %s", field, bad.name, out)
							}
						} else if want := humanFieldName(field); !strings.Contains(out, want) {
							t.Errorf("%s with %s: the page does not name the field (%q): %.1200s", field, bad.name, want, out)
						}
						if after := w.auditCount(); after != before {
							t.Errorf("%s with %s: %d audit entries written", field, bad.name, after-before)
						}
					}
				}
				// The control: the same request, clean, goes through.
				req := w.textRequest(tw.method, path, as, body, "", "")
				if resp, out := e.do(req); resp.StatusCode >= 400 {
					t.Errorf("the clean request is refused: %d %.600s", resp.StatusCode, out)
				}
			})
		}
	})
}

// humanFieldName is how a page names a field ("goal_title": "Goal title").
func humanFieldName(field string) string {
	s := strings.NewReplacer("_", " ", ".", " ").Replace(field)
	return strings.ToUpper(s[:1]) + s[1:]
}

// textRequest is tw's request with field set to raw ("" for none).
func (w *world) textRequest(method, path string, as *domain.Person, body any, field, raw string) *http.Request {
	w.t.Helper()
	switch b := body.(type) {
	case url.Values:
		form := url.Values{}
		for k, v := range b {
			form[k] = append([]string(nil), v...)
		}
		if field != "" {
			form.Set(field, raw)
		}
		req := w.request(method, path, as, form)
		if as == nil {
			// Anonymous forms carry their CSRF token in the form, as a browser does.
			form.Set("_csrf", anonCSRF)
			req = w.request(method, path, as, form)
		}
		return req
	default:
		m := body.(map[string]any)
		text := ""
		if field != "" {
			text = withJSONField(w.t, m, field, raw)
		} else {
			j, _ := json.Marshal(m)
			text = string(j)
		}
		req := w.request(method, path, as, nil)
		req.Body = io.NopCloser(strings.NewReader(text))
		req.ContentLength = int64(len(text))
		req.Header.Set("Content-Type", "application/json")
		return req
	}
}

// TestImportRefusesTextNoFieldMayHold: a CSV with a NUL, broken UTF-8 or a
// line break inside a one-line cell is a 422 naming the row and the column,
// and nobody is created; on PostgreSQL it was a 500.
func TestImportRefusesTextNoFieldMayHold(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		admin := e.token("admin@example.com", adminPassword)
		const header = "name,email,job_title,department,seniority,timezone,external\n"
		good := "Ada One,ada1@example.com,Engineer,R&D,3,UTC,false\n"
		for _, tc := range []struct{ name, row, want string }{
			{"NUL in a name", "Bad\x00Name,bad@example.com,Engineer,R&D,3,UTC,false\n", `"row 3":"name contains a NUL character"`},
			{"broken UTF-8", "Bad Name,bad@example.com,Engineer,R\xff\xfeD,3,UTC,false\n", `"row 3":"department is not valid UTF-8 text"`},
			{"line break in a name", "\"Bad\nName\",bad@example.com,Engineer,R&D,3,UTC,false\n", `"row 3":"name must be one line"`},
			{"escape in a title", "Bad Name,bad@example.com,Eng\x1bineer,R&D,3,UTC,false\n", `"row 3":"job_title contains a control character"`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				req := httptest.NewRequest("POST", "/api/v1/people/import", strings.NewReader(header+good+tc.row))
				req.Header.Set("Content-Type", "text/csv")
				req.Header.Set("Authorization", "Bearer "+admin)
				resp, out := e.do(req)
				if resp.StatusCode != 422 || !strings.Contains(out, tc.want) {
					t.Errorf("status %d, want 422 with %s: %s", resp.StatusCode, tc.want, out)
				}
				if _, err := e.store.PersonByEmail(context.Background(), "ada1@example.com"); err == nil {
					t.Errorf("the good row was created by a failed import")
				}
			})
		}
		t.Run("pairings", func(t *testing.T) {
			body := strings.Join(domain.PairingsCSVHeader, ",") + "\n1,a@example.com,b\x00@example.com,2026-02-01,,,,\n"
			req := httptest.NewRequest("POST", "/api/v1/pairings/import", strings.NewReader(body))
			req.Header.Set("Content-Type", "text/csv")
			req.Header.Set("Authorization", "Bearer "+admin)
			resp, out := e.do(req)
			if resp.StatusCode != 422 || !strings.Contains(out, `"row 2":"mentee_email contains a NUL character"`) {
				t.Errorf("status %d, want 422 naming row 2: %s", resp.StatusCode, out)
			}
		})
	})
}

// TestSearchAndSignInRefuseNUL: the search q and the sign-in email reach
// the database as a lookup; a NUL there was a 500 on PostgreSQL.
func TestSearchAndSignInRefuseNUL(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		admin := e.token("admin@example.com", adminPassword)
		for _, path := range []string{"/api/v1/people?q=a%00b", "/api/v1/people?q=a%FFb"} {
			resp, out := e.api("GET", path, admin, nil)
			if resp.StatusCode != 422 || !strings.Contains(out, `"q":`) {
				t.Errorf("%s: %d %s", path, resp.StatusCode, out)
			}
		}
		w := newWorld(t, e)
		resp, out := e.do(w.request("GET", "/people?q=a%00b", &e.admin, nil))
		if resp.StatusCode != 422 || !strings.Contains(out, "Q contains a NUL character") {
			t.Errorf("people page search: %d %.600s", resp.StatusCode, out)
		}
		resp, out = e.api("POST", "/api/v1/tokens", "", "{\"email\":\"admin@example.com\\u0000\",\"password\":\"x\"}")
		if resp.StatusCode != 422 || !strings.Contains(out, `"email":`) {
			t.Errorf("token sign-in: %d %s", resp.StatusCode, out)
		}
		// The domain refuses it too, for any caller that is not a request.
		if _, err := e.svc.Authenticate(context.Background(), "admin@example.com\x00", adminPassword); domain.FieldErrors(err)["email"] == "" {
			t.Errorf("Authenticate with a NUL: %v", err)
		}
		if _, err := e.svc.ListPeople(context.Background(), domain.Actor{Person: e.admin}, domain.PeopleFilter{Query: "a\x00"}); domain.FieldErrors(err)["q"] == "" {
			t.Errorf("ListPeople with a NUL: %v", err)
		}
	})
}
