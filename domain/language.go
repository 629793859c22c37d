package domain

import (
	"slices"
	"strings"
)

// Languages: each person reads Cairn in a language, a tag such as "de"
// that has a message catalogue. The domain keeps the tag; which tags there
// are is the translation package's to say (Config.Languages), and the
// words themselves come through a Translator (translator.go). A person
// with no language ("") reads the browser's, else the server's default.

// DefaultLanguage is the language of the words when nothing else says.
const DefaultLanguage = "en"

// languages is the tags people may choose, the default alone when the
// configuration names none.
func (c Config) languages() []string {
	if len(c.Languages) == 0 {
		return []string{DefaultLanguage}
	}
	return c.Languages
}

// checkLanguage adds a field error when tag is not one Cairn speaks; ""
// (follow the browser) is always allowed.
func (s *Service) checkLanguage(v *ValidationError, tag string) {
	if tag != "" && !slices.Contains(s.cfg.languages(), tag) {
		v.AddText("language", "error.person.language_unknown", "Languages", strings.Join(s.cfg.languages(), ", "))
	}
}

// validatePerson is p.Validate with its language checked against the
// languages Cairn speaks.
func (s *Service) validatePerson(p Person) error {
	var v ValidationError
	p.validateInto(&v)
	s.checkLanguage(&v, p.Language)
	return v.Err()
}

// MatchLanguage is the language Cairn speaks that a locale such as "de-AT",
// "de_DE" or "fr" names, "" when it speaks none of it.
func (c Config) MatchLanguage(locale string) string {
	locale = strings.ReplaceAll(strings.TrimSpace(locale), "_", "-")
	if locale == "" {
		return ""
	}
	langs := c.languages()
	for _, l := range langs {
		if strings.EqualFold(l, locale) {
			return l
		}
	}
	base, _, _ := strings.Cut(locale, "-")
	for _, l := range langs {
		if strings.EqualFold(l, base) {
			return l
		}
	}
	return ""
}
