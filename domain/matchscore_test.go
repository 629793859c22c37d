package domain_test

import (
	"strings"
	"testing"

	"cairn/domain"
)

func TestScoreMatch(t *testing.T) {
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
		{"far ahead, same department, half full", domain.Person{Seniority: 9, Department: "Sales", MaxMentees: &two}, 1, false, 20 + 0 + 15,
			"7 levels more senior (seniority 9, theirs 2), more than the 3 levels a mentor should be ahead|in Sales, the same department|1 of 2 mentee places free"},
		{"no department, no limit, two mentees", domain.Person{Seniority: 3}, 2, false, 40 + 15 + 10,
			"1 level more senior (seniority 3, theirs 2), within the 1 to 3 levels a mentor should be ahead|department not known, so no outside view is certain|no limit on mentees set; mentors 2 people at the moment"},
		{"department ignored", domain.Person{Seniority: 5, Department: "Sales"}, 0, true, 40 + 30,
			"3 levels more senior (seniority 5, theirs 2), within the 1 to 3 levels a mentor should be ahead|no limit on mentees set, and mentors nobody at the moment"},
		{"very far ahead, full", domain.Person{Seniority: 12, Department: "Legal", MaxMentees: &two}, 2, false, 5 + 30 + 0,
			"10 levels more senior (seniority 12, theirs 2), more than the 3 levels a mentor should be ahead|in Legal, a different department: an outside view|0 of 2 mentee places free"},
		{"not more senior", domain.Person{Seniority: 2, Department: "Legal"}, 3, false, 0 + 30 + 0,
			"not more senior (seniority 2, theirs 2)|in Legal, a different department: an outside view|no limit on mentees set; mentors 3 people at the moment"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := domain.ScoreMatch(domain.MentorCandidate{Person: c.mentor, OpenMentees: c.open}, mentee, c.ignore)
			if pts := domain.MatchPoints(domain.MentorCandidate{Person: c.mentor, OpenMentees: c.open}, mentee, c.ignore); pts != got.Total {
				t.Errorf("MatchPoints %d, ScoreMatch %d", pts, got.Total)
			}
			if got.Total != c.total {
				t.Errorf("total %d, want %d (%+v)", got.Total, c.total, got.Factors)
			}
			if r := strings.Join(got.Reasons(), "|"); r != c.reasons {
				t.Errorf("reasons\n got %q\nwant %q", r, c.reasons)
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
		})
	}
}
