package domain

import (
	"unicode/utf8"
)

// TextKind says which characters a text field may hold.
type TextKind int

const (
	// OneLine is a name, a title, an address, a location: no line breaks.
	OneLine TextKind = iota
	// MultiLine is free text (notes, an agenda, a description, a comment):
	// line breaks and tabs are part of what people write.
	MultiLine
)

// multiLineFields names the fields that hold free text, by the name their
// errors and the API use; every other text field is one line.
var multiLineFields = map[string]bool{
	"agenda": true, "notes": true, "private_notes": true, "description": true, "goal.description": true, "goal_description": true,
	"comment": true, "progress_comment": true, "summary": true, "message": true, "note": true, "reason": true,
	"detail": true, "bio": true, "focus": true, "end_reason": true, "cancel_reason": true,
	"seniority_override_reason": true, "capacity_override_reason": true, "success_measure": true,
	"goal.success_measure": true, "csv": true,
}

// FieldKind is the kind of text the field of that name holds.
func FieldKind(field string) TextKind {
	if multiLineFields[field] {
		return MultiLine
	}
	return OneLine
}

// TextProblemKey says why s cannot be stored as text of that kind, as a
// catalogue key, or "" when it can. NUL cannot be stored on PostgreSQL
// and ends strings elsewhere, control characters break mail headers and
// calendar lines, and a line break in a one-line field starts a new
// header or property wherever the value is written out on its own line.
// A carriage return is only part of a line break: browsers send a
// textarea's lines as CRLF.
func TextProblemKey(s string, kind TextKind) string {
	if !utf8.ValidString(s) {
		return "error.field.not_utf8"
	}
	for i, r := range s {
		switch {
		case r == '\t':
		case r == '\n' || r == '\r' && i+1 < len(s) && s[i+1] == '\n',
			r == '\u2028' || r == '\u2029' || r == '\u0085':
			if kind == OneLine {
				return "error.field.one_line"
			}
		case r == 0:
			return "error.field.nul"
		case r < 0x20 || r >= 0x7f && r < 0xa0:
			return "error.field.control_character"
		}
	}
	return ""
}

// Text records why s cannot be the text of field, if it cannot; the kind
// follows from the field's name (see FieldKind).
func (v *ValidationError) Text(field, s string) {
	if key := TextProblemKey(s, FieldKind(field)); key != "" {
		v.AddText(field, key)
	}
}

// CheckText is the 422 for a field whose text cannot be stored, or nil.
func CheckText(field, s string) error {
	var v ValidationError
	v.Text(field, s)
	return v.Err()
}
