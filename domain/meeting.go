package domain

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
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
	// SeriesID is the series the meeting is an occurrence of, and
	// OccurrenceAt the start the series' rule gave it (its RECURRENCE-ID).
	SeriesID     *int64     `json:"series_id,omitempty"`
	OccurrenceAt *time.Time `json:"-"`
	CreatedBy    int64      `json:"created_by"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
	// Feedback is its learner's answer, read with a relationship's
	// meetings for its participants.
	Feedback *MeetingFeedback `json:"-"`
	// ContentHidden is set when the viewer may see the metadata only.
	ContentHidden bool `json:"-"`
	// Can is what the viewer may do with the meeting, as the domain
	// decided when it was read or written.
	Can MeetingAbilities `json:"-"`
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
	// After is the id of the last meeting of the previous page: the list
	// goes on after that meeting's (scheduled_at, id), the order it is
	// sorted in. A meeting outside the pairing, engagement or person asked
	// for continues nothing (an empty page).
	After int64
	// ByID orders by id instead of time, and After is then a plain id.
	ByID bool
}

// MeetingPatch changes a meeting; nil fields stay as they are, and so do
// fields given with the value they already have.
type MeetingPatch struct {
	ScheduledAt     *time.Time
	DurationMinutes *int
	Location        *string
	Agenda          *string
	Status          *MeetingStatus
	Notes           *string
	PrivateNotes    *string
	// ProgressPercent is the engagement's new progress, recorded by the
	// coach with a session update (sessions only).
	ProgressPercent *int
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
	m.Notes, m.PrivateNotes, m.Agenda, m.Feedback, m.ContentHidden = "", "", "", nil, true
	return m
}

// validateMeetingFields checks the fields every meeting shares.
func validateMeetingFields(v *ValidationError, m Meeting) {
	v.Text("location", m.Location)
	v.Text("agenda", m.Agenda)
	v.Text("notes", m.Notes)
	v.Text("private_notes", m.PrivateNotes)
	if m.DurationMinutes < MinMeetingMinutes || m.DurationMinutes > MaxMeetingMinutes {
		v.AddText("duration_minutes", "error.a1.minutes_between", "Min", MinMeetingMinutes, "Max", MaxMeetingMinutes)
	}
	if m.ScheduledAt.IsZero() {
		v.AddText("scheduled_at", "error.a1.required")
	} else if !InstantInRange(m.ScheduledAt) {
		v.AddText("scheduled_at", "error.a1.years", "From", MinYear, "To", MaxYear)
	}
	v.maxLen("location", m.Location, 500)
	v.maxLen("agenda", m.Agenda, 5000)
	v.maxLen("notes", m.Notes, 20000)
	v.maxLen("private_notes", m.PrivateNotes, 20000)
}

// errOverlap is the 409 for a double-booked participant.
func errOverlap() error {
	return conflictOnFields(Text{Key: "error.a1.overlap"},
		map[string]Text{"scheduled_at": {Key: "error.a1.overlaps_meeting"}}, nil)
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
		changes["notes"] = Change{After: AuditWritten}
	}
	if err := tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "create", ObjectType: string(m.Kind), ObjectID: m.ID, Changes: changes, At: now}); err != nil {
		return err
	}
	return s.afterMeetingChange(ctx, tx, nil, *m)
}

// applyPatch is before with the patch's fields put in, trimmed as stored.
func applyPatch(before Meeting, in MeetingPatch) Meeting {
	m := before
	if in.ScheduledAt != nil {
		m.ScheduledAt = in.ScheduledAt.UTC()
	}
	setIf(&m.DurationMinutes, in.DurationMinutes)
	setTrimmed(&m.Location, in.Location)
	setTrimmed(&m.Agenda, in.Agenda)
	setIf(&m.Notes, in.Notes)
	setIf(&m.PrivateNotes, in.PrivateNotes)
	setIf(&m.Status, in.Status)
	return m
}

// movedFrom reports whether m starts or ends at another time than before.
func (m Meeting) movedFrom(before Meeting) bool {
	return !m.ScheduledAt.Equal(before.ScheduledAt) || m.DurationMinutes != before.DurationMinutes
}

// changeMeeting applies a patch by a participant inside the caller's
// transaction. Status changes follow the kind's policy (409 otherwise); a
// new time or duration of a scheduled meeting is checked for overlaps;
// changes a calendar would show bump the sequence. Only what changes is
// written and audited: a patch that changes nothing writes nothing.
// before.PrivateNotes must hold the actor's own note when the patch
// carries one, so an unchanged note is not rewritten.
func (s *Service) changeMeeting(ctx context.Context, tx Ports, a Actor, before Meeting, in MeetingPatch) (Meeting, error) {
	pol := PolicyOf(before.Kind)
	m := applyPatch(before, in)
	var v ValidationError
	validateMeetingFields(&v, m)
	if !pol.Knows(m.Status) {
		v.AddText("status", pol.kindKey("error.a1.checkin_status_choices", "error.a1.session_status_choices"))
	}
	if err := v.Err(); err != nil {
		return Meeting{}, err
	}
	if !pol.Allows(before.Status, m.Status) {
		return Meeting{}, ConflictText(pol.kindKey("error.a1.checkin_cannot_become", "error.a1.session_cannot_become"),
			"From", meetingStatusWords(m.Kind, before.Status), "To", meetingStatusWords(m.Kind, m.Status))
	}
	moved := m.movedFrom(before)
	if moved && before.Status != StatusScheduled {
		return Meeting{}, ConflictText(pol.kindKey("error.a1.checkin_cannot_move", "error.a1.session_cannot_move"),
			"Status", meetingStatusWords(m.Kind, before.Status))
	}
	rowChanged := moved || m.Location != before.Location || m.Agenda != before.Agenda || m.Status != before.Status ||
		m.Notes != before.Notes
	privateChanged := in.PrivateNotes != nil && m.PrivateNotes != before.PrivateNotes
	if !rowChanged && !privateChanged {
		return before, nil
	}
	now := s.clock.Now()
	if rowChanged {
		if moved {
			if err := checkNoOverlap(ctx, tx, m); err != nil {
				return Meeting{}, err
			}
		}
		if moved || m.Location != before.Location || m.Status != before.Status {
			m.Sequence++
		}
		m.UpdatedAt = now
		if err := tx.Meetings.UpdateMeeting(ctx, &m); err != nil {
			return Meeting{}, err
		}
	}
	if privateChanged {
		if err := tx.Meetings.SetPrivateNote(ctx, m.ID, a.Person.ID, m.PrivateNotes, now); err != nil {
			return Meeting{}, err
		}
	}
	changes := diff(meetingAuditFields(before), meetingAuditFields(m))
	if m.Agenda != before.Agenda {
		changes["agenda"] = Change{After: AuditChanged}
	}
	if m.Notes != before.Notes {
		changes["notes"] = Change{After: AuditChanged}
	}
	if privateChanged {
		changes["private_notes"] = Change{After: AuditChanged}
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
	if rowChanged {
		if err := s.afterMeetingChange(withActing(ctx, a.Person.ID), tx, &before, m); err != nil {
			return Meeting{}, err
		}
	}
	return m, nil
}

// afterMeetingChange runs, in the same transaction, whatever must follow a
// meeting being created (before == nil) or changed: the reminder rows of
// the scheduler hook in here.
func (s *Service) afterMeetingChange(ctx context.Context, tx Ports, before *Meeting, after Meeting) error {
	if err := touchSeries(ctx, tx, before, after, s.clock.Now()); err != nil {
		return err
	}
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
// gets 404 so nothing confirms it exists. Its abilities are filled in.
func (s *Service) loadMeetingFor(ctx context.Context, a Actor, id int64, kind MeetingKind) (Meeting, error) {
	m, err := s.store.Meetings.MeetingByID(ctx, id)
	if errors.Is(err, ErrNotFound) || (err == nil && m.Kind != kind) {
		return Meeting{}, NotFoundText(noSuchMeeting(kind))
	}
	if err != nil {
		return Meeting{}, fmt.Errorf("load %s %d: %w", kind, id, err)
	}
	switch {
	case m.HasParticipant(a.Person.ID):
		if m.PrivateNotes, err = s.store.Meetings.PrivateNote(ctx, m.ID, a.Person.ID); err != nil {
			return Meeting{}, fmt.Errorf("load %s %d: %w", kind, id, err)
		}
	case a.IsAdmin():
		m = m.redactFor(a)
	default:
		return Meeting{}, NotFoundText(noSuchMeeting(kind))
	}
	rel, err := s.relationOf(ctx, s.store, m, false)
	if err != nil {
		return Meeting{}, fmt.Errorf("load %s %d: %w", kind, id, err)
	}
	m.Can = meetingAbilities(a, m, rel, s.clock.Now())
	return m, nil
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

// MeetingPolicy is what one kind of meeting allows: its status changes,
// its fields and the rules that depend on its relationship. Check-ins and
// sessions share one update path that asks their policy.
type MeetingPolicy struct {
	Kind MeetingKind
	// Next lists, per status, the statuses a meeting may move on to;
	// staying where it is is always allowed.
	Next map[MeetingStatus][]MeetingStatus
	// HasAgenda: check-ins carry an agenda, sessions do not.
	HasAgenda bool
	// HasProgress: a session's update may carry its engagement's progress.
	HasProgress bool
	// NotesOnlyWhenClosed: once the relationship is closed, only notes
	// change; time, place and status stay as they ended (sessions).
	NotesOnlyWhenClosed bool
	// FutureWhenMoved: a scheduled meeting moved to a new time must still
	// lie ahead (check-ins).
	FutureWhenMoved bool
	// InWindow: the time lies inside the relationship's dates (sessions).
	InWindow bool
}

// PolicyOf returns the policy of a kind of meeting; an unknown kind
// allows nothing.
func PolicyOf(k MeetingKind) MeetingPolicy {
	switch k {
	case MeetingCheckin:
		return MeetingPolicy{Kind: k, HasAgenda: true, FutureWhenMoved: true,
			Next: map[MeetingStatus][]MeetingStatus{StatusScheduled: {StatusCompleted, StatusCancelled}}}
	case MeetingSession:
		return MeetingPolicy{Kind: k, HasProgress: true, NotesOnlyWhenClosed: true, InWindow: true,
			Next: map[MeetingStatus][]MeetingStatus{StatusScheduled: {StatusCompleted, StatusCancelled, StatusNoShow}}}
	}
	return MeetingPolicy{Kind: k}
}

// Allows reports whether a meeting of this kind may go from one status to
// another.
func (p MeetingPolicy) Allows(from, to MeetingStatus) bool {
	if !p.Knows(from) || !p.Knows(to) {
		return false
	}
	return from == to || slices.Contains(p.Next[from], to)
}

// Knows reports whether the status exists for this kind.
func (p MeetingPolicy) Knows(st MeetingStatus) bool { return slices.Contains(p.Statuses(), st) }

// Statuses lists the statuses of this kind, scheduled first.
func (p MeetingPolicy) Statuses() []MeetingStatus {
	if len(p.Next) == 0 {
		return nil
	}
	out := []MeetingStatus{StatusScheduled}
	for _, to := range p.Next[StatusScheduled] {
		if !slices.Contains(out, to) {
			out = append(out, to)
		}
	}
	return out
}

// kindKey is the catalogue key of a message that names the kind of
// meeting: checkin's for check-ins, session's for sessions.
func (p MeetingPolicy) kindKey(checkin, session string) string {
	return kindKey(p.Kind, checkin, session)
}

func kindKey(k MeetingKind, checkin, session string) string {
	if k == MeetingSession {
		return session
	}
	return checkin
}

// noSuchMeeting is the key of the 404 of a kind of meeting.
func noSuchMeeting(k MeetingKind) string {
	return kindKey(k, "error.a1.no_checkin", "error.a1.no_session")
}

// meetingStatusWords is a meeting's status as a message says it ("a
// {{.Status}} session cannot be moved"), in the words of its kind.
func meetingStatusWords(k MeetingKind, st MeetingStatus) any {
	switch st {
	case StatusScheduled:
		return Text{Key: kindKey(k, "error.a1.checkin_status.scheduled", "error.a1.session_status.scheduled")}
	case StatusCompleted:
		return Text{Key: kindKey(k, "error.a1.checkin_status.completed", "error.a1.session_status.completed")}
	case StatusCancelled:
		return Text{Key: kindKey(k, "error.a1.checkin_status.cancelled", "error.a1.session_status.cancelled")}
	case StatusNoShow:
		return Text{Key: kindKey(k, "error.a1.checkin_status.no_show", "error.a1.session_status.no_show")}
	}
	return string(st)
}

// meetingRelation is what a meeting's rules need to know of the pairing or
// engagement it belongs to.
type meetingRelation struct {
	status any // its status in words (a Text)
	// open: the relationship still runs (an ended pairing, a closed
	// engagement do not); active: it takes new times (a paused pairing
	// does not).
	open, active bool
	// inside reports whether a time lies in the relationship's dates;
	// outside says why one does not.
	inside  func(time.Time) bool
	outside Text
	// Exactly one of the two is set.
	pairing    *Pairing
	engagement *Engagement
}

func pairingRelation(p Pairing) meetingRelation {
	return meetingRelation{status: pairingStatusWords(p.Status), open: p.Status != PairingEnded,
		active: p.Status == PairingActive, inside: func(time.Time) bool { return true }, pairing: &p}
}

func (s *Service) engagementRelation(e Engagement) meetingRelation {
	return meetingRelation{status: engagementStatusWords(e.Status), open: e.IsOpen(), active: e.IsOpen(),
		inside: func(t time.Time) bool { return s.insideEngagement(e, t) }, outside: s.outsideEngagement(e), engagement: &e}
}

// refuse is the 409 of a pairing or an engagement in a state that does
// not allow a change, by the key for its kind, with its status.
func (r meetingRelation) refuse(pairingKey, engagementKey string) error {
	if r.engagement != nil {
		return ConflictText(engagementKey, "Status", r.status)
	}
	return ConflictText(pairingKey, "Status", r.status)
}

// relationOf loads the relationship of a meeting. With lock, inside a
// transaction, it first locks what orders concurrent changes: the pairing
// of a check-in, the two people of a session (as closing the engagement
// does).
func (s *Service) relationOf(ctx context.Context, st Ports, m Meeting, lock bool) (meetingRelation, error) {
	switch {
	case m.PairingID != nil:
		if lock {
			if err := st.Pairings.LockPairing(ctx, *m.PairingID); err != nil {
				return meetingRelation{}, err
			}
		}
		p, err := st.Pairings.PairingByID(ctx, *m.PairingID)
		if err != nil {
			return meetingRelation{}, err
		}
		return pairingRelation(p), nil
	case m.EngagementID != nil:
		if lock {
			if err := st.People.LockPeople(ctx, m.LeaderID, m.LearnerID); err != nil {
				return meetingRelation{}, err
			}
		}
		e, err := st.Engagements.EngagementByID(ctx, *m.EngagementID)
		if err != nil {
			return meetingRelation{}, err
		}
		return s.engagementRelation(e), nil
	}
	return meetingRelation{}, fmt.Errorf("%s %d belongs to no pairing or engagement", m.Kind, m.ID)
}

// check applies the kind's rules to a participant's change from before to
// after (after being before with the patch in): who may record progress
// (403), what the relationship still allows (409) and what the fields may
// hold (422). Only what changes is judged, so a form sent back unchanged
// never trips a rule about fields it did not touch.
func (p MeetingPolicy) check(rel meetingRelation, a Actor, before, after Meeting, in MeetingPatch, now time.Time) error {
	if in.ProgressPercent != nil && p.HasProgress && (rel.engagement == nil || a.Person.ID != rel.engagement.CoachID) {
		return ForbiddenText("error.a1.only_coach_records_progress")
	}
	var v ValidationError
	if in.Agenda != nil && !p.HasAgenda {
		v.AddText("agenda", p.kindKey("error.a1.checkins_no_agenda", "error.a1.sessions_no_agenda"))
	}
	progressChanged := false
	if in.ProgressPercent != nil {
		switch {
		case !p.HasProgress:
			v.AddText("progress_percent", p.kindKey("error.a1.checkins_no_progress", "error.a1.sessions_no_progress"))
		case *in.ProgressPercent < 0 || *in.ProgressPercent > 100:
			v.AddText("progress_percent", "error.a1.between", "Min", 0, "Max", 100)
		default:
			progressChanged = *in.ProgressPercent != rel.engagement.ProgressPercent
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	moved := after.movedFrom(before)
	if p.NotesOnlyWhenClosed && !rel.open && (moved || after.Location != before.Location || after.Status != before.Status || progressChanged) {
		return rel.refuse("error.a1.pairing_closed_notes_only", "error.a1.engagement_closed_notes_only")
	}
	if after.Status == StatusCompleted && before.Status != StatusCompleted && after.ScheduledAt.After(now) {
		v.AddText("status", p.kindKey("error.a1.checkin_not_completed_early", "error.a1.session_not_completed_early"))
	}
	if after.Status == StatusNoShow && before.Status != StatusNoShow && after.ScheduledAt.After(now) {
		v.AddText("status", p.kindKey("error.a1.checkin_not_missed_early", "error.a1.session_not_missed_early"))
	}
	if moved && p.InWindow && !rel.inside(after.ScheduledAt) {
		v.AddText("scheduled_at", rel.outside.Key, rel.outside.Args...)
	}
	if moved && p.FutureWhenMoved && before.Status == StatusScheduled && !after.ScheduledAt.After(now) {
		v.AddText("scheduled_at", p.kindKey("error.a1.checkin_in_future", "error.a1.session_in_future"))
	}
	if err := v.Err(); err != nil {
		return err
	}
	if moved && !rel.active {
		return rel.refuse("error.a1.pairing_no_reschedule", "error.a1.engagement_no_reschedule")
	}
	return nil
}

// MeetingAbilities is what an actor may do with one meeting, decided by
// the domain from the actor, the meeting, its relationship and the time;
// pages show actions from it and the API answers it as "can".
type MeetingAbilities struct {
	Edit            bool // change the notes: a participant
	Complete        bool // a scheduled meeting that has started
	Cancel          bool
	NoShow          bool // sessions only, once started
	SeeNotes        bool
	SeePrivateNotes bool // one's own private notes
	// Details: the place and the agenda may change (not once a session's
	// engagement is closed).
	Details bool
	// Reschedule: the time and duration may change (a scheduled meeting of
	// a relationship that takes new times).
	Reschedule bool
	// Progress: an update may carry the engagement's new progress (the
	// coach of a running engagement).
	Progress bool
	kind     MeetingKind
}

// MarshalJSON answers the API's names; no_show only for sessions.
func (c MeetingAbilities) MarshalJSON() ([]byte, error) {
	out := map[string]bool{"edit": c.Edit, "complete": c.Complete, "cancel": c.Cancel,
		"see_notes": c.SeeNotes, "see_private_notes": c.SeePrivateNotes}
	if c.kind == MeetingSession {
		out["no_show"] = c.NoShow
	}
	return json.Marshal(out)
}

// meetingAbilities decides what actor a may do with m: the same rules the
// update path enforces, asked ahead.
func meetingAbilities(a Actor, m Meeting, rel meetingRelation, now time.Time) MeetingAbilities {
	pol := PolicyOf(m.Kind)
	in := m.HasParticipant(a.Person.ID)
	c := MeetingAbilities{kind: m.Kind, Edit: in, SeeNotes: in, SeePrivateNotes: in}
	if !in {
		return c
	}
	live := !pol.NotesOnlyWhenClosed || rel.open
	c.Details = live
	if m.Status == StatusScheduled && live {
		c.Complete = pol.Allows(m.Status, StatusCompleted) && !m.ScheduledAt.After(now)
		c.Cancel = pol.Allows(m.Status, StatusCancelled)
		c.NoShow = pol.Allows(m.Status, StatusNoShow) && !m.ScheduledAt.After(now)
		c.Reschedule = rel.active
	}
	c.Progress = pol.HasProgress && rel.open && rel.engagement != nil && a.Person.ID == rel.engagement.CoachID
	return c
}

// updateMeeting is the one update path of check-ins and sessions: load,
// authorise (404 for whoever may not know the meeting, 403 for an admin
// outside it), check against the kind's policy, and write only what
// changed, all in one transaction. A completed check-in moves its
// pairing's last check-in; a session may carry its engagement's progress.
func (s *Service) updateMeeting(ctx context.Context, a Actor, kind MeetingKind, id int64, in MeetingPatch) (Meeting, error) {
	noun := meetingNoun(kind)
	var out Meeting
	err := s.inTx(ctx, func(tx Ports) error {
		m, err := tx.Meetings.MeetingByID(ctx, id)
		if errors.Is(err, ErrNotFound) || (err == nil && m.Kind != kind) {
			return NotFoundText(noSuchMeeting(kind))
		}
		if err != nil {
			return err
		}
		if !m.HasParticipant(a.Person.ID) {
			if a.IsAdmin() {
				return ForbiddenText(kindKey(kind, "error.a1.checkin_only_participants", "error.a1.session_only_participants"))
			}
			return NotFoundText(noSuchMeeting(kind))
		}
		rel, err := s.relationOf(ctx, tx, m, true)
		if err != nil {
			return err
		}
		// Read again under the lock, so a concurrent change is seen.
		if m, err = tx.Meetings.MeetingByID(ctx, id); err != nil {
			return err
		}
		if m.PrivateNotes, err = tx.Meetings.PrivateNote(ctx, id, a.Person.ID); err != nil {
			return err
		}
		now := s.clock.Now()
		if err := PolicyOf(kind).check(rel, a, m, applyPatch(m, in), in, now); err != nil {
			return err
		}
		if out, err = s.changeMeeting(ctx, tx, a, m, in); err != nil {
			return err
		}
		if rel.pairing != nil && out.Status == StatusCompleted && m.Status != StatusCompleted {
			if err := touchLastCheckin(ctx, tx, *rel.pairing, out.ScheduledAt); err != nil {
				return err
			}
		}
		if in.ProgressPercent != nil {
			if err := s.recordSessionProgress(ctx, tx, a, rel.engagement, out, *in.ProgressPercent); err != nil {
				return err
			}
		}
		out.Can = meetingAbilities(a, out, rel, now)
		return nil
	})
	if err != nil {
		return Meeting{}, fmt.Errorf("update %s %d: %w", noun, id, err)
	}
	return out, nil
}

// withAbilities fills in what a may do with each meeting of one
// relationship.
func (s *Service) withAbilities(a Actor, ms []Meeting, rel meetingRelation) {
	now := s.clock.Now()
	for i := range ms {
		ms[i].Can = meetingAbilities(a, ms[i], rel, now)
	}
}
