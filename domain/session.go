package domain

import (
	"context"
	"errors"
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
func (s *Service) outsideEngagement(e Engagement) string {
	return fmt.Sprintf("must be between %s and %s (%s), the engagement's dates", e.StartsOn, e.EndsOn, s.cfg.OrgLocation)
}

func (s *Service) insideEngagement(e Engagement, t time.Time) bool {
	from, to := e.Window(s.cfg.OrgLocation)
	return !t.Before(from) && t.Before(to)
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
		return Meeting{}, Forbidden("only the coach and the coachee schedule sessions")
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
		v.Add("status", "a new session is scheduled, or completed when logged after it happened")
	case m.Status == StatusCompleted && m.ScheduledAt.After(s.clock.Now()):
		v.Add("status", "a session in the future cannot be completed yet")
	}
	if !m.ScheduledAt.IsZero() && !s.insideEngagement(e, m.ScheduledAt) {
		v.Add("scheduled_at", s.outsideEngagement(e))
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
			return Conflict("the engagement is " + string(cur.Status) + " and takes no new sessions")
		}
		return s.insertMeeting(ctx, tx, a, &m)
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
	if _, err := s.loadEngagement(ctx, s.store, a, engagementID); err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	return s.listMeetingsFor(ctx, a, MeetingFilter{EngagementID: engagementID, Limit: limit, After: after})
}

// UpdateSession changes a session, by one of its two participants:
// reschedule (inside the engagement's dates), complete, cancel or mark a
// no-show, write notes and one's own private notes. Once the engagement is
// closed only notes may still change.
func (s *Service) UpdateSession(ctx context.Context, a Actor, id int64, in MeetingPatch) (Meeting, error) {
	var out Meeting
	err := s.inTx(ctx, func(tx Ports) error {
		m, err := tx.Meetings.MeetingByID(ctx, id)
		if errors.Is(err, ErrNotFound) || (err == nil && (m.Kind != MeetingSession || m.EngagementID == nil)) {
			return NotFound("no such session")
		}
		if err != nil {
			return err
		}
		if !m.HasParticipant(a.Person.ID) {
			if a.IsAdmin() {
				return Forbidden("only the coach and the coachee change a session")
			}
			return NotFound("no such session")
		}
		e, err := tx.Engagements.EngagementByID(ctx, *m.EngagementID)
		if err != nil {
			return err
		}
		if in.Agenda != nil {
			return Invalid("agenda", "sessions have no agenda")
		}
		changesSchedule := in.ScheduledAt != nil || in.DurationMinutes != nil || in.Location != nil || in.Status != nil
		if !e.IsOpen() && changesSchedule {
			return Conflict("the engagement is " + string(e.Status) + "; only the notes of its sessions can change")
		}
		var v ValidationError
		if in.ScheduledAt != nil && !s.insideEngagement(e, *in.ScheduledAt) {
			v.Add("scheduled_at", s.outsideEngagement(e))
		}
		at := m.ScheduledAt
		if in.ScheduledAt != nil {
			at = *in.ScheduledAt
		}
		if in.Status != nil && *in.Status == StatusCompleted && m.Status != StatusCompleted && at.After(s.clock.Now()) {
			v.Add("status", "a session in the future cannot be completed yet")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if m.PrivateNotes, err = tx.Meetings.PrivateNote(ctx, m.ID, a.Person.ID); err != nil {
			return err
		}
		out, err = s.changeMeeting(ctx, tx, a, m, in)
		return err
	})
	if err != nil {
		return Meeting{}, fmt.Errorf("update session %d: %w", id, err)
	}
	return out, nil
}
