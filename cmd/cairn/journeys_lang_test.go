package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"cairn/domain/lang"
	"cairn/storage/storagetest"
	bt "cairn/views/browsertest"
)

// TestJourneysInGerman walks every journey once with a browser that asks
// for German: each page must come in German (the texts the journeys
// expect are looked for as the German catalogue says them) and pass the
// same page checks.
func TestJourneysInGerman(t *testing.T) {
	runJourneys(t, storagetest.URL(t, "sqlite"), bt.Language("de", catalogueSays(t, "de")))
}

// catalogueSays turns a text the journeys expect in English into how a
// page in language tag shows it, from the catalogue files: a whole
// message (with its arguments, as "Welcome, {{.Name}}" matches "Welcome,
// Ada") is that message in tag with the same arguments; a part of a
// message is the longest fixed part of the message in tag. A text that is
// in no message (a name, an address) stays as it is.
func catalogueSays(t *testing.T, tag string) func(string) ([]string, bool) {
	en, other := readCatalogue(t, "en"), readCatalogue(t, tag)
	arg := regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)
	word := regexp.MustCompile(`\pL{3}`)
	englishDay := regexp.MustCompile(`(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}(?:, \d{2}:\d{2})?`)
	sentence := regexp.MustCompile(`(?:^|[\s(])\p{Ll}\pL+`)
	type form struct{ en, other string }
	var forms []form
	// What a person reads of a message: no markup, and the text of its
	// conditions ({{if .Comment}}: “{{.Comment}}”{{end}}) as if they held.
	plain := regexp.MustCompile(`<[^>]*>|\{\{-?\s*(?:if|else|end|with|range)\b[^}]*\}\}`)
	for k, byCat := range en {
		for cat, f := range byCat {
			g, ok := other[k][cat]
			if !ok {
				g = other[k]["other"]
			}
			forms = append(forms, form{plain.ReplaceAllString(f, ""), plain.ReplaceAllString(g, "")})
		}
	}
	sort.Slice(forms, func(i, j int) bool { return forms[i].en < forms[j].en })
	// Messages that start with a few words before their first argument
	// ("To {{.Name}} in ..."): a text starting so is one of them.
	var openings []string
	for _, f := range forms {
		if i := strings.Index(f.en, "{{"); i >= 3 {
			openings = append(openings, f.en[:i])
		}
	}
	cat, err := lang.Load("")
	if err != nil {
		t.Fatal(err)
	}
	in := cat.For(tag)
	fill := func(s string, vals map[string]string) string {
		return arg.ReplaceAllStringFunc(s, func(m string) string { return vals[arg.FindStringSubmatch(m)[1]] })
	}
	longestPart := func(s string) string {
		best := ""
		for _, p := range arg.Split(s, -1) {
			if p = strings.TrimSpace(p); len(p) > len(best) {
				best = p
			}
		}
		return best
	}
	var says func(text string) ([]string, bool)
	says = func(text string) ([]string, bool) {
		// exact: the whole text is a message; parts: it is part of one;
		// data: it fits a message only through its arguments, so it may
		// as well be what someone typed ("Engineering mentoring 2026").
		var exact, parts, data []string
		sure := false
		for _, f := range forms {
			if !strings.Contains(f.en, "{{") {
				switch {
				case f.en == text:
					exact, sure = append(exact, f.other), true
				case len(text) >= 4 && strings.Contains(f.en, text):
					parts = append(parts, f.other)
				}
				continue
			}
			if !word.MatchString(arg.ReplaceAllString(f.en, "")) {
				continue // "{{.Pair}}: {{.Why}}" would match any text with a colon
			}
			names := arg.FindAllStringSubmatch(f.en, -1)
			pattern := "^" + strings.Join(func() []string {
				var out []string
				for i, lit := range arg.Split(f.en, -1) {
					out = append(out, regexp.QuoteMeta(lit))
					if i < len(names) {
						out = append(out, "(.+?)")
					}
				}
				return out
			}(), "") + "$"
			if re, err := regexp.Compile(pattern); err == nil {
				if m := re.FindStringSubmatch(text); m != nil {
					vals := map[string]string{}
					for i, n := range names {
						// An argument may be a message itself ("every
						// Tuesday at 10:00" in "The next five dates: ...").
						inner, _ := says(m[i+1])
						vals[n[1]] = inner[0]
					}
					exact = append(exact, fill(f.other, vals))
					data = append(data, text)
					continue
				}
			}
			for _, lit := range arg.Split(f.en, -1) {
				// Part of a fixed part, or holding one ("Your request
				// went to Ines Guide" holds "Your request went to").
				holds := sharesPhrase(lit, text)
				if len(text) >= 4 && strings.Contains(lit, text) || holds {
					if p := longestPart(f.other); p != "" {
						parts = append(parts, p)
					}
					break
				}
			}
		}
		if len(exact)+len(parts)+len(data) == 0 {
			// A name or a place is shown as written; words in a
			// sentence ("Rated 4 of 5") may be part of a message that
			// reads otherwise, which is not known here.
			if d := englishDay.FindString(text); d != "" {
				// A date as English writes it, "Tue 8 Dec 2026, 10:00".
				layout := "Mon 2 Jan 2006"
				if strings.Contains(d, ":") {
					layout += ", 15:04"
				}
				if at, err := time.Parse(layout, d); err == nil {
					said := in.Day(at)
					if strings.Contains(d, ":") {
						said += ", " + in.Clock(at)
					}
					return []string{strings.Replace(text, d, said, 1)}, true
				}
			}
			opening := slices.ContainsFunc(openings, func(o string) bool { return strings.HasPrefix(text, o) })
			return []string{text}, !opening && !sentence.MatchString(text)
		}
		return slices.Concat(exact, parts, data, []string{text}), sure
	}
	return says
}

// sharesPhrase reports whether a and b have a phrase of 8 characters or
// more, with a space in it, in common ("1 mentee now" and " mentee now,
// no limit set").
func sharesPhrase(a, b string) bool {
	if len(a) < 8 || len(b) < 8 {
		return false
	}
	for i := 0; i+8 <= len(b); i++ {
		for j := len(b); j >= i+8; j-- {
			if p := b[i:j]; strings.Contains(p, " ") && strings.Contains(a, p) {
				return true
			}
		}
	}
	return false
}

// readCatalogue is every message of language tag by key, each plural
// form by its category ("" for a message without forms).
func readCatalogue(t *testing.T, tag string) map[string]map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "domain", "lang", "locales", "*.toml"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	for _, f := range files {
		if base := filepath.Base(f); base != tag+".toml" && !strings.HasSuffix(base, "."+tag+".toml") {
			continue
		}
		buf, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := toml.Unmarshal(buf, &m); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for k, v := range m {
			switch x := v.(type) {
			case string:
				out[k] = map[string]string{"": x}
			case map[string]any:
				out[k] = map[string]string{}
				for cat, s := range x {
					out[k][cat], _ = s.(string)
				}
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("no catalogue for %s", tag)
	}
	return out
}
