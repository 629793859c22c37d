package domain

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Sentinel kinds of failure. Every error a use case returns either wraps one
// of these or is an unexpected (internal) failure.
var (
	ErrNotFound     = errors.New("not found")
	ErrConflict     = errors.New("conflict")
	ErrForbidden    = errors.New("forbidden")
	ErrUnauthorized = errors.New("unauthorized")
	ErrInvalid      = errors.New("invalid")
	ErrRateLimited  = errors.New("rate limited")
)

// Error is a failure whose message is safe to show to the user.
type Error struct {
	Kind   error
	Msg    string
	Fields map[string]string
}

func (e *Error) Error() string {
	if e.Msg != "" {
		return e.Msg
	}
	return e.Kind.Error()
}

func (e *Error) Unwrap() error { return e.Kind }

// NotFound reports that a thing does not exist or is not the caller's to see.
func NotFound(msg string) error { return &Error{Kind: ErrNotFound, Msg: msg} }

// Conflict reports a clash with existing data: a duplicate, an overlap, a wrong state.
func Conflict(msg string) error { return &Error{Kind: ErrConflict, Msg: msg} }

// Forbidden reports a role that may not do this.
func Forbidden(msg string) error { return &Error{Kind: ErrForbidden, Msg: msg} }

// Unauthorized reports missing or bad credentials.
func Unauthorized(msg string) error { return &Error{Kind: ErrUnauthorized, Msg: msg} }

// ValidationError collects per-field messages; it is a 422 at the edge.
type ValidationError struct {
	Fields map[string]string
}

// Add records why a field is invalid; the first reason per field wins.
func (v *ValidationError) Add(field, why string) {
	if v.Fields == nil {
		v.Fields = map[string]string{}
	}
	if _, ok := v.Fields[field]; !ok {
		v.Fields[field] = why
	}
}

// maxLen adds a field error when s is longer than n bytes.
func (v *ValidationError) maxLen(field, s string, n int) {
	if len(s) > n {
		v.Add(field, fmt.Sprintf("must be at most %d characters", n))
	}
}

// Err returns nil when nothing was added, else the error itself.
func (v *ValidationError) Err() error {
	if len(v.Fields) == 0 {
		return nil
	}
	return &Error{Kind: ErrInvalid, Msg: v.summary(), Fields: v.Fields}
}

func (v *ValidationError) summary() string {
	keys := sortedKeys(v.Fields)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+": "+v.Fields[k])
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Invalid is a validation error on one field.
func Invalid(field, why string) error {
	var v ValidationError
	v.Add(field, why)
	return v.Err()
}

// FieldErrors returns the per-field messages of a validation error, if any.
func FieldErrors(err error) map[string]string {
	var de *Error
	if errors.As(err, &de) {
		return de.Fields
	}
	return nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
