package domain

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// AuditEntry records one write: who did what to which object, and the fields
// that changed. Note contents are never put in Changes.
type AuditEntry struct {
	ID         int64
	ActorID    *int64
	Action     string // "create", "update", "close", ...
	ObjectType string // "person", "pairing", ...
	ObjectID   int64
	Changes    map[string]Change
	At         time.Time
}

// Change is a field's value before and after a write.
type Change struct {
	Before any `json:"before,omitempty"`
	After  any `json:"after,omitempty"`
}

// What the audit log records for a change in place of a value it does not
// keep (a note's text) or to say how something happened. The log keeps
// them as written here, the API answers them so, and pages say them in the
// reader's words (views names each by catalogue key).
const (
	AuditChanged         = "changed"
	AuditWritten         = "written"
	AuditGiven           = "given"
	AuditOrgSignIn       = "organisation sign-in"
	AuditWithOrg         = "with the organisation"
	AuditByVerifiedEmail = "by verified email"
	AuditNewAccount      = "new account"
	AuditKeptLastAdmin   = "kept admin: the last active admin"
)

// ChangesJSON encodes Changes for storage.
func (e AuditEntry) ChangesJSON() string {
	if len(e.Changes) == 0 {
		return "{}"
	}
	b, err := json.Marshal(e.Changes)
	if err != nil {
		return "{}"
	}
	return string(b)
}

// diff lists fields whose values differ between two flat maps.
func diff(before, after map[string]any) map[string]Change {
	out := map[string]Change{}
	for k, a := range after {
		b := before[k]
		if !jsonEqual(a, b) {
			out[k] = Change{Before: b, After: a}
		}
	}
	return out
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

func actorID(a Actor) *int64 {
	if a.Person.ID == 0 {
		return nil
	}
	id := a.Person.ID
	return &id
}

// AuditFilter narrows the audit log.
type AuditFilter struct {
	PersonID   int64 // entries made by this person, or about them
	ObjectType string
	ObjectID   int64
	Action     string // entries of this action ("create", "update" ...)
	From, To   time.Time
	Limit      int
	Before     int64 // entries with a smaller id (newest first paging)
	// After lists the Limit entries just above this id (the newer page),
	// still newest first.
	After int64
}

// AuditView is an audit entry with its actor's name, for reading.
type AuditView struct {
	ID         int64             `json:"id"`
	ActorID    *int64            `json:"actor_id"`
	ActorName  string            `json:"actor_name"`
	Action     string            `json:"action"`
	ObjectType string            `json:"object_type"`
	ObjectID   int64             `json:"object_id"`
	Changes    map[string]Change `json:"changes"`
	At         time.Time         `json:"at"`
	// ObjectNames are the people or the name the object is known by, as
	// read with the entry: a person's or programme's name; a pairing's,
	// engagement's or meeting's two people (leader first), a flag's
	// relationship's two people; none for other objects.
	ObjectNames []string `json:"-"`
}

// Subject names the entry's object by its people or its name ("Margaret
// Okafor and Leo Brandt"), in English, for logs and tests (the audit
// page names them in the reader's words); "" when it has none.
func (v AuditView) Subject() string { return strings.Join(v.ObjectNames, " and ") }

// AuditActions are the actions the log records, for a filter to offer.
var AuditActions = []string{"create", "update", "import", "export", "close", "cancel", "completed", "cancelled",
	"no_show", "scheduled", "reschedule", "pause", "resume", "end", "archive", "unarchive", "sign_in", "sign_out", "invite",
	"reset", "set_password", "change_password", "sign_in_refused", "revoke", "rotate", "met", "not_met", "raise",
	"nudge", "snooze", "resolve", "clear", "read", "read_all", "retry", "run"}

// AuditLog lists entries newest first (admins only). Note contents are
// never written to the log, so none can appear here.
func (s *Service) AuditLog(ctx context.Context, a Actor, f AuditFilter) ([]AuditView, error) {
	if err := s.requireAdmin(a); err != nil {
		return nil, err
	}
	f.Limit = ClampLimit(f.Limit)
	out, err := s.store.Audit.ListAudit(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	return out, nil
}
