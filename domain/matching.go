package domain

import (
	"context"
	"fmt"
	"sort"
)

// MentorCandidate is a person who could mentor someone, with their load.
type MentorCandidate struct {
	Person      Person
	OpenMentees int
}

// MentorSuggestion is one ranked candidate with the reasons, in plain words.
type MentorSuggestion struct {
	Person  Person   `json:"person"`
	Reasons []string `json:"reasons"`
	// SameDepartment is set when the candidate works in the mentee's department.
	SameDepartment bool `json:"-"`
}

// MaxSuggestions bounds the suggestions list.
const MaxSuggestions = 50

// MentorSuggestions ranks who could mentor a person (admins only): the
// eligible mentors (mentorEligible) more senior than them, with no open
// pairing with them. With a programme (0: any), it is refused for a mentee
// who already has an open pairing in it, and an admin is offered only if
// they take part in it. Best first: another department first (unless the
// organisation turned that preference off), then fewer current mentees,
// then the smaller seniority gap, then the name.
func (s *Service) MentorSuggestions(ctx context.Context, a Actor, menteeID, programmeID int64) ([]MentorSuggestion, error) {
	if err := s.requireAdmin(a); err != nil {
		return nil, err
	}
	mentee, err := s.GetPerson(ctx, a, menteeID)
	if err != nil {
		return nil, err
	}
	if !mentee.Can.SuggestMentors {
		return nil, Conflict(mentee.Name + " cannot be given a mentor: only active colleagues, not external coaches, are mentored")
	}
	if programmeID != 0 {
		if err := s.checkMenteeFree(ctx, a, mentee, programmeID); err != nil {
			return nil, fmt.Errorf("mentor suggestions for %d: %w", menteeID, err)
		}
	}
	all, err := s.store.Pairings.MentorCandidates(ctx, mentee, OpenPairingStatuses())
	if err != nil {
		return nil, fmt.Errorf("mentor suggestions for %d: %w", menteeID, err)
	}
	cands, err := s.eligibleMentors(ctx, all, mentee.ID, programmeID)
	if err != nil {
		return nil, fmt.Errorf("mentor suggestions for %d: %w", menteeID, err)
	}
	preferOther := !s.cfg.MatchIgnoreDepartment && mentee.Department != ""
	out := []MentorSuggestion{}
	var load []int
	for _, c := range cands {
		p := c.Person
		gap := p.Seniority - mentee.Seniority
		reasons := []string{fmt.Sprintf("%s more senior (seniority %d, theirs %d)", plural(gap, "level"), p.Seniority, mentee.Seniority)}
		same := p.Department != "" && p.Department == mentee.Department
		switch {
		case same:
			reasons = append(reasons, "in "+p.Department+", the same department")
		case p.Department != "" && mentee.Department != "":
			reasons = append(reasons, "in "+p.Department+", a different department")
		case p.Department != "":
			reasons = append(reasons, "in "+p.Department)
		}
		if p.MaxMentees != nil {
			reasons = append(reasons, fmt.Sprintf("%d of %d mentee places free", *p.MaxMentees-c.OpenMentees, *p.MaxMentees))
		} else {
			reasons = append(reasons, "no limit on mentees set")
		}
		switch c.OpenMentees {
		case 0:
			reasons = append(reasons, "mentors nobody at the moment")
		default:
			reasons = append(reasons, "mentors "+pluralOf(c.OpenMentees, "person", "people")+" at the moment")
		}
		out = append(out, MentorSuggestion{Person: p, Reasons: reasons, SameDepartment: same})
		load = append(load, c.OpenMentees)
	}
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(x, y int) bool {
		i, j := order[x], order[y]
		a, b := out[i], out[j]
		if preferOther && a.SameDepartment != b.SameDepartment {
			return !a.SameDepartment
		}
		if load[i] != load[j] {
			return load[i] < load[j]
		}
		if a.Person.Seniority != b.Person.Seniority {
			return a.Person.Seniority < b.Person.Seniority
		}
		if a.Person.Name != b.Person.Name {
			return a.Person.Name < b.Person.Name
		}
		return a.Person.ID < b.Person.ID
	})
	ranked := make([]MentorSuggestion, 0, min(len(out), MaxSuggestions))
	for _, i := range order {
		if len(ranked) == MaxSuggestions {
			break
		}
		ranked = append(ranked, out[i])
	}
	return ranked, nil
}

// pluralOf counts with an irregular plural ("1 person", "3 people").
func pluralOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
