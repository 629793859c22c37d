package domaintest

import (
	"context"
	"slices"

	"cairn/domain"
)

// The milestones and the extension proposals of engagements.

type milestones struct{ conn }

func (x milestones) CreateMilestone(_ context.Context, m *domain.Milestone) error {
	st, unlock := x.lock()
	defer unlock()
	if _, ok := st.engagements[m.EngagementID]; !ok {
		return errConflict("engagement %d does not exist", m.EngagementID)
	}
	m.ID = st.id()
	row := *m
	row.Overdue, row.Can = false, domain.MilestoneAbilities{}
	st.milestones[m.ID] = row
	return nil
}

func (x milestones) UpdateMilestone(_ context.Context, m *domain.Milestone) error {
	return change(x.conn, func(st *state) map[int64]domain.Milestone { return st.milestones }, m.ID, func(_ *state, row *domain.Milestone) error {
		row.Title, row.TargetOn, row.DoneOn, row.UpdatedAt = m.Title, m.TargetOn, m.DoneOn, m.UpdatedAt
		return nil
	}, "milestone %d", m.ID)
}

func (x milestones) DeleteMilestone(_ context.Context, id int64) error {
	st, unlock := x.lock()
	defer unlock()
	if _, ok := st.milestones[id]; !ok {
		return errNotFound("milestone %d", id)
	}
	delete(st.milestones, id)
	return nil
}

func (x milestones) MilestoneByID(_ context.Context, id int64) (domain.Milestone, error) {
	st, unlock := x.lock()
	defer unlock()
	m, ok := st.milestones[id]
	if !ok {
		return domain.Milestone{}, errNotFound("milestone %d", id)
	}
	return m, nil
}

func (x milestones) ListMilestones(_ context.Context, engagementID int64) ([]domain.Milestone, error) {
	st, unlock := x.lock()
	defer unlock()
	return listMilestones(st, engagementID), nil
}

// listMilestones is ListMilestones under the lock, for the page record too.
func listMilestones(st *state, engagementID int64) []domain.Milestone {
	out := filter(sortedValues(st.milestones), func(m domain.Milestone) bool { return m.EngagementID == engagementID })
	sortStable(out, func(a, b domain.Milestone) bool { return a.TargetOn.Before(b.TargetOn) })
	if out == nil {
		out = []domain.Milestone{}
	}
	return out
}

func (x milestones) OverdueMilestoneCounts(_ context.Context, ids []int64, today domain.Date) (map[int64]int, error) {
	st, unlock := x.lock()
	defer unlock()
	out := map[int64]int{}
	for _, m := range st.milestones {
		if m.DoneOn != nil || !m.TargetOn.Before(today) || (ids != nil && !slices.Contains(ids, m.EngagementID)) {
			continue
		}
		out[m.EngagementID]++
	}
	return out, nil
}

type extensions struct{ conn }

// withExtensionNames fills in the people's names as storage's joins do.
func withExtensionNames(st *state, x domain.Extension) domain.Extension {
	p := st.people[x.ProposedBy.ID]
	x.ProposedBy = domain.PersonRef{ID: p.ID, Name: p.Name, Timezone: p.Timezone}
	if x.DecidedBy != nil {
		d := st.people[x.DecidedBy.ID]
		x.DecidedBy = &domain.PersonRef{ID: d.ID, Name: d.Name, Timezone: d.Timezone}
	}
	return x
}

func (x extensions) CreateExtension(_ context.Context, e *domain.Extension) error {
	st, unlock := x.lock()
	defer unlock()
	if _, ok := st.engagements[e.EngagementID]; !ok {
		return errConflict("engagement %d does not exist", e.EngagementID)
	}
	for _, o := range st.extensions {
		if o.EngagementID == e.EngagementID && o.State == domain.ExtensionOpen {
			return errConflict("engagement %d has an open extension", e.EngagementID)
		}
	}
	e.ID = st.id()
	row := *e
	row.Can, row.ReasonsHidden = domain.ExtensionAbilities{}, false
	st.extensions[e.ID] = row
	return nil
}

func (x extensions) DecideExtension(_ context.Context, e *domain.Extension) error {
	return change(x.conn, func(st *state) map[int64]domain.Extension { return st.extensions }, e.ID, func(_ *state, row *domain.Extension) error {
		if row.State != domain.ExtensionOpen {
			return errConflict("extension %d is %s", e.ID, row.State)
		}
		row.State, row.DecidedBy, row.DecidedAt, row.DeclineReason = e.State, e.DecidedBy, e.DecidedAt, e.DeclineReason
		return nil
	}, "extension %d", e.ID)
}

func (x extensions) ExtensionByID(_ context.Context, id int64) (domain.Extension, error) {
	st, unlock := x.lock()
	defer unlock()
	e, ok := st.extensions[id]
	if !ok {
		return domain.Extension{}, errNotFound("extension %d", id)
	}
	return withExtensionNames(st, e), nil
}

func (x extensions) ListExtensions(_ context.Context, engagementID int64) ([]domain.Extension, error) {
	st, unlock := x.lock()
	defer unlock()
	return listExtensions(st, engagementID), nil
}

// listExtensions is ListExtensions under the lock, for the page record too.
func listExtensions(st *state, engagementID int64) []domain.Extension {
	out := []domain.Extension{}
	for _, e := range sortedValues(st.extensions) {
		if e.EngagementID == engagementID {
			out = append(out, withExtensionNames(st, e))
		}
	}
	return out
}
