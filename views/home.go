package views

import (
	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

type homePage struct {
	Page
	MyMentees []pairingSummary // open pairings where the viewer mentors
	MyMentors []pairingSummary // open pairings where the viewer is mentored
}

// home is an admin's starting point and a member's own page.
func (s *Server) home(c *fiber.Ctx) error {
	ctx, a := c.UserContext(), *actor(c)
	open := []domain.PairingStatus{domain.PairingActive, domain.PairingPaused}
	mentees, err := s.svc.ListPairings(ctx, a, domain.PairingFilter{MentorID: a.Person.ID, Statuses: open, Limit: 500})
	if err != nil {
		return err
	}
	mentors, err := s.svc.ListPairings(ctx, a, domain.PairingFilter{MenteeID: a.Person.ID, Statuses: open, Limit: 500})
	if err != nil {
		return err
	}
	return s.render(c, "home", homePage{Page: s.page(c, "Home"), MyMentees: s.summarise(mentees), MyMentors: s.summarise(mentors)})
}
