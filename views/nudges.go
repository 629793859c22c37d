package views

import (
	"bytes"
	"context"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

// Health in action: HR nudges a pair, and snoozes or resolves a flag,
// from the flags page, the relationship's page and the API.

type nudgeRequest struct {
	Message string `json:"message"`
}

type snoozeRequest struct {
	Until  domain.Date `json:"until"`
	Reason string      `json:"reason"`
}

type resolveRequest struct {
	Note string `json:"note"`
}

// optionalBody reads the path's id and a JSON body that may be left out.
func optionalBody[R any](c *fiber.Ctx) (int64, R, error) {
	var req R
	id, err := paramID(c, "id")
	if err != nil {
		return 0, req, err
	}
	if len(bytes.TrimSpace(c.Body())) > 0 {
		err = decodeJSON(c, &req)
	}
	return id, req, err
}

func (s *Server) apiNudge(nudge func(ctx context.Context, a domain.Actor, id int64, message string) error) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, req, err := optionalBody[nudgeRequest](c)
		if err != nil {
			return err
		}
		if err := nudge(c.UserContext(), *actor(c), id, req.Message); err != nil {
			return err
		}
		return c.Status(fiber.StatusAccepted).JSON(fiber.Map{"nudged": true})
	}
}

func (s *Server) apiSnoozeFlag(c *fiber.Ctx) error {
	return patchJSON(c, func(ctx context.Context, a domain.Actor, id int64, req snoozeRequest) (domain.Flag, error) {
		return s.svc.SnoozeFlag(ctx, a, id, req.Until, req.Reason)
	})
}

func (s *Server) apiResolveFlag(c *fiber.Ctx) error {
	return patchJSON(c, func(ctx context.Context, a domain.Actor, id int64, req resolveRequest) (domain.Flag, error) {
		return s.svc.ResolveFlag(ctx, a, id, req.Note)
	})
}

// Pages.

// nudgeSubmit nudges a pairing or an engagement from its page.
func (s *Server) nudgeSubmit(back string, nudge func(ctx context.Context, a domain.Actor, id int64, message string) error) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := paramID(c, "id")
		if err != nil {
			return err
		}
		to := back + strconv.FormatInt(id, 10)
		if err := nudge(c.UserContext(), *actor(c), id, copyString(c.FormValue("message"))); err != nil {
			if _, msg, _, ok := formErrorFields(s.words(c), err); ok {
				return s.redirectWithFlash(c, to, s.words(c).T("flash.not_sent", "Why", msg))
			}
			return err
		}
		return s.redirectWithFlash(c, to, s.words(c).T("flash.both_of_them_were_sent_a"))
	}
}

// flagsPage is HR's list of open flags with what can be done about each.
type flagsPage struct {
	Page
	Flags      []domain.FlagView
	Programmes []domain.Programme
	Kinds      []domain.FlagKind
	Healths    []domain.Health
	Query      domain.FlagQuery
	Filtered   bool
	Today      string
	// Failed is the flag whose form failed and why, shown at the top.
	Failed      int64
	FailedError string
	// NextLink is the next page of the same list, "" on the last.
	NextLink string
}

// flagsPageRows is how many flags the flags page lists at once (each
// comes with its three forms); ?limit= asks for another number.
const flagsPageRows = 20

func (s *Server) flagsPage(c *fiber.Ctx) error { return s.renderFlags(c, 0, "") }

func (s *Server) renderFlags(c *fiber.Ctx, failed int64, why string) error {
	ctx, a := c.UserContext(), *actor(c)
	q := domain.FlagQuery{Kind: domain.FlagKind(copyString(c.Query("kind"))), Health: domain.Health(copyString(c.Query("health"))),
		Snoozed: c.Query("snoozed") == "1"}
	if v := c.Query("programme_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return badRequest("programme_id must be a number")
		}
		q.ProgrammeID = id
	}
	limit, after, err := listParams(c)
	if err != nil {
		return err
	}
	if c.Query("limit") == "" {
		limit = flagsPageRows
	}
	// One more than shown, to know whether a next page has any.
	q.Limit, q.After = limit+1, after
	fs, err := s.svc.FlagViews(ctx, a, q)
	if err != nil {
		return err
	}
	var next string
	if len(fs) > limit {
		fs = fs[:limit]
		// The same filters, after this page's last flag.
		params := url.Values{"after": {strconv.FormatInt(fs[len(fs)-1].ID, 10)}}
		for _, k := range []string{"programme_id", "kind", "health", "snoozed", "limit"} {
			if v := c.Query(k); v != "" {
				params.Set(k, v)
			}
		}
		next = "/flags?" + params.Encode()
	}
	progs, err := s.svc.ListProgrammes(ctx, a, domain.ProgrammeFilter{Limit: 500})
	if err != nil {
		return err
	}
	page := s.page(c, s.words(c).T("title.flags"))
	if failed != 0 {
		c.Status(fiber.StatusUnprocessableEntity)
	}
	return s.render(c, "flags", flagsPage{Page: page, Flags: fs, Programmes: progs, Kinds: domain.FlagKinds, Healths: domain.Healths,
		Query: q, Filtered: q.ProgrammeID != 0 || q.Kind != "" || q.Health != "", Failed: failed, FailedError: why,
		Today: domain.DateOf(s.svc.Now(), page.Loc).AddDays(1).String(), NextLink: next})
}

// flagActionSubmit runs one of HR's actions on a flag from the flags page.
func (s *Server) flagActionSubmit(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	ctx, a := c.UserContext(), *actor(c)
	var msg string
	switch c.Params("action") {
	case "nudge":
		err, msg = s.svc.NudgeFlag(ctx, a, id, copyString(c.FormValue("message"))), s.words(c).T("flash.both_of_them_were_sent_a")
	case "snooze":
		var v domain.ValidationError
		until := formDate(&v, "until", strings.TrimSpace(c.FormValue("until")))
		if err = v.Err(); err == nil {
			var f domain.Flag
			f, err = s.svc.SnoozeFlag(ctx, a, id, until, copyString(c.FormValue("reason")))
			if err == nil {
				msg = s.words(c).T("flash.flag_snoozed", "Until", dateWords(s.words(c), *f.SnoozedUntil))
			}
		}
	case "resolve":
		_, err = s.svc.ResolveFlag(ctx, a, id, copyString(c.FormValue("note")))
		msg = s.words(c).T("flash.flag_resolved")
	default:
		return fiber.ErrNotFound
	}
	if err != nil {
		if _, why, _, ok := formErrorFields(s.words(c), err); ok {
			return s.renderFlags(c, id, why)
		}
		return err
	}
	return s.redirectWithFlash(c, "/flags", msg)
}
