package views

import (
	"github.com/gofiber/fiber/v2"
)

type homePage struct {
	Page
}

// home is an admin's starting point and a member's own page.
func (s *Server) home(c *fiber.Ctx) error {
	return s.render(c, "home", homePage{Page: s.page(c, "Home")})
}
