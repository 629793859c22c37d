package domain

import (
	"context"
	"errors"
)

// relationLookup is what the pairing and engagement rules need to know about
// existing data. Single creation answers it from the store (inside the
// write's transaction); a CSV import answers it from what it loaded in a
// few batched queries, counting the rows it accepted so far.
type relationLookup interface {
	person(id int64) (Person, bool, error)
	programme(id int64) (Programme, bool, error)
	// openMentees counts the mentor's open (active or paused) pairings.
	openMentees(mentorID int64) (int, error)
	// openCoachees counts the coach's active engagements.
	openCoachees(coachID int64) (int, error)
}

// storeLookup answers a relationLookup from the store.
type storeLookup struct {
	ctx context.Context
	st  Ports
}

func (l storeLookup) person(id int64) (Person, bool, error) {
	p, err := l.st.People.PersonByID(l.ctx, id)
	if errors.Is(err, ErrNotFound) {
		return Person{}, false, nil
	}
	return p, err == nil, err
}

func (l storeLookup) programme(id int64) (Programme, bool, error) {
	p, err := l.st.Programmes.ProgrammeByID(l.ctx, id)
	if errors.Is(err, ErrNotFound) {
		return Programme{}, false, nil
	}
	return p, err == nil, err
}

func (l storeLookup) openMentees(mentorID int64) (int, error) {
	m, err := l.st.Pairings.CountMentorPairings(l.ctx, []int64{mentorID}, OpenPairingStatuses())
	return m[mentorID], err
}

func (l storeLookup) openCoachees(coachID int64) (int, error) {
	m, err := l.st.Engagements.CountCoachEngagements(l.ctx, []int64{coachID}, OpenEngagementStatuses())
	return m[coachID], err
}

// relationPerson reads a mentor, mentee, coach or coachee, adding a field
// error when they are missing or inactive; nil then.
func relationPerson(look relationLookup, v *ValidationError, field string, id int64) (*Person, error) {
	if id <= 0 {
		v.Add(field, "is required")
		return nil, nil
	}
	p, ok, err := look.person(id)
	if err != nil {
		return nil, err
	}
	if !ok {
		v.Add(field, "no such person")
		return nil, nil
	}
	if !p.Active {
		v.Add(field, p.Name+" is not active")
		return nil, nil
	}
	return &p, nil
}

// errCapacity is the 409 of a mentor or coach without a free place.
func errCapacity(field, msg string) error {
	return &Error{Kind: ErrConflict, Msg: msg,
		Fields: map[string]string{field: "has no free place; an admin may add one with a capacity override reason",
			"capacity_override_reason": "give one to go beyond the limit"}}
}

// nonZero drops zero ids (absent fields) from a list of people to lock.
func nonZero(ids ...int64) []int64 {
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if id > 0 {
			out = append(out, id)
		}
	}
	return out
}
