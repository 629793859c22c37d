package views

import (
	_ "embed"

	"github.com/gofiber/fiber/v2"
)

// openAPIDocument is the OpenAPI 3.1 description of the JSON API, kept by
// hand beside the handlers. The API tests validate every request and answer
// they make against it, so it cannot drift from the code.
//
//go:embed openapi.json
var openAPIDocument []byte

// OpenAPIDocument returns the OpenAPI document served at
// /api/v1/openapi.json (a copy: callers may keep or change it).
func OpenAPIDocument() []byte { return append([]byte(nil), openAPIDocument...) }

// openAPI answers the OpenAPI document; anyone may read it.
func (s *Server) openAPI(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	return c.Send(openAPIDocument)
}
