package views

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

// agendaRange reads ?from= and ?to=: RFC 3339 instants (any offset) or
// dates in the viewer's zone; a date as "to" includes that whole day.
// Defaults: from now (or the start of today for pages) to 30 days on.
func agendaRange(c *fiber.Ctx, now time.Time, loc *time.Location) (from, to time.Time, err error) {
	parse := func(name string, endOfDay bool) (time.Time, error) {
		v := c.Query(name)
		if v == "" {
			return time.Time{}, nil
		}
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			return t.UTC(), nil
		}
		d, err := domain.ParseDate(v)
		if errors.Is(err, domain.ErrInvalid) { // well formed, out of range
			return time.Time{}, invalidAs(name, err)
		}
		if err != nil {
			return time.Time{}, badRequest(name + " must be an RFC 3339 instant or a date YYYY-MM-DD")
		}
		if endOfDay {
			d = d.AddDays(1)
		}
		return d.Start(loc).UTC(), nil
	}
	if from, err = parse("from", false); err != nil {
		return
	}
	if to, err = parse("to", true); err != nil {
		return
	}
	if from.IsZero() {
		from = now
	}
	if to.IsZero() {
		to = from.Add(30 * 24 * time.Hour)
	}
	if !to.After(from) {
		return from, to, badRequest("to must be after from")
	}
	return from, to, nil
}

// apiAgenda: GET /api/v1/me/agenda.
func (s *Server) apiAgenda(c *fiber.Ctx) error {
	a := actor(c)
	from, to, err := agendaRange(c, s.svc.Now(), a.Person.Location())
	if err != nil {
		return err
	}
	ag, err := s.svc.Agenda(c.UserContext(), *a, from, to)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": nonNil(ag.Items), "truncated": ag.Truncated})
}

func nonNil[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}

type agendaPage struct {
	Page
	From, To string // the dates shown, in the viewer's zone
	Days     []domain.AgendaDay
	// Truncated: the range held more than Shown meetings; only those are listed.
	Truncated bool
	Shown     int
	Due       dueActions
	Calendar  calendarLinks
}

// agendaPageHandler: GET /agenda, any date range (dates in the viewer's zone).
func (s *Server) agendaPageHandler(c *fiber.Ctx) error {
	a := actor(c)
	loc := a.Person.Location()
	now := s.svc.Now()
	start := domain.DateOf(now, loc).Start(loc)
	from, to, err := agendaRange(c, start, loc)
	if err != nil {
		return err
	}
	ag, err := s.svc.Agenda(c.UserContext(), *a, from, to)
	if err != nil {
		return err
	}
	data := agendaPage{Page: s.page(c, s.words(c).T("title.agenda")), From: domain.DateOf(from, loc).String(),
		To: domain.DateOf(to.Add(-time.Nanosecond), loc).String(), Days: domain.GroupAgenda(ag.Items, now, loc),
		Truncated: ag.Truncated, Shown: len(ag.Items)}
	if data.Due, err = s.dueActionsFor(c, data.Page, "/agenda"); err != nil {
		return err
	}
	if data.Calendar, err = s.calendarBlock(c, *a, data.CSRF, "/agenda"); err != nil {
		return err
	}
	return s.render(c, "agenda", data)
}

// upcoming is the home page's agenda: from the start of today, 30 days on.
func (s *Server) upcoming(c *fiber.Ctx, a domain.Actor) ([]domain.AgendaDay, error) {
	loc := a.Person.Location()
	now := s.svc.Now()
	start := domain.DateOf(now, loc).Start(loc)
	ag, err := s.svc.Agenda(c.UserContext(), a, start, start.AddDate(0, 0, 30))
	if err != nil {
		return nil, err
	}
	return domain.GroupAgenda(ag.Items, now, loc), nil
}
