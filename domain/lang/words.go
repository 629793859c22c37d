package lang

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// Words is one language's messages and forms. It is immutable and safe to
// share between goroutines.
type Words struct {
	tag   string
	loc   *i18n.Localizer
	cal   *calendar
	keys  []string        // the source catalogue's keys, sorted
	known map[string]bool // the same, to look up
	// simple are the messages filled in without go-i18n (fast.go), by key:
	// this language's text, or the source language's where it has none.
	simple map[string]simpleMessage
}

// Has reports whether the catalogues have a message key.
func (w *Words) Has(key string) bool { return w.known[key] }

// Keys are the message keys that start with prefix, sorted.
func (w *Words) Keys(prefix string) []string {
	i, _ := slices.BinarySearch(w.keys, prefix)
	var out []string
	for ; i < len(w.keys) && strings.HasPrefix(w.keys[i], prefix); i++ {
		out = append(out, w.keys[i])
	}
	return out
}

// Lower is words as they read inside a sentence: lower-cased where the
// language writes its nouns so ("the start date"), kept where it does
// not (German: "das Startdatum").
func (w *Words) Lower(s string) string {
	if !w.cal.lowerNouns || s == "" {
		return s
	}
	// Keep capitals that are names ("API token").
	if len(s) > 1 && strings.ToUpper(s[:2]) == s[:2] {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// Tag is the language's tag ("de"), for <html lang> and Content-Language.
func (w *Words) Tag() string { return w.tag }

// T is the message key with its named arguments given as name, value
// pairs: T("flash.person_added", "Name", p.Name). A key no catalogue holds is
// shown as the key (the catalogue tests keep that from happening).
func (w *Words) T(key string, args ...any) string {
	if m, ok := w.simple[key]; ok {
		if s, ok := m.fill(args); ok {
			return s
		}
	}
	return w.localize(key, nil, args)
}

// N is the message key in the plural form n takes in this language; the
// message reads n as {{.Count}}.
func (w *Words) N(key string, n int, args ...any) string {
	return w.localize(key, n, append(args, "Count", n))
}

func (w *Words) localize(key string, count any, args []any) string {
	var data map[string]any
	if len(args) > 0 {
		data = make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			data[fmt.Sprint(args[i])] = args[i+1]
		}
	}
	s, err := w.loc.Localize(&i18n.LocalizeConfig{MessageID: key, TemplateData: data, PluralCount: count})
	if err != nil && s == "" {
		return key
	}
	return s
}
