package domain

import (
	"errors"
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
	// Text and FieldTexts say the message and the fields' messages as
	// catalogue keys, which the edge writes in the reader's language; Msg
	// and Fields then hold the keys and arguments, for logs.
	Text       *Text
	FieldTexts map[string]Text
}

// Text is words for people named by their key in the message catalogues
// (package lang) with named arguments as name, value pairs, like
// Translator.T. The rules refuse with Texts, so that a refusal reads in
// the language of whoever reads it, which the rules do not know. An
// argument may itself be a Text, and a Date reads as a day in the
// reader's words.
type Text struct {
	Key  string
	Args []any
}

// String is the key and arguments, for logs and tests.
func (t Text) String() string { return keyTranslator{}.T("", t.Key, t.Args...) }

// refusal is an error of kind with a message by key.
func refusal(kind error, key string, args []any) error {
	t := Text{Key: key, Args: args}
	return &Error{Kind: kind, Msg: t.String(), Text: &t}
}

// NotFoundText is NotFound with a message by catalogue key.
func NotFoundText(key string, args ...any) error { return refusal(ErrNotFound, key, args) }

// ConflictText is Conflict with a message by catalogue key.
func ConflictText(key string, args ...any) error { return refusal(ErrConflict, key, args) }

// ForbiddenText is Forbidden with a message by catalogue key.
func ForbiddenText(key string, args ...any) error { return refusal(ErrForbidden, key, args) }

// InvalidRequestText is a 422 of the request as a whole, no one field,
// with the reason by catalogue key.
func InvalidRequestText(key string, args ...any) error { return refusal(ErrInvalid, key, args) }

// InvalidText is Invalid with the reason by catalogue key.
func InvalidText(field, key string, args ...any) error {
	var v ValidationError
	v.AddText(field, key, args...)
	return v.Err()
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

// UnauthorizedText is Unauthorized with a message by catalogue key.
func UnauthorizedText(key string, args ...any) error { return refusal(ErrUnauthorized, key, args) }

// ValidationError collects per-field messages; it is a 422 at the edge.
type ValidationError struct {
	Fields map[string]string
	Texts  map[string]Text // the reasons given by catalogue key (AddText)
}

// AddText is Add with the reason by catalogue key and named arguments.
func (v *ValidationError) AddText(field, key string, args ...any) {
	if _, ok := v.Fields[field]; ok {
		return
	}
	t := Text{Key: key, Args: args}
	if v.Texts == nil {
		v.Texts = map[string]Text{}
	}
	v.Texts[field] = t
	v.Add(field, t.String())
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
		v.AddText(field, "error.field.max_len", "Max", n)
	}
}

// required adds that a field must be given.
func (v *ValidationError) required(field string) { v.AddText(field, "error.field.required") }

// Merge adds err's field reasons to v (none unless err is a domain
// Error), by key where err gave them so.
func (v *ValidationError) Merge(err error) {
	var de *Error
	if !errors.As(err, &de) {
		return
	}
	for _, f := range sortedKeys(de.Fields) {
		if t, ok := de.FieldTexts[f]; ok {
			v.AddText(f, t.Key, t.Args...)
		} else {
			v.Add(f, de.Fields[f])
		}
	}
}

// fieldsIn is v's field reasons in w's words: those given by key
// written out, the others as they are. Messages that quote a field's
// reason inside their own words (the rows of an import) read them so.
func (w words) fieldsIn(v *ValidationError) map[string]string {
	if len(v.Texts) == 0 {
		return v.Fields
	}
	out := make(map[string]string, len(v.Fields))
	for f, why := range v.Fields {
		if t, ok := v.Texts[f]; ok {
			why = w.text(t)
		}
		out[f] = why
	}
	return out
}

// refusalText is what a refusal says by catalogue key: its message, or
// for a validation error its first field (by name) and the field's
// reason. ok is false when err says nothing by key.
func refusalText(err error) (t Text, ok bool) {
	var de *Error
	if !errors.As(err, &de) {
		return Text{}, false
	}
	if de.Text != nil {
		return *de.Text, true
	}
	for _, f := range sortedKeys(de.Fields) {
		why, ok := de.FieldTexts[f]
		if !ok {
			return Text{}, false
		}
		return Text{Key: "error.field.named", Args: []any{"Field", f, "Why", why}}, true
	}
	return Text{}, false
}

// Err returns nil when nothing was added, else the error itself.
func (v *ValidationError) Err() error {
	if len(v.Fields) == 0 {
		return nil
	}
	return &Error{Kind: ErrInvalid, Msg: v.summary(), Fields: v.Fields, FieldTexts: v.Texts}
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
