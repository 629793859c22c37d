package domain

import (
	"context"
	"time"
)

// Store is everything the use cases need from persistence. The storage
// package implements it for SQLite and PostgreSQL.
type Store interface {
	// InTx runs fn in one transaction; fn gets a Store bound to it. An error
	// from fn rolls everything back.
	InTx(ctx context.Context, fn func(tx Store) error) error
	// Ping makes one round trip to the database.
	Ping(ctx context.Context) error

	CreatePerson(ctx context.Context, p *Person) error
	UpdatePerson(ctx context.Context, p *Person) error
	PersonByID(ctx context.Context, id int64) (Person, error)
	PersonByEmail(ctx context.Context, email string) (Person, error)
	ListPeople(ctx context.Context, f PeopleFilter) ([]Person, error)
	CountActiveAdmins(ctx context.Context) (int, error)

	CreateSession(ctx context.Context, s Session) error
	SessionByHash(ctx context.Context, hash []byte) (Session, error)
	DeleteSession(ctx context.Context, hash []byte) error
	DeleteSessionsOf(ctx context.Context, personID int64) error
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error)

	CreateAPIToken(ctx context.Context, t *APIToken) error
	APITokenByHash(ctx context.Context, hash []byte) (APIToken, error)
	RevokeAPIToken(ctx context.Context, id int64, at time.Time) error

	InsertAudit(ctx context.Context, e AuditEntry) error
}
