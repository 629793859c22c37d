package domaintest

import (
	"context"
	"slices"
	"time"

	"cairn/domain"
)

type programmes struct{ conn }

func (p programmes) CreateProgramme(_ context.Context, x *domain.Programme) error {
	st, unlock := p.lock()
	defer unlock()
	x.ID = st.id()
	st.programmes[x.ID] = readProgramme(*x)
	return nil
}

// readProgramme is what storage reads back: Archived follows ArchivedAt,
// the one column that keeps it, and a mentor seniority rule not given is
// the column's default.
func readProgramme(x domain.Programme) domain.Programme {
	x.Archived = x.ArchivedAt != nil
	if x.MentorSeniority == "" {
		x.MentorSeniority = domain.MentorMoreSenior
	}
	return x
}

func (p programmes) UpdateProgramme(_ context.Context, x *domain.Programme) error {
	return change(p.conn, func(st *state) map[int64]domain.Programme { return st.programmes }, x.ID, func(_ *state, row *domain.Programme) error {
		created := row.CreatedAt
		*row = readProgramme(*x)
		row.CreatedAt = created
		return nil
	}, "update programme %d", x.ID)
}

func (p programmes) ProgrammeByID(_ context.Context, id int64) (domain.Programme, error) {
	return lookup(p.conn, func(st *state) map[int64]domain.Programme { return st.programmes }, id, nil, "programme %d", id)
}

// member reports whether the person is in a pairing or engagement of the
// programme, or joined it.
func member(st *state, programmeID, personID int64) bool {
	for k := range st.members {
		if k.programme == programmeID && k.person == personID {
			return true
		}
	}
	for _, x := range st.pairings {
		if x.ProgrammeID == programmeID && x.HasParticipant(personID) {
			return true
		}
	}
	for _, e := range st.engagements {
		if e.ProgrammeID == programmeID && e.HasParticipant(personID) {
			return true
		}
	}
	return false
}

func (p programmes) ListProgrammes(_ context.Context, f domain.ProgrammeFilter) ([]domain.Programme, error) {
	return selectRows(p.conn, func(st *state) map[int64]domain.Programme { return st.programmes }, func(st *state, x domain.Programme) bool {
		return (f.PersonID == 0 || member(st, x.ID, f.PersonID)) && (f.IncludeArchived || !x.Archived) && x.ID > f.After &&
			(!f.TakesRequests || x.TakesRequests())
	}, f.Limit, nil), nil
}

func (p programmes) PersonInProgramme(_ context.Context, programmeID, personID int64) (bool, error) {
	st, unlock := p.lock()
	defer unlock()
	_, ok := st.programmes[programmeID]
	return ok && member(st, programmeID, personID), nil
}

func (p programmes) CountProgrammeRelationships(_ context.Context, programmeID int64) (int, error) {
	st, unlock := p.lock()
	defer unlock()
	n := 0
	for _, x := range st.pairings {
		if x.ProgrammeID == programmeID {
			n++
		}
	}
	for _, e := range st.engagements {
		if e.ProgrammeID == programmeID {
			n++
		}
	}
	return n, nil
}

type pairings struct{ conn }

// openClash is the pairings_one_open unique index: one open pairing per
// two people, whichever way round.
func openClash(st *state, x domain.Pairing) bool {
	if !x.Status.IsOpen() {
		return false
	}
	for _, y := range st.pairings {
		if y.ID != x.ID && y.Status.IsOpen() && domain.PairKey(y.MentorID, y.MenteeID) == domain.PairKey(x.MentorID, x.MenteeID) {
			return true
		}
	}
	return false
}

// withNames is the join on people that storage reads a pairing with.
func withNames(st *state, x domain.Pairing) domain.Pairing {
	x.Mentor = domain.PersonRef{ID: x.MentorID, Name: st.people[x.MentorID].Name, Timezone: st.people[x.MentorID].Timezone}
	x.Mentee = domain.PersonRef{ID: x.MenteeID, Name: st.people[x.MenteeID].Name, Timezone: st.people[x.MenteeID].Timezone}
	return x
}

func insertPairing(st *state, x *domain.Pairing) error {
	if openClash(st, *x) {
		return errConflict("pairings_one_open (%d, %d)", x.MentorID, x.MenteeID)
	}
	x.ID = st.id()
	row := *x
	row.Mentor, row.Mentee = domain.PersonRef{}, domain.PersonRef{}
	st.pairings[x.ID] = row
	return nil
}

func (p pairings) CreatePairing(_ context.Context, x *domain.Pairing) error {
	st, unlock := p.lock()
	defer unlock()
	return insertPairing(st, x)
}

// UpdatePairing writes the mutable fields only, as storage does.
func (p pairings) UpdatePairing(_ context.Context, x *domain.Pairing) error {
	return change(p.conn, func(st *state) map[int64]domain.Pairing { return st.pairings }, x.ID, func(st *state, row *domain.Pairing) error {
		row.Status, row.CheckinCadenceDays, row.Focus, row.EndedOn, row.EndReason, row.UpdatedAt =
			x.Status, x.CheckinCadenceDays, x.Focus, x.EndedOn, x.EndReason, x.UpdatedAt
		if openClash(st, *row) {
			return errConflict("pairings_one_open (%d, %d)", row.MentorID, row.MenteeID)
		}
		return nil
	}, "update pairing %d", x.ID)
}

func (p pairings) PairingByID(_ context.Context, id int64) (domain.Pairing, error) {
	return lookup(p.conn, func(st *state) map[int64]domain.Pairing { return st.pairings }, id, withNames, "pairing %d", id)
}

// PairingRecord joins the programme and the action items, as storage's
// one query does.
func (p pairings) PairingRecord(ctx context.Context, id int64) (domain.PairingRecord, error) {
	pa, err := p.PairingByID(ctx, id)
	if err != nil {
		return domain.PairingRecord{}, err
	}
	st, unlock := p.lock()
	defer unlock()
	return domain.PairingRecord{Pairing: pa, Programme: st.programmes[pa.ProgrammeID],
		Actions: listActions(st, domain.ActionFilter{PairingID: id, Limit: domain.OverviewActionLimit})}, nil
}

func (p pairings) ListPairings(_ context.Context, f domain.PairingFilter) ([]domain.Pairing, error) {
	return selectPage(p.conn, func(st *state) map[int64]domain.Pairing { return st.pairings }, func(_ *state, x domain.Pairing) bool {
		return (f.ProgrammeID == 0 || x.ProgrammeID == f.ProgrammeID) && (f.PersonID == 0 || x.HasParticipant(f.PersonID)) &&
			(f.WithID == 0 || x.HasParticipant(f.WithID)) &&
			(f.MentorID == 0 || x.MentorID == f.MentorID) && (f.MenteeID == 0 || x.MenteeID == f.MenteeID) &&
			in(f.Statuses, x.Status)
	}, func(x domain.Pairing) int64 { return x.ID }, f.After, f.Before, f.Limit, withNames), nil
}

func (p pairings) LockPairing(_ context.Context, id int64) error {
	st, unlock := p.lock()
	defer unlock()
	if _, ok := st.pairings[id]; !ok {
		return errNotFound("lock pairing %d", id)
	}
	return nil
}

func (p pairings) SetPairingLastCheckin(_ context.Context, id int64, at time.Time) error {
	st, unlock := p.lock()
	defer unlock()
	x, ok := st.pairings[id]
	if !ok {
		return errNotFound("last check-in of pairing %d", id)
	}
	x.LastCheckinAt = &at
	st.pairings[id] = x
	return nil
}

// mentorPairings counts the mentor's pairings in any of the statuses.
func mentorPairings(st *state, mentorID int64, statuses []domain.PairingStatus) int {
	n := 0
	for _, x := range st.pairings {
		if x.MentorID == mentorID && slices.Contains(statuses, x.Status) {
			n++
		}
	}
	return n
}

func (p pairings) CountMentorPairings(_ context.Context, mentorIDs []int64, statuses []domain.PairingStatus) (map[int64]int, error) {
	st, unlock := p.lock()
	defer unlock()
	out := map[int64]int{}
	for _, id := range mentorIDs {
		if n := mentorPairings(st, id, statuses); n > 0 {
			out[id] = n
		}
	}
	return out, nil
}

func (p pairings) PairsAmong(_ context.Context, ids []int64, statuses []domain.PairingStatus) (map[[2]int64]bool, error) {
	st, unlock := p.lock()
	defer unlock()
	want := map[int64]bool{}
	for _, id := range ids {
		want[id] = true
	}
	out := map[[2]int64]bool{}
	for _, x := range st.pairings {
		if slices.Contains(statuses, x.Status) && (want[x.MentorID] || want[x.MenteeID]) {
			out[domain.PairKey(x.MentorID, x.MenteeID)] = true
		}
	}
	return out, nil
}

// CreatePairings inserts all or none: storage's batch is one statement per
// chunk inside the caller's transaction.
func (p pairings) CreatePairings(_ context.Context, xs []*domain.Pairing) error {
	st, unlock := p.lock()
	defer unlock()
	trial := st.clone()
	for _, x := range xs {
		if err := insertPairing(trial, x); err != nil {
			return err
		}
	}
	*st = *trial
	return nil
}

func (p pairings) MentorCandidates(_ context.Context, mentee domain.Person, open []domain.PairingStatus) ([]domain.MentorCandidate, error) {
	st, unlock := p.lock()
	defer unlock()
	paired := map[int64]bool{}
	for _, x := range st.pairings {
		if slices.Contains(open, x.Status) && x.MenteeID == mentee.ID {
			paired[x.MentorID] = true
		}
		if slices.Contains(open, x.Status) && x.MentorID == mentee.ID {
			paired[x.MenteeID] = true
		}
	}
	out := []domain.MentorCandidate{}
	for _, x := range sortedValues(st.people) {
		if !x.Active || x.External || x.Seniority <= mentee.Seniority || x.ID == mentee.ID || paired[x.ID] {
			continue
		}
		out = append(out, domain.MentorCandidate{Person: x, OpenMentees: mentorPairings(st, x.ID, open)})
	}
	return out, nil
}

type engagements struct{ conn }

// readEngagement is the row as storage reads it: the people's names joined
// and the completed sessions counted.
func readEngagement(st *state, e domain.Engagement) domain.Engagement {
	e.Coach = domain.PersonRef{ID: e.CoachID, Name: st.people[e.CoachID].Name, Timezone: st.people[e.CoachID].Timezone}
	e.Coachee = domain.PersonRef{ID: e.CoacheeID, Name: st.people[e.CoacheeID].Name, Timezone: st.people[e.CoacheeID].Timezone}
	e.SessionsCompleted = 0
	for _, m := range st.meetings {
		if m.EngagementID != nil && *m.EngagementID == e.ID && m.Status == domain.StatusCompleted {
			e.SessionsCompleted++
		}
	}
	e.DeadlineStatus = ""
	return e
}

// progressMode is the mode stored: none given is by hand, as storage's
// default.
func progressMode(m domain.ProgressMode) domain.ProgressMode {
	if m == "" {
		return domain.ProgressManual
	}
	return m
}

func insertEngagement(st *state, e *domain.Engagement) {
	e.ID = st.id()
	row := *e
	row.ProgressMode = progressMode(e.ProgressMode)
	row.Coach, row.Coachee, row.SessionsCompleted, row.DeadlineStatus = domain.PersonRef{}, domain.PersonRef{}, 0, ""
	st.engagements[e.ID] = row
}

func (g engagements) CreateEngagement(_ context.Context, e *domain.Engagement) error {
	st, unlock := g.lock()
	defer unlock()
	insertEngagement(st, e)
	return nil
}

// UpdateEngagement writes the mutable fields only, as storage does.
func (g engagements) UpdateEngagement(_ context.Context, e *domain.Engagement) error {
	return change(g.conn, func(st *state) map[int64]domain.Engagement { return st.engagements }, e.ID, func(_ *state, row *domain.Engagement) error {
		row.Goal, row.StartsOn, row.EndsOn, row.PlannedSessions, row.ProgressPercent = e.Goal, e.StartsOn, e.EndsOn, e.PlannedSessions, e.ProgressPercent
		row.Status, row.Outcome, row.OutcomeSummary, row.CancelReason = e.Status, e.Outcome, e.OutcomeSummary, e.CancelReason
		row.ClosedAt, row.UpdatedAt, row.ProgressMode = e.ClosedAt, e.UpdatedAt, progressMode(e.ProgressMode)
		return nil
	}, "update engagement %d", e.ID)
}

func (g engagements) EngagementByID(_ context.Context, id int64) (domain.Engagement, error) {
	return lookup(g.conn, func(st *state) map[int64]domain.Engagement { return st.engagements }, id, readEngagement, "engagement %d", id)
}

func (g engagements) ListEngagements(_ context.Context, f domain.EngagementFilter) ([]domain.Engagement, error) {
	return selectPage(g.conn, func(st *state) map[int64]domain.Engagement { return st.engagements }, func(_ *state, e domain.Engagement) bool {
		return (f.ProgrammeID == 0 || e.ProgrammeID == f.ProgrammeID) && (f.PersonID == 0 || e.HasParticipant(f.PersonID)) &&
			(f.WithID == 0 || e.HasParticipant(f.WithID)) && in(f.Statuses, e.Status)
	}, func(e domain.Engagement) int64 { return e.ID }, f.After, f.Before, f.Limit, readEngagement), nil
}

func (g engagements) CountCoachEngagements(_ context.Context, coachIDs []int64, statuses []domain.EngagementStatus) (map[int64]int, error) {
	st, unlock := g.lock()
	defer unlock()
	out := map[int64]int{}
	for _, id := range coachIDs {
		for _, e := range st.engagements {
			if e.CoachID == id && slices.Contains(statuses, e.Status) {
				out[id]++
			}
		}
	}
	return out, nil
}

func (g engagements) AddEngagementProgress(_ context.Context, p *domain.ProgressEntry) error {
	st, unlock := g.lock()
	defer unlock()
	if _, ok := st.engagements[p.EngagementID]; !ok {
		return errNotFound("progress of engagement %d", p.EngagementID)
	}
	p.ID = st.id()
	row := *p
	row.AuthorName = ""
	st.progress = append(st.progress, row)
	return nil
}

// ListEngagementProgress lists oldest first (by time, then id), with the
// author's name joined.
func (g engagements) ListEngagementProgress(_ context.Context, engagementID int64) ([]domain.ProgressEntry, error) {
	st, unlock := g.lock()
	defer unlock()
	out := filter(st.progress, func(p domain.ProgressEntry) bool { return p.EngagementID == engagementID })
	sortStable(out, func(a, b domain.ProgressEntry) bool { return a.At.Before(b.At) || (a.At.Equal(b.At) && a.ID < b.ID) })
	for i := range out {
		out[i].AuthorName = st.people[out[i].AuthorID].Name
	}
	return out, nil
}

func (g engagements) PeopleShareEngagement(_ context.Context, a, b int64) (bool, error) {
	st, unlock := g.lock()
	defer unlock()
	for _, e := range st.engagements {
		if (e.CoachID == a && e.CoacheeID == b) || (e.CoachID == b && e.CoacheeID == a) {
			return true, nil
		}
	}
	return false, nil
}

func (g engagements) CreateEngagements(_ context.Context, es []*domain.Engagement) error {
	st, unlock := g.lock()
	defer unlock()
	for _, e := range es {
		insertEngagement(st, e)
	}
	return nil
}

// EngagementRecord joins the programme, the progress history, oldest
// first, and the action items, as storage's one query does.
func (g engagements) EngagementRecord(_ context.Context, id int64) (domain.EngagementRecord, error) {
	st, unlock := g.lock()
	defer unlock()
	e, ok := st.engagements[id]
	if !ok {
		return domain.EngagementRecord{}, errNotFound("engagement record %d", id)
	}
	progress := filter(st.progress, func(p domain.ProgressEntry) bool { return p.EngagementID == id })
	sortStable(progress, func(a, b domain.ProgressEntry) bool { return a.At.Before(b.At) || (a.At.Equal(b.At) && a.ID < b.ID) })
	for i := range progress {
		progress[i].AuthorName = st.people[progress[i].AuthorID].Name
	}
	if progress == nil {
		progress = []domain.ProgressEntry{}
	}
	return domain.EngagementRecord{Engagement: readEngagement(st, e), Programme: st.programmes[e.ProgrammeID], Progress: progress,
		Actions:    listActions(st, domain.ActionFilter{EngagementID: id, Limit: domain.OverviewActionLimit}),
		Milestones: listMilestones(st, id), Extensions: listExtensions(st, id)}, nil
}
