package domaintest

import (
	"context"
	"slices"
	"time"

	"cairn/domain"
)

type health struct{ conn }

// RelationshipFacts gathers, as storage's one query does, each named (or
// every active) relationship's meetings and nudge settings.
func (h health) RelationshipFacts(_ context.Context, q domain.FactsQuery) ([]domain.RelationshipFacts, error) {
	st, unlock := h.lock()
	defer unlock()
	want := func(id int64, active bool) bool {
		if q.IDs == nil {
			return active
		}
		return slices.Contains(q.IDs, id)
	}
	var out []domain.RelationshipFacts
	if q.SubjectType == domain.SubjectPairing {
		for _, p := range sortedValues(st.pairings) {
			if !want(p.ID, p.Status == domain.PairingActive) {
				continue
			}
			f := domain.RelationshipFacts{SubjectType: domain.SubjectPairing, ID: p.ID, ProgrammeID: p.ProgrammeID,
				Open: p.Status.IsOpen(), Paused: p.Status == domain.PairingPaused, StartsOn: p.StartedOn, CadenceDays: p.CheckinCadenceDays}
			meetingFacts(st, &f, q.Now, func(m domain.Meeting) bool { return m.PairingID != nil && *m.PairingID == p.ID })
			settingFacts(st, &f)
			out = append(out, f)
		}
		return out, nil
	}
	for _, e := range sortedValues(st.engagements) {
		if !want(e.ID, e.Status == domain.EngagementActive) {
			continue
		}
		f := domain.RelationshipFacts{SubjectType: domain.SubjectEngagement, ID: e.ID, ProgrammeID: e.ProgrammeID,
			Open: e.Status == domain.EngagementActive, StartsOn: e.StartsOn, EndsOn: e.EndsOn, PlannedSessions: e.PlannedSessions}
		meetingFacts(st, &f, q.Now, func(m domain.Meeting) bool { return m.EngagementID != nil && *m.EngagementID == e.ID })
		settingFacts(st, &f)
		out = append(out, f)
	}
	return out, nil
}

func meetingFacts(st *state, f *domain.RelationshipFacts, now time.Time, of func(domain.Meeting) bool) {
	var ms []domain.Meeting
	for _, m := range st.meetings {
		if of(m) {
			ms = append(ms, m)
		}
	}
	*f = domain.FactsOfMeetings(*f, ms, now)
}

func settingFacts(st *state, f *domain.RelationshipFacts) {}
