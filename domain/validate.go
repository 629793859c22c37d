package domain

import (
	"time"
)

// The validators here state, for rows written in bulk without a use case
// (the data generator), the rules the use cases apply when they create a
// pairing, an engagement or a meeting one at a time. They run the same
// checks as the use cases, against facts the caller hands in.

// fixedLookup answers the relation rules from facts given up front.
type fixedLookup struct {
	people   map[int64]Person
	prog     Programme
	mentees  int
	coachees int
}

func (l fixedLookup) person(id int64) (Person, bool, error) {
	p, ok := l.people[id]
	return p, ok, nil
}

func (l fixedLookup) programme(id int64) (Programme, bool, error) {
	return l.prog, l.prog.ID == id, nil
}

func (l fixedLookup) openMentees(int64) (int, error)  { return l.mentees, nil }
func (l fixedLookup) openCoachees(int64) (int, error) { return l.coachees, nil }

// ValidatePairing checks p by the rules CreatePairing applies: a mentoring
// programme that is not archived, two different active people, the mentor
// more senior unless a seniority override reason is given, the mentor's
// capacity (openMentees is how many open pairings they have besides p)
// unless a capacity override reason is given, a cadence in range. A pairing
// that has since been paused or ended is checked as it was created, and an
// ended one also needs an end date on or after its start.
func ValidatePairing(p Pairing, prog Programme, mentor, mentee Person, openMentees int) error {
	look := fixedLookup{people: map[int64]Person{mentor.ID: mentor, mentee.ID: mentee}, prog: prog, mentees: openMentees}
	cadence := p.CheckinCadenceDays
	in := PairingInput{ProgrammeID: p.ProgrammeID, MentorID: p.MentorID, MenteeID: p.MenteeID, StartedOn: p.StartedOn,
		CheckinCadenceDays: &cadence, Focus: p.Focus, SeniorityOverrideReason: p.SeniorityOverrideReason,
		CapacityOverrideReason: p.CapacityOverrideReason}
	// checkPairing reads the clock only to default a missing start date.
	s := &Service{clock: NewFixedClock(p.CreatedAt), cfg: Config{OrgLocation: time.UTC}}
	var v ValidationError
	if p.StartedOn.IsZero() {
		v.required("started_on")
	}
	_, full, err := s.checkPairing(in, look, &v)
	if err != nil {
		return err
	}
	switch p.Status {
	case PairingActive, PairingPaused:
	case PairingEnded:
		if p.EndedOn.IsZero() || p.EndedOn.Before(p.StartedOn) {
			v.AddText("ended_on", "error.validate.ended_before_started")
		}
	default:
		v.AddText("status", "error.validate.pairing_status")
	}
	if err := v.Err(); err != nil {
		return err
	}
	if full != nil {
		return errCapacityText("mentor_id", *full)
	}
	return nil
}

// ValidateEngagement checks e by the rules CreateEngagement applies: its
// fields, a coaching programme that is not archived, two different active
// people, the coach's capacity (openCoachees is how many active
// engagements they have besides e) unless a capacity override reason is
// given. A closed one also needs a known outcome (completed) or a reason
// (cancelled).
func ValidateEngagement(e Engagement, prog Programme, coach, coachee Person, openCoachees int) error {
	var v ValidationError
	if err := e.validate(); err != nil {
		return err
	}
	look := fixedLookup{people: map[int64]Person{coach.ID: coach, coachee.ID: coachee}, prog: prog, coachees: openCoachees}
	full, err := checkEngagement(&e, look, &v)
	if err != nil {
		return err
	}
	switch e.Status {
	case EngagementActive:
	case EngagementCompleted:
		if !validOutcome(e.Outcome) {
			v.AddText("outcome", "error.validate.outcome")
		}
	case EngagementCancelled:
		if e.CancelReason == "" {
			v.required("cancel_reason")
		}
	default:
		v.AddText("status", "error.validate.engagement_status")
	}
	if err := v.Err(); err != nil {
		return err
	}
	if full != nil {
		return errCapacityText("coach_id", *full)
	}
	return nil
}

// ValidateMeeting checks m by the rules the meeting use cases apply: the
// shared fields; a check-in belongs to pairing p with its mentor leading,
// is formal or informal (an informal one is logged completed), and is
// never a no-show; a session belongs to engagement e with its coach
// leading, is formal, and lies inside the engagement's dates in loc.
// Exactly one of p and e is given, matching m's kind.
func ValidateMeeting(m Meeting, p *Pairing, e *Engagement, loc *time.Location) error {
	var v ValidationError
	validateMeetingFields(&v, m)
	switch m.Status {
	case StatusScheduled, StatusCompleted, StatusCancelled, StatusNoShow:
	default:
		v.AddText("status", "error.validate.meeting_status")
	}
	switch m.Kind {
	case MeetingCheckin:
		switch {
		case p == nil || m.PairingID == nil || *m.PairingID != p.ID:
			v.AddText("pairing_id", "error.validate.checkin_pairing")
		case m.LeaderID != p.MentorID || m.LearnerID != p.MenteeID:
			v.AddText("leader_id", "error.validate.checkin_leader")
		}
		switch {
		case m.Format != FormatFormal && m.Format != FormatInformal:
			v.AddText("format", "error.validate.checkin_format")
		case m.Format == FormatInformal && m.Status != StatusCompleted:
			v.AddText("status", "error.validate.informal_completed")
		}
		if m.Status == StatusNoShow {
			v.AddText("status", "error.validate.no_show_session_only")
		}
	case MeetingSession:
		switch {
		case e == nil || m.EngagementID == nil || *m.EngagementID != e.ID:
			v.AddText("engagement_id", "error.validate.session_engagement")
		case m.LeaderID != e.CoachID || m.LearnerID != e.CoacheeID:
			v.AddText("leader_id", "error.validate.session_leader")
		case !SessionInside(*e, m.ScheduledAt, loc):
			v.AddText("scheduled_at", "error.validate.session_outside", "From", e.StartsOn.String(), "To", e.EndsOn.String(), "Zone", loc.String())
		}
		if m.Format != FormatFormal {
			v.AddText("format", "error.validate.session_formal")
		}
	default:
		v.AddText("kind", "error.validate.meeting_kind")
	}
	return v.Err()
}

// SessionInside reports whether a session at t lies inside the
// engagement's dates, read in loc.
func SessionInside(e Engagement, t time.Time, loc *time.Location) bool {
	from, to := e.Window(loc)
	return !t.Before(from) && t.Before(to)
}

// Overlaps reports whether two meetings break the overlap rule: both
// scheduled, sharing a participant, at intersecting times.
func (m Meeting) Overlaps(o Meeting) bool {
	if m.Status != StatusScheduled || o.Status != StatusScheduled || m.ID == o.ID && m.ID != 0 {
		return false
	}
	if !m.HasParticipant(o.LeaderID) && !m.HasParticipant(o.LearnerID) {
		return false
	}
	return m.ScheduledAt.Before(o.EndsAt()) && o.ScheduledAt.Before(m.EndsAt())
}
