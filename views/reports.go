package views

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
	"cairn/domain/lang"
)

// reportJSON is the organisation report as the API answers it.
type reportJSON struct {
	domain.OrgReport
	Health struct {
		OnTrack        int `json:"on_track"`
		NeedsAttention int `json:"needs_attention"`
		AtRisk         int `json:"at_risk"`
	} `json:"health"`
	Nudges *nudgesJSON `json:"nudges"`
	// NudgesByProgramme: null with a department, as Nudges.
	NudgesByProgramme []programmeNudgesJSON `json:"nudges_by_programme"`
}

type programmeNudgesJSON struct {
	ProgrammeID int64 `json:"programme_id"`
	nudgesJSON
}

type nudgesJSON struct {
	Decided        int `json:"decided"`
	Worked         int `json:"worked"`
	Pending        int `json:"pending"`
	SuccessPercent int `json:"success_percent"`
}

func toReportJSON(r domain.OrgReport) reportJSON {
	out := reportJSON{OrgReport: r}
	out.Health.OnTrack, out.Health.NeedsAttention, out.Health.AtRisk = r.Health.OnTrack, r.Health.NeedsAttention, r.Health.AtRisk
	if r.Nudges != nil {
		out.Nudges = &nudgesJSON{Decided: r.Nudges.Decided, Worked: r.Nudges.Worked, Pending: r.Nudges.Pending, SuccessPercent: r.Nudges.Percent()}
		out.NudgesByProgramme = []programmeNudgesJSON{}
		for _, n := range r.NudgesByProgramme {
			out.NudgesByProgramme = append(out.NudgesByProgramme, programmeNudgesJSON{ProgrammeID: n.ProgrammeID,
				nudgesJSON: nudgesJSON{Decided: n.Decided, Worked: n.Worked, Pending: n.Pending, SuccessPercent: n.Percent()}})
		}
	}
	return out
}

// reportQuery reads ?from=&to=&programme_id=&department=.
func reportQuery(c *fiber.Ctx) (domain.ReportQuery, error) {
	var q domain.ReportQuery
	var err error
	if v := c.Query("from"); v != "" {
		if q.From, err = domain.ParseDate(v); err != nil {
			return q, badRequest("from: " + englishMessage(err))
		}
	}
	if v := c.Query("to"); v != "" {
		if q.To, err = domain.ParseDate(v); err != nil {
			return q, badRequest("to: " + englishMessage(err))
		}
	}
	if v := c.Query("programme_id"); v != "" {
		if q.ProgrammeID, err = strconv.ParseInt(v, 10, 64); err != nil || q.ProgrammeID < 0 {
			return q, badRequest("programme_id must be an id")
		}
	}
	q.Department = copyString(c.Query("department"))
	return q, nil
}

func (s *Server) orgReport(c *fiber.Ctx) (domain.OrgReport, error) {
	q, err := reportQuery(c)
	if err != nil {
		return domain.OrgReport{}, err
	}
	return s.svc.OrgReport(c.UserContext(), *actor(c), q)
}

// apiReports answers GET /api/v1/reports (JSON).
func (s *Server) apiReports(c *fiber.Ctx) error {
	r, err := s.orgReport(c)
	if err != nil {
		return err
	}
	return c.JSON(toReportJSON(r))
}

// reportsCSV answers /reports.csv and /api/v1/reports.csv: every figure.
func (s *Server) reportsCSV(c *fiber.Ctx) error {
	r, err := s.orgReport(c)
	if err != nil {
		return err
	}
	body, err := orgReportCSV(r)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="report-%s-%s.csv"`, r.From, r.To))
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(body)
}

// orgReportCSV writes one row per figure: figure, period, value.
func orgReportCSV(r domain.OrgReport) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	rows := [][]string{{"figure", "period", "value"}}
	add := func(fig, period string, v int) { rows = append(rows, []string{fig, period, strconv.Itoa(v)}) }
	for i, m := range r.Months {
		add("active_relationships", m, r.ActiveByMonth[i])
	}
	for i, m := range r.Months {
		add("meetings_held", m, r.MeetingsByMonth[i])
	}
	all := r.From.String() + "/" + r.To.String()
	add("open_on_track", "now", r.Health.OnTrack)
	add("open_needs_attention", "now", r.Health.NeedsAttention)
	add("open_at_risk", "now", r.Health.AtRisk)
	add("on_track_percent", "now", r.OnTrackPercent)
	add("started", all, r.FirstMeeting.Started)
	add("started_and_met", all, r.FirstMeeting.Met)
	add("median_days_to_first_meeting", all, r.FirstMeeting.MedianDays)
	for _, o := range domain.Outcomes {
		add("outcome_"+string(o), all, r.Outcomes[string(o)])
	}
	if r.Nudges != nil {
		add("nudges_decided", all, r.Nudges.Decided)
		add("nudges_worked", all, r.Nudges.Worked)
		add("nudges_pending", all, r.Nudges.Pending)
		add("nudge_success_percent", all, r.Nudges.Percent())
	}
	add("cadence_intervals", all, r.Cadence.Intervals)
	add("cadence_intervals_within", all, r.Cadence.Within)
	add("cadence_adherence_percent", all, r.Cadence.Percent)
	for _, g := range r.ByGoalArea {
		a := "goal_area_" + string(g.Area) + "_"
		add(a+"closed", all, g.Closed)
		for _, o := range domain.Outcomes {
			add(a+"outcome_"+string(o), all, g.Outcomes[string(o)])
		}
		add(a+"achieved_percent", all, g.AchievedPercent)
	}
	for _, n := range r.NudgesByProgramme {
		p := fmt.Sprintf("programme_%d_", n.ProgrammeID)
		add(p+"nudges_decided", all, n.Decided)
		add(p+"nudges_worked", all, n.Worked)
		add(p+"nudges_pending", all, n.Pending)
		add(p+"nudge_success_percent", all, n.Percent())
	}
	feedbackCSV(r, func(fig, period, value string) { rows = append(rows, []string{fig, period, value}) })
	if err := w.WriteAll(rows); err != nil {
		return nil, fmt.Errorf("write report csv: %w", err)
	}
	return buf.Bytes(), nil
}

// reportTable is a chart's data shown beside it.
type reportTable struct {
	Head []string
	Rows [][]string
}

type reportFigure struct {
	Chart chart
	Table reportTable
}

type reportsPage struct {
	Page
	Report     domain.OrgReport
	Programmes []domain.Programme
	CSVLink    string // the CSV of these filters
	Figures    []reportFigure
	// Comments are the comments learners shared, without names.
	Comments []sharedComment
}

// sharedComment is one shared comment as the page shows it.
type sharedComment struct {
	Programme, Month, Comment string
	Rating                    int
}

func monthFigure(w *lang.Words, id, title, desc, unit string, months []string, counts []int, empty string) reportFigure {
	ch := monthsChart(w, id, "", months, counts)
	ch.Title, ch.Desc, ch.Head = title, desc, []string{w.T("chart.month"), unit}
	ch.emptyUnless(empty, counts)
	t := reportTable{Head: []string{w.T("chart.month"), unit}}
	for i, m := range months {
		t.Rows = append(t.Rows, []string{monthWords(w, m), strconv.Itoa(counts[i])})
	}
	return reportFigure{Chart: ch, Table: t}
}

func barFigure(w *lang.Words, id, title, desc string, head, labels []string, values []int, empty string) reportFigure {
	ch := hbarChart(w, id, title, desc, head, labels, values, nil)
	ch.emptyUnless(empty, values)
	t := reportTable{Head: head}
	for i, l := range labels {
		t.Rows = append(t.Rows, []string{l, strconv.Itoa(values[i])})
	}
	return reportFigure{Chart: ch, Table: t}
}

// reportsPageHandler renders /reports: the figures as charts with their
// tables, the filters and a link to the CSV.
func (s *Server) reportsPage(c *fiber.Ctx) error {
	r, err := s.orgReport(c)
	if err != nil {
		return err
	}
	progs, err := s.svc.ListProgrammes(c.UserContext(), *actor(c), domain.ProgrammeFilter{Limit: 1000})
	if err != nil {
		return err
	}
	w := s.words(c)
	data := reportsPage{Page: s.page(c, w.T("title.reports")), Report: r, Programmes: progs}
	qs := []string{"from=" + r.From.String(), "to=" + r.To.String()}
	if r.ProgrammeID != 0 {
		qs = append(qs, "programme_id="+strconv.FormatInt(r.ProgrammeID, 10))
	}
	if r.Department != "" {
		qs = append(qs, "department="+url.QueryEscape(r.Department))
	}
	data.CSVLink = "/reports.csv?" + strings.Join(qs, "&")
	data.Figures = append(data.Figures,
		monthFigure(w, "active", w.T("report.active_relationships_per_month"), w.T("report.pairings_and_engagements_running_on"),
			w.T("report.relationships"), r.Months, r.ActiveByMonth, w.T("report.no_relationship_ran_in_this")),
		monthFigure(w, "meetings", w.T("report.meetings_held_per_month"), w.T("report.check_ins_and_coaching_sessions"),
			w.T("report.meetings"), r.Months, r.MeetingsByMonth, w.T("report.no_meeting_was_held_in")))
	hl := []string{wordOf(w, "Health", string(domain.HealthOnTrack)), wordOf(w, "Health", string(domain.HealthNeedsAttention)), wordOf(w, "Health", string(domain.HealthAtRisk))}
	data.Figures = append(data.Figures, barFigure(w, "health", w.T("report.open_relationships_by_health"),
		w.N("report.on_track_today", r.OpenRelationships(), "Percent", r.OnTrackPercent),
		[]string{w.T("report.health"), w.T("report.relationships")}, hl, []int{r.Health.OnTrack, r.Health.NeedsAttention, r.Health.AtRisk}, w.T("report.no_relationship_is_open")))
	var ol []string
	var oc []int
	for _, o := range domain.Outcomes {
		ol, oc = append(ol, wordOf(w, "Outcome", string(o))), append(oc, r.Outcomes[string(o)])
	}
	data.Figures = append(data.Figures, barFigure(w, "outcomes", w.T("report.outcomes_of_engagements_closed_in"),
		w.T("report.closed_engagements_by_the_outcome"), []string{w.T("report.outcome"), w.T("report.engagements")}, ol, oc, w.T("report.no_engagement_closed_in_this")))
	data.Figures = append(data.Figures, barFigure(w, "first", w.T("report.time_to_the_first_meeting"),
		w.N("report.first_meeting_desc", r.FirstMeeting.Started, "Met", r.FirstMeeting.Met,
			"Wait", w.N("report.days", r.FirstMeeting.MedianDays)),
		[]string{w.T("report.relationships_started"), w.T("report.count")}, []string{w.T("report.started"), w.T("report.met_at_least_once"), w.T("report.median_days_to_first_meeting")},
		[]int{r.FirstMeeting.Started, r.FirstMeeting.Met, r.FirstMeeting.MedianDays}, w.T("report.no_relationship_started_in_this")))
	if r.Nudges != nil {
		data.Figures = append(data.Figures, barFigure(w, "nudges", w.T("report.nudges_followed_by_a_meeting"),
			w.T("report.nudges_desc", "Percent", r.Nudges.Percent()),
			[]string{w.T("report.nudges"), w.T("report.count")}, []string{w.T("report.led_to_a_meeting"), w.T("report.decided"), w.T("report.still_within_their_week")},
			[]int{r.Nudges.Worked, r.Nudges.Decided, r.Nudges.Pending}, w.T("report.no_nudge_was_sent_in")))
	}
	data.Figures = append(data.Figures, barFigure(w, "cadence", w.T("report.check_ins_within_the_agreed"),
		w.N("report.cadence_desc", r.Cadence.Intervals, "Percent", r.Cadence.Percent),
		[]string{w.T("report.intervals_between_check_ins"), w.T("report.count")}, []string{w.T("report.within_the_cadence"), w.T("report.longer_than_the_cadence_allows")},
		[]int{r.Cadence.Within, r.Cadence.Intervals - r.Cadence.Within}, w.T("report.no_pairing_had_two_check")))
	areas := reportTable{Head: []string{w.T("report.goal_area"), w.T("report.closed")}}
	for _, o := range domain.Outcomes {
		areas.Head = append(areas.Head, wordOf(w, "Outcome", string(o)))
	}
	areas.Head = append(areas.Head, w.T("report.achieved_share"))
	var al []string
	var ac []int
	for _, g := range r.ByGoalArea {
		row := []string{wordOf(w, "GoalArea", string(g.Area)), strconv.Itoa(g.Closed)}
		for _, o := range domain.Outcomes {
			row = append(row, strconv.Itoa(g.Outcomes[string(o)]))
		}
		areas.Rows = append(areas.Rows, append(row, w.T("report.percent", "Percent", g.AchievedPercent)))
		al, ac = append(al, w.T("report.area_achieved", "Area", wordOf(w, "GoalArea", string(g.Area)))), append(ac, g.Outcomes[string(domain.OutcomeAchieved)])
		al, ac = append(al, w.T("report.area_closed", "Area", wordOf(w, "GoalArea", string(g.Area)))), append(ac, g.Closed)
	}
	areaFig := barFigure(w, "areas", w.T("report.goals_achieved_by_area"), w.T("report.engagements_closed_in_the_period"),
		[]string{w.T("report.goal_area"), w.T("report.engagements")}, al, ac, w.T("report.no_engagement_closed_in_this"))
	areaFig.Table = areas
	data.Figures = append(data.Figures, areaFig)
	if r.Nudges != nil {
		names := map[int64]string{}
		for _, p := range progs {
			names[p.ID] = p.Name
		}
		t := reportTable{Head: []string{w.T("report.programme"), w.T("report.decided"), w.T("report.led_to_a_meeting"), w.T("report.still_within_their_week"), w.T("report.success")}}
		var nl []string
		var nv []int
		for _, n := range r.NudgesByProgramme {
			name := names[n.ProgrammeID]
			if name == "" {
				name = w.T("report.a_programme_no_longer_listed")
			}
			t.Rows = append(t.Rows, []string{name, strconv.Itoa(n.Decided), strconv.Itoa(n.Worked), strconv.Itoa(n.Pending), w.T("report.percent", "Percent", n.Percent())})
			nl, nv = append(nl, name), append(nv, n.Percent())
		}
		fig := barFigure(w, "nudges-programme", w.T("report.nudge_success_per_programme"),
			w.T("report.the_share_of_each_programme"),
			[]string{w.T("report.programme"), w.T("report.success")}, nl, nv, w.T("report.no_programme_sent_a_nudge"))
		if len(r.NudgesByProgramme) > 0 {
			fig.Chart.Empty = "" // a programme whose nudges all failed is a figure, not an empty chart
		}
		fig.Table = t
		data.Figures = append(data.Figures, fig)
	}
	name := func(id int64) string {
		for _, p := range progs {
			if p.ID == id {
				return p.Name
			}
		}
		return w.T("report.feedback.programme_gone")
	}
	data.Figures = append(data.Figures, feedbackFigures(w, r, name)...)
	for _, sc := range r.Feedback.SharedComments {
		data.Comments = append(data.Comments, sharedComment{Programme: name(sc.ProgrammeID), Month: monthWords(w, sc.Month), Comment: sc.Comment, Rating: sc.Rating})
	}
	return s.render(c, "reports", &data)
}
