package lang

import (
	"strconv"
	"strings"
	"time"
)

// The Catalogue is the domain's Translator (domain/translator.go): the
// words of mails, notices, calendar entries and CSV headers, each call
// naming the reader's language. "" or a tag without a catalogue is the
// default language.

// Resolve is the tag the words for tag are written in.
func (c *Catalogue) Resolve(tag string) string { return c.For(tag).Tag() }

// T is message key in language tag, with name, value pairs.
func (c *Catalogue) T(tag, key string, args ...any) string { return c.For(tag).T(key, args...) }

// N is message key in language tag in the plural form n takes.
func (c *Catalogue) N(tag, key string, n int, args ...any) string {
	return c.For(tag).N(key, n, args...)
}

// When is an instant in zone loc, the zone named, in language tag.
func (c *Catalogue) When(tag string, t time.Time, loc *time.Location) string {
	return c.For(tag).When(t, loc)
}

// Clock is a time of day in language tag.
func (c *Catalogue) Clock(tag string, t time.Time) string { return c.For(tag).Clock(t) }

// Day is a date with its weekday in language tag.
func (c *Catalogue) Day(tag string, t time.Time) string { return c.For(tag).Day(t) }

// DayInYear is Day without the year ("Wed 3 Dec", "Mi., 3. Dez."), for a
// date beside one that names the year: every language's date ends with it.
func (c *Catalogue) DayInYear(tag string, t time.Time) string {
	return strings.TrimSuffix(c.For(tag).Day(t), " "+strconv.Itoa(t.Year()))
}
