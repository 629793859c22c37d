package domain

import (
	"context"
	"fmt"
	"time"
)

// DefaultCheckinMinutes is a check-in's duration when none is given.
const DefaultCheckinMinutes = 30

// CheckinInput is what a participant gives to add a check-in. A formal
// check-in is scheduled ahead (ScheduledAt in the future); an informal one
// is logged after it happened (ScheduledAt not in the future, now when
// zero) and is completed at once.
type CheckinInput struct {
	Format          MeetingFormat
	ScheduledAt     time.Time
	DurationMinutes int // 0: DefaultCheckinMinutes
	Location        string
	Agenda          string
	Status          MeetingStatus // optional; must match what the format implies
	Notes           string
	PrivateNotes    string
}

// CreateCheckin adds a check-in to a pairing, by its mentor or mentee.
// Admins, who see the pairing but are not in it, get 403; anyone else 404.
// An ended or paused pairing takes no new check-ins (409): resume a paused
// one first. A completed check-in moves the pairing's last_checkin_at in
// the same transaction.
func (s *Service) CreateCheckin(ctx context.Context, a Actor, pairingID int64, in CheckinInput) (Meeting, error) {
	p, err := s.GetPairing(ctx, a, pairingID)
	if err != nil {
		return Meeting{}, err
	}
	if !p.HasParticipant(a.Person.ID) {
		return Meeting{}, ForbiddenText("error.a1.only_pair_adds_checkins")
	}
	now := s.clock.Now()
	m := Meeting{Kind: MeetingCheckin, PairingID: &p.ID, LeaderID: p.MentorID, LearnerID: p.MenteeID, Format: in.Format,
		ScheduledAt: in.ScheduledAt.UTC(), DurationMinutes: in.DurationMinutes, Location: in.Location, Agenda: in.Agenda,
		Notes: in.Notes, PrivateNotes: in.PrivateNotes}
	if m.DurationMinutes == 0 {
		m.DurationMinutes = DefaultCheckinMinutes
	}
	var v ValidationError
	switch in.Format {
	case FormatFormal:
		m.Status = StatusScheduled
		if m.ScheduledAt.IsZero() {
			v.AddText("scheduled_at", "error.a1.formal_needs_time")
		} else if !m.ScheduledAt.After(now) {
			v.AddText("scheduled_at", "error.a1.formal_in_future")
		}
	case FormatInformal:
		m.Status = StatusCompleted
		if m.ScheduledAt.IsZero() {
			m.ScheduledAt = now
		} else if m.ScheduledAt.After(now) {
			v.AddText("scheduled_at", "error.a1.informal_not_future")
		}
	default:
		v.AddText("format", "error.a1.format_choices")
	}
	if in.Status != "" && in.Status != m.Status && m.Status != "" {
		if in.Format == FormatFormal {
			v.AddText("status", "error.a1.new_formal_checkin_status")
		} else {
			v.AddText("status", "error.a1.new_informal_checkin_status")
		}
	}
	if err := v.Err(); err != nil {
		return Meeting{}, err
	}
	err = s.inTx(ctx, func(tx Ports) error {
		if err := tx.Pairings.LockPairing(ctx, p.ID); err != nil {
			return err
		}
		cur, err := tx.Pairings.PairingByID(ctx, p.ID)
		if err != nil {
			return err
		}
		switch cur.Status {
		case PairingEnded:
			return ConflictText("error.a1.pairing_ended_no_checkins")
		case PairingPaused:
			return ConflictText("error.a1.pairing_paused_no_checkins")
		}
		if err := s.insertMeeting(ctx, tx, a, &m); err != nil {
			return err
		}
		m.Can = meetingAbilities(a, m, pairingRelation(cur), now)
		if m.Status == StatusCompleted {
			return touchLastCheckin(ctx, tx, cur, m.ScheduledAt)
		}
		return nil
	})
	if err != nil {
		return Meeting{}, fmt.Errorf("create check-in on pairing %d: %w", pairingID, err)
	}
	return m, nil
}

// touchLastCheckin moves the pairing's last_checkin_at forward to at.
func touchLastCheckin(ctx context.Context, tx Ports, p Pairing, at time.Time) error {
	if p.LastCheckinAt != nil && !at.After(*p.LastCheckinAt) {
		return nil
	}
	return tx.Pairings.SetPairingLastCheckin(ctx, p.ID, at)
}

// GetCheckin reads a check-in: participants whole (with their own private
// notes), admins the metadata only, anyone else 404.
func (s *Service) GetCheckin(ctx context.Context, a Actor, id int64) (Meeting, error) {
	return s.loadMeetingFor(ctx, a, id, MeetingCheckin)
}

// ListCheckins lists a pairing's check-ins by time, for whoever may see the
// pairing; content only for its participants.
func (s *Service) ListCheckins(ctx context.Context, a Actor, pairingID int64, limit int, after int64) ([]Meeting, error) {
	p, err := s.GetPairing(ctx, a, pairingID)
	if err != nil {
		return nil, err
	}
	ms, err := s.listMeetingsFor(ctx, a, MeetingFilter{PairingID: pairingID, Limit: limit, After: after})
	if err != nil {
		return nil, err
	}
	s.withAbilities(a, ms, pairingRelation(p))
	return ms, nil
}

// UpdateCheckin changes a check-in, by a participant: reschedule, complete
// or cancel it, edit its place, agenda, notes and the caller's own private
// notes. A check-in cannot be completed before it starts, nor moved while
// its pairing is not active. Admins get 403, anyone else 404.
func (s *Service) UpdateCheckin(ctx context.Context, a Actor, id int64, in MeetingPatch) (Meeting, error) {
	return s.updateMeeting(ctx, a, MeetingCheckin, id, in)
}
