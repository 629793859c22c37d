package domain

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// MeetingKind tells a mentoring check-in from a coaching session.
type MeetingKind string

// The two kinds of meeting.
const (
	MeetingCheckin MeetingKind = "checkin"
	MeetingSession MeetingKind = "session"
)

// MeetingFormat: formal meetings are scheduled ahead and get reminders;
// informal check-ins are logged after they happened.
type MeetingFormat string

// The two formats.
const (
	FormatFormal   MeetingFormat = "formal"
	FormatInformal MeetingFormat = "informal"
)

// MeetingStatus is where a meeting stands.
type MeetingStatus string

// Meeting statuses; no_show is for coaching sessions only.
const (
	StatusScheduled MeetingStatus = "scheduled"
	StatusCompleted MeetingStatus = "completed"
	StatusCancelled MeetingStatus = "cancelled"
	StatusNoShow    MeetingStatus = "no_show"
)

// Meeting durations allowed, in minutes.
const (
	MinMeetingMinutes = 5
	MaxMeetingMinutes = 480
)

// Meeting is what check-ins and sessions have in common: two participants
// (the leader: mentor or coach; the learner: mentee or coachee), a time, a
// duration, a place and a status. Notes are seen by the two participants
// only; PrivateNotes holds the viewer's own private notes, if any.
type Meeting struct {
	ID              int64         `json:"id"`
	Kind            MeetingKind   `json:"kind"`
	PairingID       *int64        `json:"pairing_id,omitempty"`
	EngagementID    *int64        `json:"engagement_id,omitempty"`
	LeaderID        int64         `json:"leader_id"`
	LearnerID       int64         `json:"learner_id"`
	Format          MeetingFormat `json:"format"`
	ScheduledAt     time.Time     `json:"scheduled_at"`
	DurationMinutes int           `json:"duration_minutes"`
	Location        string        `json:"location"`
	Agenda          string        `json:"agenda"`
	Status          MeetingStatus `json:"status"`
	Notes           string        `json:"notes"`
	PrivateNotes    string        `json:"private_notes"`
	Sequence        int           `json:"sequence"`
	CreatedBy       int64         `json:"created_by"`
	CreatedAt       time.Time     `json:"created_at"`
	UpdatedAt       time.Time     `json:"updated_at"`
	// ContentHidden is set when the viewer may see the metadata only.
	ContentHidden bool `json:"-"`
}

// EndsAt is the instant the meeting ends.
func (m Meeting) EndsAt() time.Time {
	return m.ScheduledAt.Add(time.Duration(m.DurationMinutes) * time.Minute)
}

// HasParticipant reports whether person id is one of the two participants.
func (m Meeting) HasParticipant(id int64) bool { return id == m.LeaderID || id == m.LearnerID }

// OtherParticipant is the participant who is not id.
func (m Meeting) OtherParticipant(id int64) int64 {
	if id == m.LeaderID {
		return m.LearnerID
	}
	return m.LeaderID
}

// MeetingFilter narrows a list of meetings.
type MeetingFilter struct {
	PairingID    int64
	EngagementID int64
	PersonID     int64 // meetings where this person is a participant
	From, To     time.Time
	Statuses     []MeetingStatus
	Limit        int
	After        int64
	// ByID orders by id instead of time, so After pages through all rows.
	ByID bool
}

// MeetingPatch changes a meeting; nil fields stay as they are.
type MeetingPatch struct {
	ScheduledAt     *time.Time
	DurationMinutes *int
	Location        *string
	Agenda          *string
	Status          *MeetingStatus
	Notes           *string
	PrivateNotes    *string
}

// IsEmpty reports whether the patch changes nothing.
func (p MeetingPatch) IsEmpty() bool { return p == MeetingPatch{} }

// redactFor hides what the viewer may not read: a non-participant (an
// admin) sees time, format, status and duration, never notes or agenda;
// private notes are loaded for their author only, by the caller.
func (m Meeting) redactFor(a Actor) Meeting {
	if m.HasParticipant(a.Person.ID) {
		return m
	}
	m.Notes, m.PrivateNotes, m.Agenda, m.ContentHidden = "", "", "", true
	return m
}

// validateMeetingFields checks the fields every meeting shares.
func validateMeetingFields(v *ValidationError, m Meeting) {
	if m.DurationMinutes < MinMeetingMinutes || m.DurationMinutes > MaxMeetingMinutes {
		v.Add("duration_minutes", fmt.Sprintf("must be between %d and %d minutes", MinMeetingMinutes, MaxMeetingMinutes))
	}
	if m.ScheduledAt.IsZero() {
		v.Add("scheduled_at", "is required")
	}
	if len(m.Location) > 500 {
		v.Add("location", "must be at most 500 characters")
	}
	if len(m.Agenda) > 5000 {
		v.Add("agenda", "must be at most 5000 characters")
	}
	if len(m.Notes) > 20000 {
		v.Add("notes", "must be at most 20000 characters")
	}
	if len(m.PrivateNotes) > 20000 {
		v.Add("private_notes", "must be at most 20000 characters")
	}
}

// meetingTransitionAllowed says which status changes a meeting accepts.
func meetingTransitionAllowed(kind MeetingKind, from, to MeetingStatus) bool {
	if from == to {
		return true
	}
	if from != StatusScheduled {
		return false
	}
	switch to {
	case StatusCompleted, StatusCancelled:
		return true
	case StatusNoShow:
		return kind == MeetingSession
	}
	return false
}

// errOverlap is the 409 for a double-booked participant.
func errOverlap() error {
	return &Error{Kind: ErrConflict, Msg: "one of the participants already has a meeting scheduled at that time",
		Fields: map[string]string{"scheduled_at": "overlaps another scheduled meeting of a participant"}}
}

// checkNoOverlap refuses a scheduled meeting that overlaps another
// scheduled meeting of either participant. The participants' rows are
// locked first, so two concurrent requests cannot both pass the check.
func checkNoOverlap(ctx context.Context, tx Ports, m Meeting) error {
	if m.Status != StatusScheduled {
		return nil
	}
	if err := tx.People.LockPeople(ctx, m.LeaderID, m.LearnerID); err != nil {
		return err
	}
	n, err := tx.Meetings.CountOverlappingMeetings(ctx, []int64{m.LeaderID, m.LearnerID}, m.ScheduledAt, m.EndsAt(), m.ID)
	if err != nil {
		return err
	}
	if n > 0 {
		return errOverlap()
	}
	return nil
}

func meetingAuditFields(m Meeting) map[string]any {
	return map[string]any{"scheduled_at": m.ScheduledAt, "duration_minutes": m.DurationMinutes, "status": m.Status,
		"format": m.Format, "location": m.Location}
}

// insertMeeting stores a new meeting inside the caller's transaction: the
// shared rules (duration, overlap), the private note of its author, the
// audit entry (without note contents) and the meeting hooks.
func (s *Service) insertMeeting(ctx context.Context, tx Ports, a Actor, m *Meeting) error {
	var v ValidationError
	m.Location, m.Agenda = strings.TrimSpace(m.Location), strings.TrimSpace(m.Agenda)
	validateMeetingFields(&v, *m)
	if err := v.Err(); err != nil {
		return err
	}
	now := s.clock.Now()
	m.ScheduledAt = m.ScheduledAt.UTC()
	m.CreatedBy, m.CreatedAt, m.UpdatedAt = a.Person.ID, now, now
	if err := checkNoOverlap(ctx, tx, *m); err != nil {
		return err
	}
	if err := tx.Meetings.CreateMeeting(ctx, m); err != nil {
		return err
	}
	if m.PrivateNotes != "" {
		if err := tx.Meetings.SetPrivateNote(ctx, m.ID, a.Person.ID, m.PrivateNotes, now); err != nil {
			return err
		}
	}
	changes := diff(nil, meetingAuditFields(*m))
	if m.Notes != "" {
		changes["notes"] = Change{After: "written"}
	}
	if err := tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "create", ObjectType: string(m.Kind), ObjectID: m.ID, Changes: changes, At: now}); err != nil {
		return err
	}
	return s.afterMeetingChange(ctx, tx, nil, *m)
}

// changeMeeting applies a patch by a participant inside the caller's
// transaction. Status changes follow meetingTransitionAllowed (409
// otherwise); a new time or duration of a scheduled meeting is checked for
// overlaps; changes a calendar would show bump the sequence.
func (s *Service) changeMeeting(ctx context.Context, tx Ports, a Actor, before Meeting, in MeetingPatch) (Meeting, error) {
	m := before
	if in.ScheduledAt != nil {
		m.ScheduledAt = in.ScheduledAt.UTC()
	}
	if in.DurationMinutes != nil {
		m.DurationMinutes = *in.DurationMinutes
	}
	if in.Location != nil {
		m.Location = strings.TrimSpace(*in.Location)
	}
	if in.Agenda != nil {
		m.Agenda = strings.TrimSpace(*in.Agenda)
	}
	if in.Notes != nil {
		m.Notes = *in.Notes
	}
	if in.PrivateNotes != nil {
		m.PrivateNotes = *in.PrivateNotes
	}
	if in.Status != nil {
		m.Status = *in.Status
	}
	var v ValidationError
	validateMeetingFields(&v, m)
	switch m.Status {
	case StatusScheduled, StatusCompleted, StatusCancelled:
	case StatusNoShow:
		if m.Kind != MeetingSession {
			v.Add("status", "no_show applies to coaching sessions only")
		}
	default:
		v.Add("status", "must be scheduled, completed, cancelled or no_show")
	}
	if err := v.Err(); err != nil {
		return Meeting{}, err
	}
	if !meetingTransitionAllowed(m.Kind, before.Status, m.Status) {
		return Meeting{}, Conflict(fmt.Sprintf("a %s %s cannot become %s", before.Status, m.Kind, m.Status))
	}
	moved := !m.ScheduledAt.Equal(before.ScheduledAt) || m.DurationMinutes != before.DurationMinutes
	if moved && before.Status != StatusScheduled {
		return Meeting{}, Conflict(fmt.Sprintf("a %s %s cannot be moved", before.Status, m.Kind))
	}
	if moved {
		if err := checkNoOverlap(ctx, tx, m); err != nil {
			return Meeting{}, err
		}
	}
	if moved || m.Location != before.Location || m.Status != before.Status {
		m.Sequence++
	}
	now := s.clock.Now()
	m.UpdatedAt = now
	if err := tx.Meetings.UpdateMeeting(ctx, &m); err != nil {
		return Meeting{}, err
	}
	if in.PrivateNotes != nil {
		if err := tx.Meetings.SetPrivateNote(ctx, m.ID, a.Person.ID, m.PrivateNotes, now); err != nil {
			return Meeting{}, err
		}
	}
	changes := diff(meetingAuditFields(before), meetingAuditFields(m))
	if m.Notes != before.Notes {
		changes["notes"] = Change{After: "changed"}
	}
	if in.PrivateNotes != nil {
		changes["private_notes"] = Change{After: "changed"}
	}
	action := "update"
	if m.Status != before.Status {
		action = string(m.Status)
	} else if moved {
		action = "reschedule"
	}
	if err := tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: action, ObjectType: string(m.Kind), ObjectID: m.ID, Changes: changes, At: now}); err != nil {
		return Meeting{}, err
	}
	if err := s.afterMeetingChange(ctx, tx, &before, m); err != nil {
		return Meeting{}, err
	}
	return m, nil
}

// afterMeetingChange runs, in the same transaction, whatever must follow a
// meeting being created (before == nil) or changed: the reminder rows of
// the scheduler hook in here.
func (s *Service) afterMeetingChange(ctx context.Context, tx Ports, before *Meeting, after Meeting) error {
	for _, h := range s.meetingHooks {
		if err := h(ctx, tx, before, after); err != nil {
			return err
		}
	}
	return nil
}

// MeetingHook is called inside the transaction of every meeting write.
type MeetingHook func(ctx context.Context, tx Ports, before *Meeting, after Meeting) error

// loadMeetingFor reads a meeting for the viewer: participants see it whole
// (with their own private notes), admins see its metadata, everyone else
// gets 404 so nothing confirms it exists.
func (s *Service) loadMeetingFor(ctx context.Context, a Actor, id int64, kind MeetingKind) (Meeting, error) {
	m, err := s.store.Meetings.MeetingByID(ctx, id)
	if errors.Is(err, ErrNotFound) || (err == nil && m.Kind != kind) {
		return Meeting{}, NotFound("no such " + meetingNoun(kind))
	}
	if err != nil {
		return Meeting{}, fmt.Errorf("load %s %d: %w", kind, id, err)
	}
	if m.HasParticipant(a.Person.ID) {
		note, err := s.store.Meetings.PrivateNote(ctx, m.ID, a.Person.ID)
		if err != nil {
			return Meeting{}, fmt.Errorf("load %s %d: %w", kind, id, err)
		}
		m.PrivateNotes = note
		return m, nil
	}
	if a.IsAdmin() {
		return m.redactFor(a), nil
	}
	return Meeting{}, NotFound("no such " + meetingNoun(kind))
}

// listMeetingsFor lists meetings with content for participants only and
// each viewer's own private notes filled in.
func (s *Service) listMeetingsFor(ctx context.Context, a Actor, f MeetingFilter) ([]Meeting, error) {
	f.Limit = ClampLimit(f.Limit)
	ms, err := s.store.Meetings.ListMeetings(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("list meetings: %w", err)
	}
	var mine []int64
	for i := range ms {
		if ms[i].HasParticipant(a.Person.ID) {
			mine = append(mine, ms[i].ID)
		} else {
			ms[i] = ms[i].redactFor(a)
		}
	}
	if len(mine) > 0 {
		notes, err := s.store.Meetings.PrivateNotesOf(ctx, mine, a.Person.ID)
		if err != nil {
			return nil, fmt.Errorf("list meetings: %w", err)
		}
		for i := range ms {
			ms[i].PrivateNotes = notes[ms[i].ID]
		}
	}
	return ms, nil
}

func meetingNoun(k MeetingKind) string {
	if k == MeetingSession {
		return "session"
	}
	return "check-in"
}
