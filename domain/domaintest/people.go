package domaintest

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"cairn/domain"
)

type people struct{ conn }

func (p people) emailTaken(st *state, email string, except int64) bool {
	for _, x := range st.people {
		if x.Email == email && x.ID != except {
			return true
		}
	}
	return false
}

func (p people) CreatePerson(_ context.Context, x *domain.Person) error {
	st, unlock := p.lock()
	defer unlock()
	if p.emailTaken(st, x.Email, 0) {
		return errConflict("person %q", x.Email)
	}
	x.ID = st.id()
	st.people[x.ID] = *x
	return nil
}

func (p people) UpdatePerson(_ context.Context, x *domain.Person) error {
	return change(p.conn, func(st *state) map[int64]domain.Person { return st.people }, x.ID, func(st *state, row *domain.Person) error {
		if p.emailTaken(st, x.Email, x.ID) {
			return errConflict("person %q", x.Email)
		}
		created := row.CreatedAt
		*row = *x
		row.CreatedAt = created
		return nil
	}, "update person %d", x.ID)
}

func (p people) PersonByID(_ context.Context, id int64) (domain.Person, error) {
	return lookup(p.conn, func(st *state) map[int64]domain.Person { return st.people }, id, nil, "person %d", id)
}

func (p people) PeopleByIDs(_ context.Context, ids []int64) (map[int64]domain.Person, error) {
	return lookupMany(p.conn, func(st *state) map[int64]domain.Person { return st.people }, ids), nil
}

func (p people) PersonByEmail(_ context.Context, email string) (domain.Person, error) {
	st, unlock := p.lock()
	defer unlock()
	for _, x := range st.people {
		if x.Email == email {
			return x, nil
		}
	}
	return domain.Person{}, errNotFound("person by email")
}

// circle is the people an external person may see: themselves and those
// they share an engagement with, in either role.
func circle(st *state, id int64) map[int64]bool {
	out := map[int64]bool{id: true}
	for _, e := range st.engagements {
		if e.CoachID == id {
			out[e.CoacheeID] = true
		}
		if e.CoacheeID == id {
			out[e.CoachID] = true
		}
	}
	return out
}

func (p people) ListPeople(_ context.Context, f domain.PeopleFilter) ([]domain.Person, error) {
	st, unlock := p.lock()
	defer unlock()
	q := strings.ToLower(f.Query)
	var seen map[int64]bool
	if f.EngagementCircleOf != 0 {
		seen = circle(st, f.EngagementCircleOf)
	}
	out := filter(sortedValues(st.people), func(x domain.Person) bool {
		return (q == "" || strings.Contains(strings.ToLower(x.Name), q) || strings.Contains(strings.ToLower(x.Email), q) ||
			strings.Contains(strings.ToLower(x.Department), q)) &&
			(!f.ActiveOnly || x.Active) && (seen == nil || seen[x.ID]) && x.ID > f.After
	})
	return limit(out, f.Limit), nil
}

func (p people) CountActiveAdmins(ctx context.Context) (int, error) {
	admins, err := p.ActiveAdmins(ctx)
	return len(admins), err
}

func (p people) ActiveAdmins(context.Context) ([]domain.Person, error) {
	st, unlock := p.lock()
	defer unlock()
	return filter(sortedValues(st.people), func(x domain.Person) bool { return x.Role == domain.RoleAdmin && x.Active }), nil
}

// LockPeople has nothing to do: a transaction holds the whole state.
func (p people) LockPeople(context.Context, ...int64) error { return nil }

// LockActiveAdmins has nothing to do: a transaction holds the whole state.
func (p people) LockActiveAdmins(context.Context, ...int64) error { return nil }

func (p people) ExistingEmails(_ context.Context, emails []string) (map[string]bool, error) {
	st, unlock := p.lock()
	defer unlock()
	out := map[string]bool{}
	for _, x := range st.people {
		if slices.Contains(emails, x.Email) {
			out[x.Email] = true
		}
	}
	return out, nil
}

func (p people) CreatePeople(_ context.Context, xs []*domain.Person) error {
	st, unlock := p.lock()
	defer unlock()
	for i, x := range xs {
		if p.emailTaken(st, x.Email, 0) || slices.ContainsFunc(xs[:i], func(y *domain.Person) bool { return y.Email == x.Email }) {
			return errConflict("person %q", x.Email)
		}
	}
	for _, x := range xs {
		x.ID = st.id()
		st.people[x.ID] = *x
	}
	return nil
}

func (p people) PeopleByEmails(_ context.Context, emails []string) (map[string]domain.Person, error) {
	st, unlock := p.lock()
	defer unlock()
	out := map[string]domain.Person{}
	for _, x := range st.people {
		if slices.Contains(emails, x.Email) {
			out[x.Email] = x
		}
	}
	return out, nil
}

type access struct{ conn }

func (a access) CreateSession(_ context.Context, s domain.Session) error {
	st, unlock := a.lock()
	defer unlock()
	if _, ok := st.sessions[string(s.Hash)]; ok {
		return errConflict("session")
	}
	st.sessions[string(s.Hash)] = s
	return nil
}

func (a access) SessionByHash(_ context.Context, hash []byte) (domain.Session, error) {
	return lookup(a.conn, func(st *state) map[string]domain.Session { return st.sessions }, string(hash), nil, "session")
}

func (a access) DeleteSession(_ context.Context, hash []byte) error {
	st, unlock := a.lock()
	defer unlock()
	delete(st.sessions, string(hash))
	return nil
}

func (a access) DeleteSessionsOf(_ context.Context, personID int64) error {
	st, unlock := a.lock()
	defer unlock()
	for k, s := range st.sessions {
		if s.PersonID == personID {
			delete(st.sessions, k)
		}
	}
	return nil
}

func (a access) DeleteExpiredSessions(_ context.Context, now time.Time) (int64, error) {
	st, unlock := a.lock()
	defer unlock()
	var n int64
	for k, s := range st.sessions {
		if !s.ExpiresAt.After(now) {
			delete(st.sessions, k)
			n++
		}
	}
	return n, nil
}

func (a access) DeleteSessionsExcept(_ context.Context, personID int64, keep []byte) error {
	st, unlock := a.lock()
	defer unlock()
	for k, s := range st.sessions {
		if s.PersonID == personID && k != string(keep) {
			delete(st.sessions, k)
		}
	}
	return nil
}

func (a access) CreateAPIToken(_ context.Context, t *domain.APIToken) error {
	st, unlock := a.lock()
	defer unlock()
	for _, x := range st.tokens {
		if string(x.Hash) == string(t.Hash) {
			return errConflict("token")
		}
	}
	t.ID = st.id()
	st.tokens[t.ID] = *t
	return nil
}

func (a access) APITokenByHash(_ context.Context, hash []byte) (domain.APIToken, error) {
	st, unlock := a.lock()
	defer unlock()
	for _, x := range st.tokens {
		if string(x.Hash) == string(hash) {
			return x, nil
		}
	}
	return domain.APIToken{}, errNotFound("token")
}

func (a access) RevokeAPIToken(_ context.Context, id int64, at time.Time) error {
	st, unlock := a.lock()
	defer unlock()
	t, ok := st.tokens[id]
	if !ok || t.RevokedAt != nil {
		return errNotFound("revoke token %d", id)
	}
	t.RevokedAt = &at
	st.tokens[id] = t
	return nil
}

func (a access) RevokeAPITokensOf(_ context.Context, personID, keep int64, at time.Time) error {
	st, unlock := a.lock()
	defer unlock()
	for id, t := range st.tokens {
		if t.PersonID == personID && id != keep && t.RevokedAt == nil {
			t.RevokedAt = &at
			st.tokens[id] = t
		}
	}
	return nil
}

func (a access) APITokensOf(_ context.Context, personID int64) ([]domain.APIToken, error) {
	st, unlock := a.lock()
	defer unlock()
	out := filter(sortedValues(st.tokens), func(t domain.APIToken) bool { return t.PersonID == personID })
	slices.Reverse(out)
	return out, nil
}

func (a access) ReplacePasswordLinks(_ context.Context, l domain.PasswordLink) error {
	st, unlock := a.lock()
	defer unlock()
	for k, x := range st.passwordLinks {
		if x.PersonID == l.PersonID && x.UsedAt == nil {
			x.UsedAt = ptr(l.CreatedAt)
			st.passwordLinks[k] = x
		}
	}
	if _, ok := st.passwordLinks[string(l.Hash)]; ok {
		return errConflict("password link")
	}
	st.passwordLinks[string(l.Hash)] = l
	return nil
}

func (a access) PasswordLinkByHash(_ context.Context, hash []byte) (domain.PasswordLink, error) {
	return lookup(a.conn, func(st *state) map[string]domain.PasswordLink { return st.passwordLinks }, string(hash), nil, "password link")
}

func (a access) UsePasswordLink(_ context.Context, hash []byte, at time.Time) error {
	return change(a.conn, func(st *state) map[string]domain.PasswordLink { return st.passwordLinks }, string(hash),
		func(_ *state, l *domain.PasswordLink) error { return useLink(&l.UsedAt, at) }, "use password link")
}

// useLink marks a link used at, once: a used link is refused.
func useLink(usedAt **time.Time, at time.Time) error {
	if *usedAt != nil {
		return errRefused
	}
	*usedAt = &at
	return nil
}

func (a access) CreateActionLinks(_ context.Context, ls []domain.ActionLink) error {
	st, unlock := a.lock()
	defer unlock()
	for _, l := range ls {
		if _, ok := st.actionLinks[string(l.Hash)]; ok {
			return errConflict("meeting link")
		}
	}
	for _, l := range ls {
		st.actionLinks[string(l.Hash)] = l
	}
	return nil
}

func (a access) ActionLinkByHash(_ context.Context, hash []byte) (domain.ActionLink, error) {
	return lookup(a.conn, func(st *state) map[string]domain.ActionLink { return st.actionLinks }, string(hash), nil, "meeting link")
}

func (a access) SetActionLinkUsed(_ context.Context, hash []byte, at time.Time) error {
	return change(a.conn, func(st *state) map[string]domain.ActionLink { return st.actionLinks }, string(hash),
		func(_ *state, l *domain.ActionLink) error { return useLink(&l.UsedAt, at) }, "use meeting link")
}

func (a access) SetActionLinkUnused(_ context.Context, hash []byte) error {
	st, unlock := a.lock()
	defer unlock()
	if l, ok := st.actionLinks[string(hash)]; ok {
		l.UsedAt = nil
		st.actionLinks[string(hash)] = l
	}
	return nil
}

// AppSecret makes the key from a counter rather than at random: tests
// need it stable and distinct per name, not secret.
func (a access) AppSecret(_ context.Context, name string) ([]byte, error) {
	st, unlock := a.lock()
	defer unlock()
	if v, ok := st.secrets[name]; ok {
		return v, nil
	}
	v := []byte("domaintest secret " + name)
	st.secrets[name] = v
	return v, nil
}

func (a access) CalendarFeedOf(_ context.Context, personID int64) (domain.CalendarFeed, error) {
	return lookup(a.conn, func(st *state) map[int64]domain.CalendarFeed { return st.feeds }, personID, nil, "calendar feed of %d", personID)
}

func (a access) SetCalendarFeed(_ context.Context, f domain.CalendarFeed) error {
	st, unlock := a.lock()
	defer unlock()
	for id, x := range st.feeds {
		if id != f.PersonID && string(x.TokenHash) == string(f.TokenHash) {
			return errConflict("calendar feed token")
		}
	}
	st.feeds[f.PersonID] = f
	return nil
}

func (a access) PersonByFeedHash(_ context.Context, hash []byte) (int64, error) {
	st, unlock := a.lock()
	defer unlock()
	for id, f := range st.feeds {
		if string(f.TokenHash) == string(hash) {
			return id, nil
		}
	}
	return 0, errNotFound("calendar feed by token")
}

type audit struct{ conn }

func (a audit) InsertAudit(ctx context.Context, e domain.AuditEntry) error {
	return a.InsertAudits(ctx, []domain.AuditEntry{e})
}

// InsertAudits stores the changes as storage does, through JSON, so what
// is read back has the types a database hands back.
func (a audit) InsertAudits(_ context.Context, entries []domain.AuditEntry) error {
	st, unlock := a.lock()
	defer unlock()
	for _, e := range entries {
		e.ID = st.id()
		raw := e.ChangesJSON()
		e.Changes = nil
		if err := json.Unmarshal([]byte(raw), &e.Changes); err != nil {
			return err
		}
		st.audit = append(st.audit, e)
	}
	return nil
}

func (a audit) ListAudit(_ context.Context, f domain.AuditFilter) ([]domain.AuditView, error) {
	st, unlock := a.lock()
	defer unlock()
	out := []domain.AuditView{}
	for i := len(st.audit) - 1; i >= 0; i-- {
		e := st.audit[i]
		switch {
		case f.PersonID != 0 && !((e.ActorID != nil && *e.ActorID == f.PersonID) || (e.ObjectType == "person" && e.ObjectID == f.PersonID)),
			f.ObjectType != "" && e.ObjectType != f.ObjectType,
			f.ObjectID != 0 && e.ObjectID != f.ObjectID,
			f.Action != "" && e.Action != f.Action,
			!f.From.IsZero() && e.At.Before(f.From),
			!f.To.IsZero() && !e.At.Before(f.To),
			f.Before > 0 && e.ID >= f.Before,
			f.After > 0 && e.ID <= f.After:
			continue
		}
		v := domain.AuditView{ID: e.ID, ActorID: e.ActorID, Action: e.Action, ObjectType: e.ObjectType, ObjectID: e.ObjectID,
			Changes: e.Changes, At: e.At, ObjectNames: auditNames(st, e)}
		if e.ActorID != nil {
			v.ActorName = st.people[*e.ActorID].Name
		}
		out = append(out, v)
	}
	if f.After > 0 && len(out) > f.Limit {
		return out[len(out)-max(f.Limit, 0):], nil // the page just above After
	}
	return limit(out, f.Limit), nil
}

// auditNames names an entry's object as storage's joins do.
func auditNames(st *state, e domain.AuditEntry) []string {
	two := func(a, b int64) []string { return []string{st.people[a].Name, st.people[b].Name} }
	switch e.ObjectType {
	case "person", "calendar_feed":
		if p, ok := st.people[e.ObjectID]; ok {
			return []string{p.Name}
		}
	case "programme":
		if p, ok := st.programmes[e.ObjectID]; ok {
			return []string{p.Name}
		}
	case "pairing":
		if p, ok := st.pairings[e.ObjectID]; ok {
			return two(p.MentorID, p.MenteeID)
		}
	case "engagement":
		if x, ok := st.engagements[e.ObjectID]; ok {
			return two(x.CoachID, x.CoacheeID)
		}
	case "flag":
		for _, f := range st.flags {
			if f.ID == e.ObjectID {
				return auditNames(st, domain.AuditEntry{ObjectType: f.SubjectType, ObjectID: f.SubjectID})
			}
		}
	case "checkin", "session":
		if m, ok := st.meetings[e.ObjectID]; ok {
			return two(m.LeaderID, m.LearnerID)
		}
	}
	return nil
}
