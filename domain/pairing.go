package domain

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// PairingStatus is where a mentoring relationship stands.
type PairingStatus string

// Pairing statuses: active <-> paused, active|paused -> ended.
const (
	PairingActive PairingStatus = "active"
	PairingPaused PairingStatus = "paused"
	PairingEnded  PairingStatus = "ended"
)

// IsOpen reports whether the status still counts as a running relationship.
func (st PairingStatus) IsOpen() bool { return st == PairingActive || st == PairingPaused }

// Pairing is a mentoring relationship: a more senior mentor guides a mentee
// inside a mentoring programme, meeting through check-ins.
type Pairing struct {
	ID                      int64         `json:"id"`
	ProgrammeID             int64         `json:"programme_id"`
	MentorID                int64         `json:"mentor_id"`
	MenteeID                int64         `json:"mentee_id"`
	StartedOn               Date          `json:"started_on"`
	Status                  PairingStatus `json:"status"`
	CheckinCadenceDays      int           `json:"checkin_cadence_days"`
	Focus                   string        `json:"focus"`
	SeniorityOverrideReason string        `json:"seniority_override_reason"`
	CapacityOverrideReason  string        `json:"capacity_override_reason"`
	EndedOn                 Date          `json:"ended_on"`
	EndReason               string        `json:"end_reason"`
	LastCheckinAt           *time.Time    `json:"last_checkin_at"`
	CreatedAt               time.Time     `json:"created_at"`
	UpdatedAt               time.Time     `json:"updated_at"`
	// Mentor and Mentee carry the names, read with the pairing.
	Mentor PersonRef `json:"mentor"`
	Mentee PersonRef `json:"mentee"`
	// Health and HealthReasons are filled in by the use cases that read
	// it, while it is open (AssessHealth).
	Health        Health     `json:"health,omitempty"`
	HealthReasons []string   `json:"health_reasons,omitzero"`
	Assessment    Assessment `json:"-"`
	// Can is what the caller may do with it, filled in by the use cases.
	Can PairingAbilities `json:"can"`
}

// HasParticipant reports whether person id is the mentor or the mentee.
func (p Pairing) HasParticipant(id int64) bool { return id == p.MentorID || id == p.MenteeID }

// DaysSinceCheckin counts calendar days in zone loc from the last
// completed check-in to now (a check-in yesterday afternoon is 1 this
// morning); ok is false when there was none yet.
func (p Pairing) DaysSinceCheckin(now time.Time, loc *time.Location) (days int, ok bool) {
	if p.LastCheckinAt == nil {
		return 0, false
	}
	return max(0, CalendarDays(*p.LastCheckinAt, now, loc)), true
}

// PairingInput is what an admin gives to create a pairing. A zero StartedOn
// is today in the organisation's zone; a nil cadence is the programme's.
type PairingInput struct {
	ProgrammeID             int64
	MentorID                int64
	MenteeID                int64
	StartedOn               Date
	CheckinCadenceDays      *int
	Focus                   string
	SeniorityOverrideReason string
	// CapacityOverrideReason lets an admin give a mentor one more mentee
	// than their max_mentees; it is kept, audited and shown.
	CapacityOverrideReason string
}

// PairingPatch changes a pairing; nil fields stay as they are. EndedOn and
// EndReason go with Status ended.
type PairingPatch struct {
	Status             *PairingStatus
	EndedOn            *Date
	EndReason          *string
	Focus              *string
	CheckinCadenceDays *int
}

// IsEmpty reports whether the patch changes nothing.
func (p PairingPatch) IsEmpty() bool { return p == PairingPatch{} }

// PairingFilter narrows a list of pairings.
type PairingFilter struct {
	ProgrammeID int64
	PersonID    int64 // pairings where this person is mentor or mentee
	MentorID    int64
	MenteeID    int64
	// WithID narrows to pairings this person is also in (with PersonID:
	// the pairings of those two people).
	WithID   int64
	Statuses []PairingStatus
	Limit    int
	After    int64
	// Before lists the last Limit rows with a smaller id (the page before),
	// still in id order.
	Before int64
	// Health keeps the open pairings of this health (derived, so the use
	// case applies it, not the store).
	Health Health
}

func errPairingOpen() error {
	t, f := Text{Key: "error.pairing.open_already"}, Text{Key: "error.pairing.open_already_field"}
	return &Error{Kind: ErrConflict, Msg: t.String(), Text: &t,
		Fields: map[string]string{"mentee_id": f.String()}, FieldTexts: map[string]Text{"mentee_id": f}}
}

// tooLong is maxLen with the reason by catalogue key.
func (v *ValidationError) tooLong(field, s string, n int) {
	if len(s) > n {
		v.AddText(field, "error.pairing.too_long", "Max", n)
	}
}

// pairingTransitionAllowed: active -> paused -> active, active|paused -> ended.
func pairingTransitionAllowed(from, to PairingStatus) bool {
	switch {
	case from == to:
		return from != PairingEnded
	case to == PairingEnded:
		return from.IsOpen()
	case from == PairingActive && to == PairingPaused, from == PairingPaused && to == PairingActive:
		return true
	}
	return false
}

func validCadence(v *ValidationError, n int) {
	if n < 1 || n > 365 {
		v.AddText("checkin_cadence_days", "error.pairing.cadence_range")
	}
}

func pairingAuditFields(p Pairing) map[string]any {
	return map[string]any{"programme_id": p.ProgrammeID, "mentor_id": p.MentorID, "mentee_id": p.MenteeID,
		"started_on": p.StartedOn, "status": p.Status, "checkin_cadence_days": p.CheckinCadenceDays, "focus": p.Focus,
		"seniority_override_reason": p.SeniorityOverrideReason, "capacity_override_reason": p.CapacityOverrideReason, "ended_on": p.EndedOn, "end_reason": p.EndReason}
}

// CreatePairing pairs a mentor with a mentee in a mentoring programme
// (admins only). The rules (checkPairing, shared with the CSV import): two
// different, active people; the mentor more senior unless the programme
// lets any level mentor or an override reason is given; an open mentoring programme; the mentor within their
// max_mentees unless a capacity override reason is given (409); no other
// open pairing of the same two people (409, held by a unique index so
// concurrent requests cannot both pass). The mentor's row is locked before
// counting, so two requests cannot both take the last place.
func (s *Service) CreatePairing(ctx context.Context, a Actor, in PairingInput) (Pairing, error) {
	if err := authorize(a, ActCreatePairing); err != nil {
		return Pairing{}, err
	}
	now := s.clock.Now()
	var p Pairing
	err := s.inTx(ctx, func(tx Ports) error {
		if err := tx.People.LockPeople(ctx, nonZero(in.MentorID, in.MenteeID)...); err != nil {
			return err
		}
		var v ValidationError
		var full *Text
		var err error
		p, full, err = s.checkPairing(in, storeLookup{ctx: ctx, st: tx}, &v)
		if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if full != nil {
			return errCapacityText("mentor_id", *full)
		}
		if err := tx.Pairings.CreatePairing(ctx, &p); err != nil {
			if errors.Is(err, ErrConflict) {
				return errPairingOpen()
			}
			return err
		}
		return tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "create", ObjectType: "pairing", ObjectID: p.ID,
			Changes: diff(nil, pairingAuditFields(p)), At: now})
	})
	if err != nil {
		return Pairing{}, fmt.Errorf("create pairing: %w", err)
	}
	p.Can = PairingAbilitiesOf(a, p)
	return p, nil
}

// checkPairing builds a new pairing from the input and adds every broken
// field rule to v; full is set (and the pairing still returned) when the
// mentor has no free place and no capacity override reason was given.
// Single creation and the CSV import both run it, against the store or
// against what the import loaded in batches.
func (s *Service) checkPairing(in PairingInput, look relationLookup, v *ValidationError) (p Pairing, full *Text, err error) {
	now := s.clock.Now()
	p = Pairing{ProgrammeID: in.ProgrammeID, MentorID: in.MentorID, MenteeID: in.MenteeID, StartedOn: in.StartedOn,
		Status: PairingActive, Focus: strings.TrimSpace(in.Focus),
		SeniorityOverrideReason: strings.TrimSpace(in.SeniorityOverrideReason),
		CapacityOverrideReason:  strings.TrimSpace(in.CapacityOverrideReason), CreatedAt: now, UpdatedAt: now}
	if p.StartedOn.IsZero() {
		p.StartedOn = DateOf(now, s.cfg.OrgLocation)
	}
	var prog Programme
	if in.ProgrammeID == 0 {
		v.AddText("programme_id", "error.pairing.required")
	} else {
		var ok bool
		if prog, ok, err = look.programme(in.ProgrammeID); err != nil {
			return p, nil, err
		}
		switch {
		case !ok:
			v.AddText("programme_id", "error.pairing.no_programme")
		case prog.Kind != KindMentoring:
			v.AddText("programme_id", "error.pairing.not_mentoring", "Kind", string(prog.Kind))
		case prog.Archived:
			v.AddText("programme_id", "error.pairing.archived")
		}
	}
	mentor, err := relationPerson(look, v, "mentor_id", in.MentorID)
	if err != nil {
		return p, nil, err
	}
	mentee, err := relationPerson(look, v, "mentee_id", in.MenteeID)
	if err != nil {
		return p, nil, err
	}
	if in.MentorID != 0 && in.MentorID == in.MenteeID {
		v.AddText("mentee_id", "error.pairing.same_person")
	} else if mentor != nil && mentee != nil && !prog.seniorEnough(*mentor, *mentee) && p.SeniorityOverrideReason == "" {
		v.AddText("mentor_id", "error.pairing.seniority_rule", "Mentor", mentor.Seniority, "Mentee", mentee.Seniority)
		v.AddText("seniority_override_reason", "error.pairing.override_required")
	}
	if in.CheckinCadenceDays != nil {
		p.CheckinCadenceDays = *in.CheckinCadenceDays
	} else if prog.ID != 0 {
		p.CheckinCadenceDays = prog.Cadence()
	} else {
		p.CheckinCadenceDays = DefaultCheckinCadenceDays
	}
	validCadence(v, p.CheckinCadenceDays)
	for field, text := range map[string]string{"focus": p.Focus, "seniority_override_reason": p.SeniorityOverrideReason,
		"capacity_override_reason": p.CapacityOverrideReason} {
		v.Text(field, text)
	}
	v.tooLong("focus", p.Focus, 2000)
	v.tooLong("seniority_override_reason", p.SeniorityOverrideReason, 1000)
	v.tooLong("capacity_override_reason", p.CapacityOverrideReason, 1000)
	if mentor != nil {
		p.Mentor = PersonRef{ID: mentor.ID, Name: mentor.Name, Timezone: mentor.Timezone}
		if mentor.MaxMentees != nil && p.CapacityOverrideReason == "" {
			n, err := look.openMentees(mentor.ID)
			if err != nil {
				return p, nil, err
			}
			if n >= *mentor.MaxMentees {
				full = &Text{Key: "error.pairing.mentor_full", Args: []any{"Mentor", mentor.Name, "Mentees", n, "Count", *mentor.MaxMentees}}
			}
		}
	}
	if mentee != nil {
		p.Mentee = PersonRef{ID: mentee.ID, Name: mentee.Name, Timezone: mentee.Timezone}
	}
	return p, full, nil
}

// UpdatePairing changes a pairing's status (pause, resume, end with a date
// and a reason), focus or cadence (admins only; its participants get 403,
// anyone else 404). Wrong transitions are 409; an ended pairing no longer
// changes. Ending it cancels its scheduled check-ins in the same
// transaction.
func (s *Service) UpdatePairing(ctx context.Context, a Actor, id int64, in PairingPatch) (Pairing, error) {
	var out Pairing
	err := s.inTx(ctx, func(tx Ports) error {
		if err := tx.Pairings.LockPairing(ctx, id); err != nil {
			return notFoundText(err, "error.pairing.not_found")
		}
		before, err := tx.Pairings.PairingByID(ctx, id)
		if err != nil {
			return notFoundText(err, "error.pairing.not_found")
		}
		if !mayKnowPairing(a, before) {
			return NotFoundText("error.pairing.not_found")
		}
		if !maySteerPairing(a) {
			return ForbiddenText("error.pairing.admin_only")
		}
		if in.IsEmpty() {
			out = before
			return nil
		}
		if before.Status == PairingEnded {
			return ConflictText("error.pairing.ended")
		}
		now := s.clock.Now()
		p := before
		var v ValidationError
		if in.Focus != nil {
			p.Focus = strings.TrimSpace(*in.Focus)
			v.tooLong("focus", p.Focus, 2000)
		}
		if in.CheckinCadenceDays != nil {
			p.CheckinCadenceDays = *in.CheckinCadenceDays
			validCadence(&v, p.CheckinCadenceDays)
		}
		if in.Status != nil {
			p.Status = *in.Status
			switch p.Status {
			case PairingActive, PairingPaused, PairingEnded:
			default:
				v.AddText("status", "error.pairing.status")
			}
		}
		if p.Status == PairingEnded {
			p.EndedOn = DateOf(now, s.cfg.OrgLocation)
			if in.EndedOn != nil && !in.EndedOn.IsZero() {
				p.EndedOn = *in.EndedOn
			}
			if in.EndReason != nil {
				p.EndReason = strings.TrimSpace(*in.EndReason)
			}
			v.Text("end_reason", p.EndReason)
			if p.EndReason == "" {
				v.AddText("end_reason", "error.pairing.end_reason_required")
			} else {
				v.tooLong("end_reason", p.EndReason, 2000)
			}
			if p.EndedOn.Before(p.StartedOn) {
				v.AddText("ended_on", "error.pairing.ended_before_start", "Date", p.StartedOn.String())
			} else if p.EndedOn.After(DateOf(now, s.cfg.OrgLocation)) {
				v.AddText("ended_on", "error.pairing.ended_in_future")
			}
		} else {
			if in.EndedOn != nil {
				v.AddText("ended_on", "error.pairing.only_when_ending")
			}
			if in.EndReason != nil {
				v.AddText("end_reason", "error.pairing.only_when_ending")
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if !pairingTransitionAllowed(before.Status, p.Status) {
			return ConflictText("error.pairing.transition", "From", string(before.Status), "To", string(p.Status))
		}
		changes := diff(pairingAuditFields(before), pairingAuditFields(p))
		if len(changes) == 0 {
			out = before
			return nil
		}
		p.UpdatedAt = now
		if err := tx.Pairings.UpdatePairing(ctx, &p); err != nil {
			if errors.Is(err, ErrConflict) {
				return errPairingOpen()
			}
			return err
		}
		action := "update"
		if p.Status != before.Status {
			action = map[PairingStatus]string{PairingActive: "resume", PairingPaused: "pause", PairingEnded: "end"}[p.Status]
		}
		if err := tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: action, ObjectType: "pairing", ObjectID: id,
			Changes: changes, At: now}); err != nil {
			return err
		}
		if p.Status == PairingEnded {
			if err := s.endSeriesOf(ctx, tx, a, SeriesOf{PairingID: id}); err != nil {
				return err
			}
			if err := s.cancelScheduledCheckins(ctx, tx, a, id); err != nil {
				return err
			}
		}
		out = p
		return nil
	})
	if err != nil {
		return Pairing{}, fmt.Errorf("update pairing %d: %w", id, err)
	}
	out.Can = PairingAbilitiesOf(a, out)
	return out, nil
}

// cancelScheduledCheckins cancels every still scheduled check-in of an
// ended pairing, through the meeting core (audit, hooks).
func (s *Service) cancelScheduledCheckins(ctx context.Context, tx Ports, a Actor, pairingID int64) error {
	cancelled := StatusCancelled
	for {
		ms, err := tx.Meetings.ListMeetings(ctx, MeetingFilter{PairingID: pairingID, Statuses: []MeetingStatus{StatusScheduled}, Limit: 500})
		if err != nil {
			return err
		}
		if len(ms) == 0 {
			return nil
		}
		for _, m := range ms {
			if _, err := s.changeMeeting(ctx, tx, a, m, MeetingPatch{Status: &cancelled}); err != nil {
				return err
			}
		}
	}
}

// GetPairing reads a pairing: admins any, participants their own, anyone
// else 404.
func (s *Service) GetPairing(ctx context.Context, a Actor, id int64) (Pairing, error) {
	p, err := s.store.Pairings.PairingByID(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return Pairing{}, NotFoundText("error.pairing.not_found")
	}
	if err != nil {
		return Pairing{}, fmt.Errorf("get pairing %d: %w", id, err)
	}
	if !mayKnowPairing(a, p) {
		return Pairing{}, NotFoundText("error.pairing.not_found")
	}
	p.Can = PairingAbilitiesOf(a, p)
	one := []Pairing{p}
	if err := s.withPairingHealth(ctx, one); err != nil {
		return Pairing{}, fmt.Errorf("get pairing %d: %w", id, err)
	}
	return one[0], nil
}

// ListPairings lists what the caller may see: admins every pairing, others
// the ones they are mentor or mentee in (narrowed by a person filter to
// those they share with that person).
func (s *Service) ListPairings(ctx context.Context, a Actor, f PairingFilter) ([]Pairing, error) {
	f.Limit = ClampLimit(f.Limit)
	ownOnly(a, &f.PersonID, &f.WithID)
	if err := checkHealth(f.Health); err != nil {
		return nil, err
	}
	show := func(ps []Pairing) ([]Pairing, error) {
		ps, err := shown("list pairings", ps, nil, func(p Pairing) Pairing {
			p.Can = PairingAbilitiesOf(a, p)
			return p
		})
		if err == nil {
			err = s.withPairingHealth(ctx, ps)
		}
		if err != nil {
			return nil, fmt.Errorf("list pairings: %w", err)
		}
		return ofHealth(ps, f.Health, func(p Pairing) Health { return p.Health }), nil
	}
	if f.Health == "" {
		ps, err := s.store.Pairings.ListPairings(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("list pairings: %w", err)
		}
		return show(ps)
	}
	return pageWhere(f.Limit, f.After, f.Before, func(p Pairing) int64 { return p.ID },
		func(after, before int64, n int) ([]Pairing, error) {
			g := f
			g.After, g.Before, g.Limit = after, before, n
			ps, err := s.store.Pairings.ListPairings(ctx, g)
			if err != nil {
				return nil, fmt.Errorf("list pairings: %w", err)
			}
			return ps, nil
		}, show)
}

// notFoundText turns a store's ErrNotFound into a 404 with a message by
// catalogue key; other errors pass unchanged.
func notFoundText(err error, key string, args ...any) error {
	if errors.Is(err, ErrNotFound) {
		return NotFoundText(key, args...)
	}
	return err
}
