package views

import (
	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

type homePage struct {
	Page
	// Coaching: the engagements the viewer coaches, and those they are coached in.
	Coaching  []domain.Engagement
	CoachedIn []domain.Engagement
}

// home is an admin's starting point and a member's own page.
func (s *Server) home(c *fiber.Ctx) error {
	data := homePage{Page: s.page(c, "Home")}
	a := *actor(c)
	mine, err := s.svc.MyEngagements(c.UserContext(), a)
	if err != nil {
		return err
	}
	for _, e := range mine {
		if e.CoachID == a.Person.ID {
			data.Coaching = append(data.Coaching, e)
		} else {
			data.CoachedIn = append(data.CoachedIn, e)
		}
	}
	return s.render(c, "home", data)
}
