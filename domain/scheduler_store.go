package domain

import (
	"context"
	"time"
)

// ReminderState is where a reminder row stands.
type ReminderState string

// Reminder states: pending until due; queued once its message is in the
// outbox; cancelled with its meeting (or when the meeting is completed);
// missed when its meeting began (or a later reminder was also due) before
// it could go out.
const (
	ReminderPending   ReminderState = "pending"
	ReminderQueued    ReminderState = "queued"
	ReminderCancelled ReminderState = "cancelled"
	ReminderMissed    ReminderState = "missed"
)

// Reminder is one due row per (meeting, offset, recipient).
type Reminder struct {
	ID          int64         `json:"id"`
	MeetingID   int64         `json:"meeting_id"`
	Offset      time.Duration `json:"-"`
	RecipientID int64         `json:"recipient_id"`
	DueAt       time.Time     `json:"due_at"`
	State       ReminderState `json:"state"`
	OutboxID    *int64        `json:"outbox_id"`
	UpdatedAt   time.Time     `json:"updated_at"`
}

// OutboxKind says what an outbox message is.
type OutboxKind string

// Outbox kinds.
const (
	OutboxReminder     OutboxKind = "reminder"
	OutboxCancellation OutboxKind = "cancellation"
	OutboxDigest       OutboxKind = "digest"
)

// OutboxState is where an outbox message stands.
type OutboxState string

// Outbox states. A sending row always holds a lease; when the lease runs
// out the row may be claimed again.
const (
	OutboxQueued       OutboxState = "queued"
	OutboxSending      OutboxState = "sending"
	OutboxSent         OutboxState = "sent"
	OutboxDead         OutboxState = "dead"
	OutboxNotDelivered OutboxState = "not_delivered"
	OutboxExpired      OutboxState = "expired"
	OutboxCancelled    OutboxState = "cancelled"
)

// OutboxMessage is an email waiting for, or done with, delivery.
type OutboxMessage struct {
	ID            int64       `json:"id"`
	Kind          OutboxKind  `json:"kind"`
	RecipientID   *int64      `json:"recipient_id"`
	To            string      `json:"to"`
	ToName        string      `json:"-"`
	Subject       string      `json:"subject"`
	Text          string      `json:"-"`
	ICS           string      `json:"-"`
	ICSMethod     string      `json:"ics_method,omitempty"`
	MessageID     string      `json:"message_id"`
	MeetingID     *int64      `json:"meeting_id,omitempty"`
	NotAfter      *time.Time  `json:"not_after,omitempty"`
	State         OutboxState `json:"state"`
	Attempts      int         `json:"attempts"`
	NextAttemptAt time.Time   `json:"next_attempt_at"`
	LeaseUntil    *time.Time  `json:"lease_until,omitempty"`
	ClaimToken    string      `json:"-"`
	LastError     string      `json:"last_error"`
	CreatedAt     time.Time   `json:"created_at"`
	SentAt        *time.Time  `json:"sent_at"`
}

// OutboxResult is how a claimed message's delivery ended.
type OutboxResult struct {
	State         OutboxState
	NextAttemptAt time.Time
	LastError     string
	SentAt        *time.Time
	// Attempts, when set, overrides the count (a release gives the
	// interrupted attempt back).
	Attempts *int
}

// OutboxFilter narrows the admin's outbox list.
type OutboxFilter struct {
	State OutboxState
	Limit int
	After int64 // rows with a smaller id (newest first)
}

// Notification is an in-app entry for one person.
type Notification struct {
	ID          int64      `json:"id"`
	RecipientID int64      `json:"recipient_id"`
	Kind        string     `json:"kind"`
	Subject     string     `json:"subject"`
	Body        string     `json:"body"`
	Link        string     `json:"link"`
	CreatedAt   time.Time  `json:"created_at"`
	ReadAt      *time.Time `json:"read_at"`
}

// PairingHealth is what the flag sweep needs to know of an active pairing.
type PairingHealth struct {
	ID              int64
	ProgrammeID     int64
	StartedOn       Date
	CadenceDays     int
	LastCompletedAt *time.Time // last completed check-in, if any
}

// EngagementHealth is what the flag sweep needs to know of an active
// engagement.
type EngagementHealth struct {
	ID                int64
	ProgrammeID       int64
	StartsOn, EndsOn  Date
	PlannedSessions   int
	CompletedSessions int
}

// SchedulerStore is the persistence of reminders, the outbox, in-app
// notifications and flags.
type SchedulerStore interface {
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
	MarkReminderQueued(ctx context.Context, id, outboxID int64, at time.Time) error
	MarkReminderMissed(ctx context.Context, id int64, at time.Time) error

	EnqueueMail(ctx context.Context, m *OutboxMessage) error
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

	InsertNotification(ctx context.Context, n *Notification) error
	ListNotifications(ctx context.Context, recipientID int64, limit int, before int64) ([]Notification, error)
	MarkNotificationRead(ctx context.Context, recipientID, id int64, at time.Time) error
	MarkAllNotificationsRead(ctx context.Context, recipientID int64, at time.Time) (int64, error)
	CountUnreadNotifications(ctx context.Context, recipientID int64) (int, error)

	ActivePairingHealth(ctx context.Context) ([]PairingHealth, error)
	ActiveEngagementHealth(ctx context.Context) ([]EngagementHealth, error)
	OpenFlags(ctx context.Context) ([]Flag, error)
	// RaiseFlag opens a flag unless the same one is open already; it
	// reports whether it did.
	RaiseFlag(ctx context.Context, f *Flag) (bool, error)
	// ClearFlag closes an open flag; it reports whether it did.
	ClearFlag(ctx context.Context, id int64, at time.Time) (bool, error)
	ActiveAdmins(ctx context.Context) ([]Person, error)
	// LastDigestAt is when the admin's last flag digest was queued.
	LastDigestAt(ctx context.Context, adminID int64) (*time.Time, error)
	// RecordDigest claims the (admin, date) digest; false when one exists.
	RecordDigest(ctx context.Context, adminID int64, date Date, at time.Time) (bool, error)
	SetDigestOutbox(ctx context.Context, adminID int64, date Date, outboxID int64) error
}
