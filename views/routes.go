package views

import (
	"github.com/gofiber/fiber/v2"
)

// routes registers every route. Page routes answer HTML, /api/v1 JSON.
func (s *Server) routes(app *fiber.App) {
	app.Use(s.logRequests, s.securityHeaders)

	app.Get("/healthz", s.healthz)
	app.Get("/readyz", s.readyz)
	app.Get("/static/*", s.static)

	app.Use(s.identify, s.checkCSRF)

	// Browser pages.
	app.Get("/login", s.loginPage)
	app.Post("/login", s.loginSubmit)
	app.Post("/logout", s.pageAuth, s.logout)
	app.Get("/", s.pageAuth, s.home)
	app.Get("/people", s.pageAuth, s.peoplePage)
	app.Get("/people/new", s.pageAuth, s.personNewPage)
	app.Post("/people", s.pageAuth, s.personCreateSubmit)
	app.Get("/people/:id", s.pageAuth, s.personPage)
	app.Get("/people/:id/edit", s.pageAuth, s.personEditPage)
	app.Post("/people/:id", s.pageAuth, s.personEditSubmit)
	app.Get("/programmes", s.pageAuth, s.programmesPage)
	app.Get("/programmes/new", s.pageAuth, s.programmeNewPage)
	app.Post("/programmes", s.pageAuth, s.programmeCreateSubmit)
	app.Get("/programmes/:id", s.pageAuth, s.programmePage)
	app.Get("/programmes/:id/edit", s.pageAuth, s.programmeEditPage)
	app.Post("/programmes/:id", s.pageAuth, s.programmeEditSubmit)
	app.Post("/programmes/:id/archive", s.pageAuth, s.programmeArchiveSubmit)
	// Coaching pages.
	app.Get("/engagements/new", s.pageAuth, s.engagementNewPage)
	app.Post("/engagements", s.pageAuth, s.engagementCreateSubmit)
	app.Get("/engagements/:id", s.pageAuth, s.engagementPage)
	app.Post("/engagements/:id/sessions", s.pageAuth, s.sessionCreateSubmit)
	app.Post("/engagements/:id/progress", s.pageAuth, s.engagementProgressSubmit)
	app.Post("/engagements/:id/close", s.pageAuth, s.engagementCloseSubmit)
	app.Post("/engagements/:id/cancel", s.pageAuth, s.engagementCancelSubmit)
	app.Get("/sessions/:id", s.pageAuth, s.sessionPage)
	app.Post("/sessions/:id", s.pageAuth, s.sessionEditSubmit)

	// JSON API.
	api := app.Group("/api/v1")
	api.Post("/tokens", s.apiCreateToken)
	api.Use(s.apiAuth)
	api.Delete("/tokens/current", s.apiRevokeToken)
	api.Get("/me", s.apiMe)
	api.Get("/people", s.apiListPeople)
	api.Post("/people", s.apiCreatePerson)
	api.Get("/people/:id", s.apiGetPerson)
	api.Patch("/people/:id", s.apiUpdatePerson)
	api.Get("/programmes", s.apiListProgrammes)
	api.Post("/programmes", s.apiCreateProgramme)
	api.Get("/programmes/:id", s.apiGetProgramme)
	api.Patch("/programmes/:id", s.apiUpdateProgramme)
	// Coaching API.
	api.Get("/engagements", s.apiListEngagements)
	api.Post("/engagements", s.apiCreateEngagement)
	api.Get("/engagements/:id", s.apiGetEngagement)
	api.Patch("/engagements/:id", s.apiUpdateEngagement)
	api.Get("/engagements/:id/progress", s.apiEngagementProgress)
	api.Post("/engagements/:id/close", s.apiCloseEngagement)
	api.Post("/engagements/:id/cancel", s.apiCancelEngagement)
	api.Get("/engagements/:id/sessions", s.apiListSessions)
	api.Post("/engagements/:id/sessions", s.apiCreateSession)
	api.Get("/sessions/:id", s.apiGetSession)
	api.Patch("/sessions/:id", s.apiUpdateSession)
	api.Use(s.apiNotFound)

	app.Use(s.pageNotFound)
}
