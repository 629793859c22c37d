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

func (x sso) SetSessionIDToken(_ context.Context, hash []byte, idToken string) error {
	st, unlock := x.lock()
	defer unlock()
	if _, ok := st.sessions[string(hash)]; !ok {
		return errConflict("ID token of a session that does not exist")
	}
	st.ssoTokens[string(hash)] = idToken
	return nil
}

// SessionIDToken answers only while the session lives, as the cascade
// from sessions does in SQL.
func (x sso) SessionIDToken(_ context.Context, hash []byte) (string, error) {
	st, unlock := x.lock()
	defer unlock()
	tok, ok := st.ssoTokens[string(hash)]
	if _, live := st.sessions[string(hash)]; !ok || !live {
		return "", errNotFound("ID token of a session")
	}
	return tok, nil
}
