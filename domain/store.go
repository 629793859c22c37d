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

	CreateProgramme(ctx context.Context, p *Programme) error
	UpdateProgramme(ctx context.Context, p *Programme) error
	ProgrammeByID(ctx context.Context, id int64) (Programme, error)
	ListProgrammes(ctx context.Context, f ProgrammeFilter) ([]Programme, error)
	// PersonInProgramme reports whether the person is in a pairing or
	// engagement of the programme.
	PersonInProgramme(ctx context.Context, programmeID, personID int64) (bool, error)
	// CountProgrammeRelationships counts the programme's pairings and engagements.
	CountProgrammeRelationships(ctx context.Context, programmeID int64) (int, error)

	// LockPeople holds the people's rows until the transaction ends, so
	// checks that span several rows (overlaps, capacity) are race-safe.
	LockPeople(ctx context.Context, ids ...int64) error
	CreateMeeting(ctx context.Context, m *Meeting) error
	UpdateMeeting(ctx context.Context, m *Meeting) error
	// MeetingByID reads a meeting without private notes.
	MeetingByID(ctx context.Context, id int64) (Meeting, error)
	// ListMeetings lists meetings by time, without private notes.
	ListMeetings(ctx context.Context, f MeetingFilter) ([]Meeting, error)
	// CountOverlappingMeetings counts scheduled meetings of any of the
	// people that overlap [from, to), other than meeting exceptID.
	CountOverlappingMeetings(ctx context.Context, people []int64, from, to time.Time, exceptID int64) (int, error)
	PrivateNote(ctx context.Context, meetingID, authorID int64) (string, error)
	PrivateNotesOf(ctx context.Context, meetingIDs []int64, authorID int64) (map[int64]string, error)
	SetPrivateNote(ctx context.Context, meetingID, authorID int64, body string, at time.Time) error

	// Scheduler: reminders, outbox, notifications, flags (scheduler_store.go).
	SchedulerStore
}
