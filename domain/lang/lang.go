// Package lang owns Cairn's message catalogues: one file per language in
// locales/ (English is the source), loaded once at start-up into a bundle
// that nothing changes afterwards. A request or a message picks the Words
// of one language (For, Negotiate); every Words is built at Load and only
// read after, so requests in different languages share nothing mutable.
//
// A new language is a new catalogue file: locales/xx.toml with every key
// of en.toml (a test fails on a missing or an unused key) and its dates in
// calendar.go. A language's messages may be split over several files, one
// per area (locales/errors.de.toml beside locales/de.toml): the language
// is the part of the name before ".toml", as go-i18n reads it.
package lang

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed locales/*.toml
var localeFS embed.FS

// Source is the language the catalogues are written from.
const Source = "en"

// Catalogue is every language's words. It is safe for concurrent use: it
// is never changed after Load.
type Catalogue struct {
	def     string
	tags    []string // the languages with a catalogue, sorted
	words   map[string]*Words
	matcher language.Matcher
	keys    map[string][]string // each language's keys, for the tests
}

// Load reads every catalogue. defaultTag is the language of a reader who
// chose none and whose browser asks for none Cairn speaks; it must have a
// catalogue.
func Load(defaultTag string) (*Catalogue, error) {
	parsed, err := parseOnce()
	if err != nil {
		return nil, err
	}
	c := *parsed // the words are shared: nothing changes them
	defaultTag = strings.TrimSpace(defaultTag)
	if defaultTag == "" {
		defaultTag = Source
	}
	if _, ok := c.words[defaultTag]; !ok {
		return nil, fmt.Errorf("lang: default language %q has no catalogue; choose one of %s",
			defaultTag, strings.Join(c.tags, ", "))
	}
	c.def = defaultTag
	return &c, nil
}

// parseOnce reads the embedded catalogues once per process: they cannot
// change while it runs, and reading them is most of what starting costs.
var parseOnce = sync.OnceValues(parse)

// parse reads every catalogue, with no default language chosen yet.
func parse() (*Catalogue, error) {
	bundle := i18n.NewBundle(language.MustParse(Source))
	names, err := fs.Glob(localeFS, "locales/*.toml")
	if err != nil {
		return nil, fmt.Errorf("lang: list catalogues: %w", err)
	}
	// The files are read in parallel (reading TOML is most of the work),
	// then added to the bundle in order.
	files := make([]*i18n.MessageFile, len(names))
	errs := make([]error, len(names))
	unmarshal := map[string]i18n.UnmarshalFunc{"toml": toml.Unmarshal}
	var wg sync.WaitGroup
	for i, n := range names {
		wg.Go(func() {
			buf, err := localeFS.ReadFile(n)
			if err != nil {
				errs[i] = fmt.Errorf("lang: read %s: %w", n, err)
				return
			}
			if files[i], err = i18n.ParseMessageFileBytes(buf, path.Base(n), unmarshal); err != nil {
				errs[i] = fmt.Errorf("lang: parse %s: %w", n, err)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	c := &Catalogue{words: map[string]*Words{}, keys: map[string][]string{}}
	texts := map[string]map[string]*i18n.Message{} // tag -> key -> message
	for i, n := range names {
		mf := files[i]
		if err := bundle.AddMessages(mf.Tag, mf.Messages...); err != nil {
			return nil, fmt.Errorf("lang: add %s: %w", n, err)
		}
		tag := mf.Tag.String()
		if _, ok := calendars[tag]; !ok {
			return nil, fmt.Errorf("lang: %s has no calendar words (domain/lang/calendar.go)", n)
		}
		if !slices.Contains(c.tags, tag) {
			c.tags = append(c.tags, tag)
		}
		if texts[tag] == nil {
			texts[tag] = map[string]*i18n.Message{}
		}
		for _, m := range mf.Messages {
			if _, dup := texts[tag][m.ID]; dup {
				return nil, fmt.Errorf("lang: %s repeats %q, which another %s file has", n, m.ID, tag)
			}
			texts[tag][m.ID] = m
			c.keys[tag] = append(c.keys[tag], m.ID)
		}
	}
	if !slices.Contains(c.tags, Source) {
		return nil, fmt.Errorf("lang: no catalogue for the source language %q", Source)
	}
	slices.Sort(c.tags)
	keys := slices.Sorted(slices.Values(c.keys[Source]))
	known := make(map[string]bool, len(keys))
	for _, k := range keys {
		known[k] = true
	}
	parsed := make([]language.Tag, len(c.tags))
	simple := make([]map[string]simpleMessage, len(c.tags))
	for i, t := range c.tags {
		wg.Go(func() { simple[i] = simpleMessages(texts[t], texts[Source]) })
	}
	wg.Wait()
	for i, t := range c.tags {
		parsed[i] = language.MustParse(t)
		c.words[t] = &Words{tag: t, loc: i18n.NewLocalizer(bundle, t), cal: calendars[t], keys: keys, known: known,
			simple: simple[i]}
	}
	c.matcher = language.NewMatcher(parsed)
	return c, nil
}

// simpleMessages are the messages of a language (falling back to the
// source language's, as go-i18n does) that fast.go fills in: those with
// only an "other" form and no template action but {{.Name}}.
func simpleMessages(own, source map[string]*i18n.Message) map[string]simpleMessage {
	out := map[string]simpleMessage{}
	for key, src := range source {
		m := src
		if o, ok := own[key]; ok {
			m = o
		}
		if m.Zero != "" || m.One != "" || m.Two != "" || m.Few != "" || m.Many != "" ||
			m.LeftDelim != "" || m.RightDelim != "" {
			continue
		}
		if parts, ok := parseSimple(m.Other); ok {
			out[key] = parts
		}
	}
	return out
}

// Tags are the languages Cairn speaks, sorted.
func (c *Catalogue) Tags() []string { return slices.Clone(c.tags) }

// Default is the default language's tag.
func (c *Catalogue) Default() string { return c.def }

// For is one language's words; "" or a language without a catalogue is
// the default language.
func (c *Catalogue) For(tag string) *Words {
	if w, ok := c.words[tag]; ok {
		return w
	}
	return c.words[c.def]
}

// Negotiate is the words a reader reads: their own language when they
// chose one, else the best the browser's Accept-Language asks for, else
// the default.
func (c *Catalogue) Negotiate(chosen, acceptLanguage string) *Words {
	if w, ok := c.words[chosen]; ok {
		return w
	}
	if acceptLanguage != "" {
		if want, _, err := language.ParseAcceptLanguage(acceptLanguage); err == nil && len(want) > 0 {
			if _, i, conf := c.matcher.Match(want...); conf != language.No {
				return c.words[c.tags[i]]
			}
		}
	}
	return c.words[c.def]
}

// Name is a language's name in itself ("Deutsch"), for choosing one.
func (c *Catalogue) Name(tag string) string {
	return c.For(tag).T("language.self")
}
