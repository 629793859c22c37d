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
	return s.render(c, "reports", &data)
}
