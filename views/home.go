package views

import (
	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

type homePage struct {
	Page
	Upcoming []domain.AgendaDay
}

// home is an admin's starting point and a member's agenda and relationships.
func (s *Server) home(c *fiber.Ctx) error {
	a := actor(c)
	data := homePage{Page: s.page(c, "Home")}
	if !a.IsAdmin() {
		days, err := s.upcoming(c, *a)
		if err != nil {
			return err
		}
		data.Upcoming = days
	}
	return s.render(c, "home", data)
}
