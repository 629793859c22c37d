package domain

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// ProgrammeKind says what a programme holds.
type ProgrammeKind string

// The two kinds of programme.
const (
	KindMentoring ProgrammeKind = "mentoring"
	KindCoaching  ProgrammeKind = "coaching"
)

// DefaultCheckinCadenceDays is a mentoring programme's cadence when none is given.
const DefaultCheckinCadenceDays = 14

// Programme is a named cohort of pairings or engagements.
type Programme struct {
	ID                 int64         `json:"id"`
	Name               string        `json:"name"`
	Kind               ProgrammeKind `json:"kind"`
	Description        string        `json:"description"`
	StartsOn           Date          `json:"starts_on"`
	EndsOn             Date          `json:"ends_on"`
	CheckinCadenceDays *int          `json:"checkin_cadence_days"`
	Archived           bool          `json:"archived"`
	ArchivedAt         *time.Time    `json:"archived_at,omitempty"`
	// Matching is how the programme forms pairs; RequiresSignup lists
	// only the people who joined it; a request waits RequestExpiryDays
	// for the mentor's answer (requests.go).
	Matching          MatchingMode `json:"matching"`
	RequiresSignup    bool         `json:"requires_signup"`
	RequestExpiryDays int          `json:"request_expiry_days"`
	// MentorSeniority is who may mentor in a mentoring programme
	// (eligibility.go): more senior than the mentee, or any level.
	MentorSeniority MentorSeniority `json:"mentor_seniority"`
	CreatedAt       time.Time       `json:"created_at"`
	UpdatedAt       time.Time       `json:"updated_at"`
	// NudgeSettings, shown to admins (nudges.go): nudges_enabled and
	// nudge_after_days in JSON.
	*NudgeSettings
	// MatchSettings, shown to admins of a mentoring programme: the
	// weights of the match score (matchscore.go).
	MatchSettings *MatchSettings `json:"match_settings,omitempty"`
	// Can is what the caller may do with it, filled in by the use cases.
	Can ProgrammeAbilities `json:"can"`
}

// Cadence is the programme's default check-in cadence in days.
func (p Programme) Cadence() int {
	if p.CheckinCadenceDays != nil {
		return *p.CheckinCadenceDays
	}
	return DefaultCheckinCadenceDays
}

// ProgrammePatch changes some fields of a programme; nil means unchanged.
type ProgrammePatch struct {
	Name               *string
	Kind               *ProgrammeKind
	Description        *string
	StartsOn           *Date
	EndsOn             *Date
	CheckinCadenceDays **int
	Archived           *bool
	Matching           *MatchingMode
	RequiresSignup     *bool
	RequestExpiryDays  *int
	MentorSeniority    *MentorSeniority
	// Nudges changes its nudge settings (nudges.go), in the same
	// transaction.
	Nudges *NudgeSettingsPatch
	// Match changes its match settings, in the same transaction.
	Match *MatchSettingsPatch
}

// ProgrammeFilter narrows a list of programmes.
type ProgrammeFilter struct {
	PersonID        int64 // only programmes this person takes part in (0: all)
	IncludeArchived bool
	// TakesRequests keeps the running mentoring programmes where mentees
	// ask for mentors.
	TakesRequests bool
	Limit         int
	After         int64
}

func (p Programme) validate() error {
	var v ValidationError
	v.Text("name", p.Name)
	v.Text("description", p.Description)
	if p.Name == "" {
		v.AddText("name", "error.pairing.required")
	} else {
		v.tooLong("name", p.Name, 200)
	}
	if p.Kind != KindMentoring && p.Kind != KindCoaching {
		v.AddText("kind", "error.programme.kind")
	}
	v.tooLong("description", p.Description, 5000)
	if !p.StartsOn.IsZero() && !p.EndsOn.IsZero() && !p.EndsOn.After(p.StartsOn) {
		v.AddText("ends_on", "error.programme.ends_before_start")
	}
	if p.CheckinCadenceDays != nil {
		if p.Kind == KindCoaching {
			v.AddText("checkin_cadence_days", "error.programme.mentoring_only")
		} else if *p.CheckinCadenceDays < 1 || *p.CheckinCadenceDays > 365 {
			v.AddText("checkin_cadence_days", "error.pairing.cadence_range")
		}
	}
	switch p.Matching {
	case MatchingAdmin:
	case MatchingRequest, MatchingRequestApproved:
		if p.Kind != KindMentoring {
			v.AddText("matching", "error.programme.requests_mentoring_only")
		}
	default:
		v.AddText("matching", "error.programme.matching")
	}
	if p.RequestExpiryDays < 1 || p.RequestExpiryDays > MaxRequestExpiryDays {
		v.AddText("request_expiry_days", "error.programme.expiry_range", "Max", MaxRequestExpiryDays)
	}
	switch p.MentorSeniority {
	case MentorMoreSenior:
	case MentorAnyLevel:
		if p.Kind != KindMentoring {
			v.AddText("mentor_seniority", "error.programme.mentoring_only")
		}
	default:
		v.AddText("mentor_seniority", "error.programme.mentor_seniority")
	}
	return v.Err()
}

func (p *Programme) apply(in ProgrammePatch, now time.Time) {
	setTrimmed(&p.Name, in.Name)
	setIf(&p.Kind, in.Kind)
	setTrimmed(&p.Description, in.Description)
	setIf(&p.StartsOn, in.StartsOn)
	setIf(&p.EndsOn, in.EndsOn)
	setIf(&p.CheckinCadenceDays, in.CheckinCadenceDays)
	setIf(&p.Matching, in.Matching)
	setIf(&p.RequiresSignup, in.RequiresSignup)
	setIf(&p.RequestExpiryDays, in.RequestExpiryDays)
	setIf(&p.MentorSeniority, in.MentorSeniority)
	if in.Archived != nil && *in.Archived != p.Archived {
		p.Archived = *in.Archived
		if p.Archived {
			p.ArchivedAt = &now
		} else {
			p.ArchivedAt = nil
		}
	}
}

func programmeAuditFields(p Programme) map[string]any {
	return map[string]any{"name": p.Name, "kind": p.Kind, "description": p.Description, "starts_on": p.StartsOn,
		"ends_on": p.EndsOn, "checkin_cadence_days": p.CheckinCadenceDays, "archived": p.Archived,
		"matching": p.Matching, "requires_signup": p.RequiresSignup, "request_expiry_days": p.RequestExpiryDays,
		"mentor_seniority": p.MentorSeniority}
}

// CreateProgramme adds a programme (admins only), with its nudge settings
// when in carries them.
func (s *Service) CreateProgramme(ctx context.Context, a Actor, in Programme) (Programme, error) {
	if err := authorize(a, ActCreateProgramme); err != nil {
		return Programme{}, err
	}
	now := s.clock.Now()
	p := Programme{Name: strings.TrimSpace(in.Name), Kind: in.Kind, Description: strings.TrimSpace(in.Description),
		StartsOn: in.StartsOn, EndsOn: in.EndsOn, CheckinCadenceDays: in.CheckinCadenceDays, CreatedAt: now, UpdatedAt: now,
		Matching: in.Matching, RequiresSignup: in.RequiresSignup, RequestExpiryDays: in.RequestExpiryDays,
		MentorSeniority: in.MentorSeniority}
	if p.Matching == "" {
		p.Matching = MatchingAdmin
	}
	if p.MentorSeniority == "" {
		p.MentorSeniority = MentorMoreSenior
	}
	if p.RequestExpiryDays == 0 {
		p.RequestExpiryDays = DefaultRequestExpiryDays
	}
	if p.Kind == KindMentoring && p.CheckinCadenceDays == nil {
		d := DefaultCheckinCadenceDays
		p.CheckinCadenceDays = &d
	}
	if err := p.validate(); err != nil {
		return Programme{}, err
	}
	err := s.inTx(ctx, func(tx Ports) error {
		if err := tx.Programmes.CreateProgramme(ctx, &p); err != nil {
			return err
		}
		if err := tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "create", ObjectType: "programme", ObjectID: p.ID,
			Changes: diff(nil, programmeAuditFields(p)), At: now}); err != nil {
			return err
		}
		if in.NudgeSettings == nil {
			return nil
		}
		ns, err := s.setNudgeSettings(ctx, tx, a, p.ID, NudgeSettingsPatch{Enabled: &in.Enabled, GraceDays: &in.GraceDays})
		p.NudgeSettings = &ns
		return err
	})
	if err != nil {
		return Programme{}, fmt.Errorf("create programme: %w", err)
	}
	p.Can = ProgrammeAbilitiesOf(a, p)
	return p, nil
}

// UpdateProgramme edits or archives a programme (admins only; members of
// the programme get 403, anyone else 404). Its kind cannot change once it
// holds pairings or engagements.
func (s *Service) UpdateProgramme(ctx context.Context, a Actor, id int64, in ProgrammePatch) (Programme, error) {
	var out Programme
	err := s.inTx(ctx, func(tx Ports) error {
		before, err := s.programmeToManage(ctx, tx, a, id)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		p := before
		p.apply(in, now)
		if err := p.validate(); err != nil {
			return err
		}
		if p.Kind != before.Kind {
			n, err := tx.Programmes.CountProgrammeRelationships(ctx, id)
			if err != nil {
				return err
			}
			if n > 0 {
				return InvalidText("kind", "error.programme.kind_fixed", "Kind", string(before.Kind))
			}
		}
		p.UpdatedAt = now
		if err := tx.Programmes.UpdateProgramme(ctx, &p); err != nil {
			return err
		}
		out = p
		if in.Match != nil {
			ms, err := s.setMatchSettings(ctx, tx, a, p, *in.Match)
			if err != nil {
				return err
			}
			out.MatchSettings = &ms
		}
		if in.Nudges != nil {
			ns, err := s.setNudgeSettings(ctx, tx, a, id, *in.Nudges)
			if err != nil {
				return err
			}
			out.NudgeSettings = &ns
		}
		action := "update"
		if p.Archived != before.Archived {
			action = map[bool]string{true: "archive", false: "unarchive"}[p.Archived]
		}
		return tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: action, ObjectType: "programme", ObjectID: id,
			Changes: diff(programmeAuditFields(before), programmeAuditFields(p)), At: now})
	})
	if err != nil {
		return Programme{}, fmt.Errorf("update programme %d: %w", id, err)
	}
	out.Can = ProgrammeAbilitiesOf(a, out)
	return out, nil
}

// GetProgramme reads a programme: admins any, others one they take part in.
func (s *Service) GetProgramme(ctx context.Context, a Actor, id int64) (Programme, error) {
	p, err := s.loadProgramme(ctx, s.store, a, id)
	if err != nil {
		return Programme{}, fmt.Errorf("get programme %d: %w", id, err)
	}
	if a.IsAdmin() {
		ns, err := s.store.Flags.NudgeSettingsOf(ctx, id)
		if err != nil {
			return Programme{}, fmt.Errorf("get programme %d: %w", id, err)
		}
		p.NudgeSettings = &ns
		if err := s.readMatchSettings(ctx, &p); err != nil {
			return Programme{}, fmt.Errorf("get programme %d: %w", id, err)
		}
	}
	return p, nil
}

// ProgrammeToEdit reads a programme for its edit form: 404 for whoever may
// not know it, 403 for members who may not change it.
func (s *Service) ProgrammeToEdit(ctx context.Context, a Actor, id int64) (Programme, error) {
	p, err := s.programmeToManage(ctx, s.store, a, id)
	if err != nil {
		return Programme{}, fmt.Errorf("edit programme %d: %w", id, err)
	}
	ns, err := s.store.Flags.NudgeSettingsOf(ctx, id)
	if err != nil {
		return Programme{}, fmt.Errorf("edit programme %d: %w", id, err)
	}
	p.NudgeSettings = &ns
	if err := s.readMatchSettings(ctx, &p); err != nil {
		return Programme{}, fmt.Errorf("edit programme %d: %w", id, err)
	}
	return p, nil
}

// loadProgramme reads a programme as the actor may know it (404 otherwise),
// with their abilities.
func (s *Service) loadProgramme(ctx context.Context, st Ports, a Actor, id int64) (Programme, error) {
	p, err := st.Programmes.ProgrammeByID(ctx, id)
	if err != nil {
		return Programme{}, notFoundText(err, "error.programme.not_found")
	}
	in := false
	if !a.IsAdmin() {
		if in, err = st.Programmes.PersonInProgramme(ctx, id, a.Person.ID); err != nil {
			return Programme{}, err
		}
	}
	if !mayKnowProgramme(a, in, p) {
		return Programme{}, NotFoundText("error.programme.not_found")
	}
	p.Can = ProgrammeAbilitiesOf(a, p)
	return p, nil
}

// programmeToManage is loadProgramme, then 403 for who may not change it.
func (s *Service) programmeToManage(ctx context.Context, st Ports, a Actor, id int64) (Programme, error) {
	p, err := s.loadProgramme(ctx, st, a, id)
	if err != nil {
		return Programme{}, err
	}
	if !mayManageProgrammes(a) {
		return Programme{}, ForbiddenText("error.programme.admin_only")
	}
	return p, nil
}

// ListProgrammes lists what the caller may see: admins every programme,
// others the ones they take part in.
func (s *Service) ListProgrammes(ctx context.Context, a Actor, f ProgrammeFilter) ([]Programme, error) {
	f.Limit = ClampLimit(f.Limit)
	f.PersonID = 0
	if !a.IsAdmin() {
		f.PersonID = a.Person.ID
	}
	ps, err := s.store.Programmes.ListProgrammes(ctx, f)
	return shown("list programmes", ps, err, func(p Programme) Programme {
		p.Can = ProgrammeAbilitiesOf(a, p)
		return p
	})
}
