package domain

import (
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
	OutboxNudge        OutboxKind = "nudge"
	OutboxRequest      OutboxKind = "request"
	// OutboxPairing tells both people of a pairing HR made from a proposal.
	OutboxPairing OutboxKind = "pairing"
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
