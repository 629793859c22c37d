package views

import (
	"fmt"
	"html/template"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
	"cairn/domain/lang"
)

// The reader's language: the person's own choice, else what the browser
// asks for (Accept-Language), else the server's default
// (CAIRN_DEFAULT_LANGUAGE). It is chosen once per request and kept in the
// request's locals; pages render with that language's clone of their
// template (render.go), handlers write flash and error messages through
// s.words(c).

const wordsKey = "words"

// words is the request's language, chosen on first use.
func (s *Server) words(c *fiber.Ctx) *lang.Words {
	if w, ok := c.Locals(wordsKey).(*lang.Words); ok {
		return w
	}
	chosen := ""
	if a := actor(c); a != nil {
		chosen = a.Person.Language
	}
	w := s.pages.cat.Negotiate(chosen, c.Get(fiber.HeaderAcceptLanguage))
	c.Locals(wordsKey, w)
	return w
}

// languageFuncs are the template funcs bound to one language; each
// language's clone of the pages gets its own at start-up.
func languageFuncs(cat *lang.Catalogue, w *lang.Words) template.FuncMap {
	choices := make([]languageChoice, 0, len(cat.Tags()))
	for _, tag := range cat.Tags() {
		choices = append(choices, languageChoice{Tag: tag, Name: cat.Name(tag)})
	}
	funcs := wordLanguageFuncs(w)
	for k, v := range (template.FuncMap{
		// languages are the languages to choose from, each named in itself.
		"languages": func() []languageChoice { return choices },
		// lang is the page's language tag, for <html lang>.
		"lang": w.Tag,
		// t is a message from the catalogue: {{t "layout.home"}}, with named
		// arguments {{t "page.dashboard.welcome_user" "User" .User.Name}}. The message is the page's
		// own text (trusted, as the template's was); the arguments are
		// escaped unless they are HTML already.
		"t": func(key string, args ...any) template.HTML { return template.HTML(w.T(key, escapeArgs(args)...)) },
		// n is a message in the plural form a count takes: {{n "relative.in_days" .Days}}.
		"n": func(key string, n int, args ...any) template.HTML {
			return template.HTML(w.N(key, n, escapeArgs(args)...))
		},
		// text writes words the rules gave by key (a domain.Text, or a
		// pointer to one: nil writes nothing), escaped as any value.
		"text": func(v any) string {
			switch t := v.(type) {
			case domain.Text:
				return textWords(w, t)
			case *domain.Text:
				if t != nil {
					return textWords(w, *t)
				}
			}
			return ""
		},
	}) {
		funcs[k] = v
	}
	return funcs
}

// escapeArgs escapes a message's argument values for HTML (names stay as
// they are); values that are HTML already are kept.
func escapeArgs(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case template.HTML:
			out[i] = string(v)
		default:
			if i%2 == 1 {
				out[i] = template.HTMLEscapeString(fmt.Sprint(v))
			} else {
				out[i] = a
			}
		}
	}
	return out
}

// languageChoice is one language a person may choose.
type languageChoice struct{ Tag, Name string }
