package views

import (
	"strings"

	"github.com/gofiber/fiber/v2"
)

// apiCalendar: GET /api/v1/me/calendar gives the private feed URL.
func (s *Server) apiCalendar(c *fiber.Ctx) error {
	u, err := s.svc.CalendarURL(c.UserContext(), *actor(c))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"url": u})
}

// apiRotateCalendar: POST /api/v1/me/calendar makes a new URL; the old one
// is 404 from then on.
func (s *Server) apiRotateCalendar(c *fiber.Ctx) error {
	u, err := s.svc.RotateCalendarURL(c.UserContext(), *actor(c))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"url": u})
}

// calendarFeed: GET /calendar/{token}.ics, for calendar apps (no sign-in:
// the token is the credential).
func (s *Server) calendarFeed(c *fiber.Ctx) error {
	token, ok := strings.CutSuffix(c.Params("file"), ".ics")
	if !ok || token == "" {
		return s.pageNotFound(c)
	}
	body, err := s.svc.CalendarFeedICS(c.UserContext(), token)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/calendar; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "private, max-age=300")
	return c.SendString(body)
}

// settingsCalendarRotate makes a new feed link: on the settings page it
// replaces the old one; from the agenda or the home page, where it is
// offered to whoever has none, it makes the first and goes back there.
func (s *Server) settingsCalendarRotate(c *fiber.Ctx) error {
	back := calendarBack(c)
	if _, err := s.svc.RotateCalendarURL(c.UserContext(), *actor(c)); err != nil {
		return err
	}
	if back != "/settings" {
		return s.redirectWithFlash(c, back+"#addcal-h", s.words(c).T("flash.your_calendar_link_is_ready_subscribe"))
	}
	return s.redirectWithFlash(c, "/settings", s.words(c).T("flash.you_have_a_new_calendar_link"))
}
