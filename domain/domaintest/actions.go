package domaintest

import (
	"cmp"
	"context"
	"slices"
	"time"

	"cairn/domain"
)

type actions struct{ conn }

// withActionNames fills in the owner's and the relationship's people as
// storage's joins do.
func withActionNames(st *state, x domain.ActionItem) domain.ActionItem {
	x.Owner = domain.PersonRef{ID: x.OwnerID, Name: st.people[x.OwnerID].Name}
	var leader, learner int64
	if x.EngagementID != 0 {
		e := st.engagements[x.EngagementID]
		leader, learner = e.CoachID, e.CoacheeID
	} else {
		p := st.pairings[x.PairingID]
		leader, learner = p.MentorID, p.MenteeID
	}
	x.Leader = domain.PersonRef{ID: leader, Name: st.people[leader].Name}
	x.Learner = domain.PersonRef{ID: learner, Name: st.people[learner].Name}
	return x
}

func (x actions) CreateActionItem(_ context.Context, a *domain.ActionItem) error {
	st, unlock := x.lock()
	defer unlock()
	if _, ok := st.people[a.OwnerID]; !ok {
		return errConflict("owner %d does not exist", a.OwnerID)
	}
	a.ID = st.id()
	row := *a
	row.Owner, row.Leader, row.Learner = domain.PersonRef{}, domain.PersonRef{}, domain.PersonRef{}
	st.actions[a.ID] = row
	return nil
}

func (x actions) UpdateActionItem(_ context.Context, a *domain.ActionItem) error {
	st, unlock := x.lock()
	defer unlock()
	old, ok := st.actions[a.ID]
	if !ok {
		return errNotFound("action item %d", a.ID)
	}
	old.Title, old.Detail, old.OwnerID, old.DueOn, old.DoneAt = a.Title, a.Detail, a.OwnerID, a.DueOn, a.DoneAt
	old.RemindedAt, old.UpdatedAt = a.RemindedAt, a.UpdatedAt
	st.actions[a.ID] = old
	return nil
}

func (x actions) DeleteActionItem(_ context.Context, id int64) error {
	st, unlock := x.lock()
	defer unlock()
	if _, ok := st.actions[id]; !ok {
		return errNotFound("action item %d", id)
	}
	delete(st.actions, id)
	return nil
}

func (x actions) ActionItemByID(_ context.Context, id int64) (domain.ActionItem, error) {
	st, unlock := x.lock()
	defer unlock()
	a, ok := st.actions[id]
	if !ok {
		return domain.ActionItem{}, errNotFound("action item %d", id)
	}
	return withActionNames(st, a), nil
}

func (x actions) ListActionItems(_ context.Context, f domain.ActionFilter) ([]domain.ActionItem, error) {
	st, unlock := x.lock()
	defer unlock()
	return listActions(st, f), nil
}

// listActions is ListActionItems under the lock, for the page records too.
func listActions(st *state, f domain.ActionFilter) []domain.ActionItem {
	out := []domain.ActionItem{}
	for _, a := range sortedValues(st.actions) {
		a = withActionNames(st, a)
		switch {
		case f.PairingID != 0 && a.PairingID != f.PairingID,
			f.EngagementID != 0 && a.EngagementID != f.EngagementID,
			f.PersonID != 0 && a.Leader.ID != f.PersonID && a.Learner.ID != f.PersonID,
			f.OwnerID != 0 && a.OwnerID != f.OwnerID,
			f.OpenOnly && a.DoneAt != nil,
			!f.DueBy.IsZero() && a.DueOn.After(f.DueBy):
			continue
		}
		out = append(out, a)
	}
	slices.SortStableFunc(out, func(a, b domain.ActionItem) int {
		if c := cmp.Compare(boolRank(a.DoneAt != nil), boolRank(b.DoneAt != nil)); c != 0 {
			return c
		}
		if c := cmp.Compare(a.DueOn.String(), b.DueOn.String()); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return limit(out, f.Limit)
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (x actions) DueActionItems(_ context.Context, by domain.Date, n int) ([]domain.ActionItem, error) {
	st, unlock := x.lock()
	defer unlock()
	out := []domain.ActionItem{}
	for _, a := range sortedValues(st.actions) {
		if a.DoneAt == nil && a.RemindedAt == nil && !a.DueOn.After(by) {
			out = append(out, withActionNames(st, a))
		}
	}
	sortStable(out, func(a, b domain.ActionItem) bool { return a.DueOn.Before(b.DueOn) })
	return limit(out, n), nil
}

func (x actions) ClaimActionReminder(_ context.Context, id int64, at time.Time) (bool, error) {
	st, unlock := x.lock()
	defer unlock()
	a, ok := st.actions[id]
	if !ok || a.RemindedAt != nil {
		return false, nil
	}
	a.RemindedAt = &at
	st.actions[id] = a
	return true, nil
}

func (x actions) OverdueActionCounts(_ context.Context, subject string, ids []int64, today domain.Date) (map[int64]int, error) {
	st, unlock := x.lock()
	defer unlock()
	out := map[int64]int{}
	for _, a := range st.actions {
		if a.DoneAt != nil || !a.DueOn.Before(today) || a.SubjectType() != subject {
			continue
		}
		if ids != nil && !slices.Contains(ids, a.SubjectID()) {
			continue
		}
		out[a.SubjectID()]++
	}
	return out, nil
}
