package domain

import (
	"context"
	"time"
)

// The ports: one small interface per aggregate, each sized to the use cases
// that take it. storage.Store implements them all; domaintest fakes them in
// memory. Ports bundles them, bound to one connection or one transaction.

// Ports is every port, bound to one connection or one transaction.
type Ports struct {
	People        PeopleStore
	Access        AccessStore
	Audit         AuditStore
	Programmes    ProgrammeStore
	Pairings      PairingStore
	Engagements   EngagementStore
	Meetings      MeetingStore
	Imports       ImportStore
	Reminders     ReminderStore
	Outbox        OutboxStore
	Notifications NotificationStore
	Flags         FlagStore
	Reports       ReportStore
	Health        HealthStore
	Ops           OpsStore
	SSO           SSOStore
	Series        SeriesStore
	Actions       ActionStore
	Feedback      FeedbackStore
	Milestones    MilestoneStore
	Extensions    ExtensionStore
	Profiles      ProfileStore
	Requests      RequestStore
}

// Database is where the ports come from: read outside a transaction, or
// all bound to one transaction by InTx.
type Database interface {
	// Ports are the ports outside any transaction.
	Ports() Ports
	// InTx runs fn in one transaction; fn gets the ports bound to it. An
	// error from fn rolls everything back.
	InTx(ctx context.Context, fn func(tx Ports) error) error
	// Ping makes one round trip to the database.
	Ping(ctx context.Context) error
}

// PeopleStore reads and writes people.
type PeopleStore interface {
	CreatePerson(ctx context.Context, p *Person) error
	UpdatePerson(ctx context.Context, p *Person) error
	PersonByID(ctx context.Context, id int64) (Person, error)
	// PeopleByIDs reads many people at once; an id with no person is
	// absent from the map.
	PeopleByIDs(ctx context.Context, ids []int64) (map[int64]Person, error)
	PersonByEmail(ctx context.Context, email string) (Person, error)
	ListPeople(ctx context.Context, f PeopleFilter) ([]Person, error)
	CountActiveAdmins(ctx context.Context) (int, error)
	ActiveAdmins(ctx context.Context) ([]Person, error)
	// LockPeople holds the people's rows until the transaction ends, so
	// checks that span several rows (overlaps, capacity) are race-safe.
	LockPeople(ctx context.Context, ids ...int64) error
	// LockActiveAdmins holds the rows of every active admin and of the
	// people with, taken in one id order as LockPeople takes them, so a
	// count of admins after it cannot be overtaken by a concurrent
	// demotion.
	LockActiveAdmins(ctx context.Context, with ...int64) error
	// ExistingEmails reports which of the emails a person already has.
	ExistingEmails(ctx context.Context, emails []string) (map[string]bool, error)
	// CreatePeople inserts many people at once and sets their ids.
	CreatePeople(ctx context.Context, people []*Person) error
	// PeopleByEmails reads the people with these (normalised) emails.
	PeopleByEmails(ctx context.Context, emails []string) (map[string]Person, error)
}

// AccessStore keeps what signs people in and what they hold: sessions,
// API tokens, password and action links, calendar feeds, app secrets.
type AccessStore interface {
	CreateSession(ctx context.Context, s Session) error
	SessionByHash(ctx context.Context, hash []byte) (Session, error)
	DeleteSession(ctx context.Context, hash []byte) error
	DeleteSessionsOf(ctx context.Context, personID int64) error
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error)
	// DeleteSessionsExcept ends every session of a person but one.
	DeleteSessionsExcept(ctx context.Context, personID int64, keep []byte) error
	CreateAPIToken(ctx context.Context, t *APIToken) error
	APITokenByHash(ctx context.Context, hash []byte) (APIToken, error)
	RevokeAPIToken(ctx context.Context, id int64, at time.Time) error
	// APITokensOf lists a person's tokens, newest first.
	APITokensOf(ctx context.Context, personID int64) ([]APIToken, error)
	// RevokeAPITokensOf revokes every live token of a person but the one
	// with id keep (0 keeps none).
	RevokeAPITokensOf(ctx context.Context, personID, keep int64, at time.Time) error
	// ReplacePasswordLinks stores a new link and spends the person's other
	// unused ones of any purpose.
	ReplacePasswordLinks(ctx context.Context, l PasswordLink) error
	PasswordLinkByHash(ctx context.Context, hash []byte) (PasswordLink, error)
	// UsePasswordLink spends an unused link; ErrNotFound when it was spent.
	UsePasswordLink(ctx context.Context, hash []byte, at time.Time) error
	// CreateActionLinks stores answer links, many in one statement.
	CreateActionLinks(ctx context.Context, ls []ActionLink) error
	ActionLinkByHash(ctx context.Context, hash []byte) (ActionLink, error)
	// SetActionLinkUsed spends an unused link; ErrNotFound when it was spent.
	SetActionLinkUsed(ctx context.Context, hash []byte, at time.Time) error
	SetActionLinkUnused(ctx context.Context, hash []byte) error
	// AppSecret returns the named random key, making it on first use.
	AppSecret(ctx context.Context, name string) ([]byte, error)
	CalendarFeedOf(ctx context.Context, personID int64) (CalendarFeed, error)
	SetCalendarFeed(ctx context.Context, f CalendarFeed) error
	PersonByFeedHash(ctx context.Context, hash []byte) (int64, error)
}

// SSOStore links people to their subject at an OpenID provider.
type SSOStore interface {
	// PersonBySubject reads the person linked to the provider's subject.
	PersonBySubject(ctx context.Context, issuer, subject string) (Person, error)
	// LinkSubject links a subject to a person; ErrConflict when the subject
	// or the person (at this provider) is linked already.
	LinkSubject(ctx context.Context, issuer, subject string, personID int64) error
	// SetSessionIDToken keeps the ID token a session was signed in with;
	// it goes when the session goes.
	SetSessionIDToken(ctx context.Context, sessionHash []byte, idToken string) error
	// SessionIDToken reads it; ErrNotFound for a session without one.
	SessionIDToken(ctx context.Context, sessionHash []byte) (string, error)
}

// AuditStore appends to and reads the audit log.
type AuditStore interface {
	InsertAudit(ctx context.Context, e AuditEntry) error
	InsertAudits(ctx context.Context, entries []AuditEntry) error
	ListAudit(ctx context.Context, f AuditFilter) ([]AuditView, error)
}

// ProgrammeStore reads and writes programmes.
type ProgrammeStore interface {
	CreateProgramme(ctx context.Context, p *Programme) error
	UpdateProgramme(ctx context.Context, p *Programme) error
	ProgrammeByID(ctx context.Context, id int64) (Programme, error)
	ListProgrammes(ctx context.Context, f ProgrammeFilter) ([]Programme, error)
	// PersonInProgramme reports whether the person is in a pairing or
	// engagement of the programme.
	PersonInProgramme(ctx context.Context, programmeID, personID int64) (bool, error)
	// CountProgrammeRelationships counts the programme's pairings and engagements.
	CountProgrammeRelationships(ctx context.Context, programmeID int64) (int, error)
}

// PairingStore reads and writes mentoring pairings.
type PairingStore interface {
	// CreatePairing inserts p; ErrConflict when the two people already
	// have an open pairing (the pairings_one_open unique index).
	CreatePairing(ctx context.Context, p *Pairing) error
	UpdatePairing(ctx context.Context, p *Pairing) error
	// PairingByID reads a pairing with its mentor's and mentee's names.
	PairingByID(ctx context.Context, id int64) (Pairing, error)
	// PairingRecord reads a pairing with its people's names, its programme
	// and its action items in one go, for its page.
	PairingRecord(ctx context.Context, id int64) (PairingRecord, error)
	ListPairings(ctx context.Context, f PairingFilter) ([]Pairing, error)
	// LockPairing holds the pairing's row until the transaction ends.
	LockPairing(ctx context.Context, id int64) error
	SetPairingLastCheckin(ctx context.Context, id int64, at time.Time) error
	// CountMentorPairings counts each mentor's pairings in any of the statuses.
	CountMentorPairings(ctx context.Context, mentorIDs []int64, statuses []PairingStatus) (map[int64]int, error)
	// PairsAmong lists the pairings in any of the statuses that involve any
	// of the people, keyed by PairKey.
	PairsAmong(ctx context.Context, ids []int64, statuses []PairingStatus) (map[[2]int64]bool, error)
	// CreatePairings and CreateEngagements insert many rows at once and set their ids.
	CreatePairings(ctx context.Context, ps []*Pairing) error
	// MentorCandidates lists the active, internal people more senior than
	// the mentee who have no pairing in the open statuses with them, each
	// with their count of pairings in those statuses.
	MentorCandidates(ctx context.Context, mentee Person, open []PairingStatus) ([]MentorCandidate, error)
}

// EngagementStore reads and writes coaching engagements and their
// progress history.
type EngagementStore interface {
	CreateEngagement(ctx context.Context, e *Engagement) error
	// UpdateEngagement writes the mutable fields of e.
	UpdateEngagement(ctx context.Context, e *Engagement) error
	// EngagementByID reads an engagement with its people's names and its
	// completed sessions counted.
	EngagementByID(ctx context.Context, id int64) (Engagement, error)
	// ListEngagements lists engagements by id, completed sessions counted in
	// the same query.
	ListEngagements(ctx context.Context, f EngagementFilter) ([]Engagement, error)
	// CountCoachEngagements counts each coach's engagements in any of the statuses.
	CountCoachEngagements(ctx context.Context, coachIDs []int64, statuses []EngagementStatus) (map[int64]int, error)
	AddEngagementProgress(ctx context.Context, p *ProgressEntry) error
	// ListEngagementProgress lists an engagement's progress entries, oldest first.
	ListEngagementProgress(ctx context.Context, engagementID int64) ([]ProgressEntry, error)
	// PeopleShareEngagement reports whether the two people are coach and
	// coachee of one engagement, either way round.
	PeopleShareEngagement(ctx context.Context, a, b int64) (bool, error)
	CreateEngagements(ctx context.Context, es []*Engagement) error
	// EngagementRecord reads an engagement with its programme, its action items and its
	// progress history (oldest first), for its page; ErrNotFound if none.
	EngagementRecord(ctx context.Context, id int64) (EngagementRecord, error)
}

// MeetingStore reads and writes meetings (check-ins and sessions) and
// their private notes.
type MeetingStore interface {
	CreateMeeting(ctx context.Context, m *Meeting) error
	UpdateMeeting(ctx context.Context, m *Meeting) error
	// MeetingByID reads a meeting without private notes.
	MeetingByID(ctx context.Context, id int64) (Meeting, error)
	// MeetingsByIDs reads many meetings at once, without private notes; an
	// id with no meeting is absent from the map.
	MeetingsByIDs(ctx context.Context, ids []int64) (map[int64]Meeting, error)
	// ListMeetings lists meetings by time, without private notes.
	ListMeetings(ctx context.Context, f MeetingFilter) ([]Meeting, error)
	// CountOverlappingMeetings counts scheduled meetings of any of the
	// people that overlap [from, to), other than meeting exceptID.
	CountOverlappingMeetings(ctx context.Context, people []int64, from, to time.Time, exceptID int64) (int, error)
	PrivateNote(ctx context.Context, meetingID, authorID int64) (string, error)
	PrivateNotesOf(ctx context.Context, meetingIDs []int64, authorID int64) (map[int64]string, error)
	SetPrivateNote(ctx context.Context, meetingID, authorID int64, body string, at time.Time) error
	// AgendaOf lists up to limit of a person's meetings in [from, to) with
	// the other participant and the programme, by time; Role is left empty.
	AgendaOf(ctx context.Context, personID int64, from, to time.Time, limit int) ([]AgendaItem, error)
	// RelationshipMeetings lists a pairing's check-ins (kind checkin) or an
	// engagement's sessions by time, with viewerID's private notes filled in.
	RelationshipMeetings(ctx context.Context, kind MeetingKind, relationshipID, viewerID int64, limit int) ([]Meeting, error)
	// CreateMeetings inserts many meetings at once, sets their ids, and
	// keeps each non-empty PrivateNotes as its creator's private note.
	CreateMeetings(ctx context.Context, ms []*Meeting) error
}

// ImportStore keeps checked imports waiting for confirmation.
type ImportStore interface {
	CreatePendingImport(ctx context.Context, p PendingImport) error
	PendingImportByID(ctx context.Context, id string) (PendingImport, error)
	DeletePendingImport(ctx context.Context, id string) error
	DeleteExpiredImports(ctx context.Context, now time.Time) error
}

// ReminderStore keeps one due row per (meeting, offset, recipient).
type ReminderStore interface {
	// UpsertReminders writes rows keyed by (meeting, offset, recipient):
	// an existing row takes the new due time and state, and forgets its
	// outbox message.
	UpsertReminders(ctx context.Context, rs []Reminder) error
	// SetMeetingReminders moves the meeting's rows in one of the states
	// from to state to.
	SetMeetingReminders(ctx context.Context, meetingID int64, from []ReminderState, to ReminderState, at time.Time) (int64, error)
	RemindersOfMeeting(ctx context.Context, meetingID int64) ([]Reminder, error)
	// MissOverdueReminders marks missed the pending due rows whose meeting
	// has begun, or for which a shorter offset of the same meeting and
	// recipient is also due (only the latest reminder goes out late).
	MissOverdueReminders(ctx context.Context, now time.Time) (int64, error)
	// ClaimDueReminders locks up to limit pending due rows for the
	// transaction, skipping rows other workers hold (PostgreSQL).
	ClaimDueReminders(ctx context.Context, now time.Time, limit int) ([]Reminder, error)
	// MarkRemindersQueued records the outbox message made for each pending
	// reminder, many in one statement; ErrNotFound when one was no longer
	// pending.
	MarkRemindersQueued(ctx context.Context, qs []QueuedReminder, at time.Time) error
	MarkReminderMissed(ctx context.Context, id int64, at time.Time) error
	// ReclaimReminders, outside a transaction after a sweep changed many
	// rows, lets the database drop the rows' old versions at once, so the
	// next sweep's index scans do not read past them.
	ReclaimReminders(ctx context.Context) error
}

// OutboxStore queues mail and records its delivery.
type OutboxStore interface {
	EnqueueMail(ctx context.Context, m *OutboxMessage) error
	// EnqueueMails inserts many messages, many in one statement, and sets
	// their ids; a Message-ID already queued is ErrConflict.
	EnqueueMails(ctx context.Context, ms []*OutboxMessage) error
	// ClaimOutbox leases up to limit due rows (queued and due, or sending
	// with a lease run out) to the claim token, counting an attempt.
	ClaimOutbox(ctx context.Context, now, leaseUntil time.Time, token string, limit int) ([]OutboxMessage, error)
	// ExpireOutbox gives up messages whose not_after has passed.
	ExpireOutbox(ctx context.Context, now time.Time) (int64, error)
	// FinishOutbox records how a claimed row's delivery ended; ErrNotFound
	// when the claim was lost (the lease ran out and another took it).
	FinishOutbox(ctx context.Context, id int64, token string, r OutboxResult) error
	// CancelMeetingOutbox cancels the meeting's queued messages of a kind.
	CancelMeetingOutbox(ctx context.Context, meetingID int64, kind OutboxKind, at time.Time) (int64, error)
	OutboxByID(ctx context.Context, id int64) (OutboxMessage, error)
	ListOutbox(ctx context.Context, f OutboxFilter) ([]OutboxMessage, error)
	// RequeueOutbox puts a dead or undelivered message back in the queue.
	RequeueOutbox(ctx context.Context, id int64, now time.Time) error
	// ReclaimOutbox is ReclaimReminders for the outbox.
	ReclaimOutbox(ctx context.Context) error
}

// NotificationStore keeps in-app notifications.
type NotificationStore interface {
	InsertNotification(ctx context.Context, n *Notification) error
	// InsertNotifications stores many, many in one statement, and sets
	// their ids.
	InsertNotifications(ctx context.Context, ns []*Notification) error
	ListNotifications(ctx context.Context, recipientID int64, limit int, before int64) ([]Notification, error)
	MarkNotificationRead(ctx context.Context, recipientID, id int64, at time.Time) error
	MarkAllNotificationsRead(ctx context.Context, recipientID int64, at time.Time) (int64, error)
	CountUnreadNotifications(ctx context.Context, recipientID int64) (int, error)
}

// FlagStore keeps the flags the sweep raises and the digests it sends.
type FlagStore interface {
	ActivePairingHealth(ctx context.Context) ([]PairingHealth, error)
	ActiveEngagementHealth(ctx context.Context) ([]EngagementHealth, error)
	OpenFlags(ctx context.Context) ([]Flag, error)
	// OpenFlagsPage lists at most limit open flags in OpenFlags' order,
	// after the flag with id after (0: from the start), leaving out the
	// resolved ones and those snoozed past today.
	OpenFlagsPage(ctx context.Context, limit int, after int64, today Date) ([]Flag, error)
	// RaiseFlag opens a flag unless the same one is open already; it
	// reports whether it did.
	RaiseFlag(ctx context.Context, f *Flag) (bool, error)
	// ClearFlag closes an open flag; it reports whether it did.
	ClearFlag(ctx context.Context, id int64, at time.Time) (bool, error)
	// LastDigestAt is when the admin's last flag digest was queued.
	LastDigestAt(ctx context.Context, adminID int64) (*time.Time, error)
	// RecordDigest claims the (admin, date) digest; false when one exists.
	RecordDigest(ctx context.Context, adminID int64, date Date, at time.Time) (bool, error)
	SetDigestOutbox(ctx context.Context, adminID int64, date Date, outboxID int64) error
	// RecordNudge stores a nudge and sets its id; an automatic one only if
	// none exists for the same subject and lapse (false then).
	RecordNudge(ctx context.Context, n *Nudge) (bool, error)
	// NudgeSettingsOf reads a programme's nudge settings, the defaults when
	// it has none.
	NudgeSettingsOf(ctx context.Context, programmeID int64) (NudgeSettings, error)
	SetNudgeSettings(ctx context.Context, ns NudgeSettings, at time.Time) error
	FlagByID(ctx context.Context, id int64) (Flag, error)
	// OpenFlagViews lists the open flags (resolved and snoozed ones too)
	// in OpenFlags' order with their programme's name and their people.
	OpenFlagViews(ctx context.Context) ([]FlagView, error)
	SnoozeFlag(ctx context.Context, id int64, until Date) error
	ResolveFlag(ctx context.Context, id int64, at time.Time) error
	AddFlagAction(ctx context.Context, fa *FlagAction) error
	// NudgeOutcomes lists the nudges sent from an instant on, each with the
	// first meeting of its relationship made at or after it.
	NudgeOutcomes(ctx context.Context, since time.Time) ([]NudgeOutcome, error)
	// FlagActionsOf lists the flags' actions, oldest first, with their
	// actors' names.
	FlagActionsOf(ctx context.Context, flagIDs []int64) (map[int64][]FlagAction, error)
}

// ReportStore counts what dashboards and reports show.
type ReportStore interface {
	// ProgrammeCounts counts pairings, engagements and meetings per
	// programme, grouped by status, for the moments in q.
	ProgrammeCounts(ctx context.Context, q CountsQuery) (ProgrammeCounts, error)
	// CheckinsSince lists the check-ins in any of the statuses from an
	// instant on, of one programme (or of all when programmeID is 0).
	CheckinsSince(ctx context.Context, programmeID int64, since time.Time, statuses []MeetingStatus) ([]CheckinStamp, error)
	// CheckinCounts counts the check-ins in the status per programme and
	// period: period i runs from bounds[i] up to bounds[i+1]; check-ins
	// outside them all are not counted.
	CheckinCounts(ctx context.Context, status MeetingStatus, bounds []time.Time) ([]PeriodCount, error)
	// MeetingStamps lists every meeting (check-in or session) in any of
	// the statuses, with its relationship and programme, in one query.
	MeetingStamps(ctx context.Context, statuses []MeetingStatus) ([]MeetingStamp, error)
}

// HealthStore gathers the facts a relationship's health is derived from.
type HealthStore interface {
	// RelationshipFacts gathers the facts of the pairings or engagements
	// the query names, in one query, ordered by id.
	RelationshipFacts(ctx context.Context, q FactsQuery) ([]RelationshipFacts, error)
}

// SeriesStore reads and writes series (regular slots) and ties meetings
// to them.
type SeriesStore interface {
	CreateSeries(ctx context.Context, sr *Series) error
	// UpdateSeries writes the mutable fields of sr.
	UpdateSeries(ctx context.Context, sr *Series) error
	SeriesByID(ctx context.Context, id int64) (Series, error)
	// BumpSeriesSequence adds one to the series' iCalendar sequence.
	BumpSeriesSequence(ctx context.Context, id int64, at time.Time) error
	// LockSeries holds the series' row until the transaction ends.
	LockSeries(ctx context.Context, id int64) error
	// ListSeries lists series by id.
	ListSeries(ctx context.Context, f SeriesFilter) ([]Series, error)
	// SeriesMeetings lists the meetings of a series by occurrence.
	SeriesMeetings(ctx context.Context, seriesID int64) ([]Meeting, error)
	// SetMeetingSeries moves a meeting into a series at an occurrence;
	// ErrConflict when the series has a meeting there already.
	SetMeetingSeries(ctx context.Context, meetingID, seriesID int64, occurrenceAt time.Time) error
}

// ActionStore keeps the action items of pairings and engagements.
type ActionStore interface {
	// CreateActionItem inserts x and sets its id.
	CreateActionItem(ctx context.Context, x *ActionItem) error
	// UpdateActionItem writes the mutable fields of x (reminded_at too).
	UpdateActionItem(ctx context.Context, x *ActionItem) error
	DeleteActionItem(ctx context.Context, id int64) error
	// ActionItemByID reads an item with its owner's and its
	// relationship's people's names.
	ActionItemByID(ctx context.Context, id int64) (ActionItem, error)
	// ListActionItems lists items, open ones first, by due date then id.
	ListActionItems(ctx context.Context, f ActionFilter) ([]ActionItem, error)
	// DueActionItems lists up to limit open items due on or before by that
	// were not reminded yet, by due date then id.
	DueActionItems(ctx context.Context, by Date, limit int) ([]ActionItem, error)
	// ClaimActionReminder sets the item's reminded_at if it is still
	// unset; it reports whether this call did (a conditional write, so of
	// two workers only one wins).
	ClaimActionReminder(ctx context.Context, id int64, at time.Time) (bool, error)
	// OverdueActionCounts counts the open items due before today per
	// pairing or engagement (subject) of the ids (nil: all).
	OverdueActionCounts(ctx context.Context, subject string, ids []int64, today Date) (map[int64]int, error)
}

// MilestoneStore keeps the milestones of engagements.
type MilestoneStore interface {
	// CreateMilestone inserts m and sets its id.
	CreateMilestone(ctx context.Context, m *Milestone) error
	// UpdateMilestone writes the mutable fields of m.
	UpdateMilestone(ctx context.Context, m *Milestone) error
	DeleteMilestone(ctx context.Context, id int64) error
	MilestoneByID(ctx context.Context, id int64) (Milestone, error)
	// ListMilestones lists an engagement's milestones by target date then id.
	ListMilestones(ctx context.Context, engagementID int64) ([]Milestone, error)
	// OverdueMilestoneCounts counts the milestones not done whose target
	// date is before today, per engagement of the ids (nil: all).
	OverdueMilestoneCounts(ctx context.Context, ids []int64, today Date) (map[int64]int, error)
}

// ExtensionStore keeps the proposals to extend engagements.
type ExtensionStore interface {
	// CreateExtension inserts x and sets its id; ErrConflict when the
	// engagement has an open proposal already.
	CreateExtension(ctx context.Context, x *Extension) error
	// DecideExtension writes an open proposal's answer (state, who, when,
	// reason); ErrConflict when it is no longer open.
	DecideExtension(ctx context.Context, x *Extension) error
	// ExtensionByID reads a proposal with its people's names.
	ExtensionByID(ctx context.Context, id int64) (Extension, error)
	// ListExtensions lists an engagement's proposals, oldest first.
	ListExtensions(ctx context.Context, engagementID int64) ([]Extension, error)
}

// ProfileStore reads and writes profiles and the organisation's tags.
type ProfileStore interface {
	// ProfileOf reads a person's profile; one never written is empty
	// (its PersonID set, its lists empty, UpdatedAt nil).
	ProfileOf(ctx context.Context, personID int64) (Profile, error)
	// ProfilesOf reads the written profiles of the people, keyed by id.
	ProfilesOf(ctx context.Context, ids []int64) (map[int64]Profile, error)
	// SaveProfile writes a whole profile, its tags in their order.
	SaveProfile(ctx context.Context, p Profile) error
	// CreateProfiles inserts the profiles of people who have none yet,
	// many at once (ErrConflict for one who has).
	CreateProfiles(ctx context.Context, ps []Profile) error
	// ListTags lists the organisation's tags by name.
	ListTags(ctx context.Context) ([]Tag, error)
	TagByID(ctx context.Context, id int64) (Tag, error)
	// CreateTag inserts t and sets its id; ErrConflict for a name there
	// already (case ignored).
	CreateTag(ctx context.Context, t *Tag) error
	DeleteTag(ctx context.Context, id int64) error
	// MatchSettingsOf reads a programme's match settings; a programme
	// without its own has the defaults (DefaultMatchSettings).
	MatchSettingsOf(ctx context.Context, programmeID int64) (MatchSettings, error)
	// SetMatchSettings writes a programme's match settings.
	SetMatchSettings(ctx context.Context, programmeID int64, m MatchSettings, at time.Time) error
}

// RequestStore keeps programme sign-ups and mentor requests.
type RequestStore interface {
	// JoinProgramme signs a person up in a role, or changes the capacity
	// of their sign-up.
	JoinProgramme(ctx context.Context, m ProgrammeMember) error
	// LeaveProgramme deletes a sign-up; ErrNotFound when there is none.
	LeaveProgramme(ctx context.Context, programmeID, personID int64, role MemberRole) error
	// ProgrammeMembers lists a programme's sign-ups in a role, by person id.
	ProgrammeMembers(ctx context.Context, programmeID int64, role MemberRole) ([]ProgrammeMember, error)
	// MembershipsOf lists a person's sign-ups, by programme id.
	MembershipsOf(ctx context.Context, personID int64) ([]ProgrammeMember, error)
	// CreateRequest inserts r and sets its id; ErrConflict when the mentee
	// has an open (or waiting) request in the programme already (the
	// mentor_requests_one_open unique index).
	CreateRequest(ctx context.Context, r *MentorRequest) error
	// SetRequestState writes r's state, reason, pairing, decider and
	// update time if its stored state is still from; it reports whether
	// it did (a conditional write: of two only one wins).
	SetRequestState(ctx context.Context, r MentorRequest, from RequestState) (bool, error)
	// RequestByID reads a request with its programme's and people's names.
	RequestByID(ctx context.Context, id int64) (MentorRequest, error)
	// ListRequests lists requests with their names, newest first.
	ListRequests(ctx context.Context, f RequestFilter) ([]MentorRequest, error)
}
