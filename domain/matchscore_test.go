package domain_test

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"cairn/domain"
)

// english writes words the rules gave by key as the English catalogue
// says them, a Text among the arguments first and in the plural form its
// "Count" argument takes, as the edge does.
func english(t domain.Text) string {
	args := slices.Clone(t.Args)
	count, counted := 0, false
	for i, a := range args {
		switch v := a.(type) {
		case domain.Text:
			args[i] = english(v)
		case interface{ In(tag string) any }:
			args[i] = v.In("en")
		case int:
			if i%2 == 1 && args[i-1] == "Count" {
				count, counted = v, true
			}
		}
	}
	if counted {
		return catalogue.N("en", t.Key, count, args...)
	}
	return catalogue.T("en", t.Key, args...)
}

// englishError is a refusal's message and field messages as the API
// says them, in English.
func englishError(err error) (string, map[string]string) {
	var de *domain.Error
	if !errors.As(err, &de) {
		return fmt.Sprint(err), nil
	}
	msg, fields := de.Msg, maps.Clone(de.Fields)
	if de.Text != nil {
		msg = english(*de.Text)
	}
	for k, t := range de.FieldTexts {
		fields[k] = english(t)
	}
	return msg, fields
}

// englishAll is english of each.
func englishAll(ts []domain.Text) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = english(t)
	}
	return out
}

// oldWeights scores seniority, department and capacity alone, 40/30/30.
var oldWeights = domain.MatchSettings{WeightSeniority: 40, WeightDepartment: 30, WeightCapacity: 30, SeniorityMin: 1, SeniorityMax: 3}

func TestScoreMatchClassicFactors(t *testing.T) {
	three, two := 3, 2
	mentee := domain.Person{Name: "Mia", Seniority: 2, Department: "Sales"}
	cases := []struct {
		name    string
		mentor  domain.Person
		open    int
		ignore  bool
		total   int
		reasons string
	}{
		{"ideal", domain.Person{Seniority: 4, Department: "Finance", MaxMentees: &three}, 0, false, 100,
			"2 levels more senior (seniority 4, theirs 2), within the 1 to 3 levels a mentor should be ahead|in Finance, a different department: an outside view|3 of 3 mentee places free"},
		{"far ahead, same department, half full", domain.Person{Seniority: 9, Department: "Sales", MaxMentees: &two}, 1, false, 40 - 40*48/100 + 0 + 15,
			"7 levels more senior (seniority 9, theirs 2), more than the 3 levels a mentor should be ahead|in Sales, the same department|1 of 2 mentee places free"},
		{"no department, no limit, two mentees", domain.Person{Seniority: 3}, 2, false, 40 + 15 + 30 - 30*66/100,
			"1 level more senior (seniority 3, theirs 2), within the 1 to 3 levels a mentor should be ahead|department not known, so no outside view is certain|no limit on mentees set; mentors 2 people at the moment"},
		{"department ignored", domain.Person{Seniority: 5, Department: "Sales"}, 0, true, 40 + 30,
			"3 levels more senior (seniority 5, theirs 2), within the 1 to 3 levels a mentor should be ahead|no limit on mentees set, and mentors nobody at the moment"},
		{"same level", domain.Person{Seniority: 2, Department: "Legal"}, 3, false, 0 + 30 + 30 - 30*99/100,
			"at the same level (seniority 2, theirs 2), not the 1 to 3 levels ahead this programme looks for|in Legal, a different department: an outside view|no limit on mentees set; mentors 3 people at the moment"},
		// Where a programme lets any level mentor, the gap still explains itself.
		{"less senior", domain.Person{Seniority: 1, Department: "Sales", MaxMentees: &two}, 0, false, 0 + 0 + 30,
			"1 level less senior (seniority 1, theirs 2), not the 1 to 3 levels ahead this programme looks for|in Sales, the same department|2 of 2 mentee places free"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := domain.Matcher{Settings: oldWeights, IgnoreDepartment: c.ignore, Day: start}
			checkScore(t, m, domain.MentorCandidate{Person: c.mentor, OpenMentees: c.open}, mentee, domain.Profile{}, c.total, c.reasons)
		})
	}
}

func checkScore(t *testing.T, m domain.Matcher, c domain.MentorCandidate, mentee domain.Person, mp domain.Profile, total int, reasons string) {
	t.Helper()
	got := m.Score(c, mentee, mp)
	if pts := m.Points(c, mentee, mp); pts != got.Total {
		t.Errorf("Points %d, Score %d", pts, got.Total)
	}
	if got.Total != total {
		t.Errorf("total %d, want %d (%+v)", got.Total, total, got.Factors)
	}
	if r := strings.Join(englishAll(got.Reasons()), "|"); r != reasons {
		t.Errorf("reasons\n got %q\nwant %q", r, reasons)
	}
	sum := 0
	for _, f := range got.Factors {
		if f.Points < 0 || f.Points > f.Weight {
			t.Errorf("%s: %d points of %d", f.Name, f.Points, f.Weight)
		}
		sum += f.Points
	}
	if sum != got.Total {
		t.Errorf("factors add up to %d, total %d", sum, got.Total)
	}
}

// The profile factors: topics covered, hours overlapping by an hour (in
// UTC, on the clock's date), a shared language.
func TestScoreMatchProfileFactors(t *testing.T) {
	only := domain.MatchSettings{WeightTopics: 30, WeightHours: 20, WeightLanguage: 10, SeniorityMin: 1, SeniorityMax: 3}
	mentee := domain.Person{Seniority: 2, Timezone: "America/New_York"}
	wants := domain.Profile{Wants: []string{"Go", "Public speaking", "SQL"}, Languages: []string{"en", "es"}, WorkStart: "09:00", WorkEnd: "17:00"}
	mentor := func(zone, from, to string, offers, langs []string) domain.MentorCandidate {
		return domain.MentorCandidate{Person: domain.Person{Seniority: 5, Timezone: zone},
			Profile: domain.Profile{Offers: offers, Languages: langs, WorkStart: from, WorkEnd: to}}
	}
	winter := time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)
	// 12 March 2026: New York is on summer time (from 8 March), Berlin not yet (29 March).
	gap := time.Date(2026, 3, 12, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name    string
		day     time.Time
		c       domain.MentorCandidate
		mp      domain.Profile
		total   int
		reasons string
	}{
		{"all covered, Berlin afternoon meets New York morning in winter", winter,
			mentor("Europe/Berlin", "09:00", "16:00", []string{"go", "SQL", "Public Speaking"}, []string{"de", "es"}), wants, 60,
			"offers every topic the mentee wants to grow in: Go, Public speaking, SQL|working hours overlap by 1 hour a day|both speak Spanish"},
		{"the same hours overlap longer once New York moved its clocks and Berlin not yet", gap,
			mentor("Europe/Berlin", "09:00", "16:00", []string{"Go"}, []string{"de"}), wants, 10 + 20,
			"offers 1 of the 3 topics the mentee wants to grow in: Go|working hours overlap by 2 hours a day|no language in common"},
		{"half an hour is not enough", winter,
			mentor("Europe/Berlin", "08:00", "15:30", nil, []string{"es"}), wants, 0 + 0 + 10,
			"offers none of the topics the mentee wants to grow in (Go, Public speaking, SQL)|working hours overlap by only 30 minutes a day|both speak Spanish"},
		{"no overlap at all", winter,
			mentor("Asia/Tokyo", "09:00", "17:00", nil, []string{"ja"}), wants, 0,
			"offers none of the topics the mentee wants to grow in (Go, Public speaking, SQL)|working hours do not overlap|no language in common"},
		{"night shift in Tokyo meets New York's day", winter,
			mentor("Asia/Tokyo", "22:00", "06:00", nil, []string{"en"}), wants, 0 + 20 + 10,
			"offers none of the topics the mentee wants to grow in (Go, Public speaking, SQL)|working hours overlap by 7 hours a day|both speak English"},
		{"nothing known", winter, mentor("UTC", "", "", nil, nil), domain.Profile{}, 15 + 10 + 5,
			"the mentee named no topics to grow in yet|working hours not known for both|languages not known for both"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkScore(t, domain.Matcher{Settings: only, Day: c.day}, c.c, mentee, c.mp, c.total, c.reasons)
		})
	}
	if d := domain.DefaultMatchSettings(); d.WeightTopics+d.WeightSeniority+d.WeightDepartment+d.WeightHours+d.WeightLanguage+d.WeightCapacity != 100 {
		t.Errorf("default weights %+v do not add up to 100", d)
	}
	for name, bad := range map[string]domain.MatchSettings{
		"all zero":    {SeniorityMin: 1, SeniorityMax: 3},
		"min > max":   {WeightTopics: 1, SeniorityMin: 4, SeniorityMax: 2},
		"weight high": {WeightTopics: 101, SeniorityMin: 1, SeniorityMax: 3},
	} {
		if bad.Validate() == nil {
			t.Errorf("%s: valid", name)
		}
	}
}
