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
			return q, badRequest("from: " + err.Error())
		}
	}
	if v := c.Query("to"); v != "" {
		if q.To, err = domain.ParseDate(v); err != nil {
			return q, badRequest("to: " + err.Error())
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

func monthFigure(id, title, desc, unit string, months []string, counts []int, empty string) reportFigure {
	ch := monthsChart(id, "", months, counts)
	ch.Title, ch.Desc, ch.Head = title, desc, []string{"Month", unit}
	ch.emptyUnless(empty, counts)
	t := reportTable{Head: []string{"Month", unit}}
	for i, m := range months {
		t.Rows = append(t.Rows, []string{monthWords(m), strconv.Itoa(counts[i])})
	}
	return reportFigure{Chart: ch, Table: t}
}

func barFigure(id, title, desc string, head, labels []string, values []int, empty string) reportFigure {
	ch := hbarChart(id, title, desc, head, labels, values, nil)
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
	data := reportsPage{Page: s.page(c, "Reports"), Report: r, Programmes: progs}
	qs := []string{"from=" + r.From.String(), "to=" + r.To.String()}
	if r.ProgrammeID != 0 {
		qs = append(qs, "programme_id="+strconv.FormatInt(r.ProgrammeID, 10))
	}
	if r.Department != "" {
		qs = append(qs, "department="+url.QueryEscape(r.Department))
	}
	data.CSVLink = "/reports.csv?" + strings.Join(qs, "&")
	data.Figures = append(data.Figures,
		monthFigure("active", "Active relationships per month", "Pairings and engagements running on some day of each month.",
			"Relationships", r.Months, r.ActiveByMonth, "No relationship ran in this period."),
		monthFigure("meetings", "Meetings held per month", "Check-ins and coaching sessions marked completed, by month.",
			"Meetings", r.Months, r.MeetingsByMonth, "No meeting was held in this period."))
	hl := []string{wordOf("Health", string(domain.HealthOnTrack)), wordOf("Health", string(domain.HealthNeedsAttention)), wordOf("Health", string(domain.HealthAtRisk))}
	data.Figures = append(data.Figures, barFigure("health", "Open relationships by health",
		fmt.Sprintf("%d%% of %s on track today.", r.OnTrackPercent, countOf(r.OpenRelationships(), "open relationship is", "open relationships are")),
		[]string{"Health", "Relationships"}, hl, []int{r.Health.OnTrack, r.Health.NeedsAttention, r.Health.AtRisk}, "No relationship is open."))
	var ol []string
	var oc []int
	for _, o := range domain.Outcomes {
		ol, oc = append(ol, wordOf("Outcome", string(o))), append(oc, r.Outcomes[string(o)])
	}
	data.Figures = append(data.Figures, barFigure("outcomes", "Outcomes of engagements closed in the period",
		"Closed engagements by the outcome recorded.", []string{"Outcome", "Engagements"}, ol, oc, "No engagement closed in this period."))
	data.Figures = append(data.Figures, barFigure("first", "Time to the first meeting",
		fmt.Sprintf("Of %s in the period, %d had a completed meeting; the median wait was %s.",
			countOf(r.FirstMeeting.Started, "relationship started", "relationships started"), r.FirstMeeting.Met,
			countOf(r.FirstMeeting.MedianDays, "day", "days")),
		[]string{"Relationships started", "Count"}, []string{"Started", "Met at least once", "Median days to first meeting"},
		[]int{r.FirstMeeting.Started, r.FirstMeeting.Met, r.FirstMeeting.MedianDays}, "No relationship started in this period."))
	if r.Nudges != nil {
		data.Figures = append(data.Figures, barFigure("nudges", "Nudges followed by a meeting within 7 days",
			fmt.Sprintf("%d%% of the decided nudges led to a scheduled meeting within a week.", r.Nudges.Percent()),
			[]string{"Nudges", "Count"}, []string{"Led to a meeting", "Decided", "Still within their week"},
			[]int{r.Nudges.Worked, r.Nudges.Decided, r.Nudges.Pending}, "No nudge was sent in this period."))
	}
	data.Figures = append(data.Figures, barFigure("cadence", "Check-ins within the agreed cadence",
		fmt.Sprintf("Of %s ending in the period, %d%% lasted at most one and a half times the pairing's agreed cadence. "+
			"An interval runs from one completed check-in to the next, and from the last one to today (to the end of an ended pairing; "+
			"a paused pairing's last interval is left out). Pairings that have not met yet show under the time to the first meeting.",
			countOf(r.Cadence.Intervals, "interval between check-ins", "intervals between check-ins"), r.Cadence.Percent),
		[]string{"Intervals between check-ins", "Count"}, []string{"Within the cadence", "Longer than the cadence allows"},
		[]int{r.Cadence.Within, r.Cadence.Intervals - r.Cadence.Within}, "No pairing had two check-ins, or one and time since, in this period."))
	areas := reportTable{Head: []string{"Goal area", "Closed"}}
	for _, o := range domain.Outcomes {
		areas.Head = append(areas.Head, wordOf("Outcome", string(o)))
	}
	areas.Head = append(areas.Head, "Achieved (share)")
	var al []string
	var ac []int
	for _, g := range r.ByGoalArea {
		row := []string{wordOf("GoalArea", string(g.Area)), strconv.Itoa(g.Closed)}
		for _, o := range domain.Outcomes {
			row = append(row, strconv.Itoa(g.Outcomes[string(o)]))
		}
		areas.Rows = append(areas.Rows, append(row, fmt.Sprintf("%d%%", g.AchievedPercent)))
		al, ac = append(al, wordOf("GoalArea", string(g.Area))+": achieved"), append(ac, g.Outcomes[string(domain.OutcomeAchieved)])
		al, ac = append(al, wordOf("GoalArea", string(g.Area))+": closed"), append(ac, g.Closed)
	}
	areaFig := barFigure("areas", "Goals achieved by area", "Engagements closed in the period by their goal's area and the outcome recorded.",
		[]string{"Goal area", "Engagements"}, al, ac, "No engagement closed in this period.")
	areaFig.Table = areas
	data.Figures = append(data.Figures, areaFig)
	if r.Nudges != nil {
		names := map[int64]string{}
		for _, p := range progs {
			names[p.ID] = p.Name
		}
		t := reportTable{Head: []string{"Programme", "Decided", "Led to a meeting", "Still within their week", "Success"}}
		var nl []string
		var nv []int
		for _, n := range r.NudgesByProgramme {
			name := names[n.ProgrammeID]
			if name == "" {
				name = "A programme no longer listed"
			}
			t.Rows = append(t.Rows, []string{name, strconv.Itoa(n.Decided), strconv.Itoa(n.Worked), strconv.Itoa(n.Pending), fmt.Sprintf("%d%%", n.Percent())})
			nl, nv = append(nl, name), append(nv, n.Percent())
		}
		fig := barFigure("nudges-programme", "Nudge success per programme",
			"The share of each programme's decided nudges followed by a scheduled meeting within 7 days.",
			[]string{"Programme", "Success (%)"}, nl, nv, "No programme sent a nudge in this period.")
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
		return "A programme no longer listed"
	}
	data.Figures = append(data.Figures, feedbackFigures(r, name)...)
	for _, sc := range r.Feedback.SharedComments {
		data.Comments = append(data.Comments, sharedComment{Programme: name(sc.ProgrammeID), Month: monthWords(sc.Month), Comment: sc.Comment, Rating: sc.Rating})
	}
	return s.render(c, "reports", &data)
}
