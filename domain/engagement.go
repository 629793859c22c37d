package domain

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// GoalArea is what part of life a coaching goal is about.
type GoalArea string

// The two goal areas.
const (
	AreaWork     GoalArea = "work"
	AreaPersonal GoalArea = "personal"
)

// EngagementStatus is where an engagement stands: active until it is
// closed with an outcome (completed) or cancelled by an admin.
type EngagementStatus string

// Engagement statuses.
const (
	EngagementActive    EngagementStatus = "active"
	EngagementCompleted EngagementStatus = "completed"
	EngagementCancelled EngagementStatus = "cancelled"
)

// Outcome is how far a closed engagement reached its goal.
type Outcome string

// The three outcomes.
const (
	OutcomeAchieved          Outcome = "achieved"
	OutcomePartiallyAchieved Outcome = "partially_achieved"
	OutcomeNotAchieved       Outcome = "not_achieved"
)

// DeadlineStatus is computed from today's date in the organisation's zone;
// it is never stored.
type DeadlineStatus string

// Deadline statuses.
const (
	DeadlineOnTrack DeadlineStatus = "on_track"
	DeadlineDueSoon DeadlineStatus = "due_soon"
	DeadlineOverdue DeadlineStatus = "overdue"
	DeadlineClosed  DeadlineStatus = "closed"
)

// Limits on an engagement's fields.
const (
	MinPlannedSessions = 1
	MaxPlannedSessions = 100
)

// Goal is the one thing an engagement works toward.
type Goal struct {
	Title          string   `json:"title"`
	Description    string   `json:"description"`
	Area           GoalArea `json:"area"`
	SuccessMeasure string   `json:"success_measure"`
}

// Engagement is a coaching relationship: a coach helps a coachee reach one
// goal through formal sessions by a discrete end date. DeadlineStatus and
// SessionsCompleted are computed when it is read.
type Engagement struct {
	ID              int64     `json:"id"`
	ProgrammeID     int64     `json:"programme_id"`
	CoachID         int64     `json:"coach_id"`
	CoacheeID       int64     `json:"coachee_id"`
	Coach           PersonRef `json:"coach"`
	Coachee         PersonRef `json:"coachee"`
	Goal            Goal      `json:"goal"`
	StartsOn        Date      `json:"starts_on"`
	EndsOn          Date      `json:"ends_on"`
	PlannedSessions int       `json:"planned_sessions"`
	ProgressPercent int       `json:"progress_percent"`
	// ProgressMode says whether progress follows the milestones or is set
	// by hand.
	ProgressMode      ProgressMode     `json:"progress_mode"`
	Status            EngagementStatus `json:"status"`
	DeadlineStatus    DeadlineStatus   `json:"deadline_status"`
	SessionsCompleted int              `json:"sessions_completed"`
	Outcome           Outcome          `json:"outcome,omitempty"`
	OutcomeSummary    string           `json:"outcome_summary,omitempty"`
	CancelReason      string           `json:"cancel_reason,omitempty"`
	// CapacityOverrideReason is why an admin placed the engagement beyond
	// the coach's max_coachees.
	CapacityOverrideReason string     `json:"capacity_override_reason"`
	ClosedAt               *time.Time `json:"closed_at,omitempty"`
	// CoacheeReview is the coachee's own view once closed, for the two
	// participants only.
	CoacheeReview *CoacheeReview `json:"coachee_review,omitempty"`
	CreatedAt     time.Time      `json:"created_at"`
	UpdatedAt     time.Time      `json:"updated_at"`
	// Health and HealthReasons are filled in by the use cases that read
	// it, while it is open (AssessHealth).
	Health        Health     `json:"health,omitempty"`
	HealthReasons []string   `json:"health_reasons,omitzero"`
	Assessment    Assessment `json:"-"`
	// Can is what the caller may do with it, filled in by the use cases.
	Can EngagementAbilities `json:"can"`
}

// HasParticipant reports whether person id is the coach or the coachee.
func (e Engagement) HasParticipant(id int64) bool { return id == e.CoachID || id == e.CoacheeID }

// IsOpen reports whether the engagement still runs.
func (e Engagement) IsOpen() bool { return e.Status == EngagementActive }

// DeadlineOn is the deadline status on a given day: closed once the
// engagement is closed or cancelled; overdue after ends_on; due soon within
// warnDays of it (ends_on itself included); on track before that.
func (e Engagement) DeadlineOn(today Date, warnDays int) DeadlineStatus {
	switch {
	case !e.IsOpen():
		return DeadlineClosed
	case today.After(e.EndsOn):
		return DeadlineOverdue
	case today.DaysUntil(e.EndsOn) <= warnDays:
		return DeadlineDueSoon
	}
	return DeadlineOnTrack
}

// TimeUsedPercent is how much of the window from starts_on to ends_on has
// passed on a given day, 0-100, rounded by Percent.
func (e Engagement) TimeUsedPercent(today Date) int {
	total := e.StartsOn.DaysUntil(e.EndsOn)
	if total <= 0 {
		return 100
	}
	return Percent(e.StartsOn.DaysUntil(today), total)
}

// DayOf is which day of the engagement today is, counted from 1 on its
// start date, and how many days it has (start and end dates included):
// "day 1 of 91". Before the start it is day 1, after the end the last.
func (e Engagement) DayOf(today Date) (day, days int) {
	days = e.StartsOn.DaysUntil(e.EndsOn) + 1
	return max(1, min(e.StartsOn.DaysUntil(today)+1, days)), days
}

// SessionsDonePercent is completed sessions against the plan, 0-100,
// rounded by Percent.
func (e Engagement) SessionsDonePercent() int { return Percent(e.SessionsCompleted, e.PlannedSessions) }

func clampPercent(n int) int { return max(0, min(100, n)) }

// Window is the span sessions may start in: from the first instant of
// starts_on to the end of ends_on, in zone loc.
func (e Engagement) Window(loc *time.Location) (from, to time.Time) {
	return e.StartsOn.Start(loc), e.EndsOn.AddDays(1).Start(loc)
}

// EngagementInput is what an admin gives to create an engagement.
type EngagementInput struct {
	ProgrammeID     int64
	CoachID         int64
	CoacheeID       int64
	Goal            Goal
	StartsOn        Date
	EndsOn          Date
	PlannedSessions int
	// CapacityOverrideReason lets an admin go beyond the coach's
	// max_coachees; it is kept, audited and shown.
	CapacityOverrideReason string
}

// GoalPatch changes some fields of a goal; nil means unchanged.
type GoalPatch struct {
	Title          *string
	Description    *string
	Area           *GoalArea
	SuccessMeasure *string
}

// EngagementPatch changes an engagement. Progress is the coach's (or an
// admin's); goal, dates and plan are an admin's. Status changes only by
// closing or cancelling, so Status is refused unless it stays the same.
type EngagementPatch struct {
	Goal            GoalPatch
	StartsOn        *Date
	EndsOn          *Date
	PlannedSessions *int
	ProgressPercent *int
	ProgressComment *string
	// ProgressMode switches progress between set by hand and following
	// the milestones (the coach's, or an admin's).
	ProgressMode *ProgressMode
	Status       *EngagementStatus
}

func (p EngagementPatch) adminFields() bool {
	return p.Goal != (GoalPatch{}) || p.StartsOn != nil || p.EndsOn != nil || p.PlannedSessions != nil
}

func (p EngagementPatch) progressFields() bool {
	return p.ProgressPercent != nil || p.ProgressComment != nil || p.ProgressMode != nil
}

// EngagementFilter narrows a list of engagements.
type EngagementFilter struct {
	ProgrammeID int64
	PersonID    int64 // engagements where this person is the coach or the coachee
	// WithID narrows to engagements this person is also in.
	WithID   int64
	Statuses []EngagementStatus
	Limit    int
	After    int64
	// Before lists the last Limit rows with a smaller id, in id order.
	Before int64
	// Health keeps the open engagements of this health (applied by the
	// use case: health is derived).
	Health Health
}

// ProgressEntry is one progress update, kept as history. Comments are
// seen by the participants only, like notes.
type ProgressEntry struct {
	ID           int64     `json:"id"`
	EngagementID int64     `json:"engagement_id"`
	Percent      int       `json:"percent"`
	Comment      string    `json:"comment,omitempty"`
	AuthorID     int64     `json:"author_id"`
	AuthorName   string    `json:"author_name"`
	MeetingID    *int64    `json:"meeting_id,omitempty"` // the session it was recorded with
	At           time.Time `json:"at"`
	// CommentHidden is set when the viewer may not read the comment.
	CommentHidden bool `json:"-"`
}

// CloseInput is how an engagement ended.
type CloseInput struct {
	Outcome Outcome
	Summary string
}

func validGoalArea(a GoalArea) bool { return a == AreaWork || a == AreaPersonal }

func validOutcome(o Outcome) bool {
	return o == OutcomeAchieved || o == OutcomePartiallyAchieved || o == OutcomeNotAchieved
}

// validate checks every field rule of an engagement.
func (e Engagement) validate() error {
	var v ValidationError
	v.Text("goal.title", e.Goal.Title)
	v.Text("goal.description", e.Goal.Description)
	v.Text("goal.success_measure", e.Goal.SuccessMeasure)
	v.Text("cancel_reason", e.CancelReason)
	if e.ProgrammeID <= 0 {
		v.AddText("programme_id", "error.a1.required")
	}
	if e.CoachID <= 0 {
		v.AddText("coach_id", "error.a1.required")
	}
	if e.CoacheeID <= 0 {
		v.AddText("coachee_id", "error.a1.required")
	} else if e.CoacheeID == e.CoachID {
		v.AddText("coachee_id", "error.a1.coachee_not_coach")
	}
	switch {
	case e.Goal.Title == "":
		v.AddText("goal.title", "error.a1.required")
	case len(e.Goal.Title) > 200:
		v.AddText("goal.title", "error.a1.max_len", "Max", 200)
	}
	v.maxLen("goal.description", e.Goal.Description, 5000)
	if !validGoalArea(e.Goal.Area) {
		v.AddText("goal.area", "error.a1.goal_area")
	}
	v.maxLen("goal.success_measure", e.Goal.SuccessMeasure, 2000)
	if e.StartsOn.IsZero() {
		v.AddText("starts_on", "error.a1.required")
	}
	switch {
	case e.EndsOn.IsZero():
		v.AddText("ends_on", "error.a1.required")
	case !e.StartsOn.IsZero() && !e.EndsOn.After(e.StartsOn):
		v.AddText("ends_on", "error.a1.ends_after_starts")
	}
	if e.PlannedSessions < MinPlannedSessions || e.PlannedSessions > MaxPlannedSessions {
		v.AddText("planned_sessions", "error.a1.between", "Min", MinPlannedSessions, "Max", MaxPlannedSessions)
	}
	if e.ProgressPercent < 0 || e.ProgressPercent > 100 {
		v.AddText("progress_percent", "error.a1.between", "Min", 0, "Max", 100)
	}
	if e.ProgressMode != "" && !validProgressMode(e.ProgressMode) { // none: by hand
		v.AddText("progress_mode", "error.a1.progress_mode")
	}
	return v.Err()
}

func engagementAuditFields(e Engagement) map[string]any {
	return map[string]any{"programme_id": e.ProgrammeID, "coach_id": e.CoachID, "coachee_id": e.CoacheeID,
		"goal_title": e.Goal.Title, "goal_area": e.Goal.Area, "starts_on": e.StartsOn, "ends_on": e.EndsOn,
		"planned_sessions": e.PlannedSessions, "progress_percent": e.ProgressPercent, "status": e.Status,
		"outcome": e.Outcome, "capacity_override_reason": e.CapacityOverrideReason, "progress_mode": e.ProgressMode}
}

// orgToday is today's date in the organisation's zone.
func (s *Service) orgToday() Date { return DateOf(s.clock.Now(), s.cfg.OrgLocation) }

// withDeadline fills in the computed deadline status.
func (s *Service) withDeadline(e Engagement) Engagement {
	e.DeadlineStatus = e.DeadlineOn(s.orgToday(), s.cfg.GoalWarningDays)
	return e
}

// engagementFor fills in what is computed for one viewer: the deadline
// status and the viewer's abilities.
func (s *Service) engagementFor(a Actor, e Engagement) Engagement {
	e = s.withDeadline(e)
	e.Can = EngagementAbilitiesOf(a, e)
	if !e.HasParticipant(a.Person.ID) {
		e.CoacheeReview = nil // admins see the views in the reports, in groups
	}
	return e
}

func errNoEngagement() error { return NotFoundText("error.a1.no_engagement") }

// loadEngagement reads an engagement for the viewer: its participants and
// admins see it, everyone else gets 404.
func (s *Service) loadEngagement(ctx context.Context, st Ports, a Actor, id int64) (Engagement, error) {
	e, err := st.Engagements.EngagementByID(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return Engagement{}, errNoEngagement()
	}
	if err != nil {
		return Engagement{}, err
	}
	if !mayKnowEngagement(a, e) {
		return Engagement{}, errNoEngagement()
	}
	return s.engagementFor(a, e), nil
}

// CreateEngagement starts an engagement (admins only). The rules
// (checkEngagement, shared with the CSV import): the coach and the coachee
// are two different active people, the programme a coaching one that is not
// archived, and the coach within their max_coachees unless a capacity
// override reason is given (409). The coach's row is locked before
// counting, so two requests cannot both take the last place.
func (s *Service) CreateEngagement(ctx context.Context, a Actor, in EngagementInput) (Engagement, error) {
	if err := authorize(a, ActCreateEngagement); err != nil {
		return Engagement{}, err
	}
	e := s.newEngagement(in)
	if err := e.validate(); err != nil {
		return Engagement{}, err
	}
	err := s.inTx(ctx, func(tx Ports) error {
		if err := tx.People.LockPeople(ctx, e.CoachID, e.CoacheeID); err != nil {
			return err
		}
		var v ValidationError
		full, err := checkEngagement(&e, storeLookup{ctx: ctx, st: tx}, &v)
		if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if full != nil {
			return errCapacityText("coach_id", *full)
		}
		if err := tx.Engagements.CreateEngagement(ctx, &e); err != nil {
			return err
		}
		return tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "create", ObjectType: "engagement", ObjectID: e.ID,
			Changes: diff(nil, engagementAuditFields(e)), At: e.CreatedAt})
	})
	if err != nil {
		return Engagement{}, fmt.Errorf("create engagement: %w", err)
	}
	return s.engagementFor(a, e), nil
}

// newEngagement builds an active engagement from the input, trimmed.
func (s *Service) newEngagement(in EngagementInput) Engagement {
	now := s.clock.Now()
	return Engagement{ProgrammeID: in.ProgrammeID, CoachID: in.CoachID, CoacheeID: in.CoacheeID,
		Goal: Goal{Title: strings.TrimSpace(in.Goal.Title), Description: strings.TrimSpace(in.Goal.Description),
			Area: in.Goal.Area, SuccessMeasure: strings.TrimSpace(in.Goal.SuccessMeasure)},
		StartsOn: in.StartsOn, EndsOn: in.EndsOn, PlannedSessions: in.PlannedSessions,
		CapacityOverrideReason: strings.TrimSpace(in.CapacityOverrideReason),
		Status:                 EngagementActive, ProgressMode: ProgressManual, CreatedAt: now, UpdatedAt: now}
}

// checkEngagement adds to v every rule of a new engagement that needs
// existing data (its field rules are Engagement.validate) and fills in the
// people's names; full is set when the coach has no free place and no
// capacity override reason was given.
func checkEngagement(e *Engagement, look relationLookup, v *ValidationError) (full *Text, err error) {
	v.Text("capacity_override_reason", e.CapacityOverrideReason)
	v.maxLen("capacity_override_reason", e.CapacityOverrideReason, 1000)
	if e.ProgrammeID > 0 {
		p, ok, err := look.programme(e.ProgrammeID)
		switch {
		case err != nil:
			return nil, err
		case !ok:
			v.AddText("programme_id", "error.a1.no_programme")
		case p.Kind != KindCoaching:
			v.AddText("programme_id", "error.a1.not_coaching_programme")
		case p.Archived:
			v.AddText("programme_id", "error.a1.programme_archived")
		}
	}
	var coach, coachee *Person
	if e.CoachID > 0 {
		if coach, err = relationPerson(look, v, "coach_id", e.CoachID); err != nil {
			return nil, err
		}
	}
	if e.CoacheeID > 0 {
		if coachee, err = relationPerson(look, v, "coachee_id", e.CoacheeID); err != nil {
			return nil, err
		}
	}
	if coachee != nil {
		e.Coachee = PersonRef{ID: coachee.ID, Name: coachee.Name, Timezone: coachee.Timezone}
	}
	if coach == nil {
		return nil, nil
	}
	e.Coach = PersonRef{ID: coach.ID, Name: coach.Name, Timezone: coach.Timezone}
	if coach.MaxCoachees != nil && e.CapacityOverrideReason == "" {
		n, err := look.openCoachees(coach.ID)
		if err != nil {
			return nil, err
		}
		if n >= *coach.MaxCoachees {
			return &Text{Key: "error.a1.coach_full", Args: []any{"Coach", coach.Name, "Coachees", n, "Count", *coach.MaxCoachees}}, nil
		}
	}
	return nil, nil
}

// GetEngagement reads an engagement: admins any, participants their own,
// everyone else 404.
func (s *Service) GetEngagement(ctx context.Context, a Actor, id int64) (Engagement, error) {
	e, err := s.loadEngagement(ctx, s.store, a, id)
	if err != nil {
		return Engagement{}, fmt.Errorf("get engagement %d: %w", id, err)
	}
	one := []Engagement{e}
	if err := s.withEngagementHealth(ctx, one); err != nil {
		return Engagement{}, fmt.Errorf("get engagement %d: %w", id, err)
	}
	return one[0], nil
}

// ListEngagements lists what the caller may see: admins every engagement
// (narrowed by the filter), others those they coach or are coached in
// (narrowed by a person filter to those they share with that person).
func (s *Service) ListEngagements(ctx context.Context, a Actor, f EngagementFilter) ([]Engagement, error) {
	f.Limit = ClampLimit(f.Limit)
	ownOnly(a, &f.PersonID, &f.WithID)
	if err := checkHealth(f.Health); err != nil {
		return nil, err
	}
	show := func(es []Engagement) ([]Engagement, error) {
		es, err := s.shownEngagements(ctx, "list engagements", es, nil, a)
		return ofHealth(es, f.Health, func(e Engagement) Health { return e.Health }), err
	}
	if f.Health == "" {
		es, err := s.store.Engagements.ListEngagements(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("list engagements: %w", err)
		}
		return show(es)
	}
	return pageWhere(f.Limit, f.After, f.Before, func(e Engagement) int64 { return e.ID },
		func(after, before int64, n int) ([]Engagement, error) {
			g := f
			g.After, g.Before, g.Limit = after, before, n
			es, err := s.store.Engagements.ListEngagements(ctx, g)
			if err != nil {
				return nil, fmt.Errorf("list engagements: %w", err)
			}
			return es, nil
		}, show)
}

// shownEngagements finishes an engagement list: abilities, deadline and
// health filled in, the health of all in one store call.
func (s *Service) shownEngagements(ctx context.Context, what string, es []Engagement, err error, a Actor) ([]Engagement, error) {
	es, err = shown(what, es, err, func(e Engagement) Engagement { return s.engagementFor(a, e) })
	if err != nil {
		return nil, err
	}
	if err := s.withEngagementHealth(ctx, es); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return es, nil
}

// MyEngagements lists the engagements the caller coaches or is coached in,
// admins included.
func (s *Service) MyEngagements(ctx context.Context, a Actor) ([]Engagement, error) {
	es, err := s.store.Engagements.ListEngagements(ctx, EngagementFilter{PersonID: a.Person.ID, Limit: 500})
	return s.shownEngagements(ctx, "my engagements", es, err, a)
}

// UpdateEngagement changes an open engagement. The coach or an admin sets
// progress (with an optional comment, kept as history); an admin edits the
// goal, the dates and the plan. Dates cannot move so that a scheduled
// session falls outside them.
func (s *Service) UpdateEngagement(ctx context.Context, a Actor, id int64, in EngagementPatch) (Engagement, error) {
	var out Engagement
	err := s.inTx(ctx, func(tx Ports) error {
		before, err := s.loadEngagement(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if in.adminFields() && !mayEditEngagement(a) {
			return ForbiddenText("error.a1.only_admin_edits_engagement")
		}
		if in.progressFields() && !mayRecordProgress(a, before) {
			return ForbiddenText("error.a1.only_coach_updates_progress")
		}
		if in.Status != nil && *in.Status != before.Status {
			return InvalidText("status", "error.a1.status_by_closing")
		}
		if !before.IsOpen() && (in.adminFields() || in.progressFields()) {
			return ConflictText("error.a1.engagement_no_change", "Status", engagementStatusWords(before.Status))
		}
		e := before
		setTrimmed(&e.Goal.Title, in.Goal.Title)
		setTrimmed(&e.Goal.Description, in.Goal.Description)
		setIf(&e.Goal.Area, in.Goal.Area)
		setTrimmed(&e.Goal.SuccessMeasure, in.Goal.SuccessMeasure)
		setIf(&e.StartsOn, in.StartsOn)
		setIf(&e.EndsOn, in.EndsOn)
		setIf(&e.PlannedSessions, in.PlannedSessions)
		setIf(&e.ProgressPercent, in.ProgressPercent)
		setIf(&e.ProgressMode, in.ProgressMode)
		if in.ProgressPercent != nil && e.ProgressMode == ProgressMilestones {
			return InvalidText("progress_percent", "error.a1.progress_follows_milestones")
		}
		var comment string
		setTrimmed(&comment, in.ProgressComment)
		if err := e.validate(); err != nil {
			return err
		}
		if err := CheckText("progress_comment", comment); err != nil {
			return err
		}
		if len(comment) > 5000 {
			return InvalidText("progress_comment", "error.a1.max_len", "Max", 5000)
		}
		if e.StartsOn != before.StartsOn || e.EndsOn != before.EndsOn {
			if err := s.checkSessionsInside(ctx, tx, e); err != nil {
				return err
			}
		}
		now := s.clock.Now()
		e.UpdatedAt = now
		if err := tx.Engagements.UpdateEngagement(ctx, &e); err != nil {
			return err
		}
		if e.ProgressMode != before.ProgressMode {
			// the percentage follows at once what is done
			if e, err = s.followMilestones(ctx, tx, a, e); err != nil {
				return err
			}
		}
		changes := diff(engagementAuditFields(before), engagementAuditFields(e))
		if in.ProgressPercent != nil || in.ProgressComment != nil {
			entry := ProgressEntry{EngagementID: e.ID, Percent: e.ProgressPercent, Comment: comment, AuthorID: a.Person.ID, At: now}
			if err := tx.Engagements.AddEngagementProgress(ctx, &entry); err != nil {
				return err
			}
			if comment != "" {
				changes["progress_comment"] = Change{After: AuditWritten}
			}
		}
		if err := tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "update", ObjectType: "engagement", ObjectID: e.ID,
			Changes: changes, At: now}); err != nil {
			return err
		}
		out = s.engagementFor(a, e)
		return nil
	})
	if err != nil {
		return Engagement{}, fmt.Errorf("update engagement %d: %w", id, err)
	}
	return out, nil
}

// checkSessionsInside refuses new dates that would leave a scheduled
// session outside the engagement.
func (s *Service) checkSessionsInside(ctx context.Context, tx Ports, e Engagement) error {
	ms, err := tx.Meetings.ListMeetings(ctx, MeetingFilter{EngagementID: e.ID, Statuses: []MeetingStatus{StatusScheduled}, Limit: 500})
	if err != nil {
		return err
	}
	from, to := e.Window(s.cfg.OrgLocation)
	for _, m := range ms {
		if m.ScheduledAt.Before(from) || !m.ScheduledAt.Before(to) {
			return conflictOnFields(Text{Key: "error.a1.session_outside_new_dates"},
				map[string]Text{"ends_on": {Key: "error.a1.session_left_outside"}}, nil)
		}
	}
	return nil
}

// EngagementProgress lists an engagement's progress history, oldest first.
// Admins who are not participants see the percentages, not the comments.
func (s *Service) EngagementProgress(ctx context.Context, a Actor, id int64) ([]ProgressEntry, error) {
	e, err := s.loadEngagement(ctx, s.store, a, id)
	if err != nil {
		return nil, fmt.Errorf("progress of engagement %d: %w", id, err)
	}
	entries, err := s.store.Engagements.ListEngagementProgress(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("progress of engagement %d: %w", id, err)
	}
	return hideProgressComments(e.Can, entries), nil
}

// hideProgressComments blanks the comments of a progress history for a
// viewer who may not read the participants' notes.
func hideProgressComments(can EngagementAbilities, entries []ProgressEntry) []ProgressEntry {
	if !can.SeeNotes {
		for i := range entries {
			entries[i].Comment, entries[i].CommentHidden = "", true
		}
	}
	return entries
}

// CloseEngagement ends an active engagement with an outcome and a summary
// (the coach or an admin). Its scheduled sessions are cancelled; its
// history stays readable.
func (s *Service) CloseEngagement(ctx context.Context, a Actor, id int64, in CloseInput) (Engagement, error) {
	summary := strings.TrimSpace(in.Summary)
	return s.endEngagement(ctx, a, id, "close", func(e Engagement) (Engagement, error) {
		if !mayCloseEngagement(a, e) {
			return e, ForbiddenText("error.a1.only_coach_closes")
		}
		var v ValidationError
		if !validOutcome(in.Outcome) {
			v.AddText("outcome", "error.a1.outcome")
		}
		v.Text("summary", summary)
		if summary == "" {
			v.AddText("summary", "error.a1.required")
		} else if len(summary) > 5000 {
			v.AddText("summary", "error.a1.max_len", "Max", 5000)
		}
		if err := v.Err(); err != nil {
			return e, err
		}
		e.Status, e.Outcome, e.OutcomeSummary = EngagementCompleted, in.Outcome, summary
		return e, nil
	})
}

// CancelEngagement stops an active engagement without an outcome (admins
// only), with a reason. Its scheduled sessions are cancelled.
func (s *Service) CancelEngagement(ctx context.Context, a Actor, id int64, reason string) (Engagement, error) {
	reason = strings.TrimSpace(reason)
	return s.endEngagement(ctx, a, id, "cancel", func(e Engagement) (Engagement, error) {
		if !mayCancelEngagement(a) {
			return e, ForbiddenText("error.a1.only_admin_cancels")
		}
		if reason == "" {
			return e, InvalidText("reason", "error.a1.required")
		}
		if err := CheckText("reason", reason); err != nil {
			return e, err
		}
		if len(reason) > 5000 {
			return e, InvalidText("reason", "error.a1.max_len", "Max", 5000)
		}
		e.Status, e.CancelReason = EngagementCancelled, reason
		return e, nil
	})
}

// endEngagement is what closing and cancelling share: one transaction
// that locks both people (so no session is scheduled meanwhile), checks
// the state, cancels the remaining scheduled sessions and audits.
func (s *Service) endEngagement(ctx context.Context, a Actor, id int64, action string, apply func(Engagement) (Engagement, error)) (Engagement, error) {
	var out Engagement
	err := s.inTx(ctx, func(tx Ports) error {
		before, err := s.loadEngagement(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := tx.People.LockPeople(ctx, before.CoachID, before.CoacheeID); err != nil {
			return err
		}
		if before, err = s.loadEngagement(ctx, tx, a, id); err != nil {
			return err
		}
		e, err := apply(before)
		if err != nil {
			return err
		}
		if !before.IsOpen() {
			return ConflictText("error.a1.engagement_already", "Status", engagementStatusWords(before.Status))
		}
		now := s.clock.Now()
		e.ClosedAt, e.UpdatedAt = &now, now
		if err := tx.Engagements.UpdateEngagement(ctx, &e); err != nil {
			return err
		}
		if err := s.endSeriesOf(ctx, tx, a, SeriesOf{EngagementID: id}); err != nil {
			return err
		}
		ms, err := tx.Meetings.ListMeetings(ctx, MeetingFilter{EngagementID: id, Statuses: []MeetingStatus{StatusScheduled}, Limit: 500})
		if err != nil {
			return err
		}
		cancelled := StatusCancelled
		for _, m := range ms {
			if _, err := s.changeMeeting(ctx, tx, a, m, MeetingPatch{Status: &cancelled}); err != nil {
				return err
			}
		}
		if err := tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: action, ObjectType: "engagement", ObjectID: id,
			Changes: diff(engagementAuditFields(before), engagementAuditFields(e)), At: now}); err != nil {
			return err
		}
		if e.Status == EngagementCompleted {
			if err := s.askClosingReview(ctx, tx, e, now); err != nil {
				return err
			}
		}
		out = s.engagementFor(a, e)
		return nil
	})
	if err != nil {
		return Engagement{}, fmt.Errorf("%s engagement %d: %w", action, id, err)
	}
	return out, nil
}
