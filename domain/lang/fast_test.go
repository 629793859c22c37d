package lang

import (
	"fmt"
	"testing"
)

// Every message filled in directly reads exactly as go-i18n writes it, in
// every language, with text values, number values and values missing.
func TestSimpleMessagesReadAsGoI18nWritesThem(t *testing.T) {
	c, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, tag := range c.Tags() {
		w := c.For(tag)
		if len(w.simple) < len(w.keys)/2 {
			t.Errorf("%s: only %d of %d messages are simple: the fast path is not being used", tag, len(w.simple), len(w.keys))
		}
		for key, m := range w.simple {
			var texts, numbers []any
			for i := 1; i < len(m); i += 2 {
				texts = append(texts, m[i], fmt.Sprintf("«%s %d»", m[i], i))
				numbers = append(numbers, m[i], i*1000)
			}
			for _, args := range [][]any{nil, texts, numbers, append(texts, "Unused", "x")} {
				fast, ok := m.fill(args)
				if !ok {
					t.Fatalf("%s %s: the fast path refused %v", tag, key, args)
				}
				if slow := w.localize(key, nil, args); fast != slow {
					t.Errorf("%s %s with %v:\n fast %q\n go-i18n %q", tag, key, args, fast, slow)
				}
				checked++
			}
		}
	}
	if checked == 0 {
		t.Fatal("no message checked")
	}
}

func TestParseSimple(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string
		ok   bool
	}{
		{"plain", []string{"plain"}, true},
		{"{{.Name}} joined {{ .Programme }}.", []string{"", "Name", " joined ", "Programme", "."}, true},
		{"{{if .X}}a{{end}}", nil, false},
		{"{{.Count | printf \"%d\"}}", nil, false},
		{"a }} b", nil, false},
	} {
		got, ok := parseSimple(c.text)
		if ok != c.ok || fmt.Sprint(got) != fmt.Sprint(simpleMessage(c.want)) && c.ok {
			t.Errorf("parseSimple(%q) = %q, %v; want %q, %v", c.text, got, ok, c.want, c.ok)
		}
	}
}

func BenchmarkT(b *testing.B) {
	c, err := Load("")
	if err != nil {
		b.Fatal(err)
	}
	w := c.For("de")
	b.Run("simple", func(b *testing.B) {
		for b.Loop() {
			_ = w.T("page.programme.first_shown", "Count", 25)
		}
	})
	b.Run("go-i18n", func(b *testing.B) {
		for b.Loop() {
			_ = w.localize("page.programme.first_shown", nil, []any{"Count", 25})
		}
	})
}
