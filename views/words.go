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
)

// This file is the one place where the domain's values become the words a
// person reads: statuses, kinds, roles, outcomes, flag kinds, audit actions
// and object types, and field names as their forms label them. Templates
// reach it through the funcs at the end (word, label, day, when, ago ...);
// handlers and the error page through the Go functions. Nothing shown on a
// page is an enum value, a snake_case name or a bare id. When the words move
// into message catalogues (issue 20) the keys are group.value as here.

// wordTable holds, per group, each value's words. A typed domain value
// finds its group by its Go type's name (domain.MeetingStatus is
// "MeetingStatus"); values kept as plain strings name their group.
var wordTable = map[string]map[string]string{
	"MeetingStatus": {
		"scheduled": "Scheduled", "completed": "Completed", "cancelled": "Cancelled", "no_show": "Missed (no-show)",
	},
	"PairingStatus":    {"active": "Active", "paused": "Paused", "ended": "Ended"},
	"EngagementStatus": {"active": "Active", "completed": "Completed", "cancelled": "Cancelled"},
	"Outcome": {
		"achieved": "Achieved", "partially_achieved": "Partly achieved", "not_achieved": "Not achieved",
	},
	"DeadlineStatus": {"on_track": "On track", "due_soon": "Due soon", "overdue": "Overdue", "closed": "Closed"},
	"FlagKind": {
		"goal_deadline_near": "Goal deadline near", "goal_overdue": "Goal overdue",
		"checkin_overdue": "Check-ins overdue", "sessions_behind": "Sessions behind plan",
	},
	"ProgrammeKind": {"mentoring": "Mentoring", "coaching": "Coaching"},
	// A relationship's health and why (domain/health.go).
	"Health": {"on_track": "On track", "needs_attention": "Needs attention", "at_risk": "At risk"},
	"ReasonCode": {
		"quiet": "No recent meeting", "missed_streak": "Meetings cancelled or missed", "sessions_behind": "Sessions behind plan",
		"goal_deadline_near": "Goal deadline near", "goal_overdue": "Goal overdue",
		"series_missed": "Regular time keeps being missed",
	},
	"MeetingKind": {"checkin": "Check-in", "session": "Session"},
	// Regular times (domain/series.go).
	"SeriesStatus":  {"active": "Active", "ended": "Ended"},
	"ClashMode":     {"refuse": "Refuse the whole regular time", "skip": "Skip the clashing dates"},
	"MeetingFormat": {"formal": "Formal (scheduled)", "informal": "Informal (logged after)"},
	"GoalArea":      {"work": "Work", "personal": "Personal"},
	"Role":          {"admin": "Administrator", "member": "Member"},
	"ReminderState": {"pending": "Waiting", "queued": "Sent to the outbox", "cancelled": "Cancelled", "missed": "Missed"},
	"OutboxKind": {
		"reminder": "Reminder", "cancellation": "Cancellation", "digest": "Daily flag summary",
		"invite": "Invitation", "password_reset": "Password reset", "nudge": "Nudge to meet",
		"request": "Mentor request",
		"pairing": "New pairing",
	},
	"OutboxState": {
		"queued": "Waiting to send", "sending": "Sending", "sent": "Sent", "dead": "Failed for good",
		"not_delivered": "Not delivered (no mail server set)", "expired": "Too late to send", "cancelled": "Withdrawn",
	},
	"LinkPurpose": {"invite": "Invitation", "reset": "Password reset"},
	// How a programme forms pairs, sign-ups and mentor requests (domain/requests.go).
	"MatchingMode": {
		"admin": "HR forms the pairs", "mentee_request": "Mentees ask a mentor, who accepts",
		"mentee_request_approved": "Mentees ask a mentor, who accepts, then HR approves",
	},
	"MemberRole": {"mentor": "Mentor", "mentee": "Mentee"},
	// Who may mentor in a mentoring programme (domain/eligibility.go).
	"MentorSeniority": {
		"more_senior": "Only colleagues more senior than their mentee",
		"any":         "Colleagues at any level: the same as their mentee's or a lower one too",
	},
	"RequestState": {
		"open": "Waiting for the mentor", "accepted": "Accepted", "declined": "Declined", "withdrawn": "Withdrawn",
		"expired": "Expired unanswered", "approved": "Approved by HR", "rejected": "Not approved by HR",
	},
	"RequestStep": {"accept": "Accept", "decline": "Decline", "withdraw": "Withdraw", "approve": "Approve", "reject": "Reject"},
	// Nudges and what HR did with a flag (domain/nudges.go, flagactions.go).
	"NudgeKind":      {"automatic": "Sent by Cairn", "hr": "Sent by HR"},
	"FlagActionKind": {"nudge": "Nudged", "snooze": "Snoozed", "resolve": "Resolved"},
	"MeetingAction":  {"met": "We met", "not_met": "We did not meet"},
	// Flags name what they are about.
	"subject": {"pairing": "Pairing", "engagement": "Engagement"},
	// In-app notifications by kind.
	"notification": {
		"reminder": "Reminder", "cancellation": "Cancelled", "flags": "Flags", "digest": "Flags", "nudge": "Time to meet",
		"request": "Mentor request",
	},
	// Error pages head with what went wrong, not a status number.
	"http": {
		"400": "That request could not be read", "401": "Sign in first", "403": "Not yours to do",
		"404": "Not found", "405": "Not possible here", "409": "That clashes with what is there",
		"413": "Too large", "415": "Not a kind of content this accepts", "422": "Please check what you entered",
		"429": "Too many attempts", "500": "Something went wrong", "503": "Not available just now",
	},
	// Scheduler jobs an admin runs by hand.
	"job": {"reminders": "Reminder sweep", "flags": "Flag sweep", "outbox": "Outbox delivery"},
	// The audit log: what was done ...
	"action": {
		"create": "Created", "update": "Changed", "import": "Imported", "export": "Exported",
		"close": "Closed", "cancel": "Cancelled", "cancelled": "Cancelled", "completed": "Completed",
		"no_show": "Marked missed", "scheduled": "Scheduled again", "reschedule": "Moved",
		"pause": "Paused", "resume": "Resumed", "end": "Ended", "archive": "Archived", "unarchive": "Restored",
		"sign_in": "Signed in", "sign_out": "Signed out", "revoke": "Revoked", "rotate": "Replaced the link",
		"set_password": "Set a password", "change_password": "Changed the password",
		"invite": "Invited", "reset": "Asked for a password reset",
		"met": "Confirmed the meeting took place", "not_met": "Said the meeting did not take place",
		"raise": "Raised", "clear": "Cleared", "read": "Read", "read_all": "Read all",
		"retry": "Retried", "run": "Ran", "sign_in_refused": "Sign-in refused",
		"nudge": "Nudged", "snooze": "Snoozed", "resolve": "Resolved",
		"join": "Joined", "leave": "Left", "accept": "Accepted", "decline": "Declined", "withdraw": "Withdrew",
		"approve": "Approved", "reject": "Did not approve", "expire": "Expired",
	},
	// ... and to what.
	"object": {
		"person": "Person", "programme": "Programme", "pairing": "Pairing", "engagement": "Engagement",
		"checkin": "Check-in", "session": "Session", "api_token": "API token", "calendar_feed": "Calendar link",
		"notification": "Notification", "flag": "Flag", "mentor_request": "Mentor request", "outbox": "Outbox message", "job": "Scheduled job",
		"job:reminders": "Reminder sweep", "job:flags": "Flag sweep", "job:outbox": "Outbox delivery",
		"profile": "Mentoring profile", "tag": "Skill or topic", "match_settings": "Match settings",
	},
}

// fieldLabels names every field as its form labels it. Validation
// messages, error summaries and the audit log's changes read from here;
// the JSON API keeps the field names themselves.
var fieldLabels = map[string]string{
	"message": "Your message", "until": "Snooze until", "note": "What was done", "pairs": "Pairs to create", "swap": "Pairs to swap",
	"nudge_after_days": "Days of grace after a nudge",
	"bio":              "Short bio", "offers": "Skills offered", "wants": "Topics to grow in", "languages": "Languages",
	"work_start": "Working hours from", "work_end": "Working hours to",
	"weight_topics": "Weight of topics covered", "weight_seniority": "Weight of seniority",
	"weight_department": "Weight of another department", "weight_hours": "Weight of working hours",
	"weight_language": "Weight of a shared language", "weight_capacity": "Weight of places free",
	"seniority_min": "Smallest seniority gap", "seniority_max": "Largest seniority gap",
	"matching": "How pairs are formed", "requires_signup": "People sign up first", "mentor_seniority": "Who may mentor",
	"request_expiry_days": "Days a request waits for the mentor", "as": "Join as", "capacity": "Mentees you take here",
	"name": "Name", "email": "Email", "password": "Password", "new_password": "New password",
	"current_password": "Current password", "password_confirm": "Password again", "confirm": "Password again",
	"job_title": "Job title", "department": "Department", "seniority": "Seniority", "timezone": "Time zone",
	"external": "External coach", "role": "Role", "active": "Active", "max_mentees": "Most mentees at once",
	"max_coachees": "Most coachees at once", "language": "Language",
	"kind": "Kind", "description": "Description", "starts_on": "Start date", "ends_on": "End date",
	"checkin_cadence_days": "Check-in cadence in days", "archived": "Archived",
	"programme_id": "Programme", "programme": "Programme", "mentor_id": "Mentor", "mentee_id": "Mentee",
	"mentor_email": "Mentor's email", "mentee_email": "Mentee's email", "coach_email": "Coach's email",
	"coachee_email": "Coachee's email", "coach_id": "Coach", "coachee_id": "Coachee",
	"started_on": "Start date", "status": "Status", "focus": "Focus", "ended_on": "End date", "end_reason": "Why it ends",
	"seniority_override_reason": "Seniority override reason", "capacity_override_reason": "Capacity override reason",
	"last_checkin_at": "Last check-in",
	"goal":            "Goal", "goal.title": "Goal", "goal_title": "Goal", "goal.description": "What the goal means",
	"goal_description": "What the goal means", "goal.area": "Area", "goal_area": "Area",
	"goal.success_measure": "How success is measured", "success_measure": "How success is measured",
	"planned_sessions": "Planned sessions", "progress_percent": "Progress", "progress_comment": "Progress comment",
	"outcome": "Outcome", "summary": "Summary", "outcome_summary": "Summary", "cancel_reason": "Why it was cancelled",
	"format": "Format", "scheduled_at": "Date and time", "date": "Date", "time": "Time",
	"duration_minutes": "Duration in minutes", "location": "Place or link", "agenda": "Agenda", "notes": "Notes",
	"private_notes": "Private notes", "pairing_id": "Pairing", "engagement_id": "Engagement", "leader_id": "Who leads",
	"learner_id": "Who learns", "file": "File", "csv": "File", "body": "The request", "parameter": "A parameter",
	"state": "State", "health": "Health", "person_id": "Person", "object_type": "Object", "object_id": "Object",
	"from": "From", "to": "To", "limit": "How many", "after": "After", "before": "Before", "q": "Search",
	"method": "How", "linked": "Account linked", "sign_in": "Signs in", "confirmed": "Confirmation",
	"token": "Link", "count": "How many", "header": "The header line", "reason": "Reason",
	"subject":    "About",
	"cleared_at": "Cleared", "sequence": "Calendar version",
	"rule": "Repeats", "repeat": "Repeats", "interval": "Every how many weeks", "starts_at": "First date and time",
	"on_clash": "Clashing dates", "clashes": "Clashing dates",
}

// word is a domain value in words. A typed value needs one argument
// ({{word .Status}}); a plain string names its group first
// ({{word "action" .Action}}). A value the table lacks is shown as words
// still, never with underscores; the words test finds such gaps.
func word(args ...any) (string, error) {
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
	return wordOf(group, fmt.Sprint(v)), nil
}

// wordOf is value's words in group.
func wordOf(group, value string) string {
	if value == "" {
		return ""
	}
	if w, ok := wordTable[group][value]; ok {
		return w
	}
	return sentenceCase(value)
}

// label is a field's name as its form labels it ("starts_on" is "Start
// date"); a name the table lacks still reads as words.
func label(field string) string {
	if l, ok := fieldLabels[field]; ok {
		return l
	}
	if strings.HasPrefix(field, "row ") {
		return "Row " + strings.TrimPrefix(field, "row ")
	}
	return sentenceCase(field)
}

// inSentence is a label as it reads inside a sentence: "the start date".
func inSentence(field string) string {
	l := label(field)
	if l == "" {
		return l
	}
	// Keep capitals that are names ("API token"), lower the rest.
	if len(l) > 1 && strings.ToUpper(l[:2]) == l[:2] {
		return "the " + l
	}
	return "the " + strings.ToLower(l[:1]) + l[1:]
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

// valueWords maps every value with an underscore in it to its words, for
// messages that list allowed values ("must be achieved, partially_achieved
// or not_achieved").
var valueWords = func() map[string]string {
	out := map[string]string{}
	groups := make([]string, 0, len(wordTable))
	for g := range wordTable {
		groups = append(groups, g)
	}
	sort.Strings(groups) // the first group to name a value wins, always the same one
	for _, g := range groups {
		if g == "action" || g == "object" || g == "job" {
			continue
		}
		for v, w := range wordTable[g] {
			if _, ok := out[v]; !ok && strings.Contains(v, "_") {
				out[v] = strings.ToLower(w[:1]) + w[1:]
			}
		}
	}
	return out
}()

// humanMessage rewrites a message for a person: a field named inside it
// reads as its label ("must be after starts_on" becomes "must be after
// the start date"), a value as its words ("partially_achieved" becomes
// "partly achieved"), a date in its human form ("2026-12-07" becomes "Mon
// 7 Dec 2026"). Dotted words that are not names (a web address,
// "e.g.") are left alone.
func humanMessage(msg string) string {
	// Addresses people typed (emails, links) are kept as they are.
	var b strings.Builder
	last := 0
	for _, span := range verbatim.FindAllStringIndex(msg, -1) {
		b.WriteString(humanWords(msg[last:span[0]]))
		b.WriteString(msg[span[0]:span[1]])
		last = span[1]
	}
	b.WriteString(humanWords(msg[last:]))
	return b.String()
}

// verbatim finds what a message quotes as typed: email addresses and links.
var verbatim = regexp.MustCompile(`[^\s"“”()<>]+@[^\s"“”()<>]+|\b[a-z][a-z0-9+.-]*://[^\s"“”<>]+`)

// humanWords is humanMessage for text that quotes nothing.
func humanWords(msg string) string {
	msg = isoDate.ReplaceAllStringFunc(msg, func(d string) string { return dayWords(d) })
	return machineToken.ReplaceAllStringFunc(msg, func(tok string) string {
		if w, ok := valueWords[tok]; ok {
			return w
		}
		if _, ok := fieldLabels[tok]; ok {
			return inSentence(tok)
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
func humanFields(fields map[string]string) map[string]string {
	if fields == nil {
		return nil
	}
	out := make(map[string]string, len(fields))
	for k, v := range fields {
		out[k] = humanMessage(v)
	}
	return out
}

// fieldsSentence is the field errors as one message naming each field by
// its label: "End date must be after the start date; Outcome must be ...".
func fieldsSentence(fields map[string]string) string {
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	sort.Strings(names)
	parts := make([]string, 0, len(names))
	for _, k := range names {
		parts = append(parts, label(k)+" "+humanMessage(fields[k]))
	}
	return strings.Join(parts, "; ") + "."
}

// pageMessage is an error's message for a page: validation errors name
// their fields by label; other messages have any machine name rewritten.
func pageMessage(msg string, fields map[string]string) string {
	if len(fields) > 0 {
		return fieldsSentence(fields)
	}
	return sentence(humanMessage(msg))
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
// its one human form: "Wed 2 Dec 2026". A string that is no date is shown
// as it is.
func dayWords(v any) string {
	switch d := v.(type) {
	case domain.Date:
		return d.Human()
	case *domain.Date:
		if d == nil {
			return ""
		}
		return d.Human()
	case string:
		if p, err := domain.ParseDate(d); err == nil {
			return p.Human()
		}
		return d
	}
	return fmt.Sprint(v)
}

// monthWords is a month written YYYY-MM in words: "Mar 2026". Anything
// else is shown as it is.
func monthWords(ym string) string {
	t, err := time.Parse("2006-01", ym)
	if err != nil {
		return ym
	}
	return t.Format("Jan 2006")
}

// countOf counts a noun: "1 coaching programme", "3 coaching programmes".
func countOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// whenWords is an instant in the viewer's zone in its one human form.
func whenWords(t time.Time, loc *time.Location) string { return domain.HumanWhen(t, loc) }

// relativeDay says when t is, seen at now, counted by calendar days in
// the viewer's zone: "today", "yesterday", "3 days ago", "tomorrow", "in
// 2 days".
func relativeDay(t, now time.Time, loc *time.Location) string {
	switch d := domain.CalendarDays(now, t, loc); {
	case d == 0:
		return "today"
	case d == -1:
		return "yesterday"
	case d == 1:
		return "tomorrow"
	case d < 0:
		return fmt.Sprintf("%d days ago", -d)
	default:
		return fmt.Sprintf("in %d days", d)
	}
}

// twoNames names a relationship by its people: "Margaret Okafor and Leo
// Brandt".
func twoNames(a, b string) string { return a + " and " + b }

// objectRef is how the log writes an object ("pairing 3").
var objectRef = regexp.MustCompile(`^([a-z_]+) (\d+)$`)

// changeValue is an audit change's value as words: a date or an instant
// in its human form, a value with an underscore as its words, a yes/no for
// a flag, nothing for an empty one, an object ("pairing 3") as a link to
// its page named by its kind.
func changeValue(field string, v any, loc *time.Location) template.HTML {
	if s, ok := v.(string); ok {
		if m := objectRef.FindStringSubmatch(s); m != nil {
			id, _ := strconv.ParseInt(m[2], 10, 64)
			if p := objectPath(m[1], id); p != "" {
				return template.HTML(`<a href="` + template.HTMLEscapeString(p) + `">` +
					template.HTMLEscapeString("the "+strings.ToLower(wordOf("object", m[1]))) + `</a>`)
			}
		}
	}
	if typ, ok := idFields[field]; ok {
		if n, ok := v.(float64); ok && n > 0 {
			if p := objectPath(typ, int64(n)); p != "" {
				return template.HTML(`<a href="` + template.HTMLEscapeString(p) + `">` +
					template.HTMLEscapeString("this "+strings.ToLower(wordOf("object", typ))) + `</a>`)
			}
		}
	}
	if s, ok := v.(string); ok {
		for _, g := range fieldGroups[field] {
			if w, ok := wordTable[g][s]; ok {
				return template.HTML(template.HTMLEscapeString(w))
			}
		}
	}
	return template.HTML(template.HTMLEscapeString(changeWords(v, loc)))
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
	"state": {"OutboxState"}, "deadline_status": {"DeadlineStatus"},
}

// changeWords is changeValue's words for a value that is no object.
func changeWords(v any, loc *time.Location) string {
	switch x := v.(type) {
	case nil:
		return "—"
	case bool:
		if x {
			return "yes"
		}
		return "no"
	case string:
		if x == "" {
			return "—"
		}
		if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
			return whenWords(t, loc)
		}
		if d, err := domain.ParseDate(x); err == nil {
			return d.Human()
		}
		return humanMessage(x)
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
			parts = append(parts, sentenceCase(k)+" "+changeWords(x[k], loc))
		}
		return strings.Join(parts, ", ")
	}
	return humanMessage(fmt.Sprint(v))
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

// wordFuncs are the template funcs of this file.
var wordFuncs = map[string]any{
	// word: {{word .Status}} or {{word "action" .Action}}.
	"word": word,
	// label: a field's label, {{label "starts_on"}}.
	"label": label,
	// message: a message with machine names rewritten.
	"message": humanMessage,
	// day: a calendar date, "Wed 2 Dec 2026".
	"day": dayWords,
	// ago: an instant relative to now in the viewer's zone, "yesterday".
	"ago": relativeDay,
	// names: a relationship named by its people.
	"names": twoNames,
	// objectPath: an audited object's page.
	"objectPath": objectPath,
	// lower: words inside a sentence, "This pairing is paused".
	"lower": strings.ToLower,
	// change: an audit change's value as words.
	"change": changeValue,
}
