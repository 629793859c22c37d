package views

import (
	"context"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

// Milestones and agreed extensions of an engagement, over the API and on
// its page: the coach keeps the milestones and chooses whether progress
// follows them; the coach proposes an extension, the coachee accepts or
// declines it.

type milestoneRequest struct {
	Title    *string      `json:"title"`
	TargetOn *domain.Date `json:"target_on"`
	// DoneOn: a date marks it done on that day, null opens it again.
	DoneOn optDate `json:"done_on"`
}

func (r milestoneRequest) input() domain.MilestoneInput {
	in := domain.MilestoneInput{Title: orZero(r.Title), TargetOn: orZero(r.TargetOn)}
	if r.DoneOn.Set && !r.DoneOn.Value.IsZero() {
		in.DoneOn = &r.DoneOn.Value
	}
	return in
}

func (r milestoneRequest) patch() domain.MilestonePatch {
	p := domain.MilestonePatch{Title: r.Title, TargetOn: r.TargetOn, SetDone: r.DoneOn.Set}
	if r.DoneOn.Set && !r.DoneOn.Value.IsZero() {
		p.DoneOn = &r.DoneOn.Value
	}
	return p
}

type extensionRequest struct {
	EndsOn          *domain.Date `json:"ends_on"`
	PlannedSessions *int         `json:"planned_sessions"`
	Reason          string       `json:"reason"`
}

type declineRequest struct {
	Reason string `json:"reason"`
}

func (s *Server) apiEngagementMilestones(c *fiber.Ctx) error {
	return jsonByID(c, s.svc.EngagementMilestones)
}

func (s *Server) apiCreateMilestone(c *fiber.Ctx) error {
	return onBody(c, func(ctx context.Context, a domain.Actor, id int64, req milestoneRequest) (domain.Milestone, error) {
		return s.svc.CreateMilestone(ctx, a, id, req.input())
	}, func(m domain.Milestone) error { return created(c, "/api/v1/milestones/", m.ID, m) })
}

func (s *Server) apiUpdateMilestone(c *fiber.Ctx) error {
	return patchJSON(c, func(ctx context.Context, a domain.Actor, id int64, req milestoneRequest) (domain.Milestone, error) {
		return s.svc.UpdateMilestone(ctx, a, id, req.patch())
	})
}

func (s *Server) apiDeleteMilestone(c *fiber.Ctx) error {
	return doByID(c, s.svc.DeleteMilestone, func(int64) error { return c.SendStatus(fiber.StatusNoContent) })
}

func (s *Server) apiEngagementExtensions(c *fiber.Ctx) error {
	return itemsByID(c, s.svc.EngagementExtensions)
}

func (s *Server) apiProposeExtension(c *fiber.Ctx) error {
	return onBody(c, func(ctx context.Context, a domain.Actor, id int64, req extensionRequest) (domain.Extension, error) {
		return s.svc.ProposeExtension(ctx, a, id, domain.ExtensionInput{EndsOn: orZero(req.EndsOn), PlannedSessions: req.PlannedSessions,
			Reason: req.Reason})
	}, func(x domain.Extension) error { return created(c, "/api/v1/extensions/", x.ID, x) })
}

// apiAcceptExtension takes no body, or an empty object.
func (s *Server) apiAcceptExtension(c *fiber.Ctx) error {
	id, _, err := optionalBody[struct{}](c)
	if err != nil {
		return err
	}
	x, err := s.svc.AcceptExtension(c.UserContext(), *actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(x)
}

// apiDeclineExtension takes an optional {"reason"}.
func (s *Server) apiDeclineExtension(c *fiber.Ctx) error {
	id, req, err := optionalBody[declineRequest](c)
	if err != nil {
		return err
	}
	x, err := s.svc.DeclineExtension(c.UserContext(), *actor(c), id, req.Reason)
	if err != nil {
		return err
	}
	return c.JSON(x)
}

// goalRoutes adds the milestones' and extensions' API routes.
func (s *Server) goalRoutes(api fiber.Router) {
	api.Get("/engagements/:id/milestones", s.apiEngagementMilestones)
	api.Post("/engagements/:id/milestones", s.apiCreateMilestone)
	api.Patch("/milestones/:id", s.apiUpdateMilestone)
	api.Delete("/milestones/:id", s.apiDeleteMilestone)
	api.Get("/engagements/:id/extensions", s.apiEngagementExtensions)
	api.Post("/engagements/:id/extensions", s.apiProposeExtension)
	api.Post("/extensions/:id/accept", s.apiAcceptExtension)
	api.Post("/extensions/:id/decline", s.apiDeclineExtension)
}

// Pages.

// milestoneForm is what was typed into the add or edit form.
type milestoneForm struct{ Title, TargetOn string }

// milestonesBlock is the engagement page's milestones section.
type milestonesBlock struct {
	E    domain.Engagement
	List domain.MilestoneList
	CSRF string
	Form milestoneForm
	// Errors are the add form's; EditID and EditErrors one edited
	// milestone's.
	Errors     map[string]string
	EditID     int64
	EditForm   milestoneForm
	EditErrors map[string]string
	ModeErrors map[string]string
}

// extensionForm is what was typed into the proposal form.
type extensionForm struct{ EndsOn, PlannedSessions, Reason string }

// extensionsBlock is the engagement page's extensions section.
type extensionsBlock struct {
	E     domain.Engagement
	Items []domain.Extension
	// Open is the proposal waiting for an answer, if any.
	Open       *domain.Extension
	CanPropose bool
	CSRF       string
	Form       extensionForm
	Errors     map[string]string
	// DeclineReason and AnswerErrors are the answer form's.
	DeclineReason string
	AnswerErrors  map[string]string
	Page          Page
}

func milestonesFor(p Page, e domain.Engagement, list domain.MilestoneList) milestonesBlock {
	return milestonesBlock{E: e, List: list, CSRF: p.CSRF}
}

func extensionsFor(p Page, e domain.Engagement, xs []domain.Extension) extensionsBlock {
	b := extensionsBlock{E: e, Items: xs, CSRF: p.CSRF, Page: p,
		Form: extensionForm{EndsOn: e.EndsOn.AddDays(30).String(), PlannedSessions: strconv.Itoa(e.PlannedSessions)}}
	for i := range xs {
		if xs[i].State == domain.ExtensionOpen {
			b.Open = &xs[i]
		}
	}
	b.CanPropose = e.Can.Extend && b.Open == nil
	return b
}

// formDateOr reads an optional date field of a form.
func formDateOr(v *domain.ValidationError, field, s string) *domain.Date {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	d := formDate(v, field, s)
	return &d
}

func (s *Server) milestoneAddSubmit(c *fiber.Ctx) error {
	f := milestoneForm{Title: copyString(c.FormValue("title")), TargetOn: copyString(c.FormValue("target_on"))}
	return s.engagementSubmit(c, "m-", func(ctx context.Context, a domain.Actor, id int64) (string, error) {
		var v domain.ValidationError
		in := domain.MilestoneInput{Title: f.Title, TargetOn: formDate(&v, "target_on", f.TargetOn)}
		if err := v.Err(); err != nil {
			return "", err
		}
		_, err := s.svc.CreateMilestone(ctx, a, id, in)
		return s.words(c).T("flash.milestone_added"), err
	}, func(p *engagementPage, fields map[string]string) { p.Milestones.Form, p.Milestones.Errors = f, fields })
}

// milestoneChangeSubmit is one milestone's forms on the page: op done or
// reopen, save (title and target date), or delete (behind the tick box).
func (s *Server) milestoneChangeSubmit(c *fiber.Ctx) error {
	mid, err := paramID(c, "mid")
	if err != nil {
		return err
	}
	op := copyString(c.FormValue("op"))
	f := milestoneForm{Title: copyString(c.FormValue("title")), TargetOn: copyString(c.FormValue("target_on"))}
	return s.engagementSubmit(c, "me-", func(ctx context.Context, a domain.Actor, _ int64) (string, error) {
		var v domain.ValidationError
		switch op {
		case "done":
			today := domain.DateOf(s.svc.Now(), a.Person.Location())
			_, err := s.svc.UpdateMilestone(ctx, a, mid, domain.MilestonePatch{SetDone: true, DoneOn: &today})
			return s.words(c).T("flash.milestone_reached"), err
		case "reopen":
			_, err := s.svc.UpdateMilestone(ctx, a, mid, domain.MilestonePatch{SetDone: true})
			return s.words(c).T("flash.milestone_open_again"), err
		case "save":
			p := domain.MilestonePatch{Title: &f.Title, TargetOn: formDateOr(&v, "target_on", f.TargetOn)}
			if p.TargetOn == nil {
				v.AddText("target_on", "error.coaching.is_required")
			}
			if err := v.Err(); err != nil {
				return "", err
			}
			_, err := s.svc.UpdateMilestone(ctx, a, mid, p)
			return s.words(c).T("flash.milestone_saved"), err
		case "delete":
			if c.FormValue("confirmed") == "" {
				return "", domain.InvalidText("confirmed", "error.coaching.confirm_remove_milestone")
			}
			return s.words(c).T("flash.milestone_removed"), s.svc.DeleteMilestone(ctx, a, mid)
		}
		return "", domain.InvalidText("op", "error.coaching.milestone_op")
	}, func(p *engagementPage, fields map[string]string) {
		p.Milestones.EditID, p.Milestones.EditForm, p.Milestones.EditErrors = mid, f, fields
	})
}

func (s *Server) progressModeSubmit(c *fiber.Ctx) error {
	mode := domain.ProgressMode(copyString(c.FormValue("progress_mode")))
	return s.engagementSubmit(c, "pm-", func(ctx context.Context, a domain.Actor, id int64) (string, error) {
		_, err := s.svc.UpdateEngagement(ctx, a, id, domain.EngagementPatch{ProgressMode: &mode})
		if mode == domain.ProgressMilestones {
			return s.words(c).T("flash.progress_follows_milestones"), err
		}
		return s.words(c).T("flash.progress_set_by_hand"), err
	}, func(p *engagementPage, fields map[string]string) { p.Milestones.ModeErrors = fields })
}

func (s *Server) extensionProposeSubmit(c *fiber.Ctx) error {
	f := extensionForm{EndsOn: copyString(c.FormValue("ends_on")), PlannedSessions: copyString(c.FormValue("planned_sessions")),
		Reason: copyString(c.FormValue("reason"))}
	return s.engagementSubmit(c, "x-", func(ctx context.Context, a domain.Actor, id int64) (string, error) {
		var v domain.ValidationError
		in := domain.ExtensionInput{EndsOn: formDate(&v, "ends_on", f.EndsOn), Reason: f.Reason}
		if t := strings.TrimSpace(f.PlannedSessions); t != "" {
			n, err := strconv.Atoi(t)
			if err != nil {
				v.AddText("planned_sessions", "error.coaching.must_be_a_number")
			}
			in.PlannedSessions = &n
		}
		if err := v.Err(); err != nil {
			return "", err
		}
		_, err := s.svc.ProposeExtension(ctx, a, id, in)
		return s.words(c).T("flash.extension_proposed"), err
	}, func(p *engagementPage, fields map[string]string) { p.Extensions.Form, p.Extensions.Errors = f, fields })
}

// extensionAnswerSubmit is the coachee's accept or decline.
func (s *Server) extensionAnswerSubmit(c *fiber.Ctx) error {
	xid, err := paramID(c, "xid")
	if err != nil {
		return err
	}
	answer, reason := copyString(c.Params("answer")), copyString(c.FormValue("reason"))
	return s.engagementSubmit(c, "xa-", func(ctx context.Context, a domain.Actor, _ int64) (string, error) {
		switch answer {
		case "accept":
			x, err := s.svc.AcceptExtension(ctx, a, xid)
			w := s.words(c)
			return w.T("flash.extension_accepted", "Day", dayWords(w, x.EndsOn)), err
		case "decline":
			_, err := s.svc.DeclineExtension(ctx, a, xid, reason)
			return s.words(c).T("flash.extension_declined"), err
		}
		return "", fiber.ErrNotFound
	}, func(p *engagementPage, fields map[string]string) {
		p.Extensions.DeclineReason, p.Extensions.AnswerErrors = reason, fields
	})
}

func (s *Server) goalPageRoutes(app *fiber.App) {
	app.Post("/engagements/:id/milestones", s.pageAuth, s.milestoneAddSubmit)
	app.Post("/engagements/:id/milestones/:mid", s.pageAuth, s.milestoneChangeSubmit)
	app.Post("/engagements/:id/progress-mode", s.pageAuth, s.progressModeSubmit)
	app.Post("/engagements/:id/extensions", s.pageAuth, s.extensionProposeSubmit)
	app.Post("/engagements/:id/extensions/:xid/:answer", s.pageAuth, s.extensionAnswerSubmit)
}
