package views

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

// Action items over the API: a relationship's list (items for its
// participants, counts for admins), adding one, changing or removing one,
// and the caller's own across their relationships.

type actionMeetingRequest struct {
	Kind domain.MeetingKind `json:"kind"`
	ID   int64              `json:"id"`
}

type actionRequest struct {
	Title   *string               `json:"title"`
	Detail  *string               `json:"detail"`
	OwnerID *int64                `json:"owner_id"`
	DueOn   *domain.Date          `json:"due_on"`
	Meeting *actionMeetingRequest `json:"meeting"`
	// DoneAt: any instant marks the item done (at the server's time),
	// null opens it again; Done says the same as a boolean.
	DoneAt json.RawMessage `json:"done_at"`
	Done   *bool           `json:"done"`
}

func (r actionRequest) input() domain.ActionInput {
	in := domain.ActionInput{Title: orZero(r.Title), Detail: orZero(r.Detail), OwnerID: orZero(r.OwnerID), DueOn: orZero(r.DueOn)}
	if r.Meeting != nil {
		in.MeetingID, in.MeetingKind = r.Meeting.ID, r.Meeting.Kind
	}
	return in
}

func (r actionRequest) patch() (domain.ActionPatch, error) {
	p := domain.ActionPatch{Title: r.Title, Detail: r.Detail, OwnerID: r.OwnerID, DueOn: r.DueOn, Done: r.Done}
	if r.Meeting != nil {
		return p, domain.Invalid("meeting", "is set when the item is added")
	}
	if len(r.DoneAt) > 0 {
		var at *time.Time
		if err := json.Unmarshal(r.DoneAt, &at); err != nil {
			return p, domain.Invalid("done_at", "must be a date and time, or null")
		}
		done := !bytes.Equal(bytes.TrimSpace(r.DoneAt), []byte("null"))
		if p.Done != nil && *p.Done != done {
			return p, domain.Invalid("done", "disagrees with done_at")
		}
		p.Done = &done
	}
	return p, nil
}

func (s *Server) apiPairingActions(c *fiber.Ctx) error {
	return s.apiRelationshipActions(c, domain.SubjectPairing)
}

func (s *Server) apiEngagementActions(c *fiber.Ctx) error {
	return s.apiRelationshipActions(c, domain.SubjectEngagement)
}

func (s *Server) apiRelationshipActions(c *fiber.Ctx, subject string) error {
	return jsonByID(c, func(ctx context.Context, a domain.Actor, id int64) (domain.ActionList, error) {
		return s.svc.RelationshipActions(ctx, a, subject, id)
	})
}

func (s *Server) apiCreatePairingAction(c *fiber.Ctx) error {
	return s.apiCreateAction(c, domain.SubjectPairing)
}

func (s *Server) apiCreateEngagementAction(c *fiber.Ctx) error {
	return s.apiCreateAction(c, domain.SubjectEngagement)
}

func (s *Server) apiCreateAction(c *fiber.Ctx, subject string) error {
	return onBody(c, func(ctx context.Context, a domain.Actor, id int64, req actionRequest) (domain.ActionItem, error) {
		if req.DoneAt != nil || req.Done != nil {
			return domain.ActionItem{}, domain.Invalid("done_at", "is set by its owner once it is done")
		}
		return s.svc.CreateAction(ctx, a, subject, id, req.input())
	}, func(x domain.ActionItem) error { return created(c, "/api/v1/actions/", x.ID, x) })
}

func (s *Server) apiUpdateAction(c *fiber.Ctx) error {
	return patchJSON(c, func(ctx context.Context, a domain.Actor, id int64, req actionRequest) (domain.ActionItem, error) {
		p, err := req.patch()
		if err != nil {
			return domain.ActionItem{}, err
		}
		return s.svc.UpdateAction(ctx, a, id, p)
	})
}

func (s *Server) apiDeleteAction(c *fiber.Ctx) error {
	return doByID(c, s.svc.DeleteAction, func(int64) error { return c.SendStatus(fiber.StatusNoContent) })
}

// apiMyActions lists the caller's relationships' items; ?open=true only
// the open ones.
func (s *Server) apiMyActions(c *fiber.Ctx) error {
	open := false
	if v := c.Query("open"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return domain.Invalid("open", "must be true or false")
		}
		open = b
	}
	xs, err := s.svc.MyActions(c.UserContext(), *actor(c), open)
	if err != nil {
		return err
	}
	return c.JSON(items(xs))
}

// actionRoutes adds the action items' API routes.
func (s *Server) actionRoutes(api fiber.Router) {
	api.Get("/pairings/:id/actions", s.apiPairingActions)
	api.Post("/pairings/:id/actions", s.apiCreatePairingAction)
	api.Get("/engagements/:id/actions", s.apiEngagementActions)
	api.Post("/engagements/:id/actions", s.apiCreateEngagementAction)
	api.Patch("/actions/:id", s.apiUpdateAction)
	api.Delete("/actions/:id", s.apiDeleteAction)
	api.Get("/me/actions", s.apiMyActions)
}
