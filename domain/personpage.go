package domain

import (
	"context"
	"fmt"
	"time"
)

// The read model of a person's page: who they are, the relationships the
// viewer may know of, their load, their meetings ahead that the viewer may
// see, and where an admin may find them a mentor.

// personPageRows bounds the relationships and meetings a person's page lists.
const personPageRows = 200

// PersonUpcomingDays is how far ahead a person's page lists meetings.
const PersonUpcomingDays = 30

// Load is a mentor's or coach's open relationships against their limit.
type Load struct {
	Open int  `json:"open"`
	Max  *int `json:"max"` // nil: no limit set
}

// Full reports whether no place is free.
func (l Load) Full() bool { return l.Max != nil && l.Open >= *l.Max }

// PersonOverview is a person as their page shows them to one viewer.
type PersonOverview struct {
	Person Person
	// Pairings and Engagements are the person's relationships the viewer
	// may know of (admins all, others those they share), by id, each with
	// the viewer's abilities and, while open, its health.
	Pairings    []Pairing
	Engagements []Engagement
	// Programmes names the programmes of those relationships, by id.
	Programmes map[int64]Programme
	// Mentees and Coachees are the person's load, for admins and the
	// person themselves; nil for anyone else.
	Mentees, Coachees *Load
	// Upcoming are the person's meetings in the next PersonUpcomingDays
	// days that the viewer may see (admins and the person all, others
	// those they attend), from the person's side.
	Upcoming []AgendaItem
	// SuggestIn are the running mentoring programmes in which an admin may
	// ask for mentor suggestions for this person: those where they have no
	// open pairing as a mentee.
	SuggestIn []Programme
	// Profile is the person's mentoring profile, with the viewer's abilities.
	Profile Profile
}

// PersonOverview reads a person's page for the viewer. Whoever may read
// the person (GetPerson) gets the page; what it holds depends on them.
func (s *Service) PersonOverview(ctx context.Context, a Actor, id int64) (PersonOverview, error) {
	p, err := s.GetPerson(ctx, a, id)
	if err != nil {
		return PersonOverview{}, err
	}
	out := PersonOverview{Person: p, Programmes: map[int64]Programme{}}
	wrap := func(err error) error { return fmt.Errorf("person %d overview: %w", id, err) }
	if out.Profile, err = s.store.Profiles.ProfileOf(ctx, id); err != nil {
		return PersonOverview{}, wrap(err)
	}
	out.Profile.Can = ProfileAbilitiesOf(a, id)
	ps, err := s.store.Pairings.ListPairings(ctx, PairingFilter{PersonID: id, Limit: personPageRows})
	if err != nil {
		return PersonOverview{}, wrap(err)
	}
	es, err := s.store.Engagements.ListEngagements(ctx, EngagementFilter{PersonID: id, Limit: personPageRows})
	if err != nil {
		return PersonOverview{}, wrap(err)
	}
	mentees, coachees := Load{Max: p.MaxMentees}, Load{Max: p.MaxCoachees}
	menteeIn := map[int64]bool{}
	for _, x := range ps {
		if x.Status.IsOpen() && x.MentorID == id {
			mentees.Open++
		}
		if x.Status.IsOpen() && x.MenteeID == id {
			menteeIn[x.ProgrammeID] = true
		}
		if mayKnowPairing(a, x) {
			x.Can = PairingAbilitiesOf(a, x)
			out.Pairings = append(out.Pairings, x)
		}
	}
	for _, e := range es {
		if e.IsOpen() && e.CoachID == id {
			coachees.Open++
		}
		if mayKnowEngagement(a, e) {
			out.Engagements = append(out.Engagements, s.engagementFor(a, e))
		}
	}
	if err := s.withPairingHealth(ctx, out.Pairings); err != nil {
		return PersonOverview{}, wrap(err)
	}
	if err := s.withEngagementHealth(ctx, out.Engagements); err != nil {
		return PersonOverview{}, wrap(err)
	}
	self := a.Person.ID != 0 && a.Person.ID == id
	if a.IsAdmin() || self {
		out.Mentees, out.Coachees = &mentees, &coachees
	}
	progs, err := s.ListProgrammes(ctx, a, ProgrammeFilter{IncludeArchived: true, Limit: 500})
	if err != nil {
		return PersonOverview{}, wrap(err)
	}
	for _, pr := range progs {
		out.Programmes[pr.ID] = pr
		if p.Can.SuggestMentors && pr.Can.CreatePairing && !menteeIn[pr.ID] {
			out.SuggestIn = append(out.SuggestIn, pr)
		}
	}
	out.Person.Can.SuggestMentors = len(out.SuggestIn) > 0
	if out.Upcoming, err = s.upcomingOf(ctx, a, p); err != nil {
		return PersonOverview{}, wrap(err)
	}
	return out, nil
}

// upcomingOf lists p's scheduled meetings ahead that the viewer may see:
// an admin or p all of them (admins see times, never notes), anyone else
// only those they attend.
func (s *Service) upcomingOf(ctx context.Context, a Actor, p Person) ([]AgendaItem, error) {
	now := s.clock.Now()
	items, err := s.store.Meetings.AgendaOf(ctx, p.ID, now.UTC(), now.Add(PersonUpcomingDays*24*time.Hour).UTC(), personPageRows)
	if err != nil {
		return nil, err
	}
	all := a.IsAdmin() || a.Person.ID == p.ID
	out := []AgendaItem{}
	w := s.wordsFor(a.Person)
	for _, it := range items {
		if it.Status != StatusScheduled || !(all || it.With.ID == a.Person.ID) {
			continue
		}
		it.Role = ViewerRole(it.Kind, it.LeaderID == p.ID)
		it.Title = agendaTitle(w, it)
		out = append(out, it)
	}
	return out, nil
}
