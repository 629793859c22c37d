package views

import (
	"math"
	"net/url"
	"strings"
	"unicode"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

// signIn checks credentials under the login guard (see attemptGuard): a
// guesser is slowed at once, and nobody can lock a person out from afar.
func (s *Server) signIn(c *fiber.Ctx, email, password string) (domain.Person, error) {
	addr := s.clientAddr(c)
	if wait := s.guard.wait(addr, email); wait > 0 {
		return domain.Person{}, rateLimited{retryAfter: int(math.Ceil(wait.Seconds()))}
	}
	p, err := s.svc.Authenticate(c.UserContext(), email, password)
	if err != nil {
		s.guard.fail(addr, email)
		return domain.Person{}, err
	}
	s.guard.succeed(addr, email)
	return p, nil
}

type loginPage struct {
	Page
	Email string
	Next  string
	Error string
	// SSOButton labels the organisation sign-in button (empty: none);
	// PasswordsOff folds the password form away for the break-glass admin.
	SSOButton    string
	PasswordsOff bool
}

// safeNext is where to go after signing in: a path on this site, parsed
// rather than pattern-matched. Anything else (a scheme, a host, "//" or
// "\\" that a browser reads as a host, a control or space character that a
// browser strips before it reads the rest, or that would break the
// Location header) goes home.
func safeNext(next string) string {
	for _, r := range next {
		if r < 0x20 || r == 0x7f || unicode.IsSpace(r) || r == '\\' {
			return "/"
		}
	}
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return "/"
	}
	return next
}

func (s *Server) loginPage(c *fiber.Ctx) error {
	if actor(c) != nil {
		return c.Redirect(safeNext(c.Query("next")), fiber.StatusSeeOther)
	}
	return s.render(c, "login", s.ssoLogin(loginPage{Page: s.page(c, s.words(c).T("title.sign_in")), Next: safeNext(c.Query("next"))}))
}

func (s *Server) loginSubmit(c *fiber.Ctx) error {
	email, password := copyString(c.FormValue("email")), c.FormValue("password")
	next := safeNext(c.FormValue("next"))
	p, err := s.signIn(c, email, password)
	if err != nil {
		status, _, msg, _ := classify(s.words(c), err)
		if status >= 500 {
			return err
		}
		if rl, ok := err.(rateLimited); ok {
			c.Set(fiber.HeaderRetryAfter, itoa(rl.retryAfter))
		}
		c.Status(status)
		return s.render(c, "login", s.ssoLogin(loginPage{Page: s.page(c, s.words(c).T("title.sign_in")), Email: email, Next: next, Error: msg}))
	}
	// A fresh session id at every sign-in; the old one (if any) dies.
	if old := actor(c); old != nil {
		_ = s.svc.EndSession(c.UserContext(), *old)
	}
	secret, sess, err := s.svc.StartSession(c.UserContext(), p)
	if err != nil {
		return err
	}
	s.setCookie(c, sessionCookie, secret, sess.ExpiresAt.Sub(sess.CreatedAt))
	s.clearCookie(c, csrfCookie)
	return c.Redirect(next, fiber.StatusSeeOther)
}

func (s *Server) logout(c *fiber.Ctx) error {
	hint, err := s.svc.EndSessionAtProvider(c.UserContext(), *actor(c))
	if err != nil {
		return err
	}
	s.clearCookie(c, sessionCookie)
	if u := s.providerLogout(hint); u != "" {
		// Signed in through the provider: offer its sign-out too. The
		// page carries the session's ID token as the hint, so it is
		// shown once, never cached.
		c.Set(fiber.HeaderCacheControl, "no-store")
		return s.render(c, "signed_out", signedOutPage{Page: s.page(c, s.words(c).T("title.signed_out")), ProviderURL: u})
	}
	return c.Redirect("/login", fiber.StatusSeeOther)
}

type tokenRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	Name     string `json:"name"`
}

// apiCreateToken: POST /api/v1/tokens.
func (s *Server) apiCreateToken(c *fiber.Ctx) error {
	var req tokenRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	var v domain.ValidationError
	if strings.TrimSpace(req.Email) == "" {
		v.AddText("email", "error.field.required")
	}
	if req.Password == "" {
		v.AddText("password", "error.field.required")
	}
	if err := v.Err(); err != nil {
		return err
	}
	p, err := s.signIn(c, req.Email, req.Password)
	if err != nil {
		return err
	}
	secret, _, err := s.svc.IssueAPIToken(c.UserContext(), p, req.Name)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"token": secret, "person_id": p.ID})
}

// apiRevokeToken: DELETE /api/v1/tokens/current.
func (s *Server) apiRevokeToken(c *fiber.Ctx) error {
	if err := s.svc.RevokeCurrentToken(c.UserContext(), *actor(c)); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// apiMe: GET /api/v1/me.
func (s *Server) apiMe(c *fiber.Ctx) error {
	return c.JSON(actor(c).Me())
}
