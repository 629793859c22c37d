package views

import (
	"fmt"
	"html/template"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"cairn/domain"
	"cairn/domain/lang"
)

// This file is the one place where the domain's values become the words a
// person reads: statuses, kinds, roles, outcomes, flag kinds, audit actions
// and object types, and field names as their forms label them. The words
// are the catalogues' (domain/lang/locales): a value is "word.<group>.<value>", a
// field's label "field.<name>". Templates reach them through the language
// funcs (word, label, day, when, ago ..., bound per language in
// language.go); handlers and the error page through the Go functions, given
// the reader's words. Nothing shown on a page is an enum value, a
// snake_case name or a bare id.

// apiWords are the words of the JSON API's messages: the source language,
// whoever asks. Loaded once; like every Words, never changed.
var apiWords = func() *lang.Words {
	cat, err := sourceCatalogue()
	if err != nil {
		panic(fmt.Sprintf("views: the embedded catalogues do not load: %v", err))
	}
	return cat.For(lang.Source)
}()

// word is a domain value in words. A typed value needs one argument
// ({{word .Status}}); a plain string names its group first
// ({{word "action" .Action}}). A typed value finds its group by its Go
// type's name (domain.MeetingStatus is "MeetingStatus"). A value the
// catalogue lacks is shown as words still, never with underscores; the
// words test finds such gaps.
func word(w *lang.Words, args ...any) (string, error) {
	var group string
	var v any
	switch len(args) {
	case 1:
		v = args[0]
		t := reflect.TypeOf(v)
		if t == nil {
			return "", nil
		}
		if t.Kind() == reflect.Pointer {
			rv := reflect.ValueOf(v)
			if rv.IsNil() {
				return "", nil
			}
			v, t = rv.Elem().Interface(), t.Elem()
		}
		group = t.Name()
	case 2:
		g, ok := args[0].(string)
		if !ok {
			return "", fmt.Errorf("word: the group must be a string, not %T", args[0])
		}
		group, v = g, args[1]
	default:
		return "", fmt.Errorf("word: want a value, or a group and a value; got %d arguments", len(args))
	}
	return wordOf(w, group, fmt.Sprint(v)), nil
}

// wordKey is the catalogue key of value's words in group.
func wordKey(group, value string) string { return "word." + group + "." + value }

// wordOf is value's words in group.
func wordOf(w *lang.Words, group, value string) string {
	if value == "" {
		return ""
	}
	if k := wordKey(group, value); w.Has(k) {
		return w.T(k)
	}
	return sentenceCase(value)
}

// hasLabel reports whether a field has a label in the catalogues.
func hasLabel(w *lang.Words, field string) bool { return w.Has("field." + field) }

// label is a field's name as its form labels it ("starts_on" is "Start
// date"); a name the catalogue lacks still reads as words.
func label(w *lang.Words, field string) string {
	if hasLabel(w, field) {
		return w.T("field." + field)
	}
	if strings.HasPrefix(field, "row ") {
		return w.T("words.row", "Row", strings.TrimPrefix(field, "row "))
	}
	return sentenceCase(field)
}

// inSentence is a label as it reads inside a sentence: "the start date".
func inSentence(w *lang.Words, field string) string {
	l := label(w, field)
	if l == "" {
		return l
	}
	return w.T("words.the_field", "Label", w.Lower(l))
}

// sentenceCase writes a machine name as words: "read_all" is "Read all".
func sentenceCase(s string) string {
	s = strings.TrimSpace(strings.NewReplacer("_", " ", ".", " ", ":", " ").Replace(s))
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// machineToken finds snake_case and dotted names ("starts_on",
// "goal.title", "partially_achieved") inside a message.
var machineToken = regexp.MustCompile(`\b[a-z][a-z0-9]*(?:[_.][a-z0-9]+)+\b`)

// isoDate finds a calendar date written YYYY-MM-DD inside a message
// (not one inside an instant, which the message would not carry).
var isoDate = regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b`)

// valueWord is the words of a value with an underscore in it, for
// messages that list allowed values ("must be achieved,
// partially_achieved or not_achieved"): the first group (by name) to name
// the value gives them, the audit's own groups aside.
func valueWord(w *lang.Words, value string) (string, bool) {
	for _, k := range w.Keys("word.") {
		group, v, _ := strings.Cut(strings.TrimPrefix(k, "word."), ".")
		if v != value || group == "action" || group == "object" || group == "job" {
			continue
		}
		return w.Lower(w.T(k)), true
	}
	return "", false
}

// humanMessage rewrites a message for a person: a field named inside it
// reads as its label ("must be after starts_on" becomes "must be after
// the start date"), a value as its words ("partially_achieved" becomes
// "partly achieved"), a date in its human form ("2026-12-07" becomes "Mon
// 7 Dec 2026"). Dotted words that are not names (a web address,
// "e.g.") are left alone.
func humanMessage(w *lang.Words, msg string) string {
	// Addresses people typed (emails, links) are kept as they are.
	var b strings.Builder
	last := 0
	for _, span := range verbatim.FindAllStringIndex(msg, -1) {
		b.WriteString(humanWords(w, msg[last:span[0]]))
		b.WriteString(msg[span[0]:span[1]])
		last = span[1]
	}
	b.WriteString(humanWords(w, msg[last:]))
	return b.String()
}

// verbatim finds what a message quotes as typed: email addresses and links.
var verbatim = regexp.MustCompile(`[^\s"“”()<>]+@[^\s"“”()<>]+|\b[a-z][a-z0-9+.-]*://[^\s"“”<>]+`)

// humanWords is humanMessage for text that quotes nothing.
func humanWords(w *lang.Words, msg string) string {
	msg = isoDate.ReplaceAllStringFunc(msg, func(d string) string { return dayWords(w, d) })
	return machineToken.ReplaceAllStringFunc(msg, func(tok string) string {
		if strings.Contains(tok, "_") {
			if v, ok := valueWord(w, tok); ok {
				return v
			}
		}
		if hasLabel(w, tok) {
			return inSentence(w, tok)
		}
		if strings.Contains(tok, "_") {
			return strings.ReplaceAll(tok, "_", " ")
		}
		return tok
	})
}

// humanFields is a form's field errors as a person reads them: each
// message rewritten by humanMessage, keyed as before so each stays beside
// its field.
func humanFields(w *lang.Words, fields map[string]string) map[string]string {
	if fields == nil {
		return nil
	}
	out := make(map[string]string, len(fields))
	for k, v := range fields {
		out[k] = humanMessage(w, v)
	}
	return out
}

// fieldsSentence is the field errors as one message naming each field by
// its label: "End date must be after the start date; Outcome must be ...".
func fieldsSentence(w *lang.Words, fields map[string]string) string {
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	sort.Strings(names)
	parts := make([]string, 0, len(names))
	for _, k := range names {
		parts = append(parts, w.T("words.field_problem", "Label", label(w, k), "Problem", humanMessage(w, fields[k])))
	}
	return strings.Join(parts, "; ") + "."
}

// pageMessage is an error's message for a page: validation errors name
// their fields by label; other messages have any machine name rewritten.
func pageMessage(w *lang.Words, msg string, fields map[string]string) string {
	if len(fields) > 0 {
		return fieldsSentence(w, fields)
	}
	return sentence(humanMessage(w, msg))
}

// sentence starts a message with a capital and ends it with a stop: "no
// such pairing" reads "No such pairing.".
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.ContainsAny(s[len(s)-1:], ".!?") {
		s += "."
	}
	return s
}

// dayWords is a calendar date, a domain.Date or a "YYYY-MM-DD" string, in
// the reader's language: "Wed 2 Dec 2026". A string that is no date is
// shown as it is.
func dayWords(w *lang.Words, v any) string {
	switch d := v.(type) {
	case domain.Date:
		return dateWords(w, d)
	case *domain.Date:
		if d == nil {
			return ""
		}
		return dateWords(w, *d)
	case string:
		if p, err := domain.ParseDate(d); err == nil {
			return dateWords(w, p)
		}
		return d
	}
	return fmt.Sprint(v)
}

// dateWords is a date in the reader's language; "" when unset.
func dateWords(w *lang.Words, d domain.Date) string {
	if d.IsZero() {
		return ""
	}
	return w.Day(d.Start(time.UTC))
}

// monthWords is a month written YYYY-MM in words: "Mar 2026". Anything
// else is shown as it is.
func monthWords(w *lang.Words, ym string) string {
	t, err := time.Parse("2006-01", ym)
	if err != nil {
		return ym
	}
	return w.Month(t)
}

// whenWords is an instant in the viewer's zone in the reader's language.
func whenWords(w *lang.Words, t time.Time, loc *time.Location) string { return w.When(t, loc) }

// relativeDay says when t is, seen at now, counted by calendar days in
// the viewer's zone: "today", "yesterday", "3 days ago", "tomorrow", "in
// 2 days".
func relativeDay(w *lang.Words, t, now time.Time, loc *time.Location) string {
	switch d := domain.CalendarDays(now, t, loc); {
	case d == 0:
		return w.T("relative.today")
	case d == -1:
		return w.T("relative.yesterday")
	case d == 1:
		return w.T("relative.tomorrow")
	case d < 0:
		return w.N("relative.days_ago", -d)
	default:
		return w.N("relative.in_days", d)
	}
}

// twoNames names a relationship by its people: "Margaret Okafor and Leo
// Brandt".
func twoNames(w *lang.Words, a, b string) string {
	return w.T("words.two_names", "First", a, "Second", b)
}

// objectRef is how the log writes an object ("pairing 3").
var objectRef = regexp.MustCompile(`^([a-z_]+) (\d+)$`)

// changeValue is an audit change's value as words: a date or an instant
// in its human form, a value with an underscore as its words, a yes/no for
// a flag, nothing for an empty one, an object ("pairing 3") as a link to
// its page named by its kind.
func changeValue(w *lang.Words, field string, v any, loc *time.Location) template.HTML {
	if s, ok := v.(string); ok {
		if m := objectRef.FindStringSubmatch(s); m != nil {
			id, _ := strconv.ParseInt(m[2], 10, 64)
			if p := objectPath(m[1], id); p != "" {
				return template.HTML(`<a href="` + template.HTMLEscapeString(p) + `">` +
					template.HTMLEscapeString(w.T("words.the_object", "Object", w.Lower(wordOf(w, "object", m[1])))) + `</a>`)
			}
		}
	}
	if typ, ok := idFields[field]; ok {
		if n, ok := v.(float64); ok && n > 0 {
			if p := objectPath(typ, int64(n)); p != "" {
				return template.HTML(`<a href="` + template.HTMLEscapeString(p) + `">` +
					template.HTMLEscapeString(w.T("words.this_object", "Object", w.Lower(wordOf(w, "object", typ)))) + `</a>`)
			}
		}
	}
	if s, ok := v.(string); ok {
		for _, g := range fieldGroups[field] {
			if k := wordKey(g, s); w.Has(k) {
				return template.HTML(template.HTMLEscapeString(w.T(k)))
			}
		}
	}
	return template.HTML(template.HTMLEscapeString(changeWords(w, v, loc)))
}

// idFields are the fields that hold another object's id, by its kind.
var idFields = map[string]string{
	"mentor_id": "person", "mentee_id": "person", "coach_id": "person", "coachee_id": "person", "person_id": "person",
	"owner_id": "person", "programme_id": "programme", "pairing_id": "pairing", "engagement_id": "engagement",
}

// fieldGroups says which words a field's values take in the audit log,
// the first group that knows the value giving them.
var fieldGroups = map[string][]string{
	"role": {"Role"}, "status": {"MeetingStatus", "PairingStatus", "EngagementStatus"}, "outcome": {"Outcome"},
	"format": {"MeetingFormat"}, "goal_area": {"GoalArea"}, "kind": {"FlagKind", "ProgrammeKind"},
	"state": {"OutboxState"}, "deadline_status": {"DeadlineStatus"}, "via": {"LinkPurpose"},
}

// auditValueKeys are the catalogue keys of the words the audit log
// records in place of a value (domain.AuditChanged ...).
var auditValueKeys = map[string]string{
	domain.AuditChanged:         "audit.value.changed",
	domain.AuditWritten:         "audit.value.written",
	domain.AuditGiven:           "audit.value.given",
	domain.AuditOrgSignIn:       "audit.value.org_sign_in",
	domain.AuditWithOrg:         "audit.value.with_org",
	domain.AuditByVerifiedEmail: "audit.value.by_verified_email",
	domain.AuditNewAccount:      "audit.value.new_account",
	domain.AuditKeptLastAdmin:   "audit.value.kept_last_admin",
}

// changeWords is changeValue's words for a value that is no object.
func changeWords(w *lang.Words, v any, loc *time.Location) string {
	switch x := v.(type) {
	case nil:
		return "—"
	case bool:
		if x {
			return w.T("words.yes")
		}
		return w.T("words.no")
	case string:
		if x == "" {
			return "—"
		}
		if k, ok := auditValueKeys[x]; ok {
			return w.T(k)
		}
		if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
			return whenWords(w, t, loc)
		}
		if d, err := domain.ParseDate(x); err == nil {
			return dateWords(w, d)
		}
		return humanMessage(w, x)
	case float64:
		if x == float64(int64(x)) {
			return fmt.Sprint(int64(x))
		}
	case map[string]any:
		names := make([]string, 0, len(x))
		for k := range x {
			names = append(names, k)
		}
		sort.Strings(names)
		parts := make([]string, 0, len(names))
		for _, k := range names {
			parts = append(parts, label(w, k)+" "+changeWords(w, x[k], loc))
		}
		return strings.Join(parts, ", ")
	}
	return humanMessage(w, fmt.Sprint(v))
}

// objectPath is the page of an audited object, "" when it has none.
func objectPath(objectType string, id int64) string {
	if id <= 0 { // about nobody known (a refused sign-in of a stranger)
		return ""
	}
	switch objectType {
	case "person":
		return fmt.Sprintf("/people/%d", id)
	case "programme", "pairing", "engagement", "checkin", "session":
		return fmt.Sprintf("/%ss/%d", objectType, id)
	}
	return ""
}

// wordFuncs are the template funcs of this file that need no language.
var wordFuncs = map[string]any{
	// objectPath: an audited object's page.
	"objectPath": objectPath,
}

// wordLanguageFuncs are the template funcs of this file in one language
// (language.go binds them per language).
func wordLanguageFuncs(w *lang.Words) template.FuncMap {
	return template.FuncMap{
		// word: {{word .Status}} or {{word "action" .Action}}.
		"word": func(args ...any) (string, error) { return word(w, args...) },
		// label: a field's label, {{label "starts_on"}}.
		"label": func(field string) string { return label(w, field) },
		// message: a message with machine names rewritten.
		"message": func(msg string) string { return humanMessage(w, msg) },
		// day: a calendar date, "Wed 2 Dec 2026".
		"day": func(v any) string { return dayWords(w, v) },
		// month: a month written YYYY-MM, "Mar 2026".
		"month": func(ym string) string { return monthWords(w, ym) },
		// when: an instant in the viewer's zone, "Wed 2 Dec 2026, 09:00 CET".
		"when": func(t time.Time, loc *time.Location) string { return whenWords(w, t, loc) },
		"whenPtr": func(t *time.Time, loc *time.Location) string {
			if t == nil {
				return ""
			}
			return whenWords(w, *t, loc)
		},
		// ago: an instant relative to now in the viewer's zone, "yesterday".
		"ago": func(t, now time.Time, loc *time.Location) string { return relativeDay(w, t, now, loc) },
		// names: a relationship named by its people.
		"names": func(a, b string) string { return twoNames(w, a, b) },
		// lower: words inside a sentence, "This pairing is paused".
		"lower": w.Lower,
		// change: an audit change's value as words.
		"change": func(field string, v any, loc *time.Location) template.HTML { return changeValue(w, field, v, loc) },
		// number: a number in the reader's language, {{number .Share 1}}.
		"number": w.Number,
	}
}
