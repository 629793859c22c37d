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
	ListAudit(ctx context.Context, f AuditFilter) ([]AuditView, error)

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

	// AgendaOf lists a person's meetings in [from, to) with the other
	// participant and the programme, by time.
	AgendaOf(ctx context.Context, personID int64, from, to time.Time, limit int) ([]AgendaItem, error)
	// APITokensOf lists a person's tokens, newest first.
	APITokensOf(ctx context.Context, personID int64) ([]APIToken, error)
	// DeleteSessionsExcept ends every session of a person but one.
	DeleteSessionsExcept(ctx context.Context, personID int64, keep []byte) error

	// ExistingEmails reports which of the emails a person already has.
	ExistingEmails(ctx context.Context, emails []string) (map[string]bool, error)
	// CreatePeople inserts many people at once and sets their ids.
	CreatePeople(ctx context.Context, people []*Person) error
	InsertAudits(ctx context.Context, entries []AuditEntry) error
	CreatePendingImport(ctx context.Context, p PendingImport) error
	PendingImportByID(ctx context.Context, id string) (PendingImport, error)
	DeletePendingImport(ctx context.Context, id string) error
	DeleteExpiredImports(ctx context.Context, now time.Time) error

	// AppSecret returns the named random key, making it on first use.
	AppSecret(ctx context.Context, name string) ([]byte, error)
	CalendarFeedOf(ctx context.Context, personID int64) (CalendarFeed, error)
	SetCalendarFeed(ctx context.Context, f CalendarFeed) error
	PersonByFeedHash(ctx context.Context, hash []byte) (int64, error)

	// ReplacePasswordLinks stores a new link and spends the person's other
	// unused ones of any purpose.
	ReplacePasswordLinks(ctx context.Context, l PasswordLink) error
	PasswordLinkByHash(ctx context.Context, hash []byte) (PasswordLink, error)
	// UsePasswordLink spends an unused link; ErrNotFound when it was spent.
	UsePasswordLink(ctx context.Context, hash []byte, at time.Time) error
	CreateActionLink(ctx context.Context, l ActionLink) error
	ActionLinkByHash(ctx context.Context, hash []byte) (ActionLink, error)
	// SetActionLinkUsed spends an unused link; ErrNotFound when it was spent.
	SetActionLinkUsed(ctx context.Context, hash []byte, at time.Time) error
	SetActionLinkUnused(ctx context.Context, hash []byte) error
	// Mentoring pairings (issue 3).
	// CreatePairing inserts p; ErrConflict when the two people already
	// have an open pairing (the pairings_one_open unique index).
	CreatePairing(ctx context.Context, p *Pairing) error
	UpdatePairing(ctx context.Context, p *Pairing) error
	// PairingByID reads a pairing with its mentor's and mentee's names.
	PairingByID(ctx context.Context, id int64) (Pairing, error)
	ListPairings(ctx context.Context, f PairingFilter) ([]Pairing, error)
	// LockPairing holds the pairing's row until the transaction ends.
	LockPairing(ctx context.Context, id int64) error
	SetPairingLastCheckin(ctx context.Context, id int64, at time.Time) error
	// Coaching: engagements and their progress history.
	CreateEngagement(ctx context.Context, e *Engagement) error
	// UpdateEngagement writes the mutable fields of e.
	UpdateEngagement(ctx context.Context, e *Engagement) error
	// EngagementByID reads an engagement with its people's names and its
	// completed sessions counted.
	EngagementByID(ctx context.Context, id int64) (Engagement, error)
	// ListEngagements lists engagements by id, completed sessions counted in
	// the same query.
	ListEngagements(ctx context.Context, f EngagementFilter) ([]Engagement, error)
	CountOpenEngagementsOfCoach(ctx context.Context, coachID int64) (int, error)
	AddEngagementProgress(ctx context.Context, p *ProgressEntry) error
	// ListEngagementProgress lists an engagement's progress entries, oldest first.
	ListEngagementProgress(ctx context.Context, engagementID int64) ([]ProgressEntry, error)
	// PeopleShareEngagement reports whether the two people are coach and
	// coachee of one engagement, either way round.
	PeopleShareEngagement(ctx context.Context, a, b int64) (bool, error)
	// Scheduler: reminders, outbox, notifications, flags (scheduler_store.go).
	SchedulerStore
	// HR admin (issue 7): capacity, bulk imports, dashboard, reports,
	// matching suggestions.
	// CountOpenMentees counts each mentor's open (active or paused) pairings.
	CountOpenMentees(ctx context.Context, mentorIDs []int64) (map[int64]int, error)
	// CountOpenCoachees counts each coach's active engagements.
	CountOpenCoachees(ctx context.Context, coachIDs []int64) (map[int64]int, error)
	// PeopleByEmails reads the people with these (normalised) emails.
	PeopleByEmails(ctx context.Context, emails []string) (map[string]Person, error)
	// OpenPairsAmong lists the open pairings that involve any of the people,
	// keyed by PairKey.
	OpenPairsAmong(ctx context.Context, ids []int64) (map[[2]int64]bool, error)
	// CreatePairings and CreateEngagements insert many rows at once and set their ids.
	CreatePairings(ctx context.Context, ps []*Pairing) error
	CreateEngagements(ctx context.Context, es []*Engagement) error
	// ProgrammeStats counts, per programme, what the admin dashboard shows.
	ProgrammeStats(ctx context.Context, q StatsQuery) (map[int64]*ProgrammeStats, error)
	// CompletedCheckinsSince lists completed check-ins from an instant on,
	// of one programme (or of all when programmeID is 0).
	CompletedCheckinsSince(ctx context.Context, programmeID int64, since time.Time) ([]CheckinStamp, error)
	// MentorCandidates lists the active, internal people more senior than
	// the mentee who have no open pairing with them, with their open
	// mentee counts.
	MentorCandidates(ctx context.Context, mentee Person) ([]MentorCandidate, error)
}
