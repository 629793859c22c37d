package views

import (
	"errors"
	"log/slog"
	"maps"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
	"cairn/domain/lang"
)

// errBadRequest is a malformed body or query: 400.
type errBadRequest struct{ msg string }

func (e errBadRequest) Error() string { return e.msg }

func badRequest(msg string) error { return errBadRequest{msg} }

// rateLimited is a 429 with a Retry-After.
type rateLimited struct{ retryAfter int }

func (e rateLimited) Error() string { return apiWords.T("error.views.rate_limited") }

// errTooLarge is a body over its route's limit: 413.
type errTooLarge struct{ limit int }

func (e errTooLarge) Error() string { return e.in(apiWords) }

// in is the refusal in w's words.
func (e errTooLarge) in(w *lang.Words) string {
	return w.T("error.views.too_large", "Size", sizeInWords(w, e.limit))
}

// classify maps an error to a status, a code and a message safe to show.
// Nothing of SQL or driver text ever leaves here: unknown errors are 500
// with a fixed message (and logged).
func classify(w *lang.Words, err error) (status int, code, msg string, fields map[string]string) {
	var br errBadRequest
	var rl rateLimited
	var tl errTooLarge
	var fe *fiber.Error
	var de *domain.Error
	switch {
	case errors.As(err, &br):
		return fiber.StatusBadRequest, "bad_request", br.msg, nil
	case errors.As(err, &tl):
		return fiber.StatusRequestEntityTooLarge, "too_large", tl.in(w), nil
	case errors.As(err, &rl):
		return fiber.StatusTooManyRequests, "rate_limited", w.T("error.views.rate_limited"), nil
	case errors.As(err, &de):
		status, code = kindStatus(de.Kind)
		msg, fields = errorWords(w, de)
		return status, code, msg, fields
	case errors.As(err, &fe):
		return fe.Code, "http_" + httpCode(fe.Code), fe.Message, nil
	}
	for _, k := range []error{domain.ErrNotFound, domain.ErrConflict, domain.ErrForbidden, domain.ErrUnauthorized, domain.ErrInvalid} {
		if errors.Is(err, k) {
			status, code = kindStatus(k)
			return status, code, w.T(defaultMessageKey(k)), nil
		}
	}
	return fiber.StatusInternalServerError, "internal", "something went wrong on our side; it has been logged", nil
}

// errorWords is a domain error's message and field messages in w's
// language: those the rules gave by catalogue key in words, the rest as
// they are.
func errorWords(w *lang.Words, de *domain.Error) (string, map[string]string) {
	msg := de.Error()
	if de.Text != nil {
		msg = textWords(w, *de.Text)
	}
	if len(de.FieldTexts) == 0 {
		return msg, de.Fields
	}
	fields := maps.Clone(de.Fields)
	for k, t := range de.FieldTexts {
		fields[k] = textWords(w, t)
	}
	if de.Text == nil && errors.Is(de.Kind, domain.ErrInvalid) {
		// The summary, "invalid input: field: why; ...", as the
		// domain writes it, with the reasons given by key in words.
		parts := make([]string, 0, len(fields))
		for _, k := range slices.Sorted(maps.Keys(fields)) {
			parts = append(parts, k+": "+fields[k])
		}
		msg = "invalid input: " + strings.Join(parts, "; ")
	}
	return msg, fields
}

// invalidAs is a refusal of one value (a date out of range) as field's
// 422, keeping its words by key.
func invalidAs(field string, err error) error {
	var de *domain.Error
	if errors.As(err, &de) && de.Text != nil {
		return domain.InvalidText(field, de.Text.Key, de.Text.Args...)
	}
	return domain.Invalid(field, err.Error())
}

// FieldWords is the field messages of err in w's language, nil when it
// names no fields.
func FieldWords(w *lang.Words, err error) map[string]string {
	var de *domain.Error
	if !errors.As(err, &de) {
		return nil
	}
	_, fields := errorWords(w, de)
	return fields
}

// englishMessage is err's message in English, for a 400, which the API
// writes in English.
func englishMessage(err error) string {
	var de *domain.Error
	if errors.As(err, &de) && de.Text != nil {
		return textWords(apiWords, *de.Text)
	}
	return err.Error()
}

// textWords writes t in w's language: any Text among its arguments
// first, dates as days, and in the plural form its "Count" argument takes
// when it has one (as the domain's words.text does).
func textWords(w *lang.Words, t domain.Text) string {
	args := slices.Clone(t.Args)
	count, counted := 0, false
	for i, a := range args {
		switch v := a.(type) {
		case domain.Text:
			args[i] = textWords(w, v)
		case *domain.Text:
			if v != nil {
				args[i] = textWords(w, *v)
			}
		case domain.Date:
			args[i] = dayWords(w, v)
		case interface{ In(tag string) any }: // a list of languages, named in w's
			args[i] = v.In(w.Tag())
		case int:
			if i%2 == 1 && args[i-1] == "Count" {
				count, counted = v, true
			}
		}
	}
	if counted {
		return w.N(t.Key, count, args...)
	}
	return w.T(t.Key, args...)
}

// textsWords is textWords of each.
func textsWords(w *lang.Words, ts []domain.Text) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = textWords(w, t)
	}
	return out
}

func kindStatus(kind error) (int, string) {
	switch kind {
	case domain.ErrNotFound:
		return fiber.StatusNotFound, "not_found"
	case domain.ErrConflict:
		return fiber.StatusConflict, "conflict"
	case domain.ErrForbidden:
		return fiber.StatusForbidden, "forbidden"
	case domain.ErrUnauthorized:
		return fiber.StatusUnauthorized, "unauthorized"
	case domain.ErrInvalid:
		return fiber.StatusUnprocessableEntity, "invalid"
	case domain.ErrRateLimited:
		return fiber.StatusTooManyRequests, "rate_limited"
	}
	return fiber.StatusInternalServerError, "internal"
}

// defaultMessageKey is the catalogue key of what an error of kind says
// when it says nothing of its own.
func defaultMessageKey(kind error) string {
	switch kind {
	case domain.ErrNotFound:
		return "error.views.not_found"
	case domain.ErrConflict:
		return "error.views.conflict"
	case domain.ErrForbidden:
		return "error.views.forbidden"
	case domain.ErrUnauthorized:
		return "error.views.sign_in_first"
	}
	return "error.views.invalid"
}

func httpCode(status int) string {
	switch status {
	case fiber.StatusRequestEntityTooLarge:
		return "too_large"
	case fiber.StatusMethodNotAllowed:
		return "method_not_allowed"
	case fiber.StatusUnsupportedMediaType:
		return "unsupported_media_type"
	}
	return "error"
}

// handleError is fiber's one error handler: JSON under /api, a page elsewhere.
func (s *Server) handleError(c *fiber.Ctx, err error) error {
	// The API answers in the source language, so tools read the same
	// words whoever calls; pages in the reader's.
	words := apiWords
	if !isAPI(c) && c.Path() != "/readyz" && !unread(c) {
		words = s.words(c)
	}
	status, code, msg, fields := classify(words, err)
	if status >= 500 {
		id := RequestID(c.UserContext())
		var p recovered
		if !errors.As(err, &p) { // a panic is logged with its stack already
			s.log.ErrorContext(c.UserContext(), "request failed", slog.String("request_id", id),
				slog.String("route", routePattern(c)), slog.Any("err", err))
		}
		if id != "" {
			msg += " (request " + id + ")"
		}
	}
	var rl rateLimited
	if errors.As(err, &rl) {
		c.Set(fiber.HeaderRetryAfter, itoa(rl.retryAfter))
	}
	if isAPI(c) || c.Path() == "/readyz" || unread(c) {
		body := fiber.Map{"code": code, "message": msg}
		if len(fields) > 0 {
			body["fields"] = fields
		}
		return c.Status(status).JSON(fiber.Map{"error": body})
	}
	if status == fiber.StatusUnauthorized && safeMethod(c.Method()) {
		return c.Redirect("/login", fiber.StatusSeeOther)
	}
	c.Status(status)
	page := pageMessage(s.words(c), msg, fields)
	if ownMessage(err) {
		page = sentence(humanMessage(s.words(c), msg)) + " " + page
	}
	return s.render(c, "error", errorPage{Page: s.page(c, s.words(c).T("title.error")), Status: status, Message: page})
}

// ownMessage reports a refusal that says what is wrong in words of its
// own besides its fields' reasons (a full mentor's count and limit, on
// mentor_id and capacity_override_reason): pages show both, the API has
// both in its message and its fields.
func ownMessage(err error) bool {
	var de *domain.Error
	return errors.As(err, &de) && de.Text != nil && len(de.Fields) > 0
}

// unread reports a request the server refused before reading it (headers
// too large, a broken multipart body): fiber then gives no route and no
// path, so whether it was meant for the API is unknown, and the JSON error
// is the answer every client can read.
func unread(c *fiber.Ctx) bool { return len(c.Route().Handlers) == 0 }

type errorPage struct {
	Page
	Status  int
	Message string
}
