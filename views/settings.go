package views

import (
	"math"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

type meRequest struct {
	Name            *string `json:"name"`
	Timezone        *string `json:"timezone"`
	Language        *string `json:"language"`
	CurrentPassword *string `json:"current_password"`
	NewPassword     *string `json:"new_password"`
}

// apiUpdateMe: PATCH /api/v1/me changes one's own name, zone or password.
func (s *Server) apiUpdateMe(c *fiber.Ctx) error {
	var req meRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	a := actor(c)
	if req.NewPassword != nil || req.CurrentPassword != nil {
		if err := s.changePassword(c, *a, orZero(req.CurrentPassword), orZero(req.NewPassword)); err != nil {
			return err
		}
	}
	if req.Name != nil || req.Timezone != nil || req.Language != nil {
		p, err := s.svc.UpdateOwnProfile(c.UserContext(), *a, domain.ProfileInput{Name: req.Name, Timezone: req.Timezone,
			Language: req.Language})
		if err != nil {
			return err
		}
		return c.JSON(domain.Actor{Person: p}.Me())
	}
	return c.JSON(a.Me())
}

// changePassword checks the current password under the login guard, as
// signIn does: a wrong one is a failed sign-in for the address and the
// person's email, so a stolen session or token cannot guess the password
// faster than the sign-in form could.
func (s *Server) changePassword(c *fiber.Ctx, a domain.Actor, current, next string) error {
	addr := s.clientAddr(c)
	if wait := s.guard.wait(addr, a.Person.Email); wait > 0 {
		return rateLimited{retryAfter: int(math.Ceil(wait.Seconds()))}
	}
	err := s.svc.ChangePassword(c.UserContext(), a, current, next)
	switch {
	case domain.IsWrongPassword(err):
		s.guard.fail(addr, a.Person.Email)
	case err == nil:
		s.guard.succeed(addr, a.Person.Email)
	}
	return err
}

// apiMyTokens: GET /api/v1/me/tokens.
func (s *Server) apiMyTokens(c *fiber.Ctx) error {
	return listJSON(c, s.svc.ListOwnAPITokens)
}

// apiRevokeMyToken: DELETE /api/v1/me/tokens/{id}.
func (s *Server) apiRevokeMyToken(c *fiber.Ctx) error {
	return doByID(c, s.svc.RevokeOwnAPIToken, func(int64) error { return c.SendStatus(fiber.StatusNoContent) })
}

type settingsPage struct {
	Page
	Name, Timezone, Language string
	Timezones                []string
	Tokens                   []domain.APIToken
	NewToken                 string // shown once, right after creation
	CalendarURL              string
	// Account says whether there is a password to change here.
	Account domain.AccountAbilities
	Errors  map[string]string
	// Failed names the form Errors belong to: profile, password or token.
	Failed    string
	TokenName string
}

func (s *Server) settingsData(c *fiber.Ctx) (*settingsPage, error) {
	a := actor(c)
	ts, err := s.svc.OwnAPITokens(c.UserContext(), *a)
	if err != nil {
		return nil, err
	}
	cal, err := s.svc.CalendarURL(c.UserContext(), *a)
	if err != nil {
		return nil, err
	}
	return &settingsPage{Page: s.page(c, s.words(c).T("title.settings")), Name: a.Person.Name, Timezone: a.Person.Timezone,
		Language: a.Person.Language, Timezones: allTimezones, Tokens: ts, CalendarURL: cal, Account: s.svc.AccountAbilities(*a)}, nil
}

// settingsFormError re-renders the settings page with the errors of one
// of its forms (which: "profile", "password" or "token"); keep, if set,
// puts back what was typed.
func (s *Server) settingsFormError(c *fiber.Ctx, err error, which string, keep func(p *settingsPage)) error {
	prefix := ""
	if which == "token" {
		prefix = "token-"
	}
	return refillForm(s, c, err, "settings", prefix, func() (*settingsPage, error) { return s.settingsData(c) },
		func(p *settingsPage, fields map[string]string) {
			if keep != nil {
				keep(p)
			}
			p.Errors, p.Failed = fields, which
		})
}

func (s *Server) settingsPageHandler(c *fiber.Ctx) error {
	data, err := s.settingsData(c)
	if err != nil {
		return err
	}
	return s.render(c, "settings", data)
}

func (s *Server) settingsProfileSubmit(c *fiber.Ctx) error {
	name, tz, lg := copyString(c.FormValue("name")), copyString(c.FormValue("timezone")), copyString(c.FormValue("language"))
	_, err := s.svc.UpdateOwnProfile(c.UserContext(), *actor(c), domain.ProfileInput{Name: &name, Timezone: &tz, Language: &lg})
	if err != nil {
		return s.settingsFormError(c, err, "profile", func(p *settingsPage) { p.Name, p.Timezone, p.Language = name, tz, lg })
	}
	return s.redirectWithFlash(c, "/settings", s.words(c).T("flash.your_profile_was_saved"))
}

func (s *Server) settingsPasswordSubmit(c *fiber.Ctx) error {
	var err error
	if c.FormValue("new_password") != c.FormValue("confirm_password") {
		err = domain.InvalidText("confirm_password", "error.views.new_password_mismatch")
	} else {
		err = s.changePassword(c, *actor(c), c.FormValue("current_password"), c.FormValue("new_password"))
	}
	if err != nil {
		return s.settingsFormError(c, err, "password", nil)
	}
	return s.redirectWithFlash(c, "/settings", s.words(c).T("flash.your_password_was_changed_your_other"))
}

func (s *Server) settingsTokenCreate(c *fiber.Ctx) error {
	a := actor(c)
	name := copyString(c.FormValue("name"))
	secret, _, err := s.svc.IssueAPIToken(c.UserContext(), a.Person, name)
	if err != nil {
		return s.settingsFormError(c, err, "token", func(p *settingsPage) { p.TokenName = name })
	}
	data, err := s.settingsData(c)
	if err != nil {
		return err
	}
	data.NewToken = secret
	return s.render(c, "settings", data)
}

func (s *Server) settingsTokenRevoke(c *fiber.Ctx) error {
	return doByID(c, s.svc.RevokeOwnAPIToken, func(id int64) error {
		return s.redirectWithFlash(c, "/settings", s.words(c).T("flash.token_revoked", "ID", id))
	})
}
