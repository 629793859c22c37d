package views

import (
	"html/template"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

// calendarLinks is the "Add to my calendar" block: the viewer's private
// feed in the forms calendar apps take it, or, with no feed yet, what the
// button that makes one needs.
type calendarLinks struct {
	URL, Google, Outlook string
	// Webcal is built here from the configured base URL; html/template
	// would blank a scheme it does not know.
	Webcal     template.URL
	CSRF, Back string
}

// calendarBlock reads the viewer's feed (making none) for a page at back.
func (s *Server) calendarBlock(c *fiber.Ctx, a domain.Actor, csrf, back string) (calendarLinks, error) {
	u, err := s.svc.CalendarLink(c.UserContext(), a)
	if err != nil {
		return calendarLinks{}, err
	}
	l := calendarLinks{URL: u, CSRF: csrf, Back: back}
	if u != "" {
		webcal := webcalURL(u)
		l.Webcal = template.URL(webcal) // #nosec: the feed's own address, scheme swapped
		l.Google = "https://calendar.google.com/calendar/r?cid=" + url.QueryEscape(webcal)
		l.Outlook = "https://outlook.live.com/calendar/0/addfromweb?name=Cairn&url=" + url.QueryEscape(u)
	}
	return l, nil
}

// webcalURL is a feed's address with the webcal scheme, which opens the
// subscription dialog of the calendar app.
func webcalURL(u string) string {
	for _, scheme := range []string{"https://", "http://"} {
		if rest, ok := strings.CutPrefix(u, scheme); ok {
			return "webcal://" + rest
		}
	}
	return u
}

// calendarBack is where the button that makes a feed returns: the page it
// was on, when that is one of the pages that offer it.
func calendarBack(c *fiber.Ctx) string {
	switch b := c.FormValue("back"); b {
	case "/", "/agenda":
		return b
	}
	return "/settings"
}
