package domaintest

import (
	"context"

	"cairn/domain"
)

type ssoKey struct{ issuer, subject string }

type sso struct{ conn }

func (x sso) PersonBySubject(_ context.Context, issuer, subject string) (domain.Person, error) {
	st, unlock := x.lock()
	defer unlock()
	id, ok := st.ssoLinks[ssoKey{issuer, subject}]
	if !ok {
		return domain.Person{}, errNotFound("person by subject")
	}
	p, ok := st.people[id]
	if !ok {
		return domain.Person{}, errNotFound("person %d", id)
	}
	return p, nil
}

func (x sso) LinkSubject(_ context.Context, issuer, subject string, personID int64) error {
	st, unlock := x.lock()
	defer unlock()
	if _, ok := st.people[personID]; !ok {
		return errConflict("link to person %d that does not exist", personID)
	}
	for k, id := range st.ssoLinks {
		if k == (ssoKey{issuer, subject}) || (k.issuer == issuer && id == personID) {
			return errConflict("subject or person linked already")
		}
	}
	st.ssoLinks[ssoKey{issuer, subject}] = personID
	return nil
}
