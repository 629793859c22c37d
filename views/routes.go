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

	// Scheduler pages: notifications, flags, outbox.
	app.Get("/notifications", s.pageAuth, s.notificationsPage)
	app.Post("/notifications/read", s.pageAuth, s.notificationsReadAllSubmit)
	app.Post("/notifications/:id/read", s.pageAuth, s.notificationReadSubmit)
	app.Get("/flags", s.pageAuth, s.flagsPage)
	app.Get("/admin/outbox", s.pageAuth, s.outboxPage)
	app.Post("/admin/outbox/:id/retry", s.pageAuth, s.outboxRetrySubmit)

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

	// Scheduler API: notifications, flags, outbox, jobs.
	api.Get("/me/notifications", s.apiListNotifications)
	api.Post("/me/notifications/read", s.apiReadAllNotifications)
	api.Post("/me/notifications/:id/read", s.apiReadNotification)
	api.Get("/flags", s.apiListFlags)
	api.Get("/admin/outbox", s.apiListOutbox)
	api.Post("/admin/outbox/:id/retry", s.apiRetryOutbox)
	api.Post("/admin/jobs/:job/run", s.apiRunJob)
	api.Use(s.apiNotFound)

	app.Use(s.pageNotFound)
}
