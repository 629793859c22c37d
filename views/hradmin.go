package views

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

var pairingsImport = importKind{Kind: "pairings", Header: domain.PairingsCSVHeader, Done: "/programmes",
	check: checkCSV((*domain.Service).CheckPairingsCSV), run: runCSV((*domain.Service).ImportPairings)}

var engagementsImport = importKind{Kind: "engagements", Header: domain.EngagementsCSVHeader, Done: "/programmes",
	check: checkCSV((*domain.Service).CheckEngagementsCSV), run: runCSV((*domain.Service).ImportEngagements)}

// checkCSV adapts a kind's dry-run use case to the import pages.
func checkCSV[T any](check func(*domain.Service, context.Context, domain.Actor, io.Reader) (domain.ImportResult[T], error),
) func(*Server, *fiber.Ctx, string) ([]importRowView, bool, error) {
	return func(s *Server, c *fiber.Ctx, content string) ([]importRowView, bool, error) {
		res, err := check(s.svc, c.UserContext(), *actor(c), strings.NewReader(content))
		return rowViews(s.words(c), res), res.Valid(), err
	}
}

// runCSV adapts a kind's import use case to the import pages and the API.
func runCSV(run func(*domain.Service, context.Context, domain.Actor, io.Reader) (int, error)) func(*Server, *fiber.Ctx, string) (int, error) {
	return func(s *Server, c *fiber.Ctx, content string) (int, error) {
		return run(s.svc, c.UserContext(), *actor(c), strings.NewReader(content))
	}
}

// apiImport answers POST /api/v1/{pairings,engagements}/import: a text/csv
// body, all rows or none.
func (s *Server) apiImport(k importKind) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := s.svc.Authorize(*actor(c), domain.ActImport); err != nil {
			return err
		}
		n, err := k.run(s, c, string(c.Body()))
		if err != nil {
			return err
		}
		return c.Status(fiber.StatusCreated).JSON(fiber.Map{"created": n})
	}
}

// apiProgrammeReport answers GET /api/v1/reports/programmes/{id} (JSON)
// and /api/v1/reports/programmes/{id}.csv (one row per relationship).
func (s *Server) apiProgrammeReport(c *fiber.Ctx) error {
	file := c.Params("file")
	id, asCSV := file, false
	if strings.HasSuffix(file, ".csv") {
		id, asCSV = strings.TrimSuffix(file, ".csv"), true
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return domain.NotFoundText("error.programme.not_found")
	}
	r, err := s.svc.ProgrammeReport(c.UserContext(), *actor(c), n)
	if err != nil {
		return err
	}
	if !asCSV {
		return c.JSON(r)
	}
	body, err := reportCSV(r)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="programme-%d-report.csv"`, n))
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(body)
}

// csvCell neutralises a cell a spreadsheet would run as a formula.
func csvCell(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

func intCell(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

// reportCSV writes a programme report as CSV: one row per pairing and per
// engagement, no note text.
func reportCSV(r domain.ProgrammeReport) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\ufeff") // spreadsheets then read UTF-8
	w := csv.NewWriter(&buf)
	head := []string{"kind", "id", "programme", "leader", "learner", "status", "starts_on", "ends_on", "checkin_cadence_days",
		"checkins_last_12_months", "last_checkin_at", "days_since_last_checkin", "planned_sessions", "sessions_completed",
		"progress_percent", "deadline_status", "outcome", "goal_title"}
	for _, m := range r.Months {
		head = append(head, "checkins_"+m)
	}
	rows := [][]string{head}
	for _, p := range r.Pairings {
		last := ""
		if p.LastCheckinAt != nil {
			last = p.LastCheckinAt.UTC().Format("2006-01-02T15:04:05Z")
		}
		ended := ""
		if !p.EndedOn.IsZero() {
			ended = p.EndedOn.String()
		}
		row := []string{"pairing", strconv.FormatInt(p.ID, 10), r.Programme.Name, p.Mentor.Name, p.Mentee.Name, p.Status,
			p.StartedOn.String(), ended, strconv.Itoa(p.CheckinCadenceDays), strconv.Itoa(p.CheckinsTotal), last,
			intCell(p.DaysSinceLast), "", "", "", "", "", ""}
		for _, n := range p.CheckinsByMonth {
			row = append(row, strconv.Itoa(n))
		}
		rows = append(rows, row)
	}
	for _, e := range r.Engagements {
		row := []string{"engagement", strconv.FormatInt(e.ID, 10), r.Programme.Name, e.Coach.Name, e.Coachee.Name, e.Status,
			e.StartsOn.String(), e.EndsOn.String(), "", "", "", "", strconv.Itoa(e.PlannedSessions),
			strconv.Itoa(e.SessionsCompleted), strconv.Itoa(e.ProgressPercent), string(e.DeadlineStatus), string(e.Outcome),
			e.GoalTitle}
		for range r.Months {
			row = append(row, "")
		}
		rows = append(rows, row)
	}
	for _, row := range rows {
		for i := range row {
			row[i] = csvCell(row[i])
		}
		if err := w.Write(row); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// apiMentorSuggestions answers GET /api/v1/people/{id}/mentor-suggestions,
// for one mentoring programme with ?programme_id=.
func (s *Server) apiMentorSuggestions(c *fiber.Ctx) error {
	programmeID, err := queryID(c, "programme_id")
	if err != nil {
		return err
	}
	return itemsByID(c, func(ctx context.Context, a domain.Actor, id int64) ([]domain.MentorSuggestion, error) {
		list, err := s.svc.MentorSuggestions(ctx, a, id, programmeID)
		for i, m := range list {
			list[i].Reasons = textsWords(apiWords, m.Why)
		}
		return list, err
	})
}

// apiExportPerson answers GET /api/v1/people/{id}/export as a download.
func (s *Server) apiExportPerson(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	x, err := s.svc.ExportPerson(c.UserContext(), *actor(c), id)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="cairn-person-%d.json"`, id))
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(x)
}

type suggestPage struct {
	Page
	Mentee      domain.Person
	Programme   domain.Programme // zero when none was named
	Suggestions []domain.MentorSuggestion
	PreferOther bool
}

// suggestMentorsPage lists the ranked mentors for a person in a mentoring
// programme (?programme_id=), each linking to the new-pairing form filled in.
func (s *Server) suggestMentorsPage(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	programmeID, err := queryID(c, "programme_id")
	if err != nil {
		return err
	}
	ctx, a := c.UserContext(), *actor(c)
	list, err := s.svc.MentorSuggestions(ctx, a, id, programmeID)
	if err != nil {
		return err
	}
	mentee, err := s.svc.GetPerson(ctx, a, id)
	if err != nil {
		return err
	}
	data := &suggestPage{Mentee: mentee, Suggestions: list, PreferOther: !s.svc.Config().MatchIgnoreDepartment}
	title := s.words(c).T("title.suggested_mentors", "Mentee", mentee.Name)
	if programmeID != 0 {
		if data.Programme, err = s.svc.GetProgramme(ctx, a, programmeID); err != nil {
			return err
		}
		title = s.words(c).T("title.suggested_mentors_in", "Mentee", mentee.Name, "Programme", data.Programme.Name)
	}
	data.Page = s.page(c, title)
	return s.render(c, "suggest_mentors", data)
}
