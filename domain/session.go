package domain

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// SessionInput is a new coaching session: scheduled ahead, or logged
// after it happened with status completed.
type SessionInput struct {
	ScheduledAt     time.Time
	DurationMinutes int
	Location        string
	Status          MeetingStatus // scheduled (the default) or completed
	Notes           string
	PrivateNotes    string
}

// outsideEngagement says why a session time outside the dates is refused.
func (s *Service) outsideEngagement(e Engagement) Text {
	return Text{Key: "error.a1.outside_engagement", Args: []any{"From", e.StartsOn.String(), "To", e.EndsOn.String(),
		"Zone", s.cfg.OrgLocation.String()}}
}

func (s *Service) insideEngagement(e Engagement, t time.Time) bool {
	return SessionInside(e, t, s.cfg.OrgLocation)
}

// ScheduleSession adds a session to an engagement, by its coach or its
// coachee: scheduled ahead, or logged as completed once it happened. The
// time lies inside the engagement's dates in the organisation's zone; a
// scheduled session may not overlap another meeting of either person; a
// closed engagement takes no new sessions.
func (s *Service) ScheduleSession(ctx context.Context, a Actor, engagementID int64, in SessionInput) (Meeting, error) {
	e, err := s.loadEngagement(ctx, s.store, a, engagementID)
	if err != nil {
		return Meeting{}, fmt.Errorf("schedule session: %w", err)
	}
	if !e.HasParticipant(a.Person.ID) {
		return Meeting{}, ForbiddenText("error.a1.only_pair_schedules_sessions")
	}
	if in.Status == "" {
		in.Status = StatusScheduled
	}
	m := Meeting{Kind: MeetingSession, EngagementID: &e.ID, LeaderID: e.CoachID, LearnerID: e.CoacheeID, Format: FormatFormal,
		ScheduledAt: in.ScheduledAt.UTC(), DurationMinutes: in.DurationMinutes, Location: strings.TrimSpace(in.Location),
		Status: in.Status, Notes: in.Notes, PrivateNotes: in.PrivateNotes}
	var v ValidationError
	validateMeetingFields(&v, m)
	switch {
	case m.Status != StatusScheduled && m.Status != StatusCompleted:
		v.AddText("status", "error.a1.new_session_status")
	case m.Status == StatusCompleted && m.ScheduledAt.After(s.clock.Now()):
		v.AddText("status", "error.a1.future_session_not_completed")
	}
	if !m.ScheduledAt.IsZero() && !s.insideEngagement(e, m.ScheduledAt) {
		out := s.outsideEngagement(e)
		v.AddText("scheduled_at", out.Key, out.Args...)
	}
	if err := v.Err(); err != nil {
		return Meeting{}, err
	}
	err = s.inTx(ctx, func(tx Ports) error {
		if err := tx.People.LockPeople(ctx, e.CoachID, e.CoacheeID); err != nil {
			return err
		}
		cur, err := tx.Engagements.EngagementByID(ctx, e.ID)
		if err != nil {
			return err
		}
		if !cur.IsOpen() {
			return ConflictText("error.a1.engagement_no_new_sessions", "Status", engagementStatusWords(cur.Status))
		}
		if err := s.insertMeeting(ctx, tx, a, &m); err != nil {
			return err
		}
		m.Can = meetingAbilities(a, m, s.engagementRelation(cur), s.clock.Now())
		return nil
	})
	if err != nil {
		return Meeting{}, fmt.Errorf("schedule session: %w", err)
	}
	return m, nil
}

// GetSession reads a session: participants whole (with their own private
// notes), admins its metadata, everyone else 404.
func (s *Service) GetSession(ctx context.Context, a Actor, id int64) (Meeting, error) {
	m, err := s.loadMeetingFor(ctx, a, id, MeetingSession)
	if err != nil {
		return Meeting{}, fmt.Errorf("get session %d: %w", id, err)
	}
	return m, nil
}

// ListSessions lists an engagement's sessions by time, for whoever may
// see the engagement; notes only for its participants.
func (s *Service) ListSessions(ctx context.Context, a Actor, engagementID int64, limit int, after int64) ([]Meeting, error) {
	e, err := s.loadEngagement(ctx, s.store, a, engagementID)
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	ms, err := s.listMeetingsFor(ctx, a, MeetingFilter{EngagementID: engagementID, Limit: limit, After: after})
	if err != nil {
		return nil, err
	}
	s.withAbilities(a, ms, s.engagementRelation(e))
	return ms, nil
}

// UpdateSession changes a session, by one of its two participants:
// reschedule (inside the engagement's dates), complete, cancel or mark a
// no-show, write notes and one's own private notes. The coach may send the
// engagement's new progress with it, recorded in the same transaction.
// Once the engagement is closed only notes may still change.
func (s *Service) UpdateSession(ctx context.Context, a Actor, id int64, in MeetingPatch) (Meeting, error) {
	return s.updateMeeting(ctx, a, MeetingSession, id, in)
}

// recordSessionProgress sets the engagement's progress from a session
// update, inside its transaction: a history entry that names the session
// and an audit entry of the engagement. An unchanged percent writes
// nothing.
func (s *Service) recordSessionProgress(ctx context.Context, tx Ports, a Actor, before *Engagement, m Meeting, percent int) error {
	if before == nil || percent == before.ProgressPercent {
		return nil
	}
	e := *before
	now := s.clock.Now()
	e.ProgressPercent, e.UpdatedAt = percent, now
	if err := tx.Engagements.UpdateEngagement(ctx, &e); err != nil {
		return err
	}
	entry := ProgressEntry{EngagementID: e.ID, Percent: percent, AuthorID: a.Person.ID, MeetingID: &m.ID, At: now}
	if err := tx.Engagements.AddEngagementProgress(ctx, &entry); err != nil {
		return err
	}
	changes := diff(engagementAuditFields(*before), engagementAuditFields(e))
	changes["session_id"] = Change{After: m.ID}
	return tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "update", ObjectType: "engagement", ObjectID: e.ID,
		Changes: changes, At: now})
}
