package views

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

// Action items on pages: the list and the add form on a relationship's
// page, "mark done" for the owner, and the viewer's own due ones on the
// home page and the agenda.

// actionForm is what was typed into the add form.
type actionForm struct{ Title, Detail, OwnerID, DueOn, MeetingID string }

// actionsBlock is the relationship page's action items section.
type actionsBlock struct {
	// Path is where the add form posts: /pairings/1/actions or
	// /engagements/1/actions; Back the page to return to.
	Path, Back string
	CSRF       string
	List       domain.ActionList
	// Owners are the two participants, the viewer first; Meetings the
	// relationship's meetings an item may come from.
	Owners   []domain.PersonRef
	Meetings []domain.Meeting
	Form     actionForm
	Errors   map[string]string
	Page     Page
}

// dueActions is the viewer's own open items overdue or due within the
// week, for the home page and the agenda.
type dueActions struct {
	Items []domain.ActionItem
	CSRF  string
	Back  string
	Loc   *time.Location
}

// actionsFor builds the relationship page's section from the overview's
// list; leader and learner are its people, meetings its meetings.
func (s *Server) actionsFor(c *fiber.Ctx, page Page, subject string, id int64, leader, learner domain.PersonRef, meetings []domain.Meeting,
	list domain.ActionList) actionsBlock {
	a := *actor(c)
	base := "/" + subject + "s/" + strconv.FormatInt(id, 10)
	owners := []domain.PersonRef{leader, learner}
	if a.Person.ID == learner.ID {
		owners = []domain.PersonRef{learner, leader}
	}
	due := domain.DateOf(s.svc.Now(), page.Loc).AddDays(7)
	form := actionForm{OwnerID: strconv.FormatInt(owners[0].ID, 10), DueOn: due.String()}
	// from a meeting's page: that meeting is chosen
	if from := c.Query("meeting"); from != "" && slices.ContainsFunc(meetings, func(m domain.Meeting) bool { return strconv.FormatInt(m.ID, 10) == from }) {
		form.MeetingID = from
	}
	return actionsBlock{Path: base + "/actions", Back: base, CSRF: page.CSRF, List: list, Owners: owners, Meetings: meetings,
		Form: form, Page: page}
}

func readActionForm(c *fiber.Ctx) actionForm {
	return actionForm{Title: copyString(c.FormValue("title")), Detail: copyString(c.FormValue("detail")),
		OwnerID: copyString(c.FormValue("owner_id")), DueOn: copyString(c.FormValue("due_on")),
		MeetingID: copyString(c.FormValue("meeting_id"))}
}

// input reads the typed form, collecting field errors.
func (f actionForm) input(v *domain.ValidationError) domain.ActionInput {
	in := domain.ActionInput{Title: f.Title, Detail: f.Detail}
	if n, err := strconv.ParseInt(strings.TrimSpace(f.OwnerID), 10, 64); err == nil {
		in.OwnerID = n
	} else {
		v.AddText("owner_id", "error.action.owner")
	}
	if d, err := domain.ParseDate(strings.TrimSpace(f.DueOn)); err == nil {
		in.DueOn = d
	} else {
		v.AddText("due_on", "error.views.date")
	}
	if m := strings.TrimSpace(f.MeetingID); m != "" {
		if n, err := strconv.ParseInt(m, 10, 64); err == nil {
			in.MeetingID = n
		} else {
			v.AddText("meeting_id", "error.action.meeting")
		}
	}
	return in
}

func (s *Server) addAction(ctx context.Context, a domain.Actor, subject string, id int64, f actionForm) error {
	var v domain.ValidationError
	in := f.input(&v)
	if err := v.Err(); err != nil {
		return err
	}
	_, err := s.svc.CreateAction(ctx, a, subject, id, in)
	return err
}

func (s *Server) engagementActionSubmit(c *fiber.Ctx) error {
	f := readActionForm(c)
	return s.engagementSubmit(c, "a-", func(ctx context.Context, a domain.Actor, id int64) (string, error) {
		return s.words(c).T("flash.action_item_added"), s.addAction(ctx, a, domain.SubjectEngagement, id, f)
	}, func(p *engagementPage, fields map[string]string) { p.Actions.Form, p.Actions.Errors = f, fields })
}

func (s *Server) pairingActionSubmit(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	f := readActionForm(c)
	if err := s.addAction(c.UserContext(), *actor(c), domain.SubjectPairing, id, f); err != nil {
		return refillForm(s, c, err, "pairing", "a-", func() (*pairingPage, error) { return s.pairingPageData(c, id) },
			func(p *pairingPage, fields map[string]string) { p.Actions.Form, p.Actions.Errors = f, fields })
	}
	return s.redirectWithFlash(c, "/pairings/"+strconv.FormatInt(id, 10), s.words(c).T("flash.action_item_added"))
}

// actionDoneSubmit marks an item done (done=1) or open again (done=0),
// then goes back to the page it was pressed on.
func (s *Server) actionDoneSubmit(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	done := c.FormValue("done") == "1"
	if _, err := s.svc.UpdateAction(c.UserContext(), *actor(c), id, domain.ActionPatch{Done: &done}); err != nil {
		return err
	}
	flash := s.words(c).T("flash.action_done")
	if !done {
		flash = s.words(c).T("flash.action_open")
	}
	return s.redirectWithFlash(c, localBack(c.FormValue("back")), flash)
}

// localBack is a form's "back" path when it is a path on this site, else
// the home page.
func localBack(p string) string {
	if strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "//") && !strings.ContainsAny(p, "\\\r\n") {
		return p
	}
	return "/"
}

// dueActionsFor lists the viewer's open items overdue or due within 7 days.
func (s *Server) dueActionsFor(c *fiber.Ctx, page Page, back string) (dueActions, error) {
	xs, err := s.svc.ActionsDue(c.UserContext(), *actor(c), 7)
	if err != nil {
		return dueActions{}, err
	}
	return dueActions{Items: xs, CSRF: page.CSRF, Back: back, Loc: page.Loc}, nil
}

func (s *Server) actionPageRoutes(app *fiber.App) {
	app.Post("/pairings/:id/actions", s.pageAuth, s.pairingActionSubmit)
	app.Post("/engagements/:id/actions", s.pageAuth, s.engagementActionSubmit)
	app.Post("/actions/:id/done", s.pageAuth, s.actionDoneSubmit)
}
