package views

import (
	"sort"
	"strings"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
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
}

// formFields are the words a summary names a field by, as the forms label
// them, in the order forms show them: the summary lists its messages in
// this order.
var formFields = []struct{ name, label string }{
	{"name", "Name"}, {"email", "Email"}, {"job_title", "Job title"}, {"department", "Department"},
	{"seniority", "Seniority"}, {"timezone", "Time zone"}, {"role", "Role"}, {"active", "Active"},
	{"max_mentees", "Most mentees"}, {"max_coachees", "Most coachees"}, {"password", "Password"},
	{"current_password", "Current password"}, {"new_password", "New password"}, {"confirm_password", "New password again"},
	{"kind", "Kind"}, {"description", "Description"},
	{"programme_id", "Programme"}, {"mentor_id", "Mentor"}, {"mentee_id", "Mentee"}, {"coach_id", "Coach"}, {"coachee_id", "Coachee"},
	{"seniority_override_reason", "Reason to pass over the seniority rule"},
	{"capacity_override_reason", "Reason to pass over the capacity limit"},
	{"goal.title", "Goal"}, {"goal.description", "Goal description"}, {"goal.area", "Area"},
	{"goal.success_measure", "How success is measured"},
	{"started_on", "Started on"}, {"starts_on", "Starts on"}, {"ends_on", "Ends on"}, {"planned_sessions", "Planned sessions"},
	{"checkin_cadence_days", "Check-in cadence"}, {"focus", "Focus"},
	{"format", "Format"}, {"scheduled_at", "Date and time"}, {"date", "Date"}, {"time", "Time"},
	{"duration_minutes", "Duration"}, {"location", "Place or link"}, {"status", "Status"}, {"agenda", "Agenda"},
	{"notes", "Notes"}, {"private_notes", "Private notes"}, {"progress_percent", "Progress"}, {"progress_comment", "Comment"},
	{"outcome", "Outcome"}, {"summary", "Summary"}, {"ended_on", "End date"}, {"end_reason", "Why it ends"},
	{"reason", "Reason"}, {"file", "File"}, {"confirm", "Confirmation"},
}

// fieldRank is a field's place in formFields, 0 for a field not there.
func fieldRank(name string) int {
	for i, f := range formFields {
		if f.name == name {
			return i + 1
		}
	}
	return 0
}

// fieldLabel is how a form labels a field.
func fieldLabel(name string) string {
	if i := fieldRank(name); i > 0 {
		return formFields[i-1].label
	}
	l := strings.ReplaceAll(strings.ReplaceAll(name, "_", " "), ".", " ")
	if l == "" {
		return l
	}
	return strings.ToUpper(l[:1]) + l[1:]
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
func summarise(prefix string, fields map[string]string) *ErrorSummary {
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
		return len(formFields) + 1
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
			it.Href, it.Label = "#"+fieldID(prefix, f), fieldLabel(f)
		}
		s.Items = append(s.Items, it)
	}
	return s
}

// confirmed asks for the box a rare or destructive action is confirmed
// with ("confirm"): unticked, the form comes back with that field's
// message and nothing changes.
func confirmed(c *fiber.Ctx, v *domain.ValidationError, what string) {
	if c.FormValue("confirm") == "" {
		v.Add("confirm", "tick the box to confirm that you want to "+what)
	}
}

// failForm answers a form that failed with its page: fill puts back what
// was typed and the field messages, the summary goes on top, the status
// says why. Errors that are not about the input go on to the error handler.
func (s *Server) failForm(c *fiber.Ctx, err error, page, prefix string, data summaryHolder, fill func(fields map[string]string)) error {
	status, _, fields, ok := formErrorFields(err)
	if !ok {
		return err
	}
	if fill != nil {
		fill(fields)
	}
	data.setSummary(summarise(prefix, fields))
	c.Status(status)
	return s.render(c, page, data)
}
