package domain

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Who may be offered as a mentor, in one place: the mentor picker and the
// suggestions both list only the people these rules accept, with their
// load. CreatePairing keeps its own checks (capacity, seniority, open
// pairings) for whatever is submitted.

// MentorSeniority is who may mentor in a mentoring programme: by default
// only a colleague more senior than the mentee; a programme may let
// colleagues at any level mentor (peer or reverse mentoring).
type MentorSeniority string

// The mentor seniority rules.
const (
	MentorMoreSenior MentorSeniority = "more_senior"
	MentorAnyLevel   MentorSeniority = "any"
)

// MentorsAnyLevel reports whether the programme lets a mentor be at the
// same or a lower level than their mentee.
func (p Programme) MentorsAnyLevel() bool {
	return p.Kind == KindMentoring && p.MentorSeniority == MentorAnyLevel
}

// seniorEnough says whether mentor may mentor mentee in the programme by
// seniority: more senior, unless the programme lets any level mentor. A
// programme not known (zero) keeps the rule.
func (p Programme) seniorEnough(mentor, mentee Person) bool {
	return p.MentorsAnyLevel() || mentor.Seniority > mentee.Seniority
}

// candidateFloor is the mentee as MentorCandidates reads them for the
// programme: the store lists only people more senior than the one given,
// so where any level may mentor the mentee goes in at seniority 0, below
// everyone's.
func (p Programme) candidateFloor(mentee Person) Person {
	if p.MentorsAnyLevel() {
		return Person{ID: mentee.ID}
	}
	return mentee
}

// mayBeMentored: mentees are active colleagues; an outside coach is not
// mentored.
func mayBeMentored(p Person) bool { return p.Active && !p.External }

// mentorEligible says whether a candidate may be offered as someone's
// mentor: active, internal, not the mentee, with a free mentee place, and,
// for an admin, taking part in the programme (inProgramme). Candidates
// with an open pairing with the mentee are left out by the store.
func mentorEligible(c MentorCandidate, menteeID int64, inProgramme bool) bool {
	p := c.Person
	switch {
	case !p.Active, p.External, p.ID == menteeID:
		return false
	case p.MaxMentees != nil && c.OpenMentees >= *p.MaxMentees:
		return false
	case p.IsAdmin() && !inProgramme:
		return false
	}
	return true
}

// eligibleMentors keeps the eligible candidates. An admin takes part in a
// programme when they are in one of its pairings or engagements; with no
// programme named, when they mentor someone now.
func (s *Service) eligibleMentors(ctx context.Context, cands []MentorCandidate, menteeID, programmeID int64) ([]MentorCandidate, error) {
	out := make([]MentorCandidate, 0, len(cands))
	for _, c := range cands {
		in := c.OpenMentees > 0
		if c.Person.IsAdmin() && programmeID != 0 {
			var err error
			if in, err = s.store.Programmes.PersonInProgramme(ctx, programmeID, c.Person.ID); err != nil {
				return nil, err
			}
		}
		if mentorEligible(c, menteeID, in) {
			out = append(out, c)
		}
	}
	return out, nil
}

// checkMenteeFree reads the mentoring programme a mentee is to be given a
// mentor in, refusing one that takes no new pairings or where they have an
// open pairing already.
func (s *Service) checkMenteeFree(ctx context.Context, a Actor, mentee Person, programmeID int64) (Programme, error) {
	prog, err := s.loadProgramme(ctx, s.store, a, programmeID)
	if err != nil {
		return Programme{}, err
	}
	if !ProgrammeAbilitiesOf(a, prog).CreatePairing {
		return Programme{}, InvalidText("programme_id", "error.pairing.no_new_pairings", "Programme", prog.Name)
	}
	open, err := s.store.Pairings.ListPairings(ctx, PairingFilter{ProgrammeID: programmeID, MenteeID: mentee.ID,
		Statuses: OpenPairingStatuses(), Limit: 1})
	if err != nil {
		return Programme{}, err
	}
	if len(open) > 0 {
		return Programme{}, ConflictText("error.pairing.has_mentor", "Mentee", mentee.Name, "Programme", prog.Name, "Mentor", open[0].Mentor.Name)
	}
	return prog, nil
}

// MentorChoice is one person the mentor picker offers, with their load.
type MentorChoice struct {
	Person      Person
	OpenMentees int
	// LessSenior is set when the mentee is known and not junior to them
	// in a programme that asks for a more senior mentor: pairing them
	// needs a seniority override reason.
	LessSenior bool
}

// MentorChoices lists, by name, who an admin may pick as a mentor: the
// eligible mentors (mentorEligible) for the programme and the mentee when
// given (0: not chosen yet), with their current mentees counted. An
// unknown mentee narrows nothing; the submitted pairing is checked anyway.
func (s *Service) MentorChoices(ctx context.Context, a Actor, programmeID, menteeID int64) ([]MentorChoice, error) {
	if err := authorize(a, ActCreatePairing); err != nil {
		return nil, err
	}
	var mentee Person
	if menteeID != 0 {
		p, err := s.store.People.PersonByID(ctx, menteeID)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return nil, fmt.Errorf("mentor choices: %w", err)
		}
		mentee = p
	}
	// Seniority 0 is below everyone's: every active internal person comes
	// back, but the mentee and the people they have an open pairing with.
	all, err := s.store.Pairings.MentorCandidates(ctx, Person{ID: mentee.ID}, OpenPairingStatuses())
	if err != nil {
		return nil, fmt.Errorf("mentor choices: %w", err)
	}
	cands, err := s.eligibleMentors(ctx, all, mentee.ID, programmeID)
	if err != nil {
		return nil, fmt.Errorf("mentor choices: %w", err)
	}
	// The programme's seniority rule; an unknown one keeps the default.
	var prog Programme
	if programmeID != 0 {
		p, err := s.store.Programmes.ProgrammeByID(ctx, programmeID)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return nil, fmt.Errorf("mentor choices: %w", err)
		}
		prog = p
	}
	out := make([]MentorChoice, len(cands))
	for i, c := range cands {
		out[i] = MentorChoice{Person: c.Person, OpenMentees: c.OpenMentees,
			LessSenior: mentee.ID != 0 && !prog.seniorEnough(c.Person, mentee)}
	}
	slices.SortStableFunc(out, func(x, y MentorChoice) int {
		if c := strings.Compare(x.Person.Name, y.Person.Name); c != 0 {
			return c
		}
		return int(x.Person.ID - y.Person.ID)
	})
	return out, nil
}
