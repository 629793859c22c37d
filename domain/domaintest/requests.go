package domaintest

import (
	"context"
	"slices"

	"cairn/domain"
)

type requests struct{ conn }

type memberKey struct {
	programme, person int64
	role              domain.MemberRole
}

func (r requests) JoinProgramme(_ context.Context, m domain.ProgrammeMember) error {
	st, unlock := r.lock()
	defer unlock()
	k := memberKey{m.ProgrammeID, m.PersonID, m.Role}
	if old, ok := st.members[k]; ok {
		m.JoinedAt = old.JoinedAt
	}
	st.members[k] = m
	return nil
}

func (r requests) LeaveProgramme(_ context.Context, programmeID, personID int64, role domain.MemberRole) error {
	st, unlock := r.lock()
	defer unlock()
	k := memberKey{programmeID, personID, role}
	if _, ok := st.members[k]; !ok {
		return errNotFound("sign-up of %d to %d", personID, programmeID)
	}
	delete(st.members, k)
	return nil
}

func (r requests) members(keep func(domain.ProgrammeMember) bool, order func(domain.ProgrammeMember) int64) []domain.ProgrammeMember {
	st, unlock := r.lock()
	defer unlock()
	out := []domain.ProgrammeMember{}
	for _, m := range st.members {
		if keep(m) {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(x, y domain.ProgrammeMember) int {
		if d := order(x) - order(y); d != 0 {
			return int(d)
		}
		return len(x.Role) - len(y.Role)
	})
	return out
}

func (r requests) ProgrammeMembers(_ context.Context, programmeID int64, role domain.MemberRole) ([]domain.ProgrammeMember, error) {
	return r.members(func(m domain.ProgrammeMember) bool { return m.ProgrammeID == programmeID && m.Role == role },
		func(m domain.ProgrammeMember) int64 { return m.PersonID }), nil
}

func (r requests) MembershipsOf(_ context.Context, personID int64) ([]domain.ProgrammeMember, error) {
	return r.members(func(m domain.ProgrammeMember) bool { return m.PersonID == personID },
		func(m domain.ProgrammeMember) int64 { return m.ProgrammeID }), nil
}

// holdsSlot is the mentor_requests_one_open index's condition.
func holdsSlot(x domain.MentorRequest) bool {
	return x.State == domain.RequestOpen || (x.State == domain.RequestAccepted && x.PairingID == nil)
}

func (r requests) CreateRequest(_ context.Context, x *domain.MentorRequest) error {
	st, unlock := r.lock()
	defer unlock()
	for _, o := range st.requests {
		if holdsSlot(o) && o.ProgrammeID == x.ProgrammeID && o.MenteeID == x.MenteeID {
			return errConflict("open request of %d in %d", x.MenteeID, x.ProgrammeID)
		}
	}
	x.ID = st.id()
	row := *x
	row.Programme, row.Mentor, row.Mentee = domain.PersonRef{}, domain.PersonRef{}, domain.PersonRef{}
	st.requests[x.ID] = row
	return nil
}

func (r requests) SetRequestState(_ context.Context, x domain.MentorRequest, from domain.RequestState) (bool, error) {
	st, unlock := r.lock()
	defer unlock()
	old, ok := st.requests[x.ID]
	if !ok || old.State != from {
		return false, nil
	}
	old.State, old.Reason, old.PairingID, old.DecidedBy, old.UpdatedAt = x.State, x.Reason, x.PairingID, x.DecidedBy, x.UpdatedAt
	if holdsSlot(old) {
		for _, o := range st.requests {
			if o.ID != old.ID && holdsSlot(o) && o.ProgrammeID == old.ProgrammeID && o.MenteeID == old.MenteeID {
				return false, errConflict("open request of %d in %d", old.MenteeID, old.ProgrammeID)
			}
		}
	}
	st.requests[x.ID] = old
	return true, nil
}

// withRequestNames fills in the names as storage's joins do.
func withRequestNames(st *state, x domain.MentorRequest) domain.MentorRequest {
	x.Programme = domain.PersonRef{ID: x.ProgrammeID, Name: st.programmes[x.ProgrammeID].Name}
	x.Mentor = domain.PersonRef{ID: x.MentorID, Name: st.people[x.MentorID].Name}
	x.Mentee = domain.PersonRef{ID: x.MenteeID, Name: st.people[x.MenteeID].Name}
	return x
}

func (r requests) RequestByID(_ context.Context, id int64) (domain.MentorRequest, error) {
	return lookup(r.conn, func(st *state) map[int64]domain.MentorRequest { return st.requests }, id, withRequestNames, "request %d", id)
}

func (r requests) ListRequests(_ context.Context, f domain.RequestFilter) ([]domain.MentorRequest, error) {
	st, unlock := r.lock()
	defer unlock()
	rows := sortedValues(st.requests)
	slices.Reverse(rows)
	out := filter(rows, func(x domain.MentorRequest) bool {
		switch {
		case f.PersonID != 0 && x.MenteeID != f.PersonID && x.MentorID != f.PersonID,
			f.ProgrammeID != 0 && x.ProgrammeID != f.ProgrammeID,
			f.MenteeID != 0 && x.MenteeID != f.MenteeID,
			len(f.States) > 0 && !slices.Contains(f.States, x.State),
			f.AwaitingApproval && !(x.State == domain.RequestAccepted && x.PairingID == nil),
			!f.LapsedBy.IsZero() && (x.State != domain.RequestOpen || x.ExpiresAt.After(f.LapsedBy)):
			return false
		}
		return true
	})
	out = limit(out, f.Limit)
	for i := range out {
		out[i] = withRequestNames(st, out[i])
	}
	return out, nil
}
