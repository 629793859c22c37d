package domain

import "fmt"

// One scoring function says how well a mentor fits a mentee, from facts
// Cairn already holds, factor by factor, each with its weight and a
// sentence in plain words. HR's mentor suggestions rank by it and cohort
// matching (cohort.go) maximises its total. Who may be scored at all is
// decided elsewhere (eligibility.go): the score only orders people the
// rules already allow.
//
// Factors the issue also names are left out until their facts exist:
// working hours that overlap and a shared language need the profiles
// (not stored yet), topics covered by skills likewise; per-programme
// weights need a programme setting that does not exist yet.

// The weights of the factors; a perfect fit scores their sum, 100.
const (
	WeightSeniority  = 40
	WeightDepartment = 30
	WeightCapacity   = 30
)

// MatchSeniorityMin and MatchSeniorityMax bound the seniority gap a
// mentoring programme looks for: a mentor 1 to 3 levels more senior
// scores in full, every level beyond loses a few points.
const (
	MatchSeniorityMin = 1
	MatchSeniorityMax = 3
	// seniorityStep is what each level beyond the range costs.
	seniorityStep = 5
	// unlimitedStep is what each current mentee costs a mentor with no
	// limit set.
	unlimitedStep = 10
)

// MatchFactor is one reason in a score: how many of its weight's points
// the pair earned, and why, in a sentence.
type MatchFactor struct {
	Name     string `json:"name"`
	Weight   int    `json:"weight"`
	Points   int    `json:"points"`
	Sentence string `json:"sentence"`
}

// MatchScore is a mentor's fit for a mentee: the total of its factors.
type MatchScore struct {
	Total   int           `json:"score"`
	Factors []MatchFactor `json:"factors"`
}

// Reasons are the factors' sentences, in order.
func (m MatchScore) Reasons() []string {
	out := make([]string, len(m.Factors))
	for i, f := range m.Factors {
		out[i] = f.Sentence
	}
	return out
}

// ScoreMatch scores mentor c for mentee. ignoreDepartment leaves the
// department out (the organisation turned the preference off).
func ScoreMatch(c MentorCandidate, mentee Person, ignoreDepartment bool) MatchScore {
	return scoreMatch(c, mentee, ignoreDepartment, true)
}

// MatchPoints is ScoreMatch's total alone, without the sentences: what
// cohort matching needs for every possible pair.
func MatchPoints(c MentorCandidate, mentee Person, ignoreDepartment bool) int {
	return scoreMatch(c, mentee, ignoreDepartment, false).Total
}

// scoreMatch scores, and with explain writes each factor's sentence.
func scoreMatch(c MentorCandidate, mentee Person, ignoreDepartment, explain bool) MatchScore {
	p := c.Person
	fs := make([]MatchFactor, 0, 3)
	gap := p.Seniority - mentee.Seniority
	sen := MatchFactor{Name: "seniority", Weight: WeightSeniority}
	switch {
	case gap < MatchSeniorityMin:
	case gap <= MatchSeniorityMax:
		sen.Points = WeightSeniority
	default:
		sen.Points = max(0, WeightSeniority-seniorityStep*(gap-MatchSeniorityMax))
	}
	if explain {
		where := fmt.Sprintf("%s more senior (seniority %d, theirs %d)", plural(gap, "level"), p.Seniority, mentee.Seniority)
		switch {
		case gap < MatchSeniorityMin:
			sen.Sentence = fmt.Sprintf("not more senior (seniority %d, theirs %d)", p.Seniority, mentee.Seniority)
		case gap <= MatchSeniorityMax:
			sen.Sentence = fmt.Sprintf("%s, within the %d to %d levels a mentor should be ahead", where, MatchSeniorityMin, MatchSeniorityMax)
		default:
			sen.Sentence = fmt.Sprintf("%s, more than the %d levels a mentor should be ahead", where, MatchSeniorityMax)
		}
	}
	fs = append(fs, sen)
	if !ignoreDepartment {
		dep := MatchFactor{Name: "department", Weight: WeightDepartment}
		switch {
		case p.Department == "" || mentee.Department == "":
			dep.Points = WeightDepartment / 2
			dep.Sentence = "department not known, so no outside view is certain"
		case p.Department == mentee.Department:
			if explain {
				dep.Sentence = "in " + p.Department + ", the same department"
			}
		default:
			dep.Points = WeightDepartment
			if explain {
				dep.Sentence = "in " + p.Department + ", a different department: an outside view"
			}
		}
		fs = append(fs, dep)
	}
	capf := MatchFactor{Name: "capacity", Weight: WeightCapacity}
	if p.MaxMentees != nil && *p.MaxMentees > 0 {
		free := max(0, *p.MaxMentees-c.OpenMentees)
		capf.Points = WeightCapacity * free / *p.MaxMentees
		if explain {
			capf.Sentence = fmt.Sprintf("%d of %d mentee places free", free, *p.MaxMentees)
		}
	} else {
		capf.Points = max(0, WeightCapacity-unlimitedStep*c.OpenMentees)
		switch {
		case !explain:
		case c.OpenMentees == 0:
			capf.Sentence = "no limit on mentees set, and mentors nobody at the moment"
		default:
			capf.Sentence = "no limit on mentees set; mentors " + pluralOf(c.OpenMentees, "person", "people") + " at the moment"
		}
	}
	fs = append(fs, capf)
	out := MatchScore{Factors: fs}
	for _, f := range fs {
		out.Total += f.Points
	}
	return out
}

// MatchSettings are a mentoring programme's weights of the match score's
// factors (0 leaves a factor out) and the seniority gap it looks for.
type MatchSettings struct {
	WeightTopics     int `json:"weight_topics"`
	WeightSeniority  int `json:"weight_seniority"`
	WeightDepartment int `json:"weight_department"`
	WeightHours      int `json:"weight_hours"`
	WeightLanguage   int `json:"weight_language"`
	WeightCapacity   int `json:"weight_capacity"`
	SeniorityMin     int `json:"seniority_min"`
	SeniorityMax     int `json:"seniority_max"`
}

// DefaultMatchSettings are the settings of a programme that set none: the
// weights add up to 100.
func DefaultMatchSettings() MatchSettings {
	return MatchSettings{WeightTopics: 25, WeightSeniority: 20, WeightDepartment: 15, WeightHours: 15,
		WeightLanguage: 10, WeightCapacity: 15, SeniorityMin: 1, SeniorityMax: 3}
}

// MaxMatchWeight bounds one factor's weight.
const MaxMatchWeight = 100

// Validate checks every setting.
func (m MatchSettings) Validate() error {
	var v ValidationError
	sum := 0
	for _, w := range []struct {
		field string
		n     int
	}{{"weight_topics", m.WeightTopics}, {"weight_seniority", m.WeightSeniority}, {"weight_department", m.WeightDepartment},
		{"weight_hours", m.WeightHours}, {"weight_language", m.WeightLanguage}, {"weight_capacity", m.WeightCapacity}} {
		if w.n < 0 || w.n > MaxMatchWeight {
			v.Add(w.field, fmt.Sprintf("must be from 0 to %d", MaxMatchWeight))
		}
		sum += w.n
	}
	if sum == 0 {
		v.Add("weight_seniority", "at least one weight must be above 0")
	}
	if m.SeniorityMin < 1 || m.SeniorityMin > 9 {
		v.Add("seniority_min", "must be from 1 to 9")
	}
	if m.SeniorityMax < 1 || m.SeniorityMax > 9 {
		v.Add("seniority_max", "must be from 1 to 9")
	} else if m.SeniorityMax < m.SeniorityMin {
		v.Add("seniority_max", "must be at least the smallest gap")
	}
	return v.Err()
}
