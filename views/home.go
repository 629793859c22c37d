package views

import (
	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

type homePage struct {
	Page
	Upcoming  []domain.AgendaDay
	MyMentees []pairingSummary // open pairings where the viewer mentors
	MyMentors []pairingSummary // open pairings where the viewer is mentored
}

// home is an admin's starting point and a member's agenda and relationships.
func (s *Server) home(c *fiber.Ctx) error {
	ctx, a := c.UserContext(), *actor(c)
	data := homePage{Page: s.page(c, "Home")}
	if !a.IsAdmin() {
		days, err := s.upcoming(c, a)
		if err != nil {
			return err
		}
		data.Upcoming = days
	}
	open := []domain.PairingStatus{domain.PairingActive, domain.PairingPaused}
	mentees, err := s.svc.ListPairings(ctx, a, domain.PairingFilter{MentorID: a.Person.ID, Statuses: open, Limit: 500})
	if err != nil {
		return err
	}
	mentors, err := s.svc.ListPairings(ctx, a, domain.PairingFilter{MenteeID: a.Person.ID, Statuses: open, Limit: 500})
	if err != nil {
		return err
	}
	data.MyMentees, data.MyMentors = s.summarise(mentees), s.summarise(mentors)
	return s.render(c, "home", data)
}
