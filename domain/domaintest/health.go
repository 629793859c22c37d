package domaintest

import (
	"context"
	"maps"
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
			seriesFacts(st, &f, q.Now, func(sr domain.Series) bool { return sr.PairingID != nil && *sr.PairingID == p.ID })
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
		seriesFacts(st, &f, q.Now, func(sr domain.Series) bool { return sr.EngagementID != nil && *sr.EngagementID == e.ID })
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

func settingFacts(st *state, f *domain.RelationshipFacts) {
	if ns, ok := st.health.settings[f.ProgrammeID]; ok {
		f.NudgesOff, f.GraceDays = !ns.Enabled, ns.GraceDays
	}
	for _, n := range st.health.nudges {
		if n.SubjectType == f.SubjectType && n.SubjectID == f.ID && (f.LastNudgeAt == nil || n.SentAt.After(*f.LastNudgeAt)) {
			f.LastNudgeAt = ptr(n.SentAt)
		}
	}
}

// healthState is the nudges, the programmes' nudge settings and the flag
// actions.
type healthState struct {
	nudges   []domain.Nudge
	settings map[int64]domain.NudgeSettings
	actions  []domain.FlagAction
}

func (h healthState) clone() healthState {
	return healthState{nudges: slices.Clone(h.nudges), settings: maps.Clone(h.settings), actions: slices.Clone(h.actions)}
}

// RecordNudge keeps one automatic nudge per subject and lapse.
func (f flags) RecordNudge(_ context.Context, n *domain.Nudge) (bool, error) {
	st, unlock := f.lock()
	defer unlock()
	if n.Kind == domain.NudgeAutomatic {
		for _, x := range st.health.nudges {
			if x.Kind == domain.NudgeAutomatic && x.SubjectType == n.SubjectType && x.SubjectID == n.SubjectID &&
				x.LapseSince != nil && n.LapseSince != nil && x.LapseSince.Equal(*n.LapseSince) {
				return false, nil
			}
		}
	}
	n.ID = st.id()
	st.health.nudges = append(st.health.nudges, *n)
	return true, nil
}

func (f flags) NudgeSettingsOf(_ context.Context, programmeID int64) (domain.NudgeSettings, error) {
	st, unlock := f.lock()
	defer unlock()
	if ns, ok := st.health.settings[programmeID]; ok {
		return ns, nil
	}
	return domain.NudgeSettings{ProgrammeID: programmeID, Enabled: true, GraceDays: domain.DefaultNudgeGraceDays}, nil
}

func (f flags) SetNudgeSettings(_ context.Context, ns domain.NudgeSettings, _ time.Time) error {
	st, unlock := f.lock()
	defer unlock()
	if st.health.settings == nil {
		st.health.settings = map[int64]domain.NudgeSettings{}
	}
	st.health.settings[ns.ProgrammeID] = ns
	return nil
}

func (f flags) FlagByID(_ context.Context, id int64) (domain.Flag, error) {
	st, unlock := f.lock()
	defer unlock()
	x, ok := st.flags[id]
	if !ok {
		return domain.Flag{}, errNotFound("flag %d", id)
	}
	return x, nil
}

// OpenFlagViews joins the open flags to their programme and people.
func (f flags) OpenFlagViews(ctx context.Context) ([]domain.FlagView, error) {
	open, _ := f.OpenFlags(ctx)
	st, unlock := f.lock()
	defer unlock()
	out := make([]domain.FlagView, len(open))
	for i, x := range open {
		v := domain.FlagView{Flag: x, Programme: st.programmes[x.ProgrammeID].Name}
		if x.SubjectType == domain.SubjectPairing {
			p := readPairingRef(st, x.SubjectID)
			v.Leader, v.Learner = p[0], p[1]
		} else if e, ok := st.engagements[x.SubjectID]; ok {
			v.Leader = domain.PersonRef{ID: e.CoachID, Name: st.people[e.CoachID].Name}
			v.Learner = domain.PersonRef{ID: e.CoacheeID, Name: st.people[e.CoacheeID].Name}
		}
		out[i] = v
	}
	return out, nil
}

func readPairingRef(st *state, id int64) [2]domain.PersonRef {
	p, ok := st.pairings[id]
	if !ok {
		return [2]domain.PersonRef{}
	}
	return [2]domain.PersonRef{{ID: p.MentorID, Name: st.people[p.MentorID].Name}, {ID: p.MenteeID, Name: st.people[p.MenteeID].Name}}
}

func (f flags) SnoozeFlag(_ context.Context, id int64, until domain.Date) error {
	st, unlock := f.lock()
	defer unlock()
	x, ok := st.flags[id]
	if !ok || x.ClearedAt != nil {
		return errNotFound("flag %d", id)
	}
	x.SnoozedUntil = &until
	st.flags[id] = x
	return nil
}

func (f flags) ResolveFlag(_ context.Context, id int64, at time.Time) error {
	st, unlock := f.lock()
	defer unlock()
	x, ok := st.flags[id]
	if !ok || x.ClearedAt != nil || x.ResolvedAt != nil {
		return errNotFound("flag %d", id)
	}
	x.ResolvedAt = &at
	st.flags[id] = x
	return nil
}

func (f flags) AddFlagAction(_ context.Context, fa *domain.FlagAction) error {
	st, unlock := f.lock()
	defer unlock()
	fa.ID = st.id()
	st.health.actions = append(st.health.actions, *fa)
	return nil
}

// FlagActionsOf lists oldest first (at, then id), with the actors' names.
func (f flags) FlagActionsOf(_ context.Context, ids []int64) (map[int64][]domain.FlagAction, error) {
	st, unlock := f.lock()
	defer unlock()
	out := map[int64][]domain.FlagAction{}
	acts := slices.Clone(st.health.actions)
	sortStable(acts, func(a, b domain.FlagAction) bool { return a.At.Before(b.At) })
	for _, a := range acts {
		if slices.Contains(ids, a.FlagID) {
			a.Actor = domain.PersonRef{ID: a.ActorID, Name: st.people[a.ActorID].Name}
			out[a.FlagID] = append(out[a.FlagID], a)
		}
	}
	return out, nil
}

// NudgeOutcomes pairs each nudge since the instant with the first meeting
// of its relationship made at or after it.
func (f flags) NudgeOutcomes(_ context.Context, since time.Time) ([]domain.NudgeOutcome, error) {
	st, unlock := f.lock()
	defer unlock()
	var out []domain.NudgeOutcome
	for _, n := range st.health.nudges {
		if n.SentAt.Before(since) {
			continue
		}
		o := domain.NudgeOutcome{ProgrammeID: n.ProgrammeID, SentAt: n.SentAt}
		for _, m := range st.meetings {
			of := (n.SubjectType == domain.SubjectPairing && m.PairingID != nil && *m.PairingID == n.SubjectID) ||
				(n.SubjectType == domain.SubjectEngagement && m.EngagementID != nil && *m.EngagementID == n.SubjectID)
			if of && !m.CreatedAt.Before(n.SentAt) && (o.FirstMeetingAt == nil || m.CreatedAt.Before(*o.FirstMeetingAt)) {
				o.FirstMeetingAt = ptr(m.CreatedAt)
			}
		}
		out = append(out, o)
	}
	return out, nil
}

// seriesFacts: the relationship's active series and their missed runs.
func seriesFacts(st *state, f *domain.RelationshipFacts, now time.Time, of func(domain.Series) bool) {
	var live []int64
	for _, sr := range sortedValues(st.series) {
		if of(sr) && sr.Status == domain.SeriesActive {
			live = append(live, sr.ID)
		}
	}
	var ms []domain.Meeting
	for _, m := range st.meetings {
		if m.SeriesID != nil && slices.Contains(live, *m.SeriesID) {
			ms = append(ms, m)
		}
	}
	f.LiveSeries, f.SeriesMissed = len(live) > 0, domain.SeriesMissed(ms, live, now)
}
