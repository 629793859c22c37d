package lang

import (
	"regexp"
	"strconv"
	"strings"
)

// A message is most often plain text or text with named values
// ("{{.Name}} joined"). go-i18n runs every message through text/template
// on every call, which costs a page of a hundred messages more than its
// database reads; such messages are instead split once at Load into text
// and names (a simpleMessage) and filled in directly. Anything else (a
// plural, a template action, a value of another kind) still goes through
// go-i18n, and a test holds the two to the same output for every message
// of every language.

// simpleMessage is a message's text split at its {{.Name}} values: parts
// alternate text and a name, starting with text.
type simpleMessage []string

// placeholder is the one template action a simple message may hold.
var placeholder = regexp.MustCompile(`\{\{\s*\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}`)

// parseSimple splits a message's text, or reports that it is not simple.
func parseSimple(text string) (simpleMessage, bool) {
	var parts simpleMessage
	last := 0
	for _, m := range placeholder.FindAllStringSubmatchIndex(text, -1) {
		parts = append(parts, text[last:m[0]], text[m[2]:m[3]])
		last = m[1]
	}
	parts = append(parts, text[last:])
	for i := 0; i < len(parts); i += 2 {
		if strings.Contains(parts[i], "{{") || strings.Contains(parts[i], "}}") {
			return nil, false
		}
	}
	return parts, true
}

// fill writes the message with args (name, value pairs), or reports that a
// value is of a kind only text/template should print.
func (m simpleMessage) fill(args []any) (string, bool) {
	if len(m) == 1 {
		return m[0], true
	}
	var b strings.Builder
	for i, part := range m {
		if i%2 == 0 {
			b.WriteString(part)
			continue
		}
		v, found := argNamed(args, part)
		if !found {
			b.WriteString("<no value>") // what text/template writes for a missing key
			continue
		}
		switch v := v.(type) {
		case string:
			b.WriteString(v)
		case int:
			b.WriteString(strconv.Itoa(v))
		case int64:
			b.WriteString(strconv.FormatInt(v, 10))
		default:
			return "", false
		}
	}
	return b.String(), true
}

// argNamed is the value of the last pair named name (as a map built from
// the pairs would hold it).
func argNamed(args []any, name string) (any, bool) {
	var v any
	found := false
	for i := 0; i+1 < len(args); i += 2 {
		if n, ok := args[i].(string); ok && n == name {
			v, found = args[i+1], true
		}
	}
	return v, found
}
