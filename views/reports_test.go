package views_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
)

type orgReportOut struct {
	Months   []string `json:"months"`
	Active   []int    `json:"active_relationships_by_month"`
	Meetings []int    `json:"meetings_held_by_month"`
	Health   struct {
		OnTrack        int `json:"on_track"`
		NeedsAttention int `json:"needs_attention"`
		AtRisk         int `json:"at_risk"`
	} `json:"health"`
	OnTrackPercent int `json:"on_track_percent"`
	First          struct {
		Started, Met int
		MedianDays   int `json:"median_days"`
	} `json:"time_to_first_meeting"`
	Outcomes map[string]int `json:"outcomes"`
	Nudges   *struct {
		Decided, Worked, Pending int
	} `json:"nudges"`
}

// TestOrgReport checks the report across programmes against figures
// worked out by hand from reportFixture (the clock stands at Mon 2 March
// 2026): pairings p1 (active) and p2 (paused) from 5 January, p1 with
// check-ins completed on 10 and 27 February; an engagement from
// 1 February with one session completed on 12 February, closed achieved
// today. Health is counted independently from the pairings list's own
// health field.
func TestOrgReport(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		h := newHR(t, e)
		reportFixture(t, h)
		token := e.token("admin@example.com", adminPassword)
		get := func(q string) orgReportOut {
			t.Helper()
			resp, body := e.api("GET", "/api/v1/reports?"+q, token, nil)
			wantStatus(t, "report "+q, resp, body, 200)
			for _, secret := range []string{"NOTE TEXT", "PRIVATE", "SUMMARY TEXT", "Delegate"} {
				if strings.Contains(body, secret) {
					t.Errorf("report holds %q", secret)
				}
			}
			var r orgReportOut
			if err := json.Unmarshal([]byte(body), &r); err != nil {
				t.Fatal(err)
			}
			return r
		}
		// Open relationships' health, read from the pairings list (the
		// engagement is closed, so not open).
		resp, body := e.api("GET", fmt.Sprintf("/api/v1/pairings?programme_id=%d", h.mentoring.ID), token, nil)
		wantStatus(t, "pairings", resp, body, 200)
		var list struct {
			Items []struct{ Status, Health string }
		}
		if err := json.Unmarshal([]byte(body), &list); err != nil {
			t.Fatal(err)
		}
		byHealth := map[string]int{}
		for _, p := range list.Items {
			if p.Status == "active" || p.Status == "paused" {
				byHealth[p.Health]++
			}
		}
		onTrackPct := (byHealth["on_track"]*100 + len(list.Items)/2) / len(list.Items)

		r := get("from=2026-01-01&to=2026-03-31")
		if !slices.Equal(r.Months, []string{"2026-01", "2026-02", "2026-03"}) {
			t.Errorf("months %v", r.Months)
		}
		// January: p1, p2; February and March (closed today): with the engagement.
		if !slices.Equal(r.Active, []int{2, 3, 3}) {
			t.Errorf("active by month %v, want [2 3 3]", r.Active)
		}
		if !slices.Equal(r.Meetings, []int{0, 3, 0}) {
			t.Errorf("meetings by month %v, want [0 3 0]", r.Meetings)
		}
		if r.Health.OnTrack != byHealth["on_track"] || r.Health.NeedsAttention != byHealth["needs_attention"] ||
			r.Health.AtRisk != byHealth["at_risk"] || r.OnTrackPercent != onTrackPct {
			t.Errorf("health %+v %d%%, want %v %d%%", r.Health, r.OnTrackPercent, byHealth, onTrackPct)
		}
		// p1 waited 36 days (5 Jan to 10 Feb), the engagement 11 (1 to 12
		// Feb), p2 has not met: the median of two is the lower, 11.
		if r.First.Started != 3 || r.First.Met != 2 || r.First.MedianDays != 11 {
			t.Errorf("first meeting %+v", r.First)
		}
		if r.Outcomes["achieved"] != 1 || r.Outcomes["not_achieved"] != 0 {
			t.Errorf("outcomes %v", r.Outcomes)
		}
		if r.Nudges == nil || r.Nudges.Decided != 0 || r.Nudges.Pending != 0 {
			t.Errorf("nudges %+v", r.Nudges)
		}

		// One programme: the coaching one holds the engagement only.
		c := get(fmt.Sprintf("from=2026-01-01&to=2026-03-31&programme_id=%d", h.coaching.ID))
		if !slices.Equal(c.Active, []int{0, 1, 1}) || !slices.Equal(c.Meetings, []int{0, 1, 0}) || c.First.Met != 1 || c.First.MedianDays != 11 {
			t.Errorf("coaching only: %+v", c)
		}
		// A department: the learners are in Sales; nobody learns in Finance.
		if s := get("from=2026-01-01&to=2026-03-31&department=sales"); !slices.Equal(s.Active, r.Active) || s.Nudges != nil {
			t.Errorf("sales: %+v", s)
		}
		if f := get("from=2026-01-01&to=2026-03-31&department=Finance"); !slices.Equal(f.Active, []int{0, 0, 0}) || f.First.Started != 0 {
			t.Errorf("finance: %+v", f)
		}
		// The default period is the last twelve months.
		if d := get(""); len(d.Months) != 12 || d.Months[11] != "2026-03" {
			t.Errorf("default months %v", d.Months)
		}
		if resp, body := e.api("GET", "/api/v1/reports?from=2026-03-01&to=2026-01-01", token, nil); resp.StatusCode != 422 && resp.StatusCode != 400 {
			t.Errorf("reversed period: %d %s", resp.StatusCode, body)
		}

		// The CSV holds the same figures.
		resp, csv := e.api("GET", "/api/v1/reports.csv?from=2026-01-01&to=2026-03-31", token, nil)
		wantStatus(t, "csv", resp, csv, 200)
		for _, line := range []string{"active_relationships,2026-01,2", "meetings_held,2026-02,3", "median_days_to_first_meeting,2026-01-01/2026-03-31,11",
			"outcome_achieved,2026-01-01/2026-03-31,1", fmt.Sprintf("on_track_percent,now,%d", onTrackPct)} {
			if !strings.Contains(csv, line+"\n") && !strings.Contains(csv, line+"\r\n") {
				t.Errorf("csv lacks %q: %s", line, csv)
			}
		}

		// The page: charts with their tables, in words, a CSV link; the
		// nav link for the admin only.
		b := e.adminBrowser()
		resp, page := b.get("/reports?from=2026-01-01&to=2026-03-31")
		wantStatus(t, "page", resp, page, 200)
		for _, want := range []string{`<a href="/reports" aria-current="page">Reports</a>`, `<th scope="row">Feb 2026</th><td>3</td>`,
			"Active relationships per month", "Meetings held per month", `<th scope="col">Meetings</th>`, `<th scope="row">Achieved</th><td>1</td>`,
			`<th scope="row">Median days to first meeting</th><td>11</td>`, `href="/reports.csv?from=2026-01-01&amp;to=2026-03-31"`, "<svg"} {
			if !strings.Contains(page, want) {
				t.Errorf("page lacks %q", want)
			}
		}
		if strings.Contains(page, "Completed check-ins") {
			t.Errorf("a chart's table keeps the dashboard's heading")
		}
		for _, enum := range []string{"on_track", "needs_attention", "not_achieved", "partially_achieved"} {
			if strings.Contains(page, ">"+enum) {
				t.Errorf("page shows %q", enum)
			}
		}
		resp, csvPage := b.get("/reports.csv?from=2026-01-01&to=2026-03-31")
		wantStatus(t, "page csv", resp, csvPage, 200)
		if csvPage != csv {
			t.Errorf("page CSV differs from the API's")
		}
		// A member sees neither the link nor the page.
		e.member("member@example.com", 3)
		m := e.browser()
		m.login("member@example.com", "member password 1")
		resp, home := m.get("/")
		if strings.Contains(home, `href="/reports"`) {
			t.Errorf("member sees the reports link")
		}
		if resp, _ = m.get("/reports"); resp.StatusCode != 403 {
			t.Errorf("member /reports: %d", resp.StatusCode)
		}
	})
}

// TestOrgReportEmpty: with nothing in the organisation every chart shows
// its empty state.
func TestOrgReportEmpty(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		b := e.adminBrowser()
		resp, page := b.get("/reports")
		wantStatus(t, "page", resp, page, 200)
		for _, want := range []string{"No relationship ran in this period.", "No meeting was held in this period.", "No relationship is open.",
			"No engagement closed in this period.", "No relationship started in this period.", "No nudge was sent in this period."} {
			if !strings.Contains(page, want) {
				t.Errorf("page lacks %q", want)
			}
		}
	})
}
