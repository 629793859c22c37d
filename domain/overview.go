package domain

import (
	"context"
	"errors"
	"fmt"
)

// The read models of the relationship pages: one use case per page that
// loads, authorises and returns everything the page shows, so neither the
// page nor the JSON reloads the same rows through several use cases.

// overviewMeetingLimit bounds the meetings a page lists.
const overviewMeetingLimit = 500

// OverviewActionLimit bounds the action items a relationship's page reads.
const OverviewActionLimit = 1000

// EngagementRecord is what the store reads for an engagement's page in one
// go: the engagement, its programme, its progress history, oldest first,
// and its action items (at most OverviewActionLimit, open ones first by
// due date then id), all of them: the domain reduces them per viewer.
type EngagementRecord struct {
	Engagement Engagement
	Programme  Programme
	Progress   []ProgressEntry
	Actions    []ActionItem
	// Milestones by target date then id; Extensions oldest first.
	Milestones []Milestone
	Extensions []Extension
}

// PairingRecord is what the store reads for a pairing's page in one go:
// the pairing, its programme and its action items (at most
// OverviewActionLimit, open ones first by due date then id), all of them:
// the domain reduces them per viewer.
type PairingRecord struct {
	Pairing   Pairing
	Programme Programme
	Actions   []ActionItem
}

// EngagementOverview is an engagement as its page shows it to one viewer.
type EngagementOverview struct {
	Engagement Engagement
	Programme  Programme
	// Sessions by time: notes for the participants only, each with the
	// viewer's own private notes.
	Sessions []Meeting
	// Progress history, oldest first; comments for the participants only.
	Progress []ProgressEntry
	// Series are its regular times, each with its dates ahead.
	Series []Series
	Can    EngagementAbilities
	// Actions are its action items as the viewer may see them.
	Actions ActionList
	// Milestones as the viewer may see them; Extensions, oldest first,
	// the proposals to extend it.
	Milestones MilestoneList
	Extensions []Extension
}

// EngagementOverview reads an engagement with its programme, sessions and
// progress history and action items for the caller (admins any,
// participants their own, anyone else 404) in two store calls, three when
// it has series (its health from the sessions and action items read).
func (s *Service) EngagementOverview(ctx context.Context, a Actor, id int64) (EngagementOverview, error) {
	rec, err := s.store.Engagements.EngagementRecord(ctx, id)
	if errors.Is(err, ErrNotFound) || err == nil && !mayKnowEngagement(a, rec.Engagement) {
		err = NotFoundText("error.overview.no_such_engagement")
	}
	if err != nil {
		return EngagementOverview{}, fmt.Errorf("engagement %d overview: %w", id, err)
	}
	e := s.engagementFor(a, rec.Engagement)
	sessions, err := s.relationshipMeetings(ctx, a, MeetingSession, id)
	if err != nil {
		return EngagementOverview{}, fmt.Errorf("engagement %d overview: %w", id, err)
	}
	series, err := s.relationshipSeries(ctx, a, SeriesOf{EngagementID: id}, sessions, s.engagementRelation(e))
	if err != nil {
		return EngagementOverview{}, fmt.Errorf("engagement %d overview: %w", id, err)
	}
	actions := s.actionListOf(a, actionRel{subject: SubjectEngagement, id: id, leader: e.CoachID,
		learner: e.CoacheeID, open: e.IsOpen(), meetingKind: MeetingSession}, rec.Actions)
	milestones := s.milestoneListOf(a, e, rec.Milestones)
	if e.IsOpen() {
		if len(sessions) < overviewMeetingLimit {
			e.Assessment = s.assess(withSeriesFacts(FactsOfMeetings(RelationshipFacts{SubjectType: SubjectEngagement, ID: e.ID, ProgrammeID: e.ProgrammeID,
				Open: true, StartsOn: e.StartsOn, EndsOn: e.EndsOn, PlannedSessions: e.PlannedSessions, OverdueActions: actions.Counts.Overdue,
				OverdueMilestones: milestones.Counts.Overdue}, sessions, s.clock.Now()), series, sessions, s.clock.Now()))
			e.Health, e.HealthReasons = e.Assessment.Health, e.Assessment.Texts()
		} else {
			one := []Engagement{e}
			if err := s.withEngagementHealth(ctx, one); err != nil {
				return EngagementOverview{}, fmt.Errorf("engagement %d overview: %w", id, err)
			}
			e = one[0]
		}
	}
	prog := rec.Programme
	prog.Can = ProgrammeAbilitiesOf(a, prog)
	return EngagementOverview{Engagement: e, Programme: prog, Sessions: sessions, Series: series,
		Progress: hideProgressComments(e.Can, rec.Progress), Can: e.Can, Actions: actions, Milestones: milestones,
		Extensions: extensionsFor(a, e, rec.Extensions)}, nil
}

// PairingOverview is a pairing as its page shows it to one viewer.
type PairingOverview struct {
	Pairing   Pairing
	Programme Programme
	// Checkins by time, oldest first: notes for the participants only, each
	// with the viewer's own private notes.
	Checkins []Meeting
	// Series are its regular times, each with its dates ahead.
	Series []Series
	Can    PairingAbilities
	// Actions are its action items as the viewer may see them.
	Actions ActionList
}

// PairingOverview reads a pairing with its programme, check-ins and action
// items for the caller (admins any, participants their own, anyone else
// 404) in two store calls, three when it has series (its health from the
// check-ins and action items read).
func (s *Service) PairingOverview(ctx context.Context, a Actor, id int64) (PairingOverview, error) {
	rec, err := s.store.Pairings.PairingRecord(ctx, id)
	if errors.Is(err, ErrNotFound) || err == nil && !mayKnowPairing(a, rec.Pairing) {
		err = NotFoundText("error.overview.no_such_pairing")
	}
	if err != nil {
		return PairingOverview{}, fmt.Errorf("pairing %d overview: %w", id, err)
	}
	p := rec.Pairing
	p.Can = PairingAbilitiesOf(a, p)
	prog := rec.Programme
	prog.Can = ProgrammeAbilitiesOf(a, prog)
	cs, err := s.relationshipMeetings(ctx, a, MeetingCheckin, id)
	if err != nil {
		return PairingOverview{}, fmt.Errorf("pairing %d overview: %w", id, err)
	}
	series, err := s.relationshipSeries(ctx, a, SeriesOf{PairingID: id}, cs, pairingRelation(p))
	if err != nil {
		return PairingOverview{}, fmt.Errorf("pairing %d overview: %w", id, err)
	}
	actions := s.actionListOf(a, actionRel{subject: SubjectPairing, id: id, leader: p.MentorID,
		learner: p.MenteeID, open: p.Status.IsOpen(), meetingKind: MeetingCheckin}, rec.Actions)
	if p.Status.IsOpen() {
		if len(cs) < overviewMeetingLimit {
			p.Assessment = s.assess(withSeriesFacts(FactsOfMeetings(RelationshipFacts{SubjectType: SubjectPairing, ID: p.ID, ProgrammeID: p.ProgrammeID,
				Open: true, Paused: p.Status == PairingPaused, StartsOn: p.StartedOn, CadenceDays: p.CheckinCadenceDays, OverdueActions: actions.Counts.Overdue}, cs, s.clock.Now()), series, cs, s.clock.Now()))
			p.Health, p.HealthReasons = p.Assessment.Health, p.Assessment.Texts()
		} else {
			one := []Pairing{p}
			if err := s.withPairingHealth(ctx, one); err != nil {
				return PairingOverview{}, fmt.Errorf("pairing %d overview: %w", id, err)
			}
			p = one[0]
		}
	}
	return PairingOverview{Pairing: p, Programme: prog, Checkins: cs, Series: series, Can: p.Can, Actions: actions}, nil
}

// relationshipMeetings lists a relationship's meetings as the viewer may
// see them: content for its participants, metadata for everyone else.
func (s *Service) relationshipMeetings(ctx context.Context, a Actor, kind MeetingKind, id int64) ([]Meeting, error) {
	ms, err := s.store.Meetings.RelationshipMeetings(ctx, kind, id, a.Person.ID, overviewMeetingLimit)
	if err != nil {
		return nil, err
	}
	for i := range ms {
		if !ms[i].HasParticipant(a.Person.ID) {
			ms[i] = ms[i].redactFor(a)
		}
	}
	return ms, nil
}
