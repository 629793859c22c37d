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
		v.AddText(field, "error.a1.required")
		return nil, nil
	}
	p, ok, err := look.person(id)
	if err != nil {
		return nil, err
	}
	if !ok {
		v.AddText(field, "error.a1.no_person")
		return nil, nil
	}
	if !p.Active {
		v.AddText(field, "error.a1.person_inactive", "Name", p.Name)
		return nil, nil
	}
	return &p, nil
}

// errCapacityText is the 409 of a mentor or coach without a free place,
// with the message by catalogue key.
func errCapacityText(field string, msg Text) error {
	return conflictOnFields(msg, capacityFields(field), nil)
}

// capacityFields say which fields a capacity refusal is about, and why.
func capacityFields(field string) map[string]Text {
	return map[string]Text{field: {Key: "error.a1.no_free_place"},
		"capacity_override_reason": {Key: "error.a1.override_beyond_limit"}}
}

// conflictOnFields is a 409 by catalogue key whose fields say why by key
// too; plain fields (data for tools, not words) are kept as they are.
func conflictOnFields(t Text, fields map[string]Text, plain map[string]string) error {
	e := &Error{Kind: ErrConflict, Msg: t.String(), Text: &t, Fields: map[string]string{}, FieldTexts: fields}
	for k, ft := range fields {
		e.Fields[k] = ft.String()
	}
	for k, why := range plain {
		e.Fields[k] = why
	}
	return e
}

// pairingStatusWords is a pairing's status as a message says it ("the
// pairing is {{.Status}}").
func pairingStatusWords(st PairingStatus) any {
	switch st {
	case PairingActive:
		return Text{Key: "error.a1.pairing_status.active"}
	case PairingPaused:
		return Text{Key: "error.a1.pairing_status.paused"}
	case PairingEnded:
		return Text{Key: "error.a1.pairing_status.ended"}
	}
	return string(st)
}

// engagementStatusWords is an engagement's status as a message says it
// ("the engagement is {{.Status}}").
func engagementStatusWords(st EngagementStatus) any {
	switch st {
	case EngagementActive:
		return Text{Key: "error.a1.engagement_status.active"}
	case EngagementCompleted:
		return Text{Key: "error.a1.engagement_status.completed"}
	case EngagementCancelled:
		return Text{Key: "error.a1.engagement_status.cancelled"}
	}
	return string(st)
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
