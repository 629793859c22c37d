package domaintest

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"strings"
	"time"

	"cairn/domain"
)

// profileState holds profiles (slices copied in and out, so rows are never
// shared), the curated tags and each programme's match settings.
type profileState struct {
	profiles map[int64]domain.Profile
	tags     map[int64]domain.Tag
	settings map[int64]domain.MatchSettings
}

func newProfileState() profileState {
	return profileState{profiles: map[int64]domain.Profile{}, tags: map[int64]domain.Tag{}, settings: map[int64]domain.MatchSettings{}}
}

func (p profileState) clone() profileState {
	return profileState{profiles: maps.Clone(p.profiles), tags: maps.Clone(p.tags), settings: maps.Clone(p.settings)}
}

type profiles struct{ conn }

// copyProfile copies the lists, empty rather than nil as storage reads them.
func copyProfile(p domain.Profile) domain.Profile {
	cp := func(s []string) []string { return append([]string{}, s...) }
	p.Offers, p.Wants, p.Languages = cp(p.Offers), cp(p.Wants), cp(p.Languages)
	p.Can = domain.ProfileAbilities{}
	if p.UpdatedAt != nil {
		at := p.UpdatedAt.UTC()
		p.UpdatedAt = &at
	}
	return p
}

func (x profiles) ProfileOf(_ context.Context, id int64) (domain.Profile, error) {
	st, unlock := x.lock()
	defer unlock()
	if _, ok := st.people[id]; !ok {
		return domain.Profile{}, errNotFound("person %d", id)
	}
	p, ok := st.profiles.profiles[id]
	if !ok {
		p = domain.Profile{PersonID: id}
	}
	return copyProfile(p), nil
}

func (x profiles) ProfilesOf(_ context.Context, ids []int64) (map[int64]domain.Profile, error) {
	st, unlock := x.lock()
	defer unlock()
	out := map[int64]domain.Profile{}
	for _, id := range ids {
		if p, ok := st.profiles.profiles[id]; ok {
			out[id] = copyProfile(p)
		}
	}
	return out, nil
}

func (x profiles) SaveProfile(_ context.Context, p domain.Profile) error {
	st, unlock := x.lock()
	defer unlock()
	if _, ok := st.people[p.PersonID]; !ok {
		return errConflict("profile of person %d that does not exist", p.PersonID)
	}
	if p.UpdatedAt == nil || (p.WorkStart == "") != (p.WorkEnd == "") {
		return errConflict("profile of %d breaks a check", p.PersonID)
	}
	for _, list := range [][]string{p.Offers, p.Wants} {
		seen := map[string]bool{}
		for _, t := range list {
			if t == "" || seen[strings.ToLower(t)] {
				return errConflict("profile of %d repeats a tag", p.PersonID)
			}
			seen[strings.ToLower(t)] = true
		}
	}
	st.profiles.profiles[p.PersonID] = copyProfile(p)
	return nil
}

func (x profiles) CreateProfiles(ctx context.Context, ps []domain.Profile) error {
	for _, p := range ps {
		st, unlock := x.lock()
		_, has := st.profiles.profiles[p.PersonID]
		unlock()
		if has {
			return errConflict("profile of %d exists", p.PersonID)
		}
		if err := x.SaveProfile(ctx, p); err != nil {
			return err
		}
	}
	return nil
}

func (x profiles) ListTags(_ context.Context) ([]domain.Tag, error) {
	st, unlock := x.lock()
	defer unlock()
	out := slices.Collect(maps.Values(st.profiles.tags))
	slices.SortFunc(out, func(a, b domain.Tag) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.ID, b.ID))
	})
	if out == nil {
		out = []domain.Tag{}
	}
	return out, nil
}

func (x profiles) TagByID(_ context.Context, id int64) (domain.Tag, error) {
	st, unlock := x.lock()
	defer unlock()
	t, ok := st.profiles.tags[id]
	if !ok {
		return domain.Tag{}, errNotFound("tag %d", id)
	}
	return t, nil
}

func (x profiles) CreateTag(_ context.Context, t *domain.Tag) error {
	st, unlock := x.lock()
	defer unlock()
	for _, o := range st.profiles.tags {
		if strings.EqualFold(o.Name, t.Name) {
			return errConflict("tag %q exists", t.Name)
		}
	}
	t.ID = st.id()
	t.CreatedAt = t.CreatedAt.UTC()
	st.profiles.tags[t.ID] = *t
	return nil
}

func (x profiles) DeleteTag(_ context.Context, id int64) error {
	st, unlock := x.lock()
	defer unlock()
	if _, ok := st.profiles.tags[id]; !ok {
		return errNotFound("tag %d", id)
	}
	delete(st.profiles.tags, id)
	return nil
}

func (x profiles) MatchSettingsOf(_ context.Context, programmeID int64) (domain.MatchSettings, error) {
	st, unlock := x.lock()
	defer unlock()
	if _, ok := st.programmes[programmeID]; !ok {
		return domain.MatchSettings{}, errNotFound("programme %d", programmeID)
	}
	if m, ok := st.profiles.settings[programmeID]; ok {
		return m, nil
	}
	return domain.DefaultMatchSettings(), nil
}

func (x profiles) SetMatchSettings(_ context.Context, programmeID int64, m domain.MatchSettings, _ time.Time) error {
	st, unlock := x.lock()
	defer unlock()
	if _, ok := st.programmes[programmeID]; !ok {
		return errConflict("settings of programme %d that does not exist", programmeID)
	}
	if m.Validate() != nil {
		return errConflict("match settings break a check")
	}
	st.profiles.settings[programmeID] = m
	return nil
}
