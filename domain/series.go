package domain

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// A series is a regular slot of a pairing or an engagement: a rule
// (RFC 5545 RRULE) kept in the organiser's zone, so every occurrence is at
// the same local time across daylight-saving changes. The occurrences
// inside the horizon exist as meetings carrying the series' id; the rule
// is expanded by rrule-go, never by hand.

// SeriesStatus is whether a series still makes occurrences.
type SeriesStatus string

// The series statuses.
const (
	SeriesActive SeriesStatus = "active"
	SeriesEnded  SeriesStatus = "ended"
)

// SeriesHorizon is how far ahead a series' occurrences exist as meetings;
// the nightly job moves it on.
const SeriesHorizon = 90 * 24 * time.Hour

// MaxSeriesCount bounds a series given by a number of occurrences.
const MaxSeriesCount = 500

// ClashMode is what to do with occurrences that clash with another
// meeting of a participant.
type ClashMode string

// The clash modes: refuse the series (the default), or skip those dates.
const (
	ClashRefuse ClashMode = "refuse"
	ClashSkip   ClashMode = "skip"
)

// Series is a regular slot; its occurrences are meetings.
type Series struct {
	ID              int64       `json:"id"`
	Kind            MeetingKind `json:"kind"`
	PairingID       *int64      `json:"pairing_id,omitempty"`
	EngagementID    *int64      `json:"engagement_id,omitempty"`
	LeaderID        int64       `json:"leader_id"`
	LearnerID       int64       `json:"learner_id"`
	OrganiserID     int64       `json:"organiser_id"`
	Timezone        string      `json:"timezone"`
	StartsAt        time.Time   `json:"starts_at"`
	DurationMinutes int         `json:"duration_minutes"`
	Location        string      `json:"location"`
	Rule            string      `json:"rule"`
	// Until is the last day (in the series' zone) with an occurrence;
	// UntilAt the instant the RRULE's UNTIL holds.
	Until   *Date      `json:"until"`
	UntilAt *time.Time `json:"-"`
	Count   int        `json:"count,omitempty"`
	// RRule is the stored rule with its end: what calendars receive.
	RRule string `json:"rrule"`
	// Skipped are occurrences left out (clashes at creation), as EXDATEs.
	Skipped   []time.Time  `json:"skipped"`
	Status    SeriesStatus `json:"status"`
	Sequence  int          `json:"sequence"`
	CreatedBy int64        `json:"-"`
	CreatedAt time.Time    `json:"created_at"`
	UpdatedAt time.Time    `json:"updated_at"`
	// Words says the rule in plain English, e.g. "every second Tuesday at 10:00".
	Words string `json:"description"`
	// Said is Words in the reader's language, for pages.
	Said Text `json:"-"`
	// Upcoming are the occurrences ahead that exist as meetings.
	Upcoming []SeriesOccurrence `json:"upcoming"`
	Can      SeriesAbilities    `json:"can"`
}

// SeriesOccurrence is one occurrence of a series, as a meeting.
type SeriesOccurrence struct {
	MeetingID    int64            `json:"meeting_id"`
	Kind         MeetingKind      `json:"kind"`
	ScheduledAt  time.Time        `json:"scheduled_at"`
	OccurrenceAt time.Time        `json:"occurrence_at"`
	Status       MeetingStatus    `json:"status"`
	Moved        bool             `json:"moved"`
	Can          MeetingAbilities `json:"can"`
}

// SeriesAbilities is what an actor may do with a series.
type SeriesAbilities struct {
	Edit bool `json:"edit"`
	End  bool `json:"end"`
}

// Zone is the series' zone (UTC when the name is unknown).
func (sr Series) Zone() *time.Location {
	if loc, err := loadZone(sr.Timezone); err == nil {
		return loc
	}
	return time.UTC
}

// HasParticipant reports whether id is one of the two participants.
func (sr Series) HasParticipant(id int64) bool { return id == sr.LeaderID || id == sr.LearnerID }

// ruleParts is a parsed rule of the shapes Cairn offers.
type ruleParts struct {
	freq       string // WEEKLY or MONTHLY
	interval   int
	byDay      string // MO..SU, with an ordinal for MONTHLY (1MO, -1FR)
	byMonthDay int
}

var weekdayCodes = []string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// parseRule reads a rule as a person gives it (no UNTIL or COUNT: those
// are fields of their own) and checks it is one of the shapes Cairn
// offers: weekly, every N weeks, monthly on an nth weekday, monthly on a
// date. The start (in the series' zone) must be an occurrence of it.
func parseRule(rule string, start time.Time) (ruleParts, *Text) {
	var p ruleParts
	p.interval = 1
	rule = strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(rule)), "RRULE:")
	if rule == "" {
		return p, &Text{Key: "error.a1.rule_required"}
	}
	seen := map[string]bool{}
	for part := range strings.SplitSeq(rule, ";") {
		k, v, ok := strings.Cut(part, "=")
		if !ok || v == "" || seen[k] {
			return p, &Text{Key: "error.a1.rule_form"}
		}
		seen[k] = true
		switch k {
		case "FREQ":
			if v != "WEEKLY" && v != "MONTHLY" {
				return p, &Text{Key: "error.a1.rule_freq"}
			}
			p.freq = v
		case "INTERVAL":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 52 {
				return p, &Text{Key: "error.a1.rule_interval"}
			}
			p.interval = n
		case "BYDAY":
			p.byDay = v
		case "BYMONTHDAY":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 31 {
				return p, &Text{Key: "error.a1.rule_bymonthday"}
			}
			p.byMonthDay = n
		case "UNTIL", "COUNT":
			return p, &Text{Key: "error.a1.rule_no_end"}
		case "WKST":
		default:
			return p, &Text{Key: "error.a1.rule_part_not_offered", Args: []any{"Part", k}}
		}
	}
	if p.freq == "" {
		return p, &Text{Key: "error.a1.rule_needs_freq"}
	}
	if start.IsZero() {
		return p, nil
	}
	if p.freq == "MONTHLY" && p.interval > 12 {
		return p, &Text{Key: "error.a1.rule_monthly_interval"}
	}
	day := weekdayCodes[start.Weekday()]
	switch p.freq {
	case "WEEKLY":
		if p.byMonthDay != 0 {
			return p, &Text{Key: "error.a1.rule_weekly_bymonthday"}
		}
		if p.byDay != "" && p.byDay != day {
			return p, &Text{Key: "error.a1.rule_weekday_mismatch", Args: []any{"ByDay", p.byDay, "Weekday", weekdayText[day]}}
		}
		p.byDay = ""
	case "MONTHLY":
		switch {
		case p.byDay != "" && p.byMonthDay != 0:
			return p, &Text{Key: "error.a1.rule_byday_and_bymonthday"}
		case p.byDay != "":
			n, wd, ok := ordinalDay(p.byDay)
			if !ok {
				return p, &Text{Key: "error.a1.rule_byday_form"}
			}
			if wd != day || nthOfMonth(start) != n && !(n == -1 && lastOfMonth(start)) {
				return p, &Text{Key: "error.a1.rule_nth_mismatch", Args: []any{"Nth", ordinalText[n], "Weekday", weekdayText[wd],
					"Date", Text{Key: "error.a1.long_date", Args: []any{"Weekday", weekdayText[day], "Day", start.Day(),
						"Month", monthText[start.Month()], "Year", start.Year()}}}}
			}
		default:
			if p.byMonthDay == 0 {
				p.byMonthDay = start.Day()
			}
			if p.byMonthDay != start.Day() {
				return p, &Text{Key: "error.a1.rule_day_mismatch", Args: []any{"Day", p.byMonthDay, "Start", start.Day()}}
			}
		}
	}
	return p, nil
}

// ordinalDay reads "1MO", "-1FR": n in 1..4 or -1, and the weekday.
func ordinalDay(s string) (int, string, bool) {
	if len(s) < 3 {
		return 0, "", false
	}
	n, err := strconv.Atoi(s[:len(s)-2])
	wd := s[len(s)-2:]
	if err != nil || !slices.Contains(weekdayCodes, wd) || !(n >= 1 && n <= 4 || n == -1) {
		return 0, "", false
	}
	return n, wd, true
}

func nthOfMonth(t time.Time) int   { return (t.Day()-1)/7 + 1 }
func lastOfMonth(t time.Time) bool { return t.AddDate(0, 0, 7).Month() != t.Month() }

var ordinalNames = map[int]string{1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}

var weekdayNames = map[string]string{"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday", "FR": "Friday",
	"SA": "Saturday", "SU": "Sunday"}

// weekdayText, ordinalText and monthText name weekdays, the ordinals of
// a monthly rule and months in messages.
var weekdayText = map[string]Text{"MO": {Key: "error.a1.weekday.monday"}, "TU": {Key: "error.a1.weekday.tuesday"},
	"WE": {Key: "error.a1.weekday.wednesday"}, "TH": {Key: "error.a1.weekday.thursday"}, "FR": {Key: "error.a1.weekday.friday"},
	"SA": {Key: "error.a1.weekday.saturday"}, "SU": {Key: "error.a1.weekday.sunday"}}

var ordinalText = map[int]Text{1: {Key: "error.a1.ordinal.first"}, 2: {Key: "error.a1.ordinal.second"},
	3: {Key: "error.a1.ordinal.third"}, 4: {Key: "error.a1.ordinal.fourth"}, -1: {Key: "error.a1.ordinal.last"}}

var monthText = map[time.Month]Text{time.January: {Key: "error.a1.month.january"}, time.February: {Key: "error.a1.month.february"},
	time.March: {Key: "error.a1.month.march"}, time.April: {Key: "error.a1.month.april"}, time.May: {Key: "error.a1.month.may"},
	time.June: {Key: "error.a1.month.june"}, time.July: {Key: "error.a1.month.july"}, time.August: {Key: "error.a1.month.august"},
	time.September: {Key: "error.a1.month.september"}, time.October: {Key: "error.a1.month.october"},
	time.November: {Key: "error.a1.month.november"}, time.December: {Key: "error.a1.month.december"}}

func ordinalWords(byDay string) string {
	n, wd, ok := ordinalDay(byDay)
	if !ok {
		return byDay
	}
	return ordinalNames[n] + " " + weekdayNames[wd]
}

// String is the canonical rule: FREQ, INTERVAL when above one, BYDAY or
// BYMONTHDAY.
func (p ruleParts) String() string {
	out := "FREQ=" + p.freq
	if p.interval > 1 {
		out += ";INTERVAL=" + strconv.Itoa(p.interval)
	}
	if p.byDay != "" {
		out += ";BYDAY=" + p.byDay
	}
	if p.byMonthDay != 0 {
		out += ";BYMONTHDAY=" + strconv.Itoa(p.byMonthDay)
	}
	return out
}

// words says the rule in plain English for a start in the series' zone.
func (p ruleParts) words(start time.Time) string {
	at := " at " + start.Format("15:04")
	switch {
	case p.freq == "WEEKLY" && p.interval == 1:
		return "every " + start.Weekday().String() + at
	case p.freq == "WEEKLY" && p.interval == 2:
		return "every second " + start.Weekday().String() + at
	case p.freq == "WEEKLY":
		return fmt.Sprintf("every %d weeks on %s%s", p.interval, start.Weekday(), at)
	}
	every := "every month"
	if p.interval == 2 {
		every = "every second month"
	} else if p.interval > 2 {
		every = fmt.Sprintf("every %d months", p.interval)
	}
	if p.byDay != "" {
		return "the " + ordinalWords(p.byDay) + " of " + every + at
	}
	return fmt.Sprintf("day %d of %s%s", p.byMonthDay, every, at)
}

// said is words by catalogue key, for a page in the reader's language.
func (p ruleParts) said(start time.Time) Text {
	at := start.Format("15:04")
	wd := weekdayText[strings.ToUpper(start.Weekday().String()[:2])]
	switch {
	case p.freq == "WEEKLY" && p.interval == 1:
		return Text{Key: "series.said.every_weekday", Args: []any{"Weekday", wd, "Time", at}}
	case p.freq == "WEEKLY" && p.interval == 2:
		return Text{Key: "series.said.every_second_weekday", Args: []any{"Weekday", wd, "Time", at}}
	case p.freq == "WEEKLY":
		return Text{Key: "series.said.every_n_weeks", Args: []any{"N", p.interval, "Weekday", wd, "Time", at}}
	}
	every := Text{Key: "series.said.every_month"}
	if p.interval == 2 {
		every = Text{Key: "series.said.every_second_month"}
	} else if p.interval > 2 {
		every = Text{Key: "series.said.every_n_months", Args: []any{"N", p.interval}}
	}
	if n, day, ok := ordinalDay(p.byDay); ok && p.byDay != "" {
		return Text{Key: "series.said.nth_weekday", Args: []any{"Nth", ordinalText[n], "Weekday", weekdayText[day], "Every", every, "Time", at}}
	}
	return Text{Key: "series.said.month_day", Args: []any{"Day", p.byMonthDay, "Every", every, "Time", at}}
}

// fullRule is the rule with its end: UNTIL in UTC (RFC 5545 wants UTC
// when DTSTART has a zone) or COUNT.
func fullRule(rule string, untilAt *time.Time, count int) string {
	switch {
	case untilAt != nil:
		return rule + ";UNTIL=" + untilAt.UTC().Format("20060102T150405Z")
	case count > 0:
		return rule + ";COUNT=" + strconv.Itoa(count)
	}
	return rule
}

// recurrence is the series' rule for rrule-go, DTSTART in the series' zone,
// so it is expanded in local wall time.
func (sr Series) recurrence() (*rrule.RRule, error) {
	loc := sr.Zone()
	opt, err := rrule.StrToROptionInLocation(sr.RRule, loc)
	if err != nil {
		return nil, fmt.Errorf("series %d rule %q: %w", sr.ID, sr.RRule, err)
	}
	opt.Dtstart = sr.StartsAt.In(loc)
	r, err := rrule.NewRRule(*opt)
	if err != nil {
		return nil, fmt.Errorf("series %d rule %q: %w", sr.ID, sr.RRule, err)
	}
	return r, nil
}

// Occurrences lists the rule's occurrences in [from, to], in UTC, the
// skipped ones left out.
func (sr Series) Occurrences(from, to time.Time) ([]time.Time, error) {
	r, err := sr.recurrence()
	if err != nil {
		return nil, err
	}
	var out []time.Time
	for _, t := range r.Between(from, to, true) {
		t = t.UTC()
		if !sr.skips(t) {
			out = append(out, t)
		}
	}
	return out, nil
}

// First lists up to n occurrences from an instant on, in UTC.
func (sr Series) First(from time.Time, n int) ([]time.Time, error) {
	r, err := sr.recurrence()
	if err != nil {
		return nil, err
	}
	var out []time.Time
	next := r.Iterator()
	for len(out) < n {
		t, ok := next()
		if !ok {
			break
		}
		if t.Before(from) || sr.skips(t.UTC()) {
			continue
		}
		out = append(out, t.UTC())
	}
	return out, nil
}

func (sr Series) skips(t time.Time) bool {
	return slices.ContainsFunc(sr.Skipped, func(x time.Time) bool { return x.Equal(t) })
}

// SeriesInput is what a participant (or an admin) gives to set a regular
// time.
type SeriesInput struct {
	Rule            string
	StartsAt        time.Time
	Timezone        string // "" is the organiser's zone
	DurationMinutes int
	Location        string
	Until           *Date
	Count           int
	OnClash         ClashMode // "" refuses
}

// SeriesPatch changes a series from an occurrence on ("this and
// following"); nil fields stay as they are.
type SeriesPatch struct {
	From            *time.Time
	Rule            *string
	StartsAt        *time.Time
	Timezone        *string
	DurationMinutes *int
	Location        *string
	Until           *Date
	Count           *int
	OnClash         ClashMode
}

// SeriesFilter narrows a list of series.
type SeriesFilter struct {
	PairingID    int64
	EngagementID int64
	Statuses     []SeriesStatus
	Limit        int
	After        int64
}

// shape validates the series' fields and fills in Rule (canonical),
// RRule, Until/UntilAt and Words. window, when set, is the engagement's
// [from, to): every occurrence must lie inside it.
func (sr *Series) shape(v *ValidationError, now time.Time, window *[2]time.Time) {
	if !ValidTimezone(sr.Timezone) {
		v.AddText("timezone", "error.a1.timezone")
		return
	}
	loc := sr.Zone()
	switch {
	case sr.StartsAt.IsZero():
		v.AddText("starts_at", "error.a1.required")
	case !InstantInRange(sr.StartsAt):
		v.AddText("starts_at", "error.a1.years", "From", MinYear, "To", MaxYear)
	case !sr.StartsAt.After(now):
		v.AddText("starts_at", "error.a1.in_future")
	case window != nil && (sr.StartsAt.Before(window[0]) || !sr.StartsAt.Before(window[1])):
		v.AddText("starts_at", "error.a1.inside_engagement")
	}
	sr.StartsAt = sr.StartsAt.UTC().Truncate(time.Second)
	local := sr.StartsAt.In(loc)
	parts, why := parseRule(sr.Rule, local)
	if why != nil {
		v.AddText("rule", why.Key, why.Args...)
	}
	if sr.DurationMinutes < MinMeetingMinutes || sr.DurationMinutes > MaxMeetingMinutes {
		v.AddText("duration_minutes", "error.a1.minutes_between", "Min", MinMeetingMinutes, "Max", MaxMeetingMinutes)
	}
	sr.Location = strings.TrimSpace(sr.Location)
	v.Text("location", sr.Location)
	v.maxLen("location", sr.Location, 500)
	if sr.Until != nil && sr.Until.IsZero() {
		sr.Until = nil
	}
	switch {
	case sr.Until != nil && sr.Count != 0:
		v.AddText("until", "error.a1.until_or_count")
	case sr.Count < 0 || sr.Count > MaxSeriesCount:
		v.AddText("count", "error.a1.between", "Min", 1, "Max", MaxSeriesCount)
	case sr.Until != nil && !sr.StartsAt.IsZero() && sr.Until.Before(DateOf(sr.StartsAt, loc)):
		v.AddText("until", "error.a1.until_not_before_first")
	}
	if len(v.Fields) > 0 {
		return
	}
	sr.Rule = parts.String()
	sr.Words, sr.Said = parts.words(local), parts.said(local)
	sr.UntilAt = nil
	if sr.Until != nil {
		u := sr.Until.AddDays(1).Start(loc).Add(-time.Second).UTC()
		sr.UntilAt = &u
	}
	if window != nil {
		end := window[1].Add(-time.Second).UTC()
		if sr.Count > 0 {
			sr.RRule = fullRule(sr.Rule, nil, sr.Count)
			last, err := sr.Occurrences(sr.StartsAt, sr.StartsAt.AddDate(MaxYear-sr.StartsAt.Year(), 0, 0))
			if err == nil && len(last) > 0 && last[len(last)-1].After(end) {
				v.AddText("count", "error.a1.count_past_end", "Count", sr.Count)
				return
			}
		} else if sr.UntilAt == nil || sr.UntilAt.After(end) {
			d := DateOf(end, loc)
			sr.Until, sr.UntilAt = &d, &end
		}
	}
	sr.RRule = fullRule(sr.Rule, sr.UntilAt, sr.Count)
	if _, err := sr.recurrence(); err != nil {
		v.AddText("rule", "error.a1.rule_unreadable", "Why", err.Error())
	}
}

// describe fills in Words from the stored rule.
func (sr *Series) describe() {
	if parts, why := parseRule(sr.Rule, sr.StartsAt.In(sr.Zone())); why == nil {
		sr.Words, sr.Said = parts.words(sr.StartsAt.In(sr.Zone())), parts.said(sr.StartsAt.In(sr.Zone()))
	}
}
