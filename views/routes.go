package views

import (
	"github.com/gofiber/fiber/v2"
)

// routes registers every route. Page routes answer HTML, /api/v1 JSON.
func (s *Server) routes(app *fiber.App) {
	app.Use(s.logRequests, s.securityHeaders, s.limitBody)

	app.Get("/healthz", s.healthz)
	app.Get("/readyz", s.readyz)
	app.Get("/static/*", s.static)

	app.Use(s.identify, s.checkCSRF)

	// Browser pages.
	app.Get("/login", s.loginPage)
	app.Post("/login", s.loginSubmit)
	app.Post("/logout", s.pageAuth, s.logout)
	app.Get("/", s.pageAuth, s.home)
	app.Get("/agenda", s.pageAuth, s.agendaPageHandler)
	app.Get("/settings", s.pageAuth, s.settingsPageHandler)
	app.Post("/settings/profile", s.pageAuth, s.settingsProfileSubmit)
	app.Post("/settings/password", s.pageAuth, s.settingsPasswordSubmit)
	app.Post("/settings/tokens", s.pageAuth, s.settingsTokenCreate)
	app.Post("/settings/tokens/:id/revoke", s.pageAuth, s.settingsTokenRevoke)
	app.Get("/people", s.pageAuth, s.peoplePage)
	app.Get("/people/new", s.pageAuth, s.personNewPage)
	app.Get("/people/import", s.pageAuth, s.peopleImportPage)
	app.Post("/people/import/preview", s.pageAuth, s.peopleImportPreview)
	app.Post("/people/import", s.pageAuth, s.peopleImportConfirm)
	app.Post("/people", s.pageAuth, s.personCreateSubmit)
	app.Get("/people/:id", s.pageAuth, s.personPage)
	app.Get("/people/:id/edit", s.pageAuth, s.personEditPage)
	app.Post("/people/:id", s.pageAuth, s.personEditSubmit)
	app.Get("/admin/audit", s.pageAuth, s.auditPageHandler)
	app.Get("/programmes", s.pageAuth, s.programmesPage)
	app.Get("/programmes/new", s.pageAuth, s.programmeNewPage)
	app.Post("/programmes", s.pageAuth, s.programmeCreateSubmit)
	app.Get("/programmes/:id", s.pageAuth, s.programmePage)
	app.Get("/programmes/:id/edit", s.pageAuth, s.programmeEditPage)
	app.Post("/programmes/:id", s.pageAuth, s.programmeEditSubmit)
	app.Post("/programmes/:id/archive", s.pageAuth, s.programmeArchiveSubmit)
	// Mentoring: pairings and check-ins (issue 3).
	app.Get("/pairings/new", s.pageAuth, s.pairingNewPage)
	app.Post("/pairings", s.pageAuth, s.pairingCreateSubmit)
	app.Get("/pairings/:id", s.pageAuth, s.pairingPage)
	app.Post("/pairings/:id/status", s.pageAuth, s.pairingStatusSubmit)
	app.Post("/pairings/:id/checkins", s.pageAuth, s.checkinCreateSubmit)
	app.Get("/checkins/:id", s.pageAuth, s.checkinPage)
	app.Post("/checkins/:id", s.pageAuth, s.checkinEditSubmit)

	// JSON API.
	api := app.Group("/api/v1")
	api.Post("/tokens", s.apiCreateToken)
	api.Use(s.apiAuth)
	api.Delete("/tokens/current", s.apiRevokeToken)
	api.Get("/me", s.apiMe)
	api.Patch("/me", s.apiUpdateMe)
	api.Get("/me/agenda", s.apiAgenda)
	api.Get("/me/tokens", s.apiMyTokens)
	api.Delete("/me/tokens/:id", s.apiRevokeMyToken)
	api.Get("/people", s.apiListPeople)
	api.Post("/people", s.apiCreatePerson)
	api.Post("/people/import", s.apiImportPeople)
	api.Get("/people/:id", s.apiGetPerson)
	api.Patch("/people/:id", s.apiUpdatePerson)
	api.Get("/programmes", s.apiListProgrammes)
	api.Post("/programmes", s.apiCreateProgramme)
	api.Get("/programmes/:id", s.apiGetProgramme)
	api.Patch("/programmes/:id", s.apiUpdateProgramme)
	api.Get("/admin/audit", s.apiAudit)
	// Mentoring: pairings and check-ins (issue 3).
	api.Get("/pairings", s.apiListPairings)
	api.Post("/pairings", s.apiCreatePairing)
	api.Get("/pairings/:id", s.apiGetPairing)
	api.Patch("/pairings/:id", s.apiUpdatePairing)
	api.Get("/pairings/:id/checkins", s.apiListCheckins)
	api.Post("/pairings/:id/checkins", s.apiCreateCheckin)
	api.Get("/checkins/:id", s.apiGetCheckin)
	api.Patch("/checkins/:id", s.apiUpdateCheckin)
	api.Use(s.apiNotFound)

	app.Use(s.pageNotFound)
}
