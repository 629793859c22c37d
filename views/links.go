package views

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

// apiInvite: POST /api/v1/people/{id}/invite.
func (s *Server) apiInvite(c *fiber.Ctx) error {
	_, link, emailed, err := s.invite(c)
	if err != nil {
		return err
	}
	if emailed {
		return c.Status(fiber.StatusAccepted).JSON(fiber.Map{"emailed": true})
	}
	return c.Status(fiber.StatusAccepted).JSON(fiber.Map{"emailed": false, "link": link})
}

// apiPasswordReset: POST /api/v1/password-resets, the same answer whether
// or not the address has an account.
func (s *Server) apiPasswordReset(c *fiber.Ctx) error {
	var req struct {
		Email string `json:"email"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if err := s.requestReset(c, req.Email); err != nil {
		return err
	}
	return c.Status(fiber.StatusAccepted).JSON(fiber.Map{"status": "if the address belongs to an account, a reset link is on its way"})
}

// requestReset mails a reset link unless the address or the email has
// asked too often lately; then it quietly sends nothing, so the answer
// still tells nobody whether the email has an account.
func (s *Server) requestReset(c *fiber.Ctx, email string) error {
	addr := s.clientAddr(c)
	if s.svc.PasswordResetsOn() { // else the domain refuses every address alike: nothing to count
		if s.resets.wait(addr, email) > 0 {
			s.log.WarnContext(c.UserContext(), "password reset not sent: too many requests", "ip", addr)
			return nil
		}
		s.resets.fail(addr, email)
	}
	return s.svc.RequestPasswordReset(c.UserContext(), email)
}

// invite sends the invitation of the person named in the path; the link
// comes back when no mail server is set to carry it.
func (s *Server) invite(c *fiber.Ctx) (id int64, link string, emailed bool, err error) {
	if id, err = paramID(c, "id"); err != nil {
		return 0, "", false, err
	}
	link, emailed, err = s.svc.InvitePerson(c.UserContext(), *actor(c), id)
	return id, link, emailed, err
}

func (s *Server) personInviteSubmit(c *fiber.Ctx) error {
	id, link, emailed, err := s.invite(c)
	if err != nil {
		return err
	}
	msg := s.words(c).T("flash.invitation_emailed")
	if !emailed {
		msg = s.words(c).T("flash.invitation_by_hand", "Link", link)
		if strings.HasSuffix(link, "/login") { // passwords are off: no link to set one
			msg = s.words(c).T("flash.invitation_sso", "Link", link)
		}
	}
	return s.redirectWithFlash(c, "/people/"+itoa(int(id)), msg)
}

type forgotPage struct {
	Page
	Email  string
	Sent   bool
	Errors map[string]string
	// Off: people sign in with their organisation here, so there is no
	// password to reset; the page says so instead of offering the form.
	Off bool
}

func (p *forgotPage) setErrors(fields map[string]string, _ string) { p.Errors = fields }

func (s *Server) forgotPageHandler(c *fiber.Ctx) error {
	return s.render(c, "forgot", &forgotPage{Page: s.page(c, s.words(c).T("title.forgot_your_password")), Off: !s.svc.PasswordResetsOn()})
}

func (s *Server) forgotSubmit(c *fiber.Ctx) error {
	email := copyString(c.FormValue("email"))
	data := &forgotPage{Page: s.page(c, s.words(c).T("title.forgot_your_password")), Email: email}
	if err := s.requestReset(c, email); err != nil {
		if data.Off = !s.svc.PasswordResetsOn(); data.Off {
			status, _, _, _ := classify(s.words(c), err)
			c.Status(status)
			return s.render(c, "forgot", data)
		}
		return s.formError(c, err, "forgot", data)
	}
	data.Sent = true
	return s.render(c, "forgot", data)
}

type passwordLinkPage struct {
	Page
	Purpose   string // invite or reset
	Token     string
	Person    domain.Person
	Timezone  string
	Timezones []string
	Problem   string // the link cannot be used, and why
	Errors    map[string]string
}

func (p *passwordLinkPage) setErrors(fields map[string]string, _ string) { p.Errors = fields }

// linkProblem turns a link error into a page explaining it, with its status.
func (s *Server) linkProblem(c *fiber.Ctx, err error, page string, data interface{ setProblem(string) }) error {
	var de *domain.Error
	if !errors.As(err, &de) || (de.Kind != domain.ErrNotFound && de.Kind != domain.ErrConflict) {
		return err
	}
	status, _, msg, _ := classify(s.words(c), err)
	if de.Text != nil && de.Text.Key == domain.LinkExpiredKey {
		status = fiber.StatusGone
	}
	data.setProblem(msg)
	c.Status(status)
	return s.render(c, page, data)
}

func (p *passwordLinkPage) setProblem(msg string) { p.Problem = msg }

func (s *Server) passwordLinkHandler(purpose domain.LinkPurpose) fiber.Handler {
	return func(c *fiber.Ctx) error {
		token := copyString(c.Params("token"))
		title := s.words(c).T("title.set_your_password")
		if purpose == domain.LinkInvite {
			title = s.words(c).T("title.welcome_to_cairn")
		}
		data := &passwordLinkPage{Page: s.page(c, title), Purpose: string(purpose), Token: token, Timezones: allTimezones}
		p, err := s.svc.CheckPasswordLink(c.UserContext(), purpose, token)
		if err != nil {
			return s.linkProblem(c, err, "password_link", data)
		}
		data.Person, data.Timezone = p, p.Timezone
		if c.Method() == fiber.MethodGet {
			return s.render(c, "password_link", data)
		}
		data.Timezone = copyString(c.FormValue("timezone"))
		pw := c.FormValue("password")
		if pw != c.FormValue("confirm_password") {
			return s.formError(c, domain.InvalidText("confirm_password", "error.views.password_mismatch"), "password_link", data)
		}
		if _, err := s.svc.UsePasswordLink(c.UserContext(), purpose, token, pw, data.Timezone); err != nil {
			if fields := domain.FieldErrors(err); fields != nil {
				return s.formError(c, err, "password_link", data)
			}
			return s.linkProblem(c, err, "password_link", data)
		}
		return s.redirectWithFlash(c, "/login", s.words(c).T("flash.your_password_is_set_sign_in"))
	}
}

type meetingLinkPage struct {
	Page
	Token   string
	View    domain.MeetingActionView
	Done    bool
	Problem string
}

func (p *meetingLinkPage) setProblem(msg string) { p.Problem = msg }

// meetingLink shows what a reminder's answer link will record (GET) and
// records it once confirmed (POST).
func (s *Server) meetingLink(c *fiber.Ctx) error {
	token := copyString(c.Params("token"))
	data := &meetingLinkPage{Page: s.page(c, s.words(c).T("title.did_the_meeting_take_place")), Token: token}
	var err error
	if c.Method() == fiber.MethodGet {
		data.View, err = s.svc.CheckActionLink(c.UserContext(), token)
	} else {
		data.View, err = s.svc.UseActionLink(c.UserContext(), token)
		data.Done = err == nil
	}
	if err != nil {
		if fields := FieldWords(s.words(c), err); fields != nil {
			data.Problem = humanMessage(s.words(c), fields["status"])
			if data.Problem == "" {
				data.Problem = pageMessage(s.words(c), err.Error(), fields)
			}
			c.Status(fiber.StatusUnprocessableEntity)
			return s.render(c, "meeting_link", data)
		}
		return s.linkProblem(c, err, "meeting_link", data)
	}
	if data.View.Person.ID != 0 {
		data.Loc = data.View.Person.Location()
	}
	return s.render(c, "meeting_link", data)
}
