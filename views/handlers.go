package views

import (
	"context"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
	"cairn/domain/lang"
)

// The shapes most handlers share, so that each handler says only what is
// its own: which use case, which body, which answer.

// byID is a use case on the object the path's :id names.
type byID[T any] func(ctx context.Context, a domain.Actor, id int64) (T, error)

// withBody is a use case on the object the path's :id names, given the
// request's decoded JSON body.
type withBody[R, T any] func(ctx context.Context, a domain.Actor, id int64, req R) (T, error)

// paged is a list use case given the request's ?limit= and ?after=.
type paged[T any] func(ctx context.Context, a domain.Actor, limit int, after int64) ([]T, error)

// jsonByID answers with the object the use case returns for the path's id.
func jsonByID[T any](c *fiber.Ctx, get byID[T]) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	v, err := get(c.UserContext(), *actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(v)
}

// itemsByID answers with the list get returns for the path's id, as
// {"items": [...]}.
func itemsByID[T any](c *fiber.Ctx, get byID[[]T]) error {
	return jsonByID(c, func(ctx context.Context, a domain.Actor, id int64) (fiber.Map, error) {
		list, err := get(ctx, a, id)
		return items(list), err
	})
}

// allJSON answers with the whole list list returns, as {"items": [...]}.
func allJSON[T any](c *fiber.Ctx, list func(ctx context.Context, a domain.Actor) ([]T, error)) error {
	xs, err := list(c.UserContext(), *actor(c))
	if err != nil {
		return err
	}
	return c.JSON(items(xs))
}

// listJSON answers a list request: one page of what list returns, as
// {"items": [...]}.
func listJSON[T any](c *fiber.Ctx, list paged[T]) error {
	limit, after, err := listParams(c)
	if err != nil {
		return err
	}
	xs, err := list(c.UserContext(), *actor(c), limit, after)
	if err != nil {
		return err
	}
	return c.JSON(items(xs))
}

// idAndBody reads the path's id and the request's JSON body.
func idAndBody[R any](c *fiber.Ctx) (id int64, req R, err error) {
	if id, err = paramID(c, "id"); err != nil {
		return 0, req, err
	}
	err = decodeJSON(c, &req)
	return id, req, err
}

// onBody runs apply with the path's id and the request's JSON body, then
// answers with what answer makes of its result.
func onBody[R, T any](c *fiber.Ctx, apply withBody[R, T], answer func(T) error) error {
	id, req, err := idAndBody[R](c)
	if err != nil {
		return err
	}
	v, err := apply(c.UserContext(), *actor(c), id, req)
	if err != nil {
		return err
	}
	return answer(v)
}

// patchJSON applies the request's body to the object the path's id names
// and answers with the object as it now is.
func patchJSON[R, T any](c *fiber.Ctx, apply withBody[R, T]) error {
	return onBody(c, apply, func(v T) error { return c.JSON(v) })
}

// createJSON answers a POST that makes an object. Whoever may not create
// one at all is refused before the body is read; the answer is 201 with
// the new object's address (path and its id).
func createJSON[R, T any](s *Server, c *fiber.Ctx, act domain.OrgAction, path string,
	create func(ctx context.Context, a domain.Actor, req R) (T, int64, error)) error {
	if err := s.svc.Authorize(*actor(c), act); err != nil {
		return err
	}
	var req R
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	v, id, err := create(c.UserContext(), *actor(c), req)
	if err != nil {
		return err
	}
	return created(c, path, id, v)
}

// created answers a new object: 201, its address and the object.
func created(c *fiber.Ctx, path string, id int64, v any) error {
	c.Location(path + strconv.FormatInt(id, 10))
	return c.Status(fiber.StatusCreated).JSON(v)
}

// onePage lists the page that ?limit= and ?after= name; next is the
// ?after= of the page after it, 0 when this one is the last.
func onePage[T any](c *fiber.Ctx, list paged[T], id func(T) int64) (xs []T, next int64, err error) {
	limit, after, err := listParams(c)
	if err != nil {
		return nil, 0, err
	}
	if xs, err = list(c.UserContext(), *actor(c), limit, after); err != nil {
		return nil, 0, err
	}
	if len(xs) > 0 && len(xs) == limit {
		next = id(xs[len(xs)-1])
	}
	return xs, next, nil
}

// formErrorFields says whether err is about the form's input (invalid or
// conflicting) and, if so, its status, its message and the message for
// each field ("" for the form as a whole), written for a person
// (words.go).
func formErrorFields(w *lang.Words, err error) (status int, msg string, fields map[string]string, ok bool) {
	status, _, msg, fields = classify(w, err)
	if status != fiber.StatusUnprocessableEntity && status != fiber.StatusConflict {
		return 0, "", nil, false
	}
	// A person reads these: fields named by their labels, values in words.
	own := ownMessage(err)
	if own {
		// The refusal's own words (a full mentor's count and limit) head
		// the form, above the fields' reasons.
		msg = sentence(humanMessage(w, msg))
	} else {
		msg = pageMessage(w, msg, fields)
	}
	if len(fields) == 0 {
		fields = map[string]string{"": msg}
	}
	fields = humanFields(w, fields)
	if own {
		fields[""] = msg
	}
	return status, msg, fields, true
}

// refill re-renders a page after one of its forms failed: load builds the
// page afresh, fill puts back what was typed and the errors beside its
// fields, and the summary on top links to the fields by their names as
// ids. Errors that are not about the input go on to the error handler.
func refill[P summaryHolder](s *Server, c *fiber.Ctx, err error, page string, load func() (P, error), fill func(p P, fields map[string]string)) error {
	return refillForm(s, c, err, page, "", load, fill)
}

// refillForm is refill for one of several forms on a page, whose fields'
// ids start with prefix ("close-summary").
func refillForm[P summaryHolder](s *Server, c *fiber.Ctx, err error, page, prefix string, load func() (P, error), fill func(p P, fields map[string]string)) error {
	if _, _, _, ok := formErrorFields(s.words(c), err); !ok {
		return err
	}
	p, lerr := load()
	if lerr != nil {
		return lerr
	}
	return s.failForm(c, err, page, prefix, p, func(fields map[string]string) { fill(p, fields) })
}

// doByID runs do on the object the path's id names, then answers with
// then.
func doByID(c *fiber.Ctx, do func(ctx context.Context, a domain.Actor, id int64) error, then func(id int64) error) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	if err := do(c.UserContext(), *actor(c), id); err != nil {
		return err
	}
	return then(id)
}

// pageByID renders page with what load builds for the path's id.
func pageByID[P any](s *Server, c *fiber.Ctx, page string, load func(id int64) (P, error)) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	p, err := load(id)
	if err != nil {
		return err
	}
	return s.render(c, page, p)
}

// orZero reads an optional JSON field: absent is the zero value (for an
// id, 0, which no object has).
func orZero[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}
