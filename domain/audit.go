package domain

import (
	"encoding/json"
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
