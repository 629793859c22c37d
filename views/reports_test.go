package views_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
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
	Cadence struct {
		Intervals int
		Within    int `json:"within_cadence"`
		Percent   int
	} `json:"cadence_adherence"`
	ByArea []struct {
		Area            string
		Closed          int
		Outcomes        map[string]int
		AchievedPercent int `json:"achieved_percent"`
	} `json:"outcomes_by_goal_area"`
	NudgesByProgramme []struct {
		ProgrammeID              int64 `json:"programme_id"`
		Decided, Worked, Pending int
		SuccessPercent           int `json:"success_percent"`
	} `json:"nudges_by_programme"`
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
		_, _, p1 := reportFixture(t, h)
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
			Items []struct {
				ID             int64
				Status, Health string
				Cadence        int `json:"checkin_cadence_days"`
			}
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
		// Cadence adherence: p1 (active) met on 10 and 27 February, so its
		// intervals are 17 days and 3 (27 February to today, 2 March); p2 is
		// paused and never met. Within: at most the cadence times 1.5.
		intervals, within := 0, 0
		for _, p := range list.Items {
			if p.ID != p1.ID {
				continue
			}
			for _, days := range []int{17, 3} {
				intervals++
				if float64(days) <= float64(p.Cadence)*1.5 {
					within++
				}
			}
		}
		withinPct := (within*100 + intervals/2) / intervals

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
		if r.Nudges == nil || r.Nudges.Decided != 0 || r.Nudges.Pending != 0 || r.NudgesByProgramme == nil || len(r.NudgesByProgramme) != 0 {
			t.Errorf("nudges %+v by programme %+v", r.Nudges, r.NudgesByProgramme)
		}
		if r.Cadence.Intervals != intervals || r.Cadence.Within != within || r.Cadence.Percent != withinPct {
			t.Errorf("cadence %+v, want %d of %d, %d%%", r.Cadence, within, intervals, withinPct)
		}
		// The engagement (goal area work) closed achieved; nothing personal.
		if len(r.ByArea) != 2 || r.ByArea[0].Area != "work" || r.ByArea[0].Closed != 1 || r.ByArea[0].Outcomes["achieved"] != 1 ||
			r.ByArea[0].AchievedPercent != 100 || r.ByArea[1].Area != "personal" || r.ByArea[1].Closed != 0 || r.ByArea[1].AchievedPercent != 0 {
			t.Errorf("by goal area %+v", r.ByArea)
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
		for _, line := range []string{fmt.Sprintf("cadence_adherence_percent,2026-01-01/2026-03-31,%d", withinPct),
			fmt.Sprintf("cadence_intervals,2026-01-01/2026-03-31,%d", intervals), "goal_area_work_outcome_achieved,2026-01-01/2026-03-31,1",
			"goal_area_work_achieved_percent,2026-01-01/2026-03-31,100", "goal_area_personal_closed,2026-01-01/2026-03-31,0",
			"active_relationships,2026-01,2", "meetings_held,2026-02,3", "median_days_to_first_meeting,2026-01-01/2026-03-31,11",
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
			`<th scope="row">Median days to first meeting</th><td>11</td>`,
			fmt.Sprintf(`<th scope="row">Within the cadence</th><td>%d</td>`, within), "Check-ins within the agreed cadence",
			"one and a half times the pairing&#39;s agreed cadence", `<th scope="row">Work</th><td>1</td><td>1</td><td>0</td><td>0</td><td>100%</td>`,
			`<th scope="col">Goal area</th>`, "Nudge success per programme", "No programme sent a nudge in this period.", `href="/reports.csv?from=2026-01-01&amp;to=2026-03-31"`, "<svg"} {
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

		// A nudge to p1 an hour later (after its check-ins were made): its
		// programme's figures show it pending while its week runs, then
		// decided without a meeting, in the JSON, the CSV and the page.
		e.clock.Advance(time.Hour)
		resp, body = e.api("POST", fmt.Sprintf("/api/v1/pairings/%d/nudge", p1.ID), token, map[string]any{})
		wantStatus(t, "nudge", resp, body, 202)
		n := get("from=2026-01-01&to=2026-03-31")
		if len(n.NudgesByProgramme) != 1 || n.NudgesByProgramme[0].ProgrammeID != h.mentoring.ID || n.NudgesByProgramme[0].Pending != 1 ||
			n.NudgesByProgramme[0].Decided != 0 || n.Nudges.Pending != 1 {
			t.Errorf("nudges by programme %+v", n.NudgesByProgramme)
		}
		e.clock.Advance(8 * 24 * time.Hour)
		n = get("from=2026-01-01&to=2026-03-31")
		if len(n.NudgesByProgramme) != 1 || n.NudgesByProgramme[0].Pending != 0 || n.NudgesByProgramme[0].Decided != 1 ||
			n.NudgesByProgramme[0].Worked != 0 || n.NudgesByProgramme[0].SuccessPercent != 0 {
			t.Errorf("nudges by programme a week on %+v", n.NudgesByProgramme)
		}
		if c := get(fmt.Sprintf("from=2026-01-01&to=2026-03-31&programme_id=%d", h.coaching.ID)); len(c.NudgesByProgramme) != 0 {
			t.Errorf("coaching nudges %+v", c.NudgesByProgramme)
		}
		_, csv = e.api("GET", "/api/v1/reports.csv?from=2026-01-01&to=2026-03-31", token, nil)
		if line := fmt.Sprintf("programme_%d_nudges_decided,2026-01-01/2026-03-31,1", h.mentoring.ID); !strings.Contains(csv, line) {
			t.Errorf("csv lacks %q", line)
		}
		_, page = b.get("/reports?from=2026-01-01&to=2026-03-31")
		if want := `<th scope="row">` + h.mentoring.Name + "</th><td>1</td><td>0</td><td>0</td><td>0%</td>"; !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
		if strings.Contains(page, "No programme sent a nudge in this period.") {
			t.Errorf("a programme whose nudge failed shows the empty state")
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
			"No engagement closed in this period.", "No relationship started in this period.", "No nudge was sent in this period.",
			"No pairing had two check-ins, or one and time since, in this period.", "No programme sent a nudge in this period."} {
			if !strings.Contains(page, want) {
				t.Errorf("page lacks %q", want)
			}
		}
	})
}
