package domain

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Milestones: steps toward an engagement's goal, each with a target date
// and, once reached, the day it was done. The coach keeps them (adds,
// edits, marks done, removes) while the engagement runs; the coachee reads
// them; admins get counts only. Per engagement the coach chooses whether
// progress follows them (done of all, as a percentage) or is set by hand.
// Milestones past their target date and not done feed the health.

// ProgressMode says how an engagement's progress is set.
type ProgressMode string

// The two progress modes.
const (
	// ProgressManual: the coach sets the percentage by hand.
	ProgressManual ProgressMode = "manual"
	// ProgressMilestones: the percentage is the share of milestones done.
	ProgressMilestones ProgressMode = "milestones"
)

func validProgressMode(m ProgressMode) bool { return m == ProgressManual || m == ProgressMilestones }

// MaxMilestoneTitle bounds a milestone's title.
const MaxMilestoneTitle = 200

// Milestone is one step toward an engagement's goal.
type Milestone struct {
	ID           int64     `json:"id"`
	EngagementID int64     `json:"engagement_id"`
	Title        string    `json:"title"`
	TargetOn     Date      `json:"target_on"`
	DoneOn       *Date     `json:"done_on"`
	CreatedByID  int64     `json:"created_by_id"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	// Overdue is computed when it is read: not done and its target date
	// before today.
	Overdue bool `json:"overdue"`
	// Can is what the caller may do with it.
	Can MilestoneAbilities `json:"can"`
}

// Done reports whether it was reached.
func (m Milestone) Done() bool { return m.DoneOn != nil }

// MilestoneAbilities is what an actor may do with one milestone: the
// coach's, while the engagement runs.
type MilestoneAbilities struct {
	Edit     bool `json:"edit"`
	Complete bool `json:"complete"`
	Delete   bool `json:"delete"`
}

// MilestoneCounts is what admins see of an engagement's milestones.
type MilestoneCounts struct {
	Total   int `json:"total"`
	Done    int `json:"done"`
	Overdue int `json:"overdue"`
}

// MilestoneList is an engagement's milestones as the caller may see them:
// the items for its participants, only the counts for admins.
type MilestoneList struct {
	Items  []Milestone     `json:"items"`
	Counts MilestoneCounts `json:"counts"`
	// CanAdd: the caller may add one (the coach, while it runs).
	CanAdd bool `json:"can_add"`
}

// MilestoneInput is a new milestone; DoneOn may be set for one already
// reached.
type MilestoneInput struct {
	Title    string
	TargetOn Date
	DoneOn   *Date
}

// MilestonePatch changes a milestone; nil leaves a field as it is.
// SetDone with a nil DoneOn opens it again.
type MilestonePatch struct {
	Title    *string
	TargetOn *Date
	SetDone  bool
	DoneOn   *Date
}

// mayKeepMilestones: the coach keeps the milestones of a running
// engagement.
func mayKeepMilestones(a Actor, e Engagement) bool { return isCoachOf(a, e) && e.IsOpen() }

// milestoneFor fills in what is computed for one viewer of engagement e.
func (s *Service) milestoneFor(a Actor, e Engagement, m Milestone) Milestone {
	m.Overdue = !m.Done() && m.TargetOn.Before(s.orgToday())
	keep := mayKeepMilestones(a, e)
	m.Can = MilestoneAbilities{Edit: keep, Complete: keep, Delete: keep}
	return m
}

// milestoneListOf reduces an engagement's milestones (e, which the actor
// knows) to what the actor may see.
func (s *Service) milestoneListOf(a Actor, e Engagement, ms []Milestone) MilestoneList {
	out := MilestoneList{Items: []Milestone{}, CanAdd: mayKeepMilestones(a, e)}
	in := e.HasParticipant(a.Person.ID)
	for _, m := range ms {
		m = s.milestoneFor(a, e, m)
		out.Counts.Total++
		if m.Done() {
			out.Counts.Done++
		}
		if m.Overdue {
			out.Counts.Overdue++
		}
		if in {
			out.Items = append(out.Items, m)
		}
	}
	return out
}

func milestoneAuditFields(m Milestone) map[string]any {
	// titles are the participants' words: they stay out of the log
	done := ""
	if m.DoneOn != nil {
		done = m.DoneOn.String()
	}
	return map[string]any{"engagement_id": m.EngagementID, "target_on": m.TargetOn, "done_on": done}
}

// checkMilestone validates a milestone's fields; today is the coach's.
func checkMilestone(m Milestone, today Date) error {
	var v ValidationError
	if m.Title == "" {
		v.AddText("title", "error.milestone.required")
	}
	v.Text("title", m.Title)
	v.maxLen("title", m.Title, MaxMilestoneTitle)
	if m.TargetOn.IsZero() {
		v.AddText("target_on", "error.milestone.required")
	}
	if m.DoneOn != nil && (m.DoneOn.IsZero() || m.DoneOn.After(today)) {
		v.AddText("done_on", "error.milestone.done_on_future")
	}
	return v.Err()
}

// milestoneEngagement reads the engagement of a milestone write: known to
// the actor (404 otherwise), the coach's (403), still running (409).
func (s *Service) milestoneEngagement(ctx context.Context, st Ports, a Actor, id int64) (Engagement, error) {
	e, err := s.loadEngagement(ctx, st, a, id)
	if err != nil {
		return Engagement{}, err
	}
	if !isCoachOf(a, e) {
		return Engagement{}, ForbiddenText("error.milestone.coach_only")
	}
	if !e.IsOpen() {
		return Engagement{}, engagementFrozen(e)
	}
	return e, nil
}

// engagementFrozen is the refusal to change an engagement that is no
// longer open, in the words of its status.
func engagementFrozen(e Engagement) error {
	if e.Status == EngagementCancelled {
		return ConflictText("error.milestone.engagement_cancelled")
	}
	return ConflictText("error.milestone.engagement_completed")
}

// followMilestones sets the progress of an engagement whose progress
// follows its milestones to the share done, recording the change in its
// progress history, in the caller's transaction.
func (s *Service) followMilestones(ctx context.Context, tx Ports, a Actor, e Engagement) (Engagement, error) {
	if e.ProgressMode != ProgressMilestones {
		return e, nil
	}
	ms, err := tx.Milestones.ListMilestones(ctx, e.ID)
	if err != nil {
		return e, err
	}
	done := 0
	for _, m := range ms {
		if m.Done() {
			done++
		}
	}
	pct := Percent(done, len(ms))
	if pct == e.ProgressPercent {
		return e, nil
	}
	now := s.clock.Now()
	before := e.ProgressPercent
	e.ProgressPercent, e.UpdatedAt = pct, now
	if err := tx.Engagements.UpdateEngagement(ctx, &e); err != nil {
		return e, err
	}
	entry := ProgressEntry{EngagementID: e.ID, Percent: pct, AuthorID: a.Person.ID, At: now}
	if err := tx.Engagements.AddEngagementProgress(ctx, &entry); err != nil {
		return e, err
	}
	return e, tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "update", ObjectType: "engagement", ObjectID: e.ID,
		Changes: map[string]Change{"progress_percent": {Before: before, After: pct}}, At: now})
}

// EngagementMilestones lists an engagement's milestones by target date:
// its participants see them, admins the counts, anyone else gets 404.
func (s *Service) EngagementMilestones(ctx context.Context, a Actor, id int64) (MilestoneList, error) {
	e, err := s.loadEngagement(ctx, s.store, a, id)
	if err != nil {
		return MilestoneList{}, fmt.Errorf("milestones of engagement %d: %w", id, err)
	}
	ms, err := s.store.Milestones.ListMilestones(ctx, id)
	if err != nil {
		return MilestoneList{}, fmt.Errorf("milestones of engagement %d: %w", id, err)
	}
	return s.milestoneListOf(a, e, ms), nil
}

// CreateMilestone adds a milestone to a running engagement: the coach's.
func (s *Service) CreateMilestone(ctx context.Context, a Actor, id int64, in MilestoneInput) (Milestone, error) {
	var out Milestone
	err := s.inTx(ctx, func(tx Ports) error {
		e, err := s.milestoneEngagement(ctx, tx, a, id)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		m := Milestone{EngagementID: id, Title: strings.TrimSpace(in.Title), TargetOn: in.TargetOn, DoneOn: in.DoneOn,
			CreatedByID: a.Person.ID, CreatedAt: now, UpdatedAt: now}
		if err := checkMilestone(m, DateOf(now, a.Person.Location())); err != nil {
			return err
		}
		if err := tx.Milestones.CreateMilestone(ctx, &m); err != nil {
			return err
		}
		if err := tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "create", ObjectType: "milestone", ObjectID: m.ID,
			Changes: diff(nil, milestoneAuditFields(m)), At: now}); err != nil {
			return err
		}
		if e, err = s.followMilestones(ctx, tx, a, e); err != nil {
			return err
		}
		out = s.milestoneFor(a, e, m)
		return nil
	})
	if err != nil {
		return Milestone{}, fmt.Errorf("add milestone to engagement %d: %w", id, err)
	}
	return out, nil
}

// loadMilestone reads a milestone and its engagement for a write: 404
// when the actor does not know the engagement, 403 unless the coach, 409
// once it has ended.
func (s *Service) loadMilestone(ctx context.Context, st Ports, a Actor, id int64) (Milestone, Engagement, error) {
	m, err := st.Milestones.MilestoneByID(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return Milestone{}, Engagement{}, NotFoundText("error.milestone.not_found")
	}
	if err != nil {
		return Milestone{}, Engagement{}, err
	}
	e, err := s.milestoneEngagement(ctx, st, a, m.EngagementID)
	if errors.Is(err, ErrNotFound) {
		return Milestone{}, Engagement{}, NotFoundText("error.milestone.not_found")
	}
	return m, e, err
}

// UpdateMilestone changes a milestone: its title, its target date, or
// whether (and on which day) it was done. The coach's.
func (s *Service) UpdateMilestone(ctx context.Context, a Actor, id int64, in MilestonePatch) (Milestone, error) {
	var out Milestone
	err := s.inTx(ctx, func(tx Ports) error {
		before, e, err := s.loadMilestone(ctx, tx, a, id)
		if err != nil {
			return err
		}
		m := before
		now := s.clock.Now()
		setTrimmed(&m.Title, in.Title)
		setIf(&m.TargetOn, in.TargetOn)
		if in.SetDone {
			m.DoneOn = in.DoneOn
		}
		if err := checkMilestone(m, DateOf(now, a.Person.Location())); err != nil {
			return err
		}
		m.UpdatedAt = now
		if err := tx.Milestones.UpdateMilestone(ctx, &m); err != nil {
			return err
		}
		changes := diff(milestoneAuditFields(before), milestoneAuditFields(m))
		if m.Title != before.Title {
			changes["text"] = Change{After: AuditChanged}
		}
		if err := tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "update", ObjectType: "milestone", ObjectID: id,
			Changes: changes, At: now}); err != nil {
			return err
		}
		if e, err = s.followMilestones(ctx, tx, a, e); err != nil {
			return err
		}
		out = s.milestoneFor(a, e, m)
		return nil
	})
	if err != nil {
		return Milestone{}, fmt.Errorf("update milestone %d: %w", id, err)
	}
	return out, nil
}

// DeleteMilestone removes a milestone: the coach's.
func (s *Service) DeleteMilestone(ctx context.Context, a Actor, id int64) error {
	err := s.inTx(ctx, func(tx Ports) error {
		before, e, err := s.loadMilestone(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := tx.Milestones.DeleteMilestone(ctx, id); err != nil {
			return err
		}
		if err := tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "delete", ObjectType: "milestone", ObjectID: id,
			Changes: diff(milestoneAuditFields(before), nil), At: s.clock.Now()}); err != nil {
			return err
		}
		_, err = s.followMilestones(ctx, tx, a, e)
		return err
	})
	if err != nil {
		return fmt.Errorf("delete milestone %d: %w", id, err)
	}
	return nil
}
