package views_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"cairn/domain"
)

// hr is a small organisation for the HR admin tests.
type hr struct {
	*env
	ctx       context.Context
	admin     domain.Actor
	mentoring domain.Programme
	coaching  domain.Programme
}

func newHR(t *testing.T, e *env) *hr {
	t.Helper()
	h := &hr{env: e, ctx: context.Background(), admin: domain.Actor{Person: e.admin}}
	var err error
	if h.mentoring, err = e.svc.CreateProgramme(h.ctx, h.admin, domain.Programme{Name: "Mentoring 2026", Kind: domain.KindMentoring}); err != nil {
		t.Fatal(err)
	}
	if h.coaching, err = e.svc.CreateProgramme(h.ctx, h.admin, domain.Programme{Name: "Leaders coaching", Kind: domain.KindCoaching}); err != nil {
		t.Fatal(err)
	}
	return h
}

// person adds an active member with a password.
func (h *hr) person(name, dept string, seniority int, maxMentees, maxCoachees *int) domain.Person {
	h.t.Helper()
	local := strings.Map(func(r rune) rune {
		switch {
		case r == ' ':
			return '.'
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			return r
		}
		return -1
	}, strings.ToLower(name))
	p, err := h.svc.CreatePerson(h.ctx, h.admin, domain.PersonInput{Name: name, Email: local + "@example.com",
		Department: dept, Seniority: seniority, Timezone: "UTC", MaxMentees: maxMentees, MaxCoachees: maxCoachees, Password: "member password 1"})
	if err != nil {
		h.t.Fatal(err)
	}
	return p
}

func (h *hr) pair(mentor, mentee domain.Person, started string) domain.Pairing {
	h.t.Helper()
	d, _ := domain.ParseDate(started)
	p, err := h.svc.CreatePairing(h.ctx, h.admin, domain.PairingInput{ProgrammeID: h.mentoring.ID, MentorID: mentor.ID, MenteeID: mentee.ID, StartedOn: d})
	if err != nil {
		h.t.Fatal(err)
	}
	return p
}

func intp(n int) *int { return &n }

func (h *hr) postCSV(path, body string) (int, string) {
	h.t.Helper()
	req := httptest.NewRequest("POST", path, strings.NewReader(body))
	req.Header.Set("Content-Type", "text/csv")
	req.Header.Set("Authorization", "Bearer "+h.token("admin@example.com", adminPassword))
	resp, out := h.do(req)
	return resp.StatusCode, out
}

func TestImportPairingsAllOrNothing(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		h := newHR(t, e)
		var people strings.Builder
		people.WriteString("name,email,job_title,department,seniority,timezone,external\n")
		for i := range 10 {
			fmt.Fprintf(&people, "Mentor %d,m%d@example.com,Lead,Finance,8,UTC,false\n", i, i)
		}
		for i := range 1000 {
			fmt.Fprintf(&people, "Mentee %d,e%d@example.com,Analyst,Sales,2,UTC,false\n", i, i)
		}
		if status, out := h.postCSV("/api/v1/people/import", people.String()); status != 201 {
			t.Fatalf("people: %d %s", status, out)
		}
		file := func(bad int) string {
			var b strings.Builder
			b.WriteString(strings.Join(domain.PairingsCSVHeader, ",") + "\n")
			for i := range 1000 {
				mentee := fmt.Sprintf("e%d@example.com", i)
				if i == bad {
					mentee = "nobody@example.com"
				}
				fmt.Fprintf(&b, "%d,m%d@example.com,%s,2026-02-01,14,Growing as an analyst,\n", h.mentoring.ID, i%10, mentee)
			}
			return b.String()
		}
		status, out := h.postCSV("/api/v1/pairings/import", file(500))
		if status != 422 {
			t.Fatalf("bad file: %d %s", status, out)
		}
		var bad struct {
			Error struct{ Fields map[string]string }
		}
		_ = json.Unmarshal([]byte(out), &bad)
		if len(bad.Error.Fields) != 1 || !strings.Contains(bad.Error.Fields["row 502"], "mentee_email no person in Cairn has this email") {
			t.Fatalf("bad rows: %v", bad.Error.Fields)
		}
		if ps, _ := e.svc.ListPairings(h.ctx, h.admin, domain.PairingFilter{Limit: 500}); len(ps) != 0 {
			t.Fatalf("a failed import created %d pairings", len(ps))
		}
		start := time.Now()
		status, out = h.postCSV("/api/v1/pairings/import", file(-1))
		if status != 201 || out != `{"created":1000}` {
			t.Fatalf("good file: %d %s", status, out)
		}
		t.Logf("1,000 pairings imported in %v", time.Since(start))
		ps, _ := e.svc.ListPairings(h.ctx, h.admin, domain.PairingFilter{MenteeID: mustPerson(t, e, "e999@example.com").ID, Limit: 5})
		if len(ps) != 1 || ps[0].Mentor.Name != "Mentor 9" || ps[0].CheckinCadenceDays != 14 || ps[0].StartedOn.String() != "2026-02-01" {
			t.Errorf("imported pairing: %+v", ps)
		}
		// The same file again: every pair is open already.
		status, out = h.postCSV("/api/v1/pairings/import", file(-1))
		if status != 422 || !strings.Contains(out, "already has an open pairing") {
			t.Errorf("re-import: %d %s", status, out[:min(300, len(out))])
		}
	})
}

func mustPerson(t *testing.T, e *env, email string) domain.Person {
	t.Helper()
	p, err := e.store.PersonByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestImportRowRules(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		h := newHR(t, e)
		h.person("Senior Sam", "Finance", 7, intp(1), intp(1))
		h.person("Junior Jo", "Sales", 2, nil, nil)
		h.person("Junior Kim", "Sales", 2, nil, nil)
		ph := strings.Join(domain.PairingsCSVHeader, ",") + "\n"
		eh := strings.Join(domain.EngagementsCSVHeader, ",") + "\n"
		m, c := h.mentoring.ID, h.coaching.ID
		cases := []struct {
			name, path, body string
			want             map[string]string // row -> part of the reason
		}{
			{"duplicate pair either way round", "/api/v1/pairings/import",
				ph + fmt.Sprintf("%d,senior.sam@example.com,junior.jo@example.com,,,,\n%d,junior.jo@example.com,senior.sam@example.com,,,,x\n", m, m),
				map[string]string{"row 3": "this pair appears again (first in row 2)"}},
			{"mentor over capacity within the file", "/api/v1/pairings/import",
				ph + fmt.Sprintf("%d,senior.sam@example.com,junior.jo@example.com,,,,\n%d,senior.sam@example.com,junior.kim@example.com,,,,\n", m, m),
				map[string]string{"row 3": "already mentors 1 of at most 1"}},
			{"seniority and programme kind", "/api/v1/pairings/import",
				ph + fmt.Sprintf("%d,junior.jo@example.com,senior.sam@example.com,,,,\n%d,senior.sam@example.com,junior.kim@example.com,,,,\n", m, c),
				map[string]string{"row 2": "seniority_override_reason is required", "row 3": "pairings belong to mentoring programmes"}},
			{"duplicate engagement", "/api/v1/engagements/import",
				eh + fmt.Sprintf("%d,senior.sam@example.com,junior.jo@example.com,Lead a team,,work,,2026-03-01,2026-06-01,6\n"+
					"%d,senior.sam@example.com,junior.jo@example.com,lead a team,,work,,2026-03-01,2026-06-01,6\n", c, c),
				map[string]string{"row 3": "appear again (first in row 2)"}},
			{"engagement field rules", "/api/v1/engagements/import",
				eh + fmt.Sprintf("%d,senior.sam@example.com,junior.kim@example.com,,,hobby,,2026-06-01,2026-03-01,0\n", c),
				map[string]string{"row 2": "ends_on must be after starts_on; goal_area must be work or personal; goal_title is required; planned_sessions must be between 1 and 100"}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				status, out := h.postCSV(tc.path, tc.body)
				var got struct {
					Error struct{ Fields map[string]string }
				}
				_ = json.Unmarshal([]byte(out), &got)
				if status != 422 || len(got.Error.Fields) != len(tc.want) {
					t.Fatalf("%d %s", status, out)
				}
				for row, part := range tc.want {
					if !strings.Contains(got.Error.Fields[row], part) {
						t.Errorf("%s: %q, want %q", row, got.Error.Fields[row], part)
					}
				}
			})
		}
		status, out := h.postCSV("/api/v1/engagements/import",
			eh+fmt.Sprintf("%d,senior.sam@example.com,junior.jo@example.com,Lead a team,,work,,2026-03-01,2026-06-01,6\n", c))
		if status != 201 || out != `{"created":1}` {
			t.Errorf("good engagements file: %d %s", status, out)
		}
	})
}

func TestImportPairingsPreviewPage(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		h := newHR(t, e)
		h.person("Senior Sam", "Finance", 7, nil, nil)
		h.person("Junior Jo", "Sales", 2, nil, nil)
		b := e.adminBrowser()
		csrf := b.csrf("/pairings/import")
		body := strings.Join(domain.PairingsCSVHeader, ",") + "\n" +
			fmt.Sprintf("%d,senior.sam@example.com,junior.jo@example.com,,,,\n%d,senior.sam@example.com,ghost@example.com,,,,\n", h.mentoring.ID, h.mentoring.ID)
		resp, page := b.post("/pairings/import/preview", map[string][]string{"_csrf": {csrf}, "csv": {body}})
		wantStatus(t, "preview", resp, page, 422)
		if !strings.Contains(page, "no person in Cairn has this email") || !strings.Contains(page, "Nothing was written") {
			t.Fatalf("preview: %s", page)
		}
		resp, page = b.post("/pairings/import/preview", map[string][]string{"_csrf": {csrf}, "csv": {strings.SplitAfterN(body, "\n", 3)[0] + strings.SplitAfterN(body, "\n", 3)[1]}})
		wantStatus(t, "clean preview", resp, page, 200)
		hold := regexp.MustCompile(`name="hold" value="([^"]+)"`).FindStringSubmatch(page)
		if hold == nil || !strings.Contains(page, "Import 1 pairings") {
			t.Fatalf("clean preview: %s", page)
		}
		resp, page = b.post("/pairings/import", map[string][]string{"_csrf": {csrf}, "hold": {hold[1]}})
		wantStatus(t, "confirm", resp, page, 303)
		if ps, _ := e.svc.ListPairings(h.ctx, h.admin, domain.PairingFilter{Limit: 5}); len(ps) != 1 {
			t.Errorf("pairings after confirm: %d", len(ps))
		}
	})
}

func TestCapacityRaceAndOverride(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		h := newHR(t, e)
		mentor := h.person("Mentor Max", "Finance", 8, intp(1), intp(1))
		a := h.person("Mentee A", "Sales", 2, nil, nil)
		b := h.person("Mentee B", "Sales", 2, nil, nil)
		c := h.person("Mentee C", "Sales", 2, nil, nil)
		start, _ := domain.ParseDate("2026-03-01")
		end, _ := domain.ParseDate("2026-06-01")
		goal := domain.Goal{Title: "Lead", Area: domain.AreaWork}
		for _, kind := range []string{"pairing", "engagement"} {
			t.Run(kind, func(t *testing.T) {
				create := func(mentee domain.Person, reason string) error {
					if kind == "pairing" {
						_, err := e.svc.CreatePairing(h.ctx, h.admin, domain.PairingInput{ProgrammeID: h.mentoring.ID, MentorID: mentor.ID,
							MenteeID: mentee.ID, CapacityOverrideReason: reason})
						return err
					}
					_, err := e.svc.CreateEngagement(h.ctx, h.admin, domain.EngagementInput{ProgrammeID: h.coaching.ID, CoachID: mentor.ID,
						CoacheeID: mentee.ID, Goal: goal, StartsOn: start, EndsOn: end, PlannedSessions: 4, CapacityOverrideReason: reason})
					return err
				}
				// One place left, two requests at once: exactly one gets it.
				var wg sync.WaitGroup
				errs := make([]error, 2)
				for i, m := range []domain.Person{a, b} {
					wg.Add(1)
					go func() { defer wg.Done(); errs[i] = create(m, "") }()
				}
				wg.Wait()
				ok, full := 0, 0
				for _, err := range errs {
					switch {
					case err == nil:
						ok++
					case errors.Is(err, domain.ErrConflict):
						full++
					default:
						t.Fatalf("unexpected: %v", err)
					}
				}
				if ok != 1 || full != 1 {
					t.Fatalf("concurrent: %d created, %d refused; want 1 and 1 (%v)", ok, full, errs)
				}
				if err := create(c, ""); !errors.Is(err, domain.ErrConflict) || domain.FieldErrors(err)["capacity_override_reason"] == "" {
					t.Errorf("over capacity without a reason: %v", err)
				}
				if err := create(c, "Max agreed to a third mentee for Q2"); err != nil {
					t.Errorf("with an override reason: %v", err)
				}
			})
		}
		// The reason is kept, shown and audited.
		token := e.token("admin@example.com", adminPassword)
		_, out := e.api("GET", fmt.Sprintf("/api/v1/pairings?person_id=%d&status=active", c.ID), token, nil)
		if !strings.Contains(out, `"capacity_override_reason":"Max agreed to a third mentee for Q2"`) {
			t.Errorf("pairing list: %s", out)
		}
		_, out = e.api("GET", "/api/v1/admin/audit?object_type=engagement", token, nil)
		if !strings.Contains(out, "Max agreed to a third mentee for Q2") {
			t.Errorf("audit: %s", out)
		}
		// Over the API: 409 on mentor_id.
		d := h.person("Mentee D", "Sales", 2, nil, nil)
		resp, out := e.api("POST", "/api/v1/pairings", token, map[string]any{"programme_id": h.mentoring.ID, "mentor_id": mentor.ID, "mentee_id": d.ID})
		wantStatus(t, "API over capacity", resp, out, 409)
		if !strings.Contains(out, `"mentor_id"`) {
			t.Errorf("409 fields: %s", out)
		}
	})
}

func TestMentorSuggestions(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		h := newHR(t, e)
		mentee := h.person("Mia Mentee", "Sales", 2, nil, nil)
		h.person("Junior Jan", "Finance", 1, nil, nil)
		h.person("Peer Pat", "Finance", 2, nil, nil)
		full := h.person("Full Fay", "Finance", 5, intp(1), nil)
		current := h.person("Current Cy", "Finance", 6, nil, nil)
		other := h.person("Other Ola", "Finance", 4, intp(3), nil)
		busy := h.person("Busy Ben", "Legal", 7, intp(3), nil)
		same := h.person("Same Sue", "Sales", 3, nil, nil)
		someone := h.person("Some One", "Legal", 1, nil, nil)
		h.pair(full, someone, "2026-02-01")
		h.pair(current, mentee, "2026-02-01")
		h.pair(busy, h.person("Other Mentee", "Legal", 1, nil, nil), "2026-02-01")
		token := e.token("admin@example.com", adminPassword)
		resp, out := e.api("GET", fmt.Sprintf("/api/v1/people/%d/mentor-suggestions", mentee.ID), token, nil)
		wantStatus(t, "suggestions", resp, out, 200)
		var got struct {
			Items []struct {
				Person  domain.Person
				Reasons []string
			}
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		pos := map[string]int{}
		for i, it := range got.Items {
			pos[it.Person.Name] = i
			if it.Person.Seniority <= mentee.Seniority {
				t.Errorf("%s is not more senior", it.Person.Name)
			}
			if len(it.Reasons) == 0 {
				t.Errorf("%s has no reason", it.Person.Name)
			}
		}
		for _, name := range []string{"Junior Jan", "Peer Pat", "Full Fay", "Current Cy"} {
			if _, ok := pos[name]; ok {
				t.Errorf("%s must not be suggested: %s", name, out)
			}
		}
		if !(pos[other.Name] < pos[busy.Name] && pos[busy.Name] < pos[same.Name]) {
			t.Errorf("order: %v, want Other Ola (other department, no mentees), Busy Ben (other department, 1 mentee), Same Sue (same department)", pos)
		}
		first := got.Items[pos[other.Name]].Reasons
		if strings.Join(first, "|") != "the mentee named no topics to grow in yet|2 levels more senior (seniority 4, theirs 2), within the 1 to 3 levels a mentor should be ahead|"+
			"in Finance, a different department: an outside view|working hours not known for both|languages not known for both|3 of 3 mentee places free" {
			t.Errorf("reasons: %q", first)
		}
		_, member := e.member("member@example.com", 3)
		resp, out = e.api("GET", fmt.Sprintf("/api/v1/people/%d/mentor-suggestions", mentee.ID), member, nil)
		wantStatus(t, "member", resp, out, 403)
		// The page links to the pairing form filled in.
		b := e.adminBrowser()
		_, page := b.get(fmt.Sprintf("/people/%d/suggest-mentors", mentee.ID))
		link := fmt.Sprintf("/pairings/new?mentee_id=%d&amp;mentor_id=%d", mentee.ID, other.ID)
		if !strings.Contains(page, link) || !strings.Contains(page, "a different department") {
			t.Fatalf("suggest page: %s", page)
		}
		_, form := b.get(strings.ReplaceAll(link, "&amp;", "&"))
		if !strings.Contains(form, fmt.Sprintf(`<option value="%d" selected>Other Ola`, other.ID)) ||
			!strings.Contains(form, fmt.Sprintf(`<option value="%d" selected>Mia Mentee`, mentee.ID)) {
			t.Errorf("form not filled in: %s", form)
		}
	})
}

// reportFixture: a mentoring programme with an active pairing (two
// check-ins) and a paused one (none), a coaching programme with an
// achieved engagement (one session of four).
func reportFixture(t *testing.T, h *hr) (mentor, mentee domain.Person, p1 domain.Pairing) {
	mentor = h.person("=SUM(A1)", "Finance", 8, nil, nil)
	mentee = h.person("Mentee One", "Sales", 2, nil, nil)
	other := h.person("@Mentee Two", "Sales", 2, nil, nil)
	p1 = h.pair(mentor, mentee, "2026-01-05")
	p2 := h.pair(mentor, other, "2026-01-05")
	paused := domain.PairingPaused
	if _, err := h.svc.UpdatePairing(h.ctx, h.admin, p2.ID, domain.PairingPatch{Status: &paused}); err != nil {
		t.Fatal(err)
	}
	mentorActor, menteeActor := domain.Actor{Person: mentor}, domain.Actor{Person: mentee}
	for _, at := range []time.Time{time.Date(2026, 2, 10, 10, 0, 0, 0, time.UTC), time.Date(2026, 2, 27, 10, 0, 0, 0, time.UTC)} {
		m, err := h.svc.CreateCheckin(h.ctx, mentorActor, p1.ID, domain.CheckinInput{Format: domain.FormatInformal, ScheduledAt: at,
			Notes: "SHARED NOTE TEXT", PrivateNotes: "MENTOR PRIVATE"})
		if err != nil {
			t.Fatal(err)
		}
		priv := "MENTEE OWN PRIVATE"
		if _, err := h.svc.UpdateCheckin(h.ctx, menteeActor, m.ID, domain.MeetingPatch{PrivateNotes: &priv}); err != nil {
			t.Fatal(err)
		}
	}
	coach := h.person("Coach Cat", "HR", 9, nil, nil)
	start, _ := domain.ParseDate("2026-02-01")
	end, _ := domain.ParseDate("2026-05-01")
	eng, err := h.svc.CreateEngagement(h.ctx, h.admin, domain.EngagementInput{ProgrammeID: h.coaching.ID, CoachID: coach.ID, CoacheeID: mentee.ID,
		Goal: domain.Goal{Title: "-Delegate more", Area: domain.AreaWork}, StartsOn: start, EndsOn: end, PlannedSessions: 4})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.ScheduleSession(h.ctx, domain.Actor{Person: coach}, eng.ID, domain.SessionInput{ScheduledAt: time.Date(2026, 2, 12, 9, 0, 0, 0, time.UTC),
		DurationMinutes: 60, Status: domain.StatusCompleted, Notes: "SESSION NOTE TEXT"}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.CloseEngagement(h.ctx, domain.Actor{Person: coach}, eng.ID, domain.CloseInput{Outcome: domain.OutcomeAchieved, Summary: "SUMMARY TEXT"}); err != nil {
		t.Fatal(err)
	}
	return mentor, mentee, p1
}

func TestProgrammeReport(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		h := newHR(t, e)
		_, _, p1 := reportFixture(t, h)
		token := e.token("admin@example.com", adminPassword)
		resp, out := e.api("GET", fmt.Sprintf("/api/v1/reports/programmes/%d", h.mentoring.ID), token, nil)
		wantStatus(t, "report", resp, out, 200)
		var r domain.ProgrammeReport
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatal(err)
		}
		if len(r.Months) != 12 || r.Months[11] != "2026-03" || r.Months[0] != "2025-04" {
			t.Errorf("months: %v", r.Months)
		}
		if r.PairingsByStatus["active"] != 1 || r.PairingsByStatus["paused"] != 1 || len(r.Pairings) != 2 {
			t.Errorf("pairing counts: %v", r.PairingsByStatus)
		}
		for _, p := range r.Pairings {
			want := 0
			if p.ID == p1.ID {
				want = 2
				// The last check-in was Fri 27 Feb at 10:00, it is Mon 2 Mar at
				// 09:00: three calendar days ago (not two 24-hour periods).
				if p.CheckinsByMonth[10] != 2 || p.DaysSinceLast == nil || *p.DaysSinceLast != 3 {
					t.Errorf("pairing %d: by month %v, days since %v", p.ID, p.CheckinsByMonth, p.DaysSinceLast)
				}
			} else if p.DaysSinceLast != nil {
				t.Errorf("no check-in yet, days since %d", *p.DaysSinceLast)
			}
			if p.CheckinsTotal != want {
				t.Errorf("pairing %d: %d check-ins, want %d", p.ID, p.CheckinsTotal, want)
			}
		}
		_, out = e.api("GET", fmt.Sprintf("/api/v1/reports/programmes/%d", h.coaching.ID), token, nil)
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatal(err)
		}
		if r.Outcomes["achieved"] != 1 || r.SessionsCompleted != 1 || r.SessionsPlanned != 4 || len(r.Engagements) != 1 ||
			r.Engagements[0].DeadlineStatus != domain.DeadlineClosed || r.EngagementsBy["completed"] != 1 {
			t.Errorf("coaching report: %s", out)
		}
		for _, secret := range []string{"NOTE TEXT", "PRIVATE", "SUMMARY TEXT"} {
			if strings.Contains(out, secret) {
				t.Errorf("report holds %q", secret)
			}
		}
		// Members may not read reports; an unknown programme is 404.
		_, member := e.member("member@example.com", 3)
		resp, _ = e.api("GET", fmt.Sprintf("/api/v1/reports/programmes/%d.csv", h.mentoring.ID), member, nil)
		if resp.StatusCode != 403 {
			t.Errorf("member: %d", resp.StatusCode)
		}
		resp, _ = e.api("GET", "/api/v1/reports/programmes/999.csv", token, nil)
		if resp.StatusCode != 404 {
			t.Errorf("unknown programme: %d", resp.StatusCode)
		}
	})
}

func TestProgrammeReportCSV(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		h := newHR(t, e)
		reportFixture(t, h)
		token := e.token("admin@example.com", adminPassword)
		for _, tc := range []struct {
			name   string
			id     int64
			rows   int
			cells  []string
			absent []string
		}{
			{"mentoring", h.mentoring.ID, 2, []string{`'=SUM(A1)`, `'@Mentee Two`}, []string{"SHARED NOTE", "PRIVATE", ",=SUM", ",@Mentee"}},
			{"coaching", h.coaching.ID, 1, []string{`'-Delegate more`, ",achieved,"}, []string{"SUMMARY TEXT", "SESSION NOTE", ",-Delegate"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				resp, out := e.api("GET", fmt.Sprintf("/api/v1/reports/programmes/%d.csv", tc.id), token, nil)
				wantStatus(t, "csv", resp, out, 200)
				if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
					t.Errorf("headers: %v", resp.Header)
				}
				lines := strings.Split(strings.TrimSpace(out), "\n")
				if len(lines) != tc.rows+1 || !strings.Contains(lines[0], "kind,id,programme,leader,learner,status") {
					t.Errorf("lines: %q", lines)
				}
				for _, c := range tc.cells {
					if !strings.Contains(out, c) {
						t.Errorf("missing %q in %s", c, out)
					}
				}
				for _, c := range tc.absent {
					if strings.Contains(out, c) {
						t.Errorf("holds %q: %s", c, out)
					}
				}
			})
		}
		b := e.adminBrowser()
		_, page := b.get(fmt.Sprintf("/programmes/%d", h.mentoring.ID))
		if !strings.Contains(page, fmt.Sprintf(`href="/api/v1/reports/programmes/%d.csv"`, h.mentoring.ID)) {
			t.Errorf("no Download CSV button")
		}
	})
}

func TestDashboard(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		h := newHR(t, e)
		reportFixture(t, h)
		quietMentor := h.person("Quiet Quinn", "Finance", 8, nil, nil)
		quietMentee := h.person("Silent Sid", "Sales", 2, nil, nil)
		h.pair(quietMentor, quietMentee, "2026-01-01") // no check-in in two months, cadence 14 days
		archived, _ := e.svc.CreateProgramme(h.ctx, h.admin, domain.Programme{Name: "Old cohort", Kind: domain.KindMentoring})
		yes := true
		if _, err := e.svc.UpdateProgramme(h.ctx, h.admin, archived.ID, domain.ProgrammePatch{Archived: &yes}); err != nil {
			t.Fatal(err)
		}
		b := e.adminBrowser()
		resp, page := b.get("/")
		wantStatus(t, "dashboard", resp, page, 200)
		for _, want := range []string{"Mentoring 2026", "Leaders coaching", "Quiet Quinn mentoring Silent Sid",
			"No check-in yet, 60 days after the start", "<svg", "<title id=\"checkins-0-t\">Check-ins per month, Mentoring 2026</title>",
			"Coaching sessions completed against planned", "1 of 4 planned", "Achieved 1", `class="visually-hidden"`} {
			if !strings.Contains(page, want) {
				t.Errorf("dashboard lacks %q", want)
			}
		}
		if strings.Contains(page, "Old cohort") || strings.Contains(page, "style=") {
			t.Errorf("archived programme or inline style on the dashboard")
		}
		// The quiet pairing comes before the pairing that met 3 days ago (which is not listed at all).
		if strings.Contains(page, "=SUM(A1) mentoring Mentee One") {
			t.Errorf("a pairing that met within its cadence is listed as quiet")
		}
		// Members keep their own home.
		member, _ := e.member("member@example.com", 3)
		mb := e.browser()
		mb.login(member.Email, "member password 1")
		_, page = mb.get("/")
		if strings.Contains(page, "Active programmes") || !strings.Contains(page, "Coming up") {
			t.Errorf("member home: %s", page)
		}
	})
}

func TestExportPerson(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		h := newHR(t, e)
		_, mentee, _ := reportFixture(t, h)
		menteeToken := e.token(mentee.Email, "member password 1")
		adminToken := e.token("admin@example.com", adminPassword)
		for _, tc := range []struct {
			name, token string
			withNotes   bool // an admin's export of someone else withholds note contents
		}{{"the person", menteeToken, true}, {"an admin", adminToken, false}} {
			t.Run(tc.name, func(t *testing.T) {
				resp, out := e.api("GET", fmt.Sprintf("/api/v1/people/%d/export", mentee.ID), tc.token, nil)
				wantStatus(t, "export", resp, out, 200)
				var x domain.PersonExport
				if err := json.Unmarshal([]byte(out), &x); err != nil {
					t.Fatal(err)
				}
				if x.Person.ID != mentee.ID || len(x.Pairings) != 1 || len(x.Engagements) != 1 || len(x.Meetings) != 3 {
					t.Errorf("export: %d pairings, %d engagements, %d meetings", len(x.Pairings), len(x.Engagements), len(x.Meetings))
				}
				hasNotes := strings.Contains(out, "MENTEE OWN PRIVATE") && strings.Contains(out, "SHARED NOTE TEXT")
				leaks := strings.Contains(out, "MENTEE OWN PRIVATE") || strings.Contains(out, "SHARED NOTE TEXT")
				if tc.withNotes && !hasNotes {
					t.Errorf("own private notes or shared notes missing")
				}
				if !tc.withNotes && (leaks || !x.NotesWithheld) {
					t.Errorf("an admin's export holds note contents (withheld: %v)", x.NotesWithheld)
				}
				if strings.Contains(out, "MENTOR PRIVATE") || strings.Contains(out, "password") {
					t.Errorf("export holds another's private note or a password field")
				}
			})
		}
		_, other := e.member("other@example.com", 3)
		resp, out := e.api("GET", fmt.Sprintf("/api/v1/people/%d/export", mentee.ID), other, nil)
		wantStatus(t, "someone else", resp, out, 403)
		_, out = e.api("GET", fmt.Sprintf("/api/v1/admin/audit?object_type=person&object_id=%d", mentee.ID), adminToken, nil)
		if !strings.Contains(out, `"export"`) {
			t.Errorf("export not audited: %s", out)
		}
	})
}

func TestDashboardShowsOpenFlags(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := newMentoringFixture(t, e)
		resp, out := e.api("POST", "/api/v1/pairings", f.admin, f.pairing(f.senior, f.junior, map[string]any{"started_on": "2026-01-01"}))
		wantStatus(t, "pairing", resp, out, 201)
		pairing := idOf(t, out)
		// Nudges off: HR is flagged once the grace after the lapse passed.
		resp, out = e.api("PATCH", "/api/v1/programmes/"+itoa(f.programme), f.admin, map[string]any{"nudges_enabled": false})
		wantStatus(t, "nudges off", resp, out, 200)
		if !strings.Contains(out, `"nudges_enabled":false,"nudge_after_days":7`) {
			t.Errorf("programme after turning nudges off: %s", out)
		}
		resp, out = e.api("POST", "/api/v1/admin/jobs/flags/run", f.admin, nil)
		wantStatus(t, "flag sweep", resp, out, 200)
		b := e.adminBrowser()
		_, page := b.get("/")
		if !strings.Contains(page, `<span class="tag warn">Check-ins overdue</span>`) || !strings.Contains(page, `href="/pairings/`+itoa(pairing)+`"`) {
			t.Errorf("dashboard does not list the open flag:\n%s", page)
		}
		_, page = b.get("/?kind=goal_overdue")
		if strings.Contains(page, `<span class="tag warn">Check-ins overdue</span>`) || !strings.Contains(page, "No open flags match") {
			t.Errorf("kind filter: %s", page)
		}
		_, page = b.get("/?programme_id=" + itoa(f.programme))
		if !strings.Contains(page, `<span class="tag warn">Check-ins overdue</span>`) {
			t.Errorf("programme filter dropped the flag")
		}
		resp, _ = b.get("/?programme_id=abc")
		if resp.StatusCode != 400 {
			t.Errorf("bad programme filter: %d", resp.StatusCode)
		}
	})
}

// The dashboard lists the first open flags and links to the flags page,
// filtered alike, for the rest.
func TestDashboardListsTheFirstFlags(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := newMentoringFixture(t, e)
		const flags = 12
		raiseFlags(t, e, f, flags)
		b := e.adminBrowser()
		_, page := b.get("/?programme_id=" + itoa(f.programme))
		if n := strings.Count(page, `<span class="tag warn">Check-ins overdue</span>`); n != 10 {
			t.Errorf("dashboard lists %d flags, want the first 10", n)
		}
		// Newest first: the last raised is listed, the first two are not.
		if !strings.Contains(page, "mentor11") || strings.Contains(page, "mentor0") {
			t.Errorf("dashboard does not list the newest flags first:\n%s", page)
		}
		want := `And 2 more: <a href="/flags?programme_id=` + itoa(f.programme) + `">see every open flag</a>.`
		if !strings.Contains(page, want) {
			t.Errorf("no link to the rest %q:\n%s", want, page)
		}
		_, page = b.get("/flags?programme_id=" + itoa(f.programme))
		if n := strings.Count(page, "Check-ins overdue"); n < flags {
			t.Errorf("flags page names the kind %d times, want every one of the %d flags", n, flags)
		}
	})
}

// raiseFlags opens n check-in flags on n new pairings of the fixture's
// programme, the i-th raised i minutes after now; it returns their ids
// in that order.
func raiseFlags(t *testing.T, e *env, f mentoringFixture, n int) []int64 {
	t.Helper()
	var ids []int64
	for i := range n {
		mentor, _ := e.member(fmt.Sprintf("mentor%d@example.com", i), 7)
		mentee, _ := e.member(fmt.Sprintf("mentee%d@example.com", i), 3)
		resp, out := e.api("POST", "/api/v1/pairings", f.admin, f.pairing(mentor, mentee, nil))
		wantStatus(t, "pairing", resp, out, 201)
		fl := domain.Flag{Kind: domain.FlagCheckinOverdue, SubjectType: domain.SubjectPairing, SubjectID: idOf(t, out),
			ProgrammeID: f.programme, RaisedAt: e.clock.Now().Add(time.Duration(i) * time.Minute), Detail: "quiet"}
		if _, err := e.store.RaiseFlag(context.Background(), &fl); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, fl.ID)
	}
	return ids
}

// The flags page lists a page of flags, newest first, and links to the
// next with the same filters; a flag resolved meanwhile still marks the
// place, and the last page links nowhere.
func TestFlagsPageGoesOnPageByPage(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		f := newMentoringFixture(t, e)
		ids := raiseFlags(t, e, f, 12)
		b := e.adminBrowser()
		listed := func(page string) []string {
			return regexp.MustCompile(`<details id="act-(\d+)">`).FindAllString(page, -1)
		}
		nextOf := func(page string) string {
			m := regexp.MustCompile(`<a href="(/flags\?[^"]+)">Older flags</a>`).FindStringSubmatch(page)
			if m == nil {
				return ""
			}
			return strings.ReplaceAll(m[1], "&amp;", "&")
		}
		_, page := b.get("/flags?limit=5&programme_id=" + itoa(f.programme))
		if got := listed(page); len(got) != 5 || got[0] != `<details id="act-`+itoa(ids[11])+`">` {
			t.Fatalf("first page lists %v, want 5 from the newest (%d)", got, ids[11])
		}
		next := nextOf(page)
		want := "/flags?after=" + itoa(ids[7]) + "&limit=5&programme_id=" + itoa(f.programme)
		if next != want {
			t.Fatalf("next page link %q, want %q", next, want)
		}
		_, page = b.get(next)
		if got := listed(page); len(got) != 5 || got[0] != `<details id="act-`+itoa(ids[6])+`">` {
			t.Fatalf("second page lists %v, want 5 from %d", got, ids[6])
		}
		next = nextOf(page)
		resp, out := e.api("POST", "/api/v1/flags/"+itoa(ids[2])+"/resolve", f.admin, map[string]any{"note": "spoke to both"})
		wantStatus(t, "resolve the second page's last", resp, out, 200)
		_, page = b.get(next)
		if got := listed(page); len(got) != 2 || got[0] != `<details id="act-`+itoa(ids[1])+`">` {
			t.Errorf("last page lists %v, want the two oldest", got)
		}
		if nextOf(page) != "" {
			t.Errorf("the last page links on")
		}
		_, page = b.get("/flags")
		if got := listed(page); len(got) != 11 || nextOf(page) != "" {
			t.Errorf("the page lists %d of the 11 open flags at once by default, next %q", len(got), nextOf(page))
		}
		_, page = b.get("/flags?after=999999")
		if len(listed(page)) != 0 {
			t.Errorf("after a flag that never was: %v", listed(page))
		}
	})
}
