package views_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"cairn/domain"
)

// mentoringFixture is a mentoring programme and a handful of members.
type mentoringFixture struct {
	admin                          string
	programme                      int64
	senior, junior, low, high, nob domain.Person
	seniorTok, juniorTok, nobTok   string
}

func newMentoringFixture(t *testing.T, e *env) mentoringFixture {
	t.Helper()
	f := mentoringFixture{admin: e.token("admin@example.com", adminPassword)}
	resp, out := e.api("POST", "/api/v1/programmes", f.admin, map[string]any{"name": "Graduates", "kind": "mentoring"})
	wantStatus(t, "create programme", resp, out, 201)
	f.programme = idOf(t, out)
	f.senior, f.seniorTok = e.member("senior@example.com", 7)
	f.junior, f.juniorTok = e.member("junior@example.com", 3)
	f.low, _ = e.member("low@example.com", 2)
	f.high, _ = e.member("high@example.com", 6)
	f.nob, f.nobTok = e.member("third@example.com", 5)
	return f
}

// seniorMentorsJunior creates the fixture's usual pairing, as its admin,
// and returns its id.
func (f mentoringFixture) seniorMentorsJunior(t *testing.T, e *env) int64 {
	t.Helper()
	resp, out := e.api("POST", "/api/v1/pairings", f.admin, f.pairing(f.senior, f.junior, nil))
	wantStatus(t, "pairing", resp, out, 201)
	return idOf(t, out)
}

func idOf(t *testing.T, body string) int64 {
	t.Helper()
	var v struct{ ID int64 }
	if err := json.Unmarshal([]byte(body), &v); err != nil || v.ID == 0 {
		t.Fatalf("no id in %s", body)
	}
	return v.ID
}

func (f mentoringFixture) pairing(mentor, mentee domain.Person, extra map[string]any) map[string]any {
	b := map[string]any{"programme_id": f.programme, "mentor_id": mentor.ID, "mentee_id": mentee.ID}
	for k, v := range extra {
		b[k] = v
	}
	return b
}

func TestPairingRules(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := newMentoringFixture(t, e)
		resp, out := e.api("POST", "/api/v1/pairings", f.admin, f.pairing(f.senior, f.junior, map[string]any{"focus": "Growing as a lead"}))
		wantStatus(t, "7 over 3", resp, out, 201)
		for _, want := range []string{`"status":"active"`, `"checkin_cadence_days":14`, `"started_on":"2026-03-02"`,
			`"ended_on":null`, `"last_checkin_at":null`, `"seniority_override_reason":""`, `"focus":"Growing as a lead"`,
			`"mentor":{"id":` + itoa(f.senior.ID) + `,"name":"senior"}`} {
			if !strings.Contains(out, want) {
				t.Errorf("7 over 3: no %s in %s", want, out)
			}
		}

		resp, out = e.api("POST", "/api/v1/pairings", f.admin, f.pairing(f.low, f.high, nil))
		wantStatus(t, "2 over 6", resp, out, 422)
		if !strings.Contains(out, `"mentor_id":"the mentor must be more senior than the mentee`) ||
			!strings.Contains(out, `"seniority_override_reason"`) {
			t.Errorf("2 over 6 does not name the rule: %s", out)
		}
		resp, out = e.api("POST", "/api/v1/pairings", f.admin, f.pairing(f.low, f.high,
			map[string]any{"seniority_override_reason": "Deep expertise in payments", "checkin_cadence_days": 7}))
		wantStatus(t, "2 over 6 with override", resp, out, 201)
		if !strings.Contains(out, `"seniority_override_reason":"Deep expertise in payments"`) || !strings.Contains(out, `"checkin_cadence_days":7`) {
			t.Errorf("override not kept: %s", out)
		}

		resp, out = e.api("POST", "/api/v1/programmes", f.admin, map[string]any{"name": "Leaders", "kind": "coaching"})
		wantStatus(t, "coaching programme", resp, out, 201)
		coaching := idOf(t, out)
		resp, out = e.api("POST", "/api/v1/programmes", f.admin, map[string]any{"name": "Old", "kind": "mentoring"})
		archived := idOf(t, out)
		resp, out = e.api("PATCH", "/api/v1/programmes/"+itoa(archived), f.admin, map[string]any{"archived": true})
		wantStatus(t, "archive", resp, out, 200)
		peer, _ := e.member("peer@example.com", 5)
		gone, _ := e.member("gone@example.com", 1)
		if _, err := e.svc.UpdatePerson(t.Context(), domain.Actor{Person: e.admin}, gone.ID, domain.PersonPatch{Active: new(false)}); err != nil {
			t.Fatal(err)
		}

		for _, c := range []struct {
			name   string
			body   map[string]any
			status int
			field  string
		}{
			{"same two again while open", f.pairing(f.senior, f.junior, nil), 409, "mentee_id"},
			{"same two the other way round", f.pairing(f.junior, f.senior, map[string]any{"seniority_override_reason": "swap"}), 409, "mentee_id"},
			{"mentor is mentee", f.pairing(f.senior, f.senior, nil), 422, "mentee_id"},
			{"equal seniority", f.pairing(f.nob, peer, nil), 422, "mentor_id"},
			{"coaching programme", map[string]any{"programme_id": coaching, "mentor_id": f.senior.ID, "mentee_id": f.nob.ID}, 422, "programme_id"},
			{"archived programme", map[string]any{"programme_id": archived, "mentor_id": f.senior.ID, "mentee_id": f.nob.ID}, 422, "programme_id"},
			{"no such programme", map[string]any{"programme_id": 9999, "mentor_id": f.senior.ID, "mentee_id": f.nob.ID}, 422, "programme_id"},
			{"inactive mentee", f.pairing(f.senior, gone, nil), 422, "mentee_id"},
			{"no such mentor", map[string]any{"programme_id": f.programme, "mentor_id": 9999, "mentee_id": f.nob.ID}, 422, "mentor_id"},
			{"cadence out of range", f.pairing(f.senior, f.nob, map[string]any{"checkin_cadence_days": 0}), 422, "checkin_cadence_days"},
			{"ended on a new pairing", f.pairing(f.senior, f.nob, map[string]any{"ended_on": "2026-03-01"}), 422, "ended_on"},
		} {
			t.Run(c.name, func(t *testing.T) {
				resp, out := e.api("POST", "/api/v1/pairings", f.admin, c.body)
				wantStatus(t, c.name, resp, out, c.status)
				if !strings.Contains(out, `"fields":{`) || !strings.Contains(out, `"`+c.field+`":`) {
					t.Errorf("no fields.%s in %s", c.field, out)
				}
			})
		}
		resp, out = e.api("POST", "/api/v1/pairings", f.seniorTok, f.pairing(f.senior, f.nob, nil))
		wantStatus(t, "member creates", resp, out, 403)
		resp, out = e.api("POST", "/api/v1/pairings", f.admin, `{"programme_id":1,"mentor":2}`)
		wantStatus(t, "unknown field", resp, out, 400)
	})
}

// TestPairingConcurrentCreate sends the same pairing twice at the same
// moment: the unique index lets exactly one through.
func TestPairingConcurrentCreate(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := newMentoringFixture(t, e)
		body, _ := json.Marshal(f.pairing(f.senior, f.junior, nil))
		statuses := make([]int, 2)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range statuses {
			wg.Add(1)
			go func() {
				defer wg.Done()
				req := httptest.NewRequest("POST", "/api/v1/pairings", strings.NewReader(string(body)))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+f.admin)
				<-start
				resp, err := e.app.Test(req, -1)
				if err != nil {
					t.Error(err)
					return
				}
				out, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				checkAPI(t, req, body, resp, out)
				statuses[i] = resp.StatusCode
			}()
		}
		close(start)
		wg.Wait()
		if !(statuses[0] == 201 && statuses[1] == 409) && !(statuses[0] == 409 && statuses[1] == 201) {
			t.Fatalf("statuses %v, want one 201 and one 409", statuses)
		}
		resp, out := e.api("GET", "/api/v1/pairings", f.admin, nil)
		wantStatus(t, "list", resp, out, 200)
		if n := strings.Count(out, `"mentee_id":`); n != 1 {
			t.Errorf("%d pairings stored, want 1: %s", n, out)
		}
	})
}

// checkinItem is a check-in as answered, with the content fields kept as
// raw JSON to tell "absent" from "empty".
type checkinItem struct {
	ID            int64
	Format        string
	Status        string
	ScheduledAt   string `json:"scheduled_at"`
	Notes         *string
	PrivateNotes  *string `json:"private_notes"`
	Agenda        *string
	ContentHidden bool `json:"content_hidden"`
}

func listCheckins(t *testing.T, e *env, token string, pairing int64) []checkinItem {
	t.Helper()
	resp, out := e.api("GET", "/api/v1/pairings/"+itoa(pairing)+"/checkins", token, nil)
	wantStatus(t, "list check-ins", resp, out, 200)
	var v struct{ Items []checkinItem }
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	return v.Items
}

func TestCheckinsAndVisibility(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := newMentoringFixture(t, e)
		pid := f.seniorMentorsJunior(t, e)
		pairing := "/api/v1/pairings/" + itoa(pid)

		// now is 2026-03-02 09:00 UTC; yesterday 18:30 in Berlin (+01:00).
		resp, out := e.api("POST", pairing+"/checkins", f.juniorTok, map[string]any{"format": "informal",
			"scheduled_at": "2026-03-01T18:30:00+01:00", "duration_minutes": 20, "notes": "shared note about the roadmap"})
		wantStatus(t, "mentee logs informal", resp, out, 201)
		informal := idOf(t, out)
		if !strings.Contains(out, `"status":"completed"`) || !strings.Contains(out, `"scheduled_at":"2026-03-01T17:30:00Z"`) {
			t.Errorf("informal: %s", out)
		}
		resp, out = e.api("POST", pairing+"/checkins", f.juniorTok, map[string]any{"format": "formal",
			"scheduled_at": "2026-03-09T10:00:00+01:00", "duration_minutes": 45, "location": "Room 4", "agenda": "Promotion case"})
		wantStatus(t, "mentee schedules formal", resp, out, 201)
		formal := idOf(t, out)
		if !strings.Contains(out, `"status":"scheduled"`) {
			t.Errorf("formal: %s", out)
		}
		resp, out = e.api("PATCH", "/api/v1/checkins/"+itoa(informal), f.seniorTok, map[string]any{"private_notes": "mentor secret: nervous"})
		wantStatus(t, "mentor writes private notes", resp, out, 200)
		if !strings.Contains(out, "mentor secret") {
			t.Errorf("the author does not see their private notes: %s", out)
		}

		resp, out = e.api("GET", pairing, f.juniorTok, nil)
		wantStatus(t, "mentee reads pairing", resp, out, 200)
		if !strings.Contains(out, `"last_checkin_at":"2026-03-01T17:30:00Z"`) {
			t.Errorf("last_checkin_at not kept: %s", out)
		}

		for _, who := range []struct {
			name, token string
		}{{"mentor", f.seniorTok}, {"mentee", f.juniorTok}} {
			items := listCheckins(t, e, who.token, pid)
			if len(items) != 2 || items[0].ID != informal || items[1].ID != formal {
				t.Fatalf("%s sees %+v", who.name, items)
			}
			if items[0].Notes == nil || *items[0].Notes != "shared note about the roadmap" || items[1].Agenda == nil || *items[1].Agenda != "Promotion case" {
				t.Errorf("%s does not see the shared content: %+v", who.name, items)
			}
		}
		for _, c := range []struct {
			name, token string
			want        bool
		}{{"mentor", f.seniorTok, true}, {"mentee", f.juniorTok, false}, {"admin", f.admin, false}} {
			t.Run("private notes for "+c.name, func(t *testing.T) {
				resp, item := e.api("GET", "/api/v1/checkins/"+itoa(informal), c.token, nil)
				wantStatus(t, "item", resp, item, 200)
				_, list := e.api("GET", pairing+"/checkins", c.token, nil)
				for what, body := range map[string]string{"item": item, "list": list} {
					if got := strings.Contains(body, "mentor secret"); got != c.want {
						t.Errorf("%s: private notes shown = %v, want %v: %s", what, got, c.want, body)
					}
				}
			})
		}

		items := listCheckins(t, e, f.admin, pid)
		if len(items) != 2 {
			t.Fatalf("admin sees %d check-ins, want 2", len(items))
		}
		for _, it := range items {
			if it.Notes != nil || it.PrivateNotes != nil || it.Agenda != nil || !it.ContentHidden || it.Status == "" || it.ScheduledAt == "" {
				t.Errorf("admin sees content or misses metadata: %+v", it)
			}
		}
		resp, out = e.api("GET", "/api/v1/checkins/"+itoa(informal), f.admin, nil)
		if strings.Contains(out, "shared note") || strings.Contains(out, `"notes"`) || !strings.Contains(out, `"duration_minutes":20`) {
			t.Errorf("admin item: %s", out)
		}
		resp, out = e.api("PATCH", "/api/v1/checkins/"+itoa(informal), f.admin, map[string]any{"notes": "admin was here"})
		wantStatus(t, "admin writes notes", resp, out, 403)
		resp, out = e.api("POST", pairing+"/checkins", f.admin, map[string]any{"format": "informal"})
		wantStatus(t, "admin logs a check-in", resp, out, 403)

		for _, path := range []string{pairing, pairing + "/checkins", "/api/v1/checkins/" + itoa(informal), "/api/v1/checkins/" + itoa(formal)} {
			resp, out = e.api("GET", path, f.nobTok, nil)
			wantStatus(t, "third member reads "+path, resp, out, 404)
		}
		resp, out = e.api("PATCH", "/api/v1/checkins/"+itoa(formal), f.nobTok, map[string]any{"notes": "x"})
		wantStatus(t, "third member patches", resp, out, 404)
		resp, out = e.api("POST", pairing+"/checkins", f.nobTok, map[string]any{"format": "informal"})
		wantStatus(t, "third member logs", resp, out, 404)
		resp, out = e.api("PATCH", pairing, f.nobTok, map[string]any{"focus": "x"})
		wantStatus(t, "third member patches pairing", resp, out, 404)
		resp, out = e.api("PATCH", pairing, f.juniorTok, map[string]any{"focus": "x"})
		wantStatus(t, "mentee patches pairing", resp, out, 403)
		e.wantItems(t, "third member lists pairings", "/api/v1/pairings", f.nobTok, "", 0)
		e.wantItems(t, "mentee lists pairings", "/api/v1/pairings", f.juniorTok, `"mentee_id"`, 1)

		for _, c := range []struct {
			name   string
			body   map[string]any
			status int
			field  string
		}{
			{"future informal", map[string]any{"format": "informal", "scheduled_at": "2026-03-02T12:00:00Z"}, 422, "scheduled_at"},
			{"past formal", map[string]any{"format": "formal", "scheduled_at": "2026-03-01T12:00:00Z"}, 422, "scheduled_at"},
			{"no format", map[string]any{"scheduled_at": "2026-03-01T12:00:00Z"}, 422, "format"},
			{"too long", map[string]any{"format": "formal", "scheduled_at": "2026-03-20T12:00:00Z", "duration_minutes": 600}, 422, "duration_minutes"},
			{"overlap for the mentor", map[string]any{"format": "formal", "scheduled_at": "2026-03-09T09:30:00Z", "duration_minutes": 30}, 409, "scheduled_at"},
		} {
			t.Run(c.name, func(t *testing.T) {
				resp, out := e.api("POST", pairing+"/checkins", f.seniorTok, c.body)
				wantStatus(t, c.name, resp, out, c.status)
				if !strings.Contains(out, `"`+c.field+`":`) {
					t.Errorf("no fields.%s in %s", c.field, out)
				}
			})
		}
		resp, out = e.api("PATCH", "/api/v1/checkins/"+itoa(formal), f.seniorTok, map[string]any{"status": "completed"})
		wantStatus(t, "complete before it starts", resp, out, 422)
		resp, out = e.api("PATCH", "/api/v1/checkins/"+itoa(informal), f.seniorTok, map[string]any{"status": "scheduled"})
		wantStatus(t, "completed back to scheduled", resp, out, 409)

		// Check-ins are audited without their contents.
		var audit []string
		if err := e.store.DB().Select(&audit, `SELECT changes FROM audit_log WHERE object_type IN ('checkin', 'pairing')`); err != nil {
			t.Fatal(err)
		}
		if len(audit) < 4 {
			t.Errorf("%d audit entries for pairings and check-ins, want at least 4", len(audit))
		}
		for _, a := range audit {
			if strings.Contains(a, "roadmap") || strings.Contains(a, "mentor secret") {
				t.Errorf("note contents in the audit log: %s", a)
			}
		}
	})
}

func TestPairingStatusChanges(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := newMentoringFixture(t, e)
		pairing := "/api/v1/pairings/" + itoa(f.seniorMentorsJunior(t, e))
		resp, out := e.api("POST", pairing+"/checkins", f.seniorTok, map[string]any{"format": "formal", "scheduled_at": "2026-03-10T10:00:00Z"})
		wantStatus(t, "schedule", resp, out, 201)
		formal := "/api/v1/checkins/" + itoa(idOf(t, out))

		steps := []struct {
			name   string
			body   map[string]any
			status int
			want   string
		}{
			{"bad status", map[string]any{"status": "finished"}, 422, `"status"`},
			{"end without a reason", map[string]any{"status": "ended"}, 422, `"end_reason"`},
			{"end reason without ending", map[string]any{"end_reason": "x"}, 422, `"end_reason"`},
			{"change the mentor", map[string]any{"mentor_id": f.nob.ID}, 422, `"mentor_id"`},
			{"pause", map[string]any{"status": "paused"}, 200, `"status":"paused"`},
			{"pause again changes nothing", map[string]any{"status": "paused"}, 200, `"status":"paused"`},
			{"resume", map[string]any{"status": "active", "focus": "Public speaking"}, 200, `"focus":"Public speaking"`},
			{"end in the future", map[string]any{"status": "ended", "end_reason": "x", "ended_on": "2026-04-01"}, 422, `"ended_on"`},
			{"end before the start", map[string]any{"status": "ended", "end_reason": "x", "ended_on": "2026-03-01"}, 422, `"ended_on"`},
			{"end", map[string]any{"status": "ended", "end_reason": "Mentee moved teams"}, 200, `"ended_on":"2026-03-02"`},
			{"ended to active", map[string]any{"status": "active"}, 409, `"conflict"`},
			{"ended to paused", map[string]any{"status": "paused"}, 409, `"conflict"`},
			{"ended focus", map[string]any{"focus": "x"}, 409, `"conflict"`},
		}
		for _, s := range steps {
			resp, out := e.api("PATCH", pairing, f.admin, s.body)
			wantStatus(t, s.name, resp, out, s.status)
			if !strings.Contains(out, s.want) {
				t.Errorf("%s: no %s in %s", s.name, s.want, out)
			}
		}
		resp, out = e.api("POST", pairing+"/checkins", f.seniorTok, map[string]any{"format": "formal", "scheduled_at": "2026-03-12T10:00:00Z"})
		wantStatus(t, "schedule on an ended pairing", resp, out, 409)
		resp, out = e.api("POST", pairing+"/checkins", f.juniorTok, map[string]any{"format": "informal"})
		wantStatus(t, "log on an ended pairing", resp, out, 409)
		resp, out = e.api("GET", formal, f.seniorTok, nil)
		if !strings.Contains(out, `"status":"cancelled"`) {
			t.Errorf("ending left the scheduled check-in: %s", out)
		}
		var actions []string
		if err := e.store.DB().Select(&actions, `SELECT action FROM audit_log WHERE object_type = 'pairing' ORDER BY id`); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(actions, ","); got != "create,pause,resume,end" {
			t.Errorf("audit actions %s", got)
		}
		// Now the same two may be paired again.
		resp, out = e.api("POST", "/api/v1/pairings", f.admin, f.pairing(f.senior, f.junior, nil))
		wantStatus(t, "pair again after the end", resp, out, 201)
	})
}

func TestPausedPairingTakesNoCheckins(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := newMentoringFixture(t, e)
		_, out := e.api("POST", "/api/v1/pairings", f.admin, f.pairing(f.senior, f.junior, nil))
		pairing := "/api/v1/pairings/" + itoa(idOf(t, out))
		resp, out := e.api("POST", pairing+"/checkins", f.seniorTok, map[string]any{"format": "formal", "scheduled_at": "2026-03-10T10:00:00Z"})
		wantStatus(t, "schedule", resp, out, 201)
		formal := "/api/v1/checkins/" + itoa(idOf(t, out))
		resp, out = e.api("PATCH", pairing, f.admin, map[string]any{"status": "paused"})
		wantStatus(t, "pause", resp, out, 200)
		resp, out = e.api("POST", pairing+"/checkins", f.seniorTok, map[string]any{"format": "informal"})
		wantStatus(t, "log on a paused pairing", resp, out, 409)
		resp, out = e.api("PATCH", formal, f.seniorTok, map[string]any{"scheduled_at": "2026-03-11T10:00:00Z"})
		wantStatus(t, "reschedule on a paused pairing", resp, out, 409)
		e.clock.Set(time.Date(2026, 3, 10, 11, 0, 0, 0, time.UTC))
		resp, out = e.api("PATCH", formal, f.juniorTok, map[string]any{"status": "completed", "notes": "went well"})
		wantStatus(t, "complete on a paused pairing", resp, out, 200)
		resp, out = e.api("GET", pairing, f.seniorTok, nil)
		if !strings.Contains(out, `"last_checkin_at":"2026-03-10T10:00:00Z"`) {
			t.Errorf("completing did not move last_checkin_at: %s", out)
		}
	})
}

func TestMentoringPages(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := newMentoringFixture(t, e)
		admin := e.adminBrowser()
		prog := "/programmes/" + itoa(f.programme)
		_, body := admin.get(prog)
		if !strings.Contains(body, `href="/pairings/new?programme_id=`+itoa(f.programme)+`"`) || !strings.Contains(body, "No pairings yet") {
			t.Errorf("programme page: %s", body)
		}
		resp, body := admin.get("/pairings/new?programme_id=" + itoa(f.programme))
		wantStatus(t, "new pairing form", resp, body, 200)
		if !strings.Contains(body, "The seniority rule:") || !strings.Contains(body, "the mentor must be more senior than the mentee") ||
			!strings.Contains(body, `name="seniority_override_reason"`) || !strings.Contains(body, `value="14"`) {
			t.Errorf("new pairing form: %s", body)
		}
		tok := admin.csrf("/pairings/new")
		form := url.Values{"_csrf": {tok}, "programme_id": {itoa(f.programme)}, "mentor_id": {itoa(f.low.ID)},
			"mentee_id": {itoa(f.high.ID)}, "started_on": {"2026-03-02"}, "focus": {"Payments"}}
		resp, body = admin.post("/pairings", form)
		wantStatus(t, "2 over 6 in the browser", resp, body, 422)
		if !strings.Contains(body, "mentor must be more senior") || !strings.Contains(body, ">Payments</textarea>") {
			t.Errorf("rule or input missing: %s", body)
		}
		form.Set("seniority_override_reason", "Payments expert")
		resp, body = admin.post("/pairings", form)
		wantStatus(t, "2 over 6 with override in the browser", resp, body, 303)
		form = url.Values{"_csrf": {tok}, "programme_id": {itoa(f.programme)}, "mentor_id": {itoa(f.senior.ID)},
			"mentee_id": {itoa(f.junior.ID)}, "started_on": {"2026-03-02"}}
		resp, body = admin.post("/pairings", form)
		wantStatus(t, "7 over 3 in the browser", resp, body, 303)
		pairing := resp.Header.Get("Location")
		_, body = admin.get(prog)
		if !strings.Contains(body, "senior") || !strings.Contains(body, "junior") || !strings.Contains(body, "every 14 days") ||
			!strings.Contains(body, "no check-in yet") || !strings.Contains(body, "override") {
			t.Errorf("programme page lists no pairings: %s", body)
		}

		mentee := e.browser()
		mentee.login("junior@example.com", "member password 1")
		_, body = mentee.get("/")
		if !strings.Contains(body, "My mentor") || !strings.Contains(body, `href="`+pairing+`">senior</a>`) {
			t.Errorf("mentee home: %s", body)
		}
		tok = mentee.csrf(pairing)
		// 09:00 UTC is 10:00 in Berlin; the form defaults to now there.
		_, body = mentee.get(pairing)
		if !strings.Contains(body, `value="10:00"`) || !strings.Contains(body, "Log a check-in we just had") || strings.Contains(body, "End the pairing") {
			t.Errorf("mentee pairing page: %s", body)
		}
		resp, body = mentee.post(pairing+"/checkins", url.Values{"_csrf": {tok}, "format": {"informal"}, "date": {"2026-03-02"},
			"time": {"08:15"}, "duration_minutes": {"30"}, "notes": {"we talked about the move"}})
		wantStatus(t, "log in the browser", resp, body, 303)
		resp, body = mentee.post(pairing+"/checkins", url.Values{"_csrf": {tok}, "format": {"informal"}, "date": {"2026-03-02"},
			"time": {"11:00"}, "notes": {"kept input"}})
		wantStatus(t, "future informal in the browser", resp, body, 422)
		if !strings.Contains(body, "must not be in the future") || !strings.Contains(body, ">kept input</textarea>") {
			t.Errorf("future informal form: %s", body)
		}
		resp, body = mentee.post(pairing+"/checkins", url.Values{"_csrf": {tok}, "format": {"formal"}, "date": {"2026-03-29"},
			"time": {"02:30"}, "duration_minutes": {"30"}, "location": {"Café"}})
		wantStatus(t, "DST gap", resp, body, 422)
		if !strings.Contains(body, "does not exist in Europe/Berlin") || !strings.Contains(body, `value="Café"`) {
			t.Errorf("DST gap form: %s", body)
		}
		resp, body = mentee.post(pairing+"/checkins", url.Values{"_csrf": {tok}, "format": {"formal"}, "date": {"2026-03-09"},
			"time": {"14:00"}, "duration_minutes": {"45"}, "agenda": {"Next steps"}})
		wantStatus(t, "schedule in the browser", resp, body, 303)
		ms, err := e.svc.ListCheckins(t.Context(), domain.Actor{Person: f.junior}, idOf(t, `{"id":`+strings.TrimPrefix(pairing, "/pairings/")+`}`), 50, 0)
		if err != nil || len(ms) != 2 {
			t.Fatalf("check-ins %v %v", ms, err)
		}
		if want := time.Date(2026, 3, 9, 13, 0, 0, 0, time.UTC); !ms[1].ScheduledAt.Equal(want) {
			t.Errorf("scheduled at %v, want %v (14:00 Berlin)", ms[1].ScheduledAt, want)
		}
		informal := "/checkins/" + itoa(ms[0].ID)

		mentor := e.browser()
		mentor.login("senior@example.com", "member password 1")
		_, body = mentor.get("/")
		if !strings.Contains(body, "My mentees") || !strings.Contains(body, ">junior</a>") {
			t.Errorf("mentor home: %s", body)
		}
		mtok := mentor.csrf(informal)
		resp, body = mentor.post(informal, url.Values{"_csrf": {mtok}, "notes": {"we talked about the move"}, "private_notes": {"mentor-only worry"}})
		wantStatus(t, "mentor writes private notes", resp, body, 303)
		_, body = mentor.get(informal)
		if !strings.Contains(body, "mentor-only worry") {
			t.Errorf("mentor does not see their private notes: %s", body)
		}
		_, body = mentor.get(pairing)
		if !strings.Contains(body, "mentor-only worry") || !strings.Contains(body, "we talked about the move") {
			t.Errorf("mentor timeline: %s", body)
		}
		for _, c := range []struct {
			name   string
			b      *browser
			shared bool
		}{{"mentee", mentee, true}, {"admin", admin, false}} {
			for _, path := range []string{pairing, informal} {
				resp, body := c.b.get(path)
				wantStatus(t, c.name+" "+path, resp, body, 200)
				if strings.Contains(body, "mentor-only worry") {
					t.Errorf("%s sees the mentor's private notes on %s", c.name, path)
				}
				if got := strings.Contains(body, "we talked about the move"); got != c.shared {
					t.Errorf("%s sees shared notes on %s: %v, want %v", c.name, path, got, c.shared)
				}
			}
		}
		_, body = admin.get(pairing)
		if !strings.Contains(body, "End the pairing") || strings.Contains(body, "Log a check-in we just had") || strings.Contains(body, "Next steps") {
			t.Errorf("admin pairing page: %s", body)
		}
		third := e.browser()
		third.login("third@example.com", "member password 1")
		for _, path := range []string{pairing, informal} {
			resp, body := third.get(path)
			wantStatus(t, "third member on "+path, resp, body, 404)
		}

		atok := admin.csrf(pairing)
		resp, body = admin.post(pairing+"/status", url.Values{"_csrf": {atok}, "action": {"end"}, "ended_on": {"2026-03-02"}, "end_reason": {"Done"}})
		wantStatus(t, "end without confirming", resp, body, 422)
		if !strings.Contains(body, `href="#end-confirmed"`) || !strings.Contains(body, `<details class="danger-zone" id="end" open>`) || !strings.Contains(body, `value="Done"`) {
			t.Errorf("end form without its box ticked: %s", body)
		}
		resp, body = admin.post(pairing+"/status", url.Values{"_csrf": {atok}, "action": {"end"}, "ended_on": {"2026-03-02"}, "confirmed": {"yes"}})
		wantStatus(t, "end without reason", resp, body, 422)
		if !strings.Contains(body, "is required when ending") {
			t.Errorf("end form: %s", body)
		}
		resp, body = admin.post(pairing+"/status", url.Values{"_csrf": {atok}, "action": {"pause"}})
		wantStatus(t, "pause", resp, body, 303)
		resp, body = admin.post(pairing+"/status", url.Values{"_csrf": {atok}, "action": {"end"}, "ended_on": {"2026-03-02"}, "end_reason": {"Done"}, "confirmed": {"yes"}})
		wantStatus(t, "end", resp, body, 303)
		_, body = admin.get(pairing)
		if !strings.Contains(body, "Mon 2 Mar 2026: Done") || strings.Contains(body, "End the pairing") {
			t.Errorf("ended pairing page: %s", body)
		}
		resp, body = mentee.post(pairing+"/checkins", url.Values{"_csrf": {tok}, "format": {"formal"}, "date": {"2026-03-20"}, "time": {"10:00"}})
		wantStatus(t, "schedule on an ended pairing in the browser", resp, body, 409)
	})
}

// A form time in a spring-forward gap is refused with a message that says
// so; one in the fall-back hour is the earlier instant, shown with its offset.
func TestCheckinFormTimesAcrossDST(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := newMentoringFixture(t, e)
		ny := "America/New_York"
		if _, err := e.svc.UpdateOwnProfile(t.Context(), domain.Actor{Person: f.junior}, domain.ProfileInput{Timezone: &ny}); err != nil {
			t.Fatal(err)
		}
		e.clock.Set(time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC))
		resp, out := e.api("POST", "/api/v1/pairings", f.admin, f.pairing(f.senior, f.junior, map[string]any{"started_on": "2025-02-01"}))
		wantStatus(t, "pairing", resp, out, 201)
		pairing := itoa(idOf(t, out))
		b := e.browser()
		b.login("junior@example.com", "member password 1")
		csrf := b.csrf("/pairings/" + pairing)
		form := url.Values{"_csrf": {csrf}, "format": {"formal"}, "date": {"2025-03-09"}, "time": {"02:30"}, "duration_minutes": {"30"}}
		resp, body := b.post("/pairings/"+pairing+"/checkins", form)
		wantStatus(t, "time in the gap", resp, body, 422)
		if !strings.Contains(body, "02:30 on Sun 9 Mar 2025 does not exist in America/New_York") || !strings.Contains(body, `value="02:30"`) {
			t.Errorf("gap error not shown beside the kept input:\n%s", body)
		}
		form.Set("date", "2025-11-02")
		form.Set("time", "01:30")
		resp, body = b.post("/pairings/"+pairing+"/checkins", form)
		if resp.StatusCode != 303 {
			t.Fatalf("ambiguous time: %d\n%s", resp.StatusCode, body)
		}
		_, page := b.get("/pairings/" + pairing)
		if !strings.Contains(page, "01:30 EDT") {
			t.Errorf("the earlier instant (EDT) is not shown with its offset:\n%s", page)
		}
	})
}

// A programme of many pairings shows the first ones on its page and sends
// the reader to the list for the rest.
func TestProgrammePageShowsTheFirstPairings(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := newMentoringFixture(t, e)
		admin := domain.Actor{Person: e.admin}
		person := func(name string, seniority int) domain.Person {
			p, err := e.svc.CreatePerson(context.Background(), admin, domain.PersonInput{
				Name: name, Email: strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.com", Seniority: seniority, Timezone: "Europe/Berlin"})
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		page := func() string {
			resp, body := e.adminBrowser().get("/programmes/" + itoa(f.programme))
			wantStatus(t, "programme page", resp, body, 200)
			return body
		}
		all := `href="/pairings?programme_id=` + itoa(f.programme) + `"`
		var mentees []string
		for i := range 26 {
			mentor, mentee := person(fmt.Sprintf("Mentor %c", 'A'+i), 8), person(fmt.Sprintf("Mentee %c", 'A'+i), 2)
			resp, out := e.api("POST", "/api/v1/pairings", f.admin, f.pairing(mentor, mentee, nil))
			wantStatus(t, "pairing", resp, out, 201)
			mentees = append(mentees, mentee.Name)
			if i == 24 {
				if body := page(); strings.Contains(body, all) || !strings.Contains(body, mentees[24]) {
					t.Errorf("25 pairings: all of them should show, with no link to the rest: %s", body)
				}
			}
		}
		body := page()
		if !strings.Contains(body, "The first 25 are shown here.") || !strings.Contains(body, all) {
			t.Errorf("26 pairings: no link to the rest: %s", body)
		}
		if !strings.Contains(body, ">"+mentees[24]+"<") || strings.Contains(body, ">"+mentees[25]+"<") {
			t.Errorf("26 pairings: the page should show the first 25 only")
		}
	})
}
