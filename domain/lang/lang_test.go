package lang

import (
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

func load(t *testing.T) *Catalogue {
	t.Helper()
	c, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestLoadCheckTheDefault(t *testing.T) {
	c := load(t)
	if c.Default() != "en" || !slices.Equal(c.Tags(), []string{"de", "en", "es", "fr"}) {
		t.Fatalf("default %q, languages %v", c.Default(), c.Tags())
	}
	if c, err := Load("de"); err != nil || c.Default() != "de" || c.For("").Tag() != "de" || c.For("ja").Tag() != "de" {
		t.Errorf("German default: %v", err)
	}
	if _, err := Load("ja"); err == nil || !strings.Contains(err.Error(), "de, en, es, fr") {
		t.Errorf("a default with no catalogue: %v", err)
	}
}

// Every catalogue holds exactly the source's keys, and every message of a
// translation takes the same arguments as the source's.
func TestCataloguesHoldTheSameKeys(t *testing.T) {
	c := load(t)
	src := map[string]bool{}
	for _, k := range c.keys[Source] {
		src[k] = true
	}
	for _, tag := range c.tags {
		have := map[string]bool{}
		for _, k := range c.keys[tag] {
			have[k] = true
			if !src[k] {
				t.Errorf("%s.toml has %q, which en.toml lacks", tag, k)
			}
		}
		for k := range src {
			if !have[k] {
				t.Errorf("%s.toml lacks %q", tag, k)
			}
		}
	}
}

func TestNegotiate(t *testing.T) {
	c := load(t)
	for _, tc := range []struct{ chosen, accept, want string }{
		{"fr", "de", "fr"},
		{"", "de-CH, fr;q=0.5", "de"},
		{"", "pt-BR, es;q=0.4", "es"},
		{"", "ja", "en"},
		{"", "", "en"},
		{"", "garbage;;q=x", "en"},
		{"xx", "es", "es"},
	} {
		if got := c.Negotiate(tc.chosen, tc.accept).Tag(); got != tc.want {
			t.Errorf("Negotiate(%q, %q) = %s, want %s", tc.chosen, tc.accept, got, tc.want)
		}
	}
}

func TestDatesTimesAndNumbers(t *testing.T) {
	c := load(t)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	at := time.Date(2026, 12, 2, 8, 5, 0, 0, time.UTC) // a Wednesday, 09:05 in Berlin
	for _, tc := range []struct{ tag, when, month, number string }{
		{"en", "Wed 2 Dec 2026, 09:05 CET", "Mar 2026", "1,234.5"},
		{"de", "Mi., 2. Dez. 2026, 09:05 CET", "März 2026", "1.234,5"},
		{"fr", "mer. 2 déc. 2026, 09:05 CET", "mars 2026", "1\u202f234,5"},
		{"es", "mié, 2 dic 2026, 9:05 CET", "mar 2026", "1.234,5"},
	} {
		w := c.For(tc.tag)
		if got := w.When(at, berlin); got != tc.when {
			t.Errorf("%s When = %q, want %q", tc.tag, got, tc.when)
		}
		if got := w.Month(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)); got != tc.month {
			t.Errorf("%s Month = %q, want %q", tc.tag, got, tc.month)
		}
		if got := w.Number(1234.5, 1); got != tc.number {
			t.Errorf("%s Number = %q, want %q", tc.tag, got, tc.number)
		}
	}
	if got := c.For("en").Number(-1234567, 0); got != "-1,234,567" {
		t.Errorf("grouping a negative number: %q", got)
	}
	if c.For("en").When(time.Time{}, nil) != "" || c.For("de").Day(time.Time{}) != "" {
		t.Error("the zero instant and date are shown as nothing")
	}
}

// A translation takes the arguments its source message gives, no fewer
// and no others, in every plural form.
func TestTranslationsKeepTheArguments(t *testing.T) {
	read := func(tag string) map[string]any {
		files, err := fs.Glob(localeFS, "locales/*"+tag+".toml")
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]any{}
		for _, f := range files {
			if f != "locales/"+tag+".toml" && !strings.HasSuffix(f, "."+tag+".toml") {
				continue
			}
			buf, err := localeFS.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var part map[string]any
			if err := toml.Unmarshal(buf, &part); err != nil {
				t.Fatal(err)
			}
			maps.Copy(m, part)
		}
		return m
	}
	args := regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)
	names := func(v any) string {
		var texts []string
		switch x := v.(type) {
		case string:
			texts = []string{x}
		case map[string]any:
			for _, f := range x {
				texts = append(texts, f.(string))
			}
		}
		var out []string
		for _, s := range texts {
			for _, m := range args.FindAllStringSubmatch(s, -1) {
				if !slices.Contains(out, m[1]) {
					out = append(out, m[1])
				}
			}
		}
		slices.Sort(out)
		return strings.Join(out, ",")
	}
	src := read(Source)
	for _, tag := range load(t).Tags() {
		for k, v := range read(tag) {
			// Count is the plural's own; a form may spell the number out.
			if got, want := strings.ReplaceAll(names(v), "Count", ""), strings.ReplaceAll(names(src[k]), "Count", ""); got != want {
				t.Errorf("%s %q takes {%s}, the source {%s}", tag, k, got, want)
			}
		}
	}
}
