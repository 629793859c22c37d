package views

import (
	"sort"
	"strings"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
	"cairn/domain/lang"
)

// A form that fails comes back as the same page with status 422 (or 409),
// what was typed kept, a message beside each field and, at the top of the
// page, a summary that links to each field. Every form handler goes
// through formError or refill (handlers.go), which call failForm.

// ErrorSummary is the box at the top of a page whose form failed: one item
// per message, linking to the field it is about.
type ErrorSummary struct {
	Items []ErrorItem
}

// ErrorItem is one message of the summary: Href is "#" and the field's id,
// empty when the message is about the form as a whole.
type ErrorItem struct {
	Href, Label, Message string
}

// summaryHolder is a page that can carry a summary: every page embeds Page.
type summaryHolder interface{ setSummary(*ErrorSummary) }

func (p *Page) setSummary(s *ErrorSummary) { p.ErrorSummary = s }

// fieldTargets names the input a summary links to when it is not the one
// named like the field (ids are the form's prefix and the input's name).
var fieldTargets = map[string]string{
	"scheduled_at":         "date",
	"goal.title":           "goal_title",
	"goal.description":     "goal_description",
	"goal.area":            "goal_area",
	"goal.success_measure": "success_measure",
	"offers":               "offers_other",
	"wants":                "wants_other",
}

// fieldOrder is the order forms show their fields in: a summary lists
// its messages in this order, each named by its label (words.go).
var fieldOrder = []string{
	"name", "email", "job_title", "department", "seniority", "timezone", "role", "active", "max_mentees",
	"max_coachees", "password", "current_password", "new_password", "confirm_password", "kind", "description",
	"programme_id", "mentor_id", "mentee_id", "coach_id", "coachee_id", "seniority_override_reason",
	"capacity_override_reason", "goal.title", "goal.description", "goal.area", "goal.success_measure",
	"started_on", "starts_on", "ends_on", "planned_sessions", "checkin_cadence_days", "focus", "format",
	"scheduled_at", "date", "time", "duration_minutes", "location", "status", "agenda", "notes", "private_notes",
	"progress_percent", "progress_comment", "outcome", "summary", "ended_on", "end_reason", "reason", "file",
	"confirmed",
}

// fieldRank is a field's place in fieldOrder, 0 for a field not there.
func fieldRank(name string) int {
	for i, f := range fieldOrder {
		if f == name {
			return i + 1
		}
	}
	return 0
}

// fieldID is the id of the input a field's message is about, in the form
// whose ids start with prefix ("" or e.g. "close-").
func fieldID(prefix, field string) string {
	if t, ok := fieldTargets[field]; ok {
		field = t
	}
	return prefix + field
}

// summarise turns field messages into the summary: the form's own message
// first, then the fields in the order forms show them, any others after
// them by name.
func summarise(w *lang.Words, prefix string, fields map[string]string) *ErrorSummary {
	if len(fields) == 0 {
		return nil
	}
	names := make([]string, 0, len(fields))
	for f := range fields {
		names = append(names, f)
	}
	rank := func(f string) int {
		if f == "" {
			return -1
		}
		if r := fieldRank(f); r > 0 {
			return r
		}
		return len(fieldOrder) + 1
	}
	sort.Slice(names, func(i, j int) bool {
		if ri, rj := rank(names[i]), rank(names[j]); ri != rj {
			return ri < rj
		}
		return names[i] < names[j]
	})
	s := &ErrorSummary{}
	for _, f := range names {
		it := ErrorItem{Message: fields[f]}
		// A field with a space ("row 3" of an import) is no input.
		if f != "" && !strings.ContainsAny(f, " ") {
			it.Href, it.Label = "#"+fieldID(prefix, f), label(w, f)
		}
		s.Items = append(s.Items, it)
	}
	return s
}

// confirmed asks for the box a rare or destructive action is confirmed
// with ("confirmed"): unticked, the form comes back with that field's
// message and nothing changes.
func confirmed(c *fiber.Ctx, v *domain.ValidationError, key string) {
	if c.FormValue("confirmed") == "" {
		v.AddText("confirmed", key)
	}
}

// failForm answers a form that failed with its page: fill puts back what
// was typed and the field messages, the summary goes on top, the status
// says why. Errors that are not about the input go on to the error handler.
func (s *Server) failForm(c *fiber.Ctx, err error, page, prefix string, data summaryHolder, fill func(fields map[string]string)) error {
	w := s.words(c)
	status, _, fields, ok := formErrorFields(w, err)
	if !ok {
		return err
	}
	if fill != nil {
		fill(fields)
	}
	data.setSummary(summarise(w, prefix, fields))
	c.Status(status)
	return s.render(c, page, data)
}
