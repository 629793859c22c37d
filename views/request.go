package views

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

// decodeJSON reads a request body strictly: unknown fields, trailing data and
// malformed JSON are 400.
func decodeJSON(c *fiber.Ctx, v any) error {
	// Only JSON that says so: a cross-site form can send text/plain without
	// asking, never application/json.
	if mt, _, err := mime.ParseMediaType(c.Get(fiber.HeaderContentType)); err != nil || mt != fiber.MIMEApplicationJSON {
		return fiber.NewError(fiber.StatusUnsupportedMediaType, "send the body as Content-Type: application/json")
	}
	body := c.Body()
	if len(bytes.TrimSpace(body)) == 0 {
		return badRequest("the request body is empty; send a JSON object")
	}
	if err := jsonTextError(body); err != nil {
		return err
	}
	if bytes.Equal(bytes.TrimSpace(body), []byte("null")) {
		// null decodes into a struct as nothing at all: not the object asked for.
		return badRequest("the body must be a JSON object, not null")
	}
	if err := exactFieldNames(body, v); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		// A well-formed value the domain refuses (a date out of range) is a
		// 422 like any other rule, not a malformed body.
		if errors.Is(err, domain.ErrInvalid) {
			return err
		}
		return badRequest(describeJSONError(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return badRequest("the body must hold one JSON object and nothing after it")
	}
	return nil
}

func describeJSONError(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("malformed JSON at byte %d", syn.Offset)
	case errors.As(err, &typ):
		if typ.Field != "" {
			return fmt.Sprintf("field %q must be %s", typ.Field, jsonKind(typ.Type.String()))
		}
		return "the body must be a JSON object"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "malformed JSON: the body ends too early"
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field ")
	}
	return "malformed JSON: " + err.Error()
}

func jsonKind(goType string) string {
	switch {
	case strings.Contains(goType, "int"):
		return "a whole number"
	case strings.Contains(goType, "bool"):
		return "true or false"
	case strings.Contains(goType, "string"), strings.Contains(goType, "Role"):
		return "a string"
	}
	return "of another type"
}

// paramID reads a positive integer route parameter; anything else is 404,
// as no such object exists.
func paramID(c *fiber.Ctx, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Params(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.NotFound("not found")
	}
	return id, nil
}

// listParams reads ?limit= and ?after=.
func listParams(c *fiber.Ctx) (limit int, after int64, err error) {
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return 0, 0, badRequest("limit must be a positive whole number")
		}
		limit = n
	}
	if v := c.Query("after"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return 0, 0, badRequest("after must be an id")
		}
		after = n
	}
	return domain.ClampLimit(limit), after, nil
}

func itoa(n int) string { return strconv.Itoa(n) }

// items wraps a list the way every list answers.
func items[T any](list []T) fiber.Map {
	if list == nil {
		list = []T{}
	}
	return fiber.Map{"items": list}
}

// copyString detaches a value from fiber's reused request memory.
func copyString(s string) string { return strings.Clone(s) }
