package domain

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"time"
)

// Session is a signed-in browser. Only the hash of its id is stored.
type Session struct {
	Hash      []byte
	PersonID  int64
	CSRFToken string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// APIToken is a bearer token for the JSON API. Only its hash is stored.
type APIToken struct {
	ID        int64      `json:"id"`
	PersonID  int64      `json:"person_id"`
	Name      string     `json:"name"`
	Hash      []byte     `json:"-"`
	CreatedAt time.Time  `json:"created_at"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

// Actor is who is making a request, and how they proved it.
type Actor struct {
	Person      Person
	SessionHash []byte // set when signed in with a browser session
	TokenID     int64  // set when signed in with an API token
	CSRFToken   string // the session's CSRF token
}

// IsAdmin reports whether the actor is an active admin.
func (a Actor) IsAdmin() bool { return a.Person.IsAdmin() }

// Me is the actor's own directory entry, with what they may do with it.
func (a Actor) Me() Person {
	p := a.Person
	p.Can = PersonAbilitiesOf(a, p)
	return p
}

// NewSecret returns a long random URL-safe string (256 bits).
func NewSecret() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("crypto/rand failed: %v", err)) // the OS has no entropy: nothing sane to do
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashSecret is how secrets (session ids, tokens, links) are stored.
func HashSecret(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// errBadLogin is deliberately the same for an unknown email, a wrong
// password and a deactivated person, so nobody learns which it was.
var errBadLogin = UnauthorizedText("error.auth.bad_login")

// Authenticate checks an email and password and returns the person.
func (s *Service) Authenticate(ctx context.Context, email, password string) (Person, error) {
	if err := CheckText("email", email); err != nil {
		return Person{}, err
	}
	if !s.passwordAllowed(NormalizeEmail(email)) {
		s.burnPasswordCheck(password)
		return Person{}, errPasswordsOff
	}
	p, err := s.store.People.PersonByEmail(ctx, NormalizeEmail(email))
	if errors.Is(err, ErrNotFound) {
		s.burnPasswordCheck(password)
		return Person{}, errBadLogin
	}
	if err != nil {
		return Person{}, fmt.Errorf("authenticate: %w", err)
	}
	if p.PasswordHash == "" {
		s.burnPasswordCheck(password)
		return Person{}, errBadLogin
	}
	ok, err := CheckPassword(password, p.PasswordHash)
	if err != nil {
		return Person{}, fmt.Errorf("authenticate person %d: %w", p.ID, err)
	}
	if !ok || !p.Active {
		return Person{}, errBadLogin
	}
	if s.cfg.SSO.PasswordLoginOff && !p.IsAdmin() {
		return Person{}, errPasswordsOff
	}
	return p, nil
}

// StartSession signs a person in on a browser; it returns the secret session
// id for the cookie. A fresh id on every login defeats session fixation.
func (s *Service) StartSession(ctx context.Context, p Person) (string, Session, error) {
	secret := NewSecret()
	now := s.clock.Now()
	sess := Session{
		Hash:      HashSecret(secret),
		PersonID:  p.ID,
		CSRFToken: NewSecret(),
		CreatedAt: now,
		ExpiresAt: now.Add(s.cfg.SessionTTL),
	}
	err := s.inTx(ctx, func(tx Ports) error {
		if err := tx.Access.CreateSession(ctx, sess); err != nil {
			return err
		}
		return tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: &p.ID, Action: "sign_in", ObjectType: "person", ObjectID: p.ID, At: now})
	})
	if err != nil {
		return "", Session{}, fmt.Errorf("start session for person %d: %w", p.ID, err)
	}
	return secret, sess, nil
}

// ActorFromSession resolves a session cookie to an actor.
func (s *Service) ActorFromSession(ctx context.Context, secret string) (Actor, error) {
	if secret == "" {
		return Actor{}, UnauthorizedText("error.auth.not_signed_in")
	}
	hash := HashSecret(secret)
	key := sessionKey(hash)
	cached, ok, gen := s.identities.get(key)
	if ok && s.clock.Now().Before(cached.expiresAt) {
		return cached.Actor, nil
	}
	sess, err := s.store.Access.SessionByHash(ctx, hash)
	if errors.Is(err, ErrNotFound) {
		return Actor{}, UnauthorizedText("error.auth.session_ended")
	}
	if err != nil {
		return Actor{}, fmt.Errorf("resolve session: %w", err)
	}
	if !s.clock.Now().Before(sess.ExpiresAt) {
		return Actor{}, UnauthorizedText("error.auth.session_ended")
	}
	p, err := s.activePerson(ctx, sess.PersonID)
	if err != nil {
		return Actor{}, err
	}
	a := Actor{Person: p, SessionHash: sess.Hash, CSRFToken: sess.CSRFToken}
	s.identities.put(key, cachedActor{Actor: a, expiresAt: sess.ExpiresAt}, gen)
	return a, nil
}

// EndSession signs a browser out.
func (s *Service) EndSession(ctx context.Context, a Actor) error {
	if a.SessionHash == nil {
		return nil
	}
	defer s.identities.forgetSession(a.SessionHash)
	return s.inTx(ctx, func(tx Ports) error {
		if err := tx.Access.DeleteSession(ctx, a.SessionHash); err != nil {
			return fmt.Errorf("end session: %w", err)
		}
		return tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "sign_out", ObjectType: "person", ObjectID: a.Person.ID, At: s.clock.Now()})
	})
}

// IssueAPIToken creates a bearer token for p; the secret is returned once.
func (s *Service) IssueAPIToken(ctx context.Context, p Person, name string) (string, APIToken, error) {
	if err := CheckText("name", name); err != nil {
		return "", APIToken{}, err
	}
	if name == "" {
		name = "api"
	}
	if len(name) > 100 {
		return "", APIToken{}, InvalidText("name", "error.field.max_len", "Max", 100)
	}
	secret := NewSecret()
	t := APIToken{PersonID: p.ID, Name: name, Hash: HashSecret(secret), CreatedAt: s.clock.Now()}
	err := s.inTx(ctx, func(tx Ports) error {
		if err := tx.Access.CreateAPIToken(ctx, &t); err != nil {
			return err
		}
		return tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: &p.ID, Action: "create", ObjectType: "api_token", ObjectID: t.ID, At: t.CreatedAt})
	})
	if err != nil {
		return "", APIToken{}, fmt.Errorf("issue token for person %d: %w", p.ID, err)
	}
	return secret, t, nil
}

// ActorFromToken resolves a bearer token to an actor.
func (s *Service) ActorFromToken(ctx context.Context, secret string) (Actor, error) {
	hash := HashSecret(secret)
	key := tokenKey(hash)
	cached, ok, gen := s.identities.get(key)
	if ok {
		return cached.Actor, nil
	}
	t, err := s.store.Access.APITokenByHash(ctx, hash)
	if errors.Is(err, ErrNotFound) {
		return Actor{}, UnauthorizedText("error.auth.token_invalid")
	}
	if err != nil {
		return Actor{}, fmt.Errorf("resolve token: %w", err)
	}
	if t.RevokedAt != nil {
		return Actor{}, UnauthorizedText("error.auth.token_revoked")
	}
	p, err := s.activePerson(ctx, t.PersonID)
	if err != nil {
		return Actor{}, err
	}
	a := Actor{Person: p, TokenID: t.ID}
	s.identities.put(key, cachedActor{Actor: a}, gen)
	return a, nil
}

// RevokeCurrentToken revokes the token the actor signed in with.
func (s *Service) RevokeCurrentToken(ctx context.Context, a Actor) error {
	if a.TokenID == 0 {
		return InvalidText("token", "error.auth.not_an_api_token")
	}
	now := s.clock.Now()
	defer s.identities.forgetPerson(a.Person.ID)
	return s.inTx(ctx, func(tx Ports) error {
		if err := tx.Access.RevokeAPIToken(ctx, a.TokenID, now); err != nil {
			return fmt.Errorf("revoke token %d: %w", a.TokenID, err)
		}
		return tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "revoke", ObjectType: "api_token", ObjectID: a.TokenID, At: now})
	})
}

// endCredentials ends every browser session and API token of a person,
// but the one the actor is using when the actor is that person: once a
// password is set anew or a person leaves, nothing that signed in before
// may go on (whoever held the old password may have made a token).
func endCredentials(ctx context.Context, tx Ports, personID int64, keep Actor, at time.Time) error {
	var session []byte
	var token int64
	if keep.Person.ID == personID {
		session, token = keep.SessionHash, keep.TokenID
	}
	var err error
	if session != nil {
		err = tx.Access.DeleteSessionsExcept(ctx, personID, session)
	} else {
		err = tx.Access.DeleteSessionsOf(ctx, personID)
	}
	if err != nil {
		return err
	}
	return tx.Access.RevokeAPITokensOf(ctx, personID, token, at)
}

func (s *Service) activePerson(ctx context.Context, id int64) (Person, error) {
	p, err := s.store.People.PersonByID(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return Person{}, UnauthorizedText("error.auth.account_gone")
	}
	if err != nil {
		return Person{}, fmt.Errorf("load person %d: %w", id, err)
	}
	if !p.Active {
		return Person{}, UnauthorizedText("error.auth.account_deactivated")
	}
	return p, nil
}

// burnPasswordCheck spends the time of one password check, so a login for an
// unknown address takes as long as one for a known address.
func (s *Service) burnPasswordCheck(password string) {
	s.dummyOnce.Do(func() { s.dummyHash, _ = HashPassword(NewSecret(), s.cfg.PasswordParams) })
	_, _ = CheckPassword(password, s.dummyHash)
}

// SystemActor is Cairn itself acting for an operator at the command line:
// admin rights, and no person recorded in the audit log.
func SystemActor() Actor {
	return Actor{Person: Person{Name: "cairn (command line)", Role: RoleAdmin, Active: true}}
}
