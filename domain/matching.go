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
	// Profile is the candidate's profile, read for the match score.
	Profile Profile
}

// MentorSuggestion is one ranked candidate with the reasons, in plain words.
type MentorSuggestion struct {
	Person Person `json:"person"`
	// Score is the match score (matchscore.go), out of 100.
	Score int `json:"score"`
	// Why are the score's sentences; Reasons the same in the API's words,
	// which the edge writes (the rules do not know who reads them).
	Why     []Text   `json:"-"`
	Reasons []string `json:"reasons"`
	// SameDepartment is set when the candidate works in the mentee's department.
	SameDepartment bool `json:"-"`
}

// MaxSuggestions bounds the suggestions list.
const MaxSuggestions = 50

// MentorSuggestions ranks who could mentor a person (admins only): the
// eligible mentors (mentorEligible) more senior than them, with no open
// pairing with them. With a programme (0: any), it is refused for a mentee
// who already has an open pairing in it, an admin is offered only if they
// take part in it, and where the programme lets any level mentor, the
// others are offered too. Best first by their match score (ScoreMatch), then
// by name; each reason is one of the score's factors.
func (s *Service) MentorSuggestions(ctx context.Context, a Actor, menteeID, programmeID int64) ([]MentorSuggestion, error) {
	if err := s.requireAdmin(a); err != nil {
		return nil, err
	}
	mentee, err := s.GetPerson(ctx, a, menteeID)
	if err != nil {
		return nil, err
	}
	if !mentee.Can.SuggestMentors {
		return nil, ConflictText("error.pairing.not_mentored", "Name", mentee.Name)
	}
	var prog Programme
	if programmeID != 0 {
		if prog, err = s.checkMenteeFree(ctx, a, mentee, programmeID); err != nil {
			return nil, fmt.Errorf("mentor suggestions for %d: %w", menteeID, err)
		}
	}
	all, err := s.store.Pairings.MentorCandidates(ctx, prog.candidateFloor(mentee), OpenPairingStatuses())
	if err != nil {
		return nil, fmt.Errorf("mentor suggestions for %d: %w", menteeID, err)
	}
	cands, err := s.eligibleMentors(ctx, all, mentee.ID, programmeID)
	if err != nil {
		return nil, fmt.Errorf("mentor suggestions for %d: %w", menteeID, err)
	}
	m, err := s.matcherFor(ctx, s.store, programmeID)
	if err != nil {
		return nil, fmt.Errorf("mentor suggestions for %d: %w", menteeID, err)
	}
	profiles, err := withProfiles(ctx, s.store, cands, mentee.ID)
	if err != nil {
		return nil, fmt.Errorf("mentor suggestions for %d: %w", menteeID, err)
	}
	out := []MentorSuggestion{}
	for _, c := range cands {
		sc := m.Score(c, mentee, profiles[mentee.ID])
		same := c.Person.Department != "" && c.Person.Department == mentee.Department
		out = append(out, MentorSuggestion{Person: c.Person, Score: sc.Total, Why: sc.Reasons(), SameDepartment: same})
	}
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(x, y int) bool {
		a, b := out[order[x]], out[order[y]]
		if a.Score != b.Score {
			return a.Score > b.Score
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

// plural counts a regular noun ("1 day", "3 days").
func plural(n int, unit string) string { return pluralOf(n, unit, unit+"s") }
