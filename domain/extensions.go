package domain

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Extensions agreed by both sides: the coach of a running engagement
// proposes a later end date (and the sessions then planned) with a
// reason; the coachee accepts or declines. One proposal is open at a time.
// On acceptance the engagement takes the new end date and plan, so its
// deadline, flags, health and reports follow. The coachee is told of a
// proposal, the coach and the programme's admins of the answer (in the app
// and by email). Every proposal stays on the engagement as its history;
// admins see its dates and state, not the reasons, which are the
// participants' words.

// ExtensionState is where a proposed extension stands.
type ExtensionState string

// Extension states.
const (
	ExtensionOpen     ExtensionState = "open"
	ExtensionAccepted ExtensionState = "accepted"
	ExtensionDeclined ExtensionState = "declined"
)

// OutboxExtension is the email that tells of a proposed extension or its
// answer.
const OutboxExtension OutboxKind = "extension"

// MaxExtensionReason bounds the reasons given to propose or decline.
const MaxExtensionReason = 2000

// Extension is one proposal to move an engagement's end date.
type Extension struct {
	ID           int64     `json:"id"`
	EngagementID int64     `json:"engagement_id"`
	ProposedBy   PersonRef `json:"proposed_by"`
	// EndsOn and PlannedSessions are what the proposal asks for; the
	// previous ones what the engagement had when it was made.
	EndsOn                  Date           `json:"ends_on"`
	PlannedSessions         int            `json:"planned_sessions"`
	PreviousEndsOn          Date           `json:"previous_ends_on"`
	PreviousPlannedSessions int            `json:"previous_planned_sessions"`
	Reason                  string         `json:"reason"`
	State                   ExtensionState `json:"state"`
	DecidedBy               *PersonRef     `json:"decided_by"`
	DecidedAt               *time.Time     `json:"decided_at"`
	DeclineReason           string         `json:"decline_reason"`
	CreatedAt               time.Time      `json:"created_at"`
	// ReasonsHidden is set when the viewer may not read the reasons.
	ReasonsHidden bool `json:"reasons_hidden"`
	// Can is what the caller may do with it.
	Can ExtensionAbilities `json:"can"`
}

// ExtensionAbilities is what an actor may do with one proposal: the
// coachee answers an open one while the engagement runs.
type ExtensionAbilities struct {
	Accept  bool `json:"accept"`
	Decline bool `json:"decline"`
}

// ExtensionInput is a proposal: the new end date, the sessions then
// planned (nil keeps the plan) and why.
type ExtensionInput struct {
	EndsOn          Date
	PlannedSessions *int
	Reason          string
}

// extensionFor fills in what one viewer of engagement e sees of x.
func extensionFor(a Actor, e Engagement, x Extension) Extension {
	if !e.HasParticipant(a.Person.ID) {
		x.Reason, x.DeclineReason, x.ReasonsHidden = "", "", true
	}
	answer := x.State == ExtensionOpen && e.IsOpen() && a.Person.ID != 0 && a.Person.ID == e.CoacheeID
	x.Can = ExtensionAbilities{Accept: answer, Decline: answer}
	return x
}

// extensionsFor is extensionFor over a list.
func extensionsFor(a Actor, e Engagement, xs []Extension) []Extension {
	out := make([]Extension, len(xs))
	for i, x := range xs {
		out[i] = extensionFor(a, e, x)
	}
	return out
}

func extensionAuditFields(x Extension) map[string]any {
	// the reasons are the participants' words: they stay out of the log
	return map[string]any{"engagement_id": x.EngagementID, "ends_on": x.EndsOn, "planned_sessions": x.PlannedSessions,
		"state": x.State}
}

// EngagementExtensions lists an engagement's proposals, oldest first:
// participants with the reasons, admins without, anyone else gets 404.
func (s *Service) EngagementExtensions(ctx context.Context, a Actor, id int64) ([]Extension, error) {
	e, err := s.loadEngagement(ctx, s.store, a, id)
	if err != nil {
		return nil, fmt.Errorf("extensions of engagement %d: %w", id, err)
	}
	xs, err := s.store.Extensions.ListExtensions(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("extensions of engagement %d: %w", id, err)
	}
	return extensionsFor(a, e, xs), nil
}

// ProposeExtension is the coach asking to move a running engagement's end
// date later (and, if given, to plan a new number of sessions). One
// proposal is open at a time (409 while another waits); the coachee is
// told.
func (s *Service) ProposeExtension(ctx context.Context, a Actor, id int64, in ExtensionInput) (Extension, error) {
	var out Extension
	err := s.inTx(ctx, func(tx Ports) error {
		e, err := s.loadEngagement(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !isCoachOf(a, e) {
			return ForbiddenText("error.extension.coach_only")
		}
		if !e.IsOpen() {
			return engagementFrozen(e)
		}
		now := s.clock.Now()
		x := Extension{EngagementID: id, ProposedBy: e.Coach, EndsOn: in.EndsOn, PlannedSessions: e.PlannedSessions,
			PreviousEndsOn: e.EndsOn, PreviousPlannedSessions: e.PlannedSessions, Reason: strings.TrimSpace(in.Reason),
			State: ExtensionOpen, CreatedAt: now}
		setIf(&x.PlannedSessions, in.PlannedSessions)
		var v ValidationError
		switch {
		case x.EndsOn.IsZero():
			v.AddText("ends_on", "error.extension.required")
		case !x.EndsOn.After(e.EndsOn):
			v.AddText("ends_on", "error.extension.after_end", "Day", e.EndsOn)
		}
		if x.PlannedSessions < MinPlannedSessions || x.PlannedSessions > MaxPlannedSessions {
			v.AddText("planned_sessions", "error.extension.planned_sessions", "Min", MinPlannedSessions, "Max", MaxPlannedSessions)
		}
		if x.Reason == "" {
			v.AddText("reason", "error.extension.required")
		}
		v.Text("reason", x.Reason)
		v.maxLen("reason", x.Reason, MaxExtensionReason)
		if err := v.Err(); err != nil {
			return err
		}
		xs, err := tx.Extensions.ListExtensions(ctx, id)
		if err != nil {
			return err
		}
		for _, o := range xs {
			if o.State == ExtensionOpen {
				return ConflictText("error.extension.one_open", "Day", DateOf(o.CreatedAt, s.cfg.OrgLocation))
			}
		}
		if err := tx.Extensions.CreateExtension(ctx, &x); err != nil {
			return err
		}
		if err := tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "create", ObjectType: "extension", ObjectID: x.ID,
			Changes: diff(nil, extensionAuditFields(x)), At: now}); err != nil {
			return err
		}
		coachee, err := tx.People.PersonByID(ctx, e.CoacheeID)
		if err != nil {
			return err
		}
		proposal := func(w words) (string, string) {
			return w.T("mail.extension.proposed.subject", "Coach", e.Coach.Name, "Day", w.date(x.EndsOn)),
				w.N("mail.extension.proposed.body", x.PlannedSessions, "Coach", e.Coach.Name, "Goal", e.Goal.Title,
					"From", w.date(x.PreviousEndsOn), "To", w.date(x.EndsOn), "Reason", x.Reason) +
					"\n\n" + w.T("mail.extension.proposed.answer")
		}
		if err := s.tell(ctx, tx, coachee, "extension", proposal,
			fmt.Sprintf("extension-%d.proposed", x.ID), engagementPath(id), now); err != nil {
			return err
		}
		out = extensionFor(a, e, x)
		return nil
	})
	if err != nil {
		return Extension{}, fmt.Errorf("propose extension of engagement %d: %w", id, err)
	}
	return out, nil
}

// AcceptExtension is the coachee agreeing to an open proposal: the
// engagement takes its end date and plan in the same transaction, and the
// coach and the admins are told.
func (s *Service) AcceptExtension(ctx context.Context, a Actor, id int64) (Extension, error) {
	return s.decideExtension(ctx, a, id, ExtensionAccepted, "")
}

// DeclineExtension is the coachee refusing an open proposal, with an
// optional reason; the engagement stays as it is, the coach and the
// admins are told.
func (s *Service) DeclineExtension(ctx context.Context, a Actor, id int64, reason string) (Extension, error) {
	return s.decideExtension(ctx, a, id, ExtensionDeclined, strings.TrimSpace(reason))
}

// decideExtension answers an open proposal.
func (s *Service) decideExtension(ctx context.Context, a Actor, id int64, state ExtensionState, reason string) (Extension, error) {
	var out Extension
	err := s.inTx(ctx, func(tx Ports) error {
		x, err := tx.Extensions.ExtensionByID(ctx, id)
		if errors.Is(err, ErrNotFound) {
			return NotFoundText("error.extension.not_found")
		}
		if err != nil {
			return err
		}
		e, err := s.loadEngagement(ctx, tx, a, x.EngagementID)
		if errors.Is(err, ErrNotFound) {
			return NotFoundText("error.extension.not_found")
		}
		if err != nil {
			return err
		}
		if a.Person.ID == 0 || a.Person.ID != e.CoacheeID {
			return ForbiddenText("error.extension.coachee_only")
		}
		if x.State != ExtensionOpen {
			if x.State == ExtensionAccepted {
				return ConflictText("error.extension.already_accepted")
			}
			return ConflictText("error.extension.already_declined")
		}
		if !e.IsOpen() {
			return engagementFrozen(e)
		}
		var v ValidationError
		v.Text("reason", reason)
		v.maxLen("reason", reason, MaxExtensionReason)
		if err := v.Err(); err != nil {
			return err
		}
		now := s.clock.Now()
		before := x
		me := PersonRef{ID: a.Person.ID, Name: a.Person.Name, Timezone: a.Person.Timezone}
		x.State, x.DecidedBy, x.DecidedAt, x.DeclineReason = state, &me, &now, reason
		if err := tx.Extensions.DecideExtension(ctx, &x); err != nil {
			return err
		}
		if err := tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: string(state), ObjectType: "extension", ObjectID: id,
			Changes: diff(extensionAuditFields(before), extensionAuditFields(x)), At: now}); err != nil {
			return err
		}
		if state == ExtensionAccepted {
			if e, err = s.extendEngagement(ctx, tx, a, e, x, now); err != nil {
				return err
			}
		}
		if err := s.tellDecision(ctx, tx, e, x, now); err != nil {
			return err
		}
		out = extensionFor(a, e, x)
		return nil
	})
	if err != nil {
		return Extension{}, fmt.Errorf("%s extension %d: %w", strings.TrimSuffix(string(state), "ed"), id, err)
	}
	return out, nil
}

// extendEngagement gives an engagement an accepted proposal's end date
// and plan, in the caller's transaction.
func (s *Service) extendEngagement(ctx context.Context, tx Ports, a Actor, before Engagement, x Extension, now time.Time) (Engagement, error) {
	e := before
	e.EndsOn, e.PlannedSessions, e.UpdatedAt = x.EndsOn, x.PlannedSessions, now
	if err := e.validate(); err != nil {
		return e, err
	}
	if err := s.checkSessionsInside(ctx, tx, e); err != nil {
		return e, err
	}
	if err := tx.Engagements.UpdateEngagement(ctx, &e); err != nil {
		return e, err
	}
	if err := tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "extend", ObjectType: "engagement", ObjectID: e.ID,
		Changes: diff(engagementAuditFields(before), engagementAuditFields(e)), At: now}); err != nil {
		return e, err
	}
	return s.engagementFor(a, e), nil
}

// tellDecision tells the coach and every active admin how the coachee
// answered.
func (s *Service) tellDecision(ctx context.Context, tx Ports, e Engagement, x Extension, now time.Time) error {
	decision := func(w words) (string, string) {
		args := []any{"Coachee", e.Coachee.Name, "Coach", e.Coach.Name, "Goal", e.Goal.Title,
			"From", w.date(x.PreviousEndsOn), "To", w.date(x.EndsOn), "Day", w.date(x.EndsOn)}
		if x.State == ExtensionAccepted {
			return w.T("mail.extension.accepted.subject", args...), w.N("mail.extension.accepted.body", x.PlannedSessions, args...)
		}
		return w.T("mail.extension.declined.subject", args...), w.T("mail.extension.declined.body", args...)
	}
	coach, err := tx.People.PersonByID(ctx, e.CoachID)
	if err != nil {
		return err
	}
	admins, err := tx.People.ActiveAdmins(ctx)
	if err != nil {
		return err
	}
	to := []Person{coach}
	for _, p := range admins {
		if p.ID != coach.ID {
			to = append(to, p)
		}
	}
	for _, p := range to {
		if err := s.tell(ctx, tx, p, "extension", decision, fmt.Sprintf("extension-%d.%s", x.ID, x.State),
			engagementPath(e.ID), now); err != nil {
			return err
		}
	}
	return nil
}

func engagementPath(id int64) string { return fmt.Sprintf("/engagements/%d", id) }

// tell queues one email (kind extension) and one in-app notification to
// an active person, in the caller's transaction, both with the subject and
// body compose writes in their language; key makes the email's Message-ID
// unique per message and person.
func (s *Service) tell(ctx context.Context, tx Ports, to Person, kind string, compose func(words) (subject, body string), key, path string, now time.Time) error {
	if !to.Active {
		return nil // a deactivated person gets nothing
	}
	base, host := s.cfg.BaseURL, "cairn.localhost"
	if s.notify != nil {
		base, host = s.notify.cfg.BaseURL, s.notify.host
	}
	w := s.wordsFor(to)
	subject, body := compose(w)
	text := w.letter(to.Name, body, strings.TrimRight(base, "/")+path)
	msg := OutboxMessage{Kind: OutboxExtension, RecipientID: &to.ID, To: to.Email, ToName: to.Name, Subject: subject, Text: text,
		MessageID: fmt.Sprintf("%s.%d@%s", key, to.ID, host), State: OutboxQueued, NextAttemptAt: now, CreatedAt: now}
	if err := tx.Outbox.EnqueueMail(ctx, &msg); err != nil {
		return err
	}
	note := Notification{RecipientID: to.ID, Kind: kind, Subject: subject, Body: body, Link: path, CreatedAt: now}
	return tx.Notifications.InsertNotification(ctx, &note)
}
