package views

import (
	"bytes"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"cairn/domain"
)

const (
	sessionCookie = "cairn_session"
	csrfCookie    = "cairn_csrf" // double-submit token for forms shown before sign-in
	actorKey      = "actor"
)

// logRequests writes one line per request with its status and duration.
// Errors are rendered here, so the status logged is the one sent.
func (s *Server) logRequests(c *fiber.Ctx) error {
	start := time.Now()
	if err := c.Next(); err != nil {
		renderError(c, err)
	}
	if name := splitHeader(&c.Response().Header); name != "" {
		// The one guard for every header: a value with CR, LF or NUL never
		// leaves, whichever code set it.
		c.Response().Header.Del(name)
		c.Response().Header.Del(fiber.HeaderLocation)
		renderError(c, fmt.Errorf("views: header %s carries a line break or NUL", name))
	}
	status := c.Response().StatusCode()
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	s.log.LogAttrs(c.UserContext(), level, "request",
		slog.String("method", c.Method()),
		slog.String("path", c.Path()),
		slog.Int("status", status),
		slog.Duration("duration", time.Since(start)),
		slog.String("ip", s.clientAddr(c)),
	)
	return nil
}

// renderError answers err through the app's one error handler.
func renderError(c *fiber.Ctx, err error) {
	if herr := c.App().ErrorHandler(c, err); herr != nil {
		_ = c.SendStatus(fiber.StatusInternalServerError)
	}
}

// splitHeader names a response header whose value holds CR, LF or NUL; ""
// when none does.
func splitHeader(h *fasthttp.ResponseHeader) string {
	var bad string
	h.VisitAll(func(k, v []byte) {
		if bad == "" && bytes.ContainsAny(v, "\r\n\x00") {
			bad = string(k)
		}
	})
	return bad
}

// securityHeaders sets the headers every answer carries.
func (s *Server) securityHeaders(c *fiber.Ctx) error {
	h := &c.Response().Header
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
		"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	if s.isHTTPS(c) {
		h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
	}
	return c.Next()
}

func (s *Server) isHTTPS(c *fiber.Ctx) bool { return s.secure || c.Protocol() == "https" }

// identify resolves the caller from a bearer token or the session cookie.
// A bad bearer token is refused at once; a stale cookie is just ignored.
func (s *Server) identify(c *fiber.Ctx) error {
	ctx := c.UserContext()
	if auth := c.Get(fiber.HeaderAuthorization); auth != "" {
		// The scheme is case-insensitive (RFC 9110).
		scheme, token, _ := strings.Cut(auth, " ")
		if !strings.EqualFold(scheme, "Bearer") || token == "" {
			return domain.Unauthorized("the Authorization header must be \"Bearer TOKEN\"")
		}
		a, err := s.svc.ActorFromToken(ctx, token)
		if err != nil {
			return err
		}
		c.Locals(actorKey, &a)
		return c.Next()
	}
	if secret := c.Cookies(sessionCookie); secret != "" {
		a, err := s.svc.ActorFromSession(ctx, secret)
		switch {
		case err == nil:
			c.Locals(actorKey, &a)
		case errors.Is(err, domain.ErrUnauthorized):
			s.clearCookie(c, sessionCookie)
		default:
			return err
		}
	}
	return c.Next()
}

// actor is the signed-in caller, or nil.
func actor(c *fiber.Ctx) *domain.Actor {
	a, _ := c.Locals(actorKey).(*domain.Actor)
	return a
}

func safeMethod(m string) bool {
	return m == fiber.MethodGet || m == fiber.MethodHead || m == fiber.MethodOptions
}

// checkCSRF guards every state-changing request that rides on a cookie.
// Bearer-token requests carry no ambient authority and need no token.
func (s *Server) checkCSRF(c *fiber.Ctx) error {
	if safeMethod(c.Method()) {
		return c.Next()
	}
	a := actor(c)
	if a != nil && a.TokenID != 0 {
		return c.Next()
	}
	sent := c.Get("X-CSRF-Token")
	if sent == "" {
		sent = c.FormValue("_csrf")
	}
	var want string
	switch {
	case a != nil:
		want = a.CSRFToken
	case isAPI(c):
		// An anonymous API call (signing in for a token) has no cookie to abuse.
		return c.Next()
	default:
		want = c.Cookies(csrfCookie)
	}
	if want == "" || sent == "" || subtle.ConstantTimeCompare([]byte(sent), []byte(want)) != 1 {
		return domain.Forbidden("the form has expired or did not come from this site; reload the page and try again")
	}
	return c.Next()
}

// pageAuth sends anonymous browsers to the sign-in page.
func (s *Server) pageAuth(c *fiber.Ctx) error {
	if actor(c) == nil {
		if !safeMethod(c.Method()) {
			return domain.Unauthorized("sign in first")
		}
		return c.Redirect("/login?next="+url.QueryEscape(c.OriginalURL()), fiber.StatusSeeOther)
	}
	return c.Next()
}

// apiAuth refuses anonymous API calls.
func (s *Server) apiAuth(c *fiber.Ctx) error {
	if actor(c) == nil {
		return domain.Unauthorized("send Authorization: Bearer TOKEN (POST /api/v1/tokens gives one)")
	}
	// Answers carry people's data and notes: no cache keeps them.
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Next()
}

func isAPI(c *fiber.Ctx) bool { return strings.HasPrefix(c.Path(), "/api/") }

func (s *Server) setCookie(c *fiber.Ctx, name, value string, maxAge time.Duration) {
	c.Cookie(&fiber.Cookie{
		Name: name, Value: value, Path: "/", HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode,
		Secure: s.isHTTPS(c), MaxAge: int(maxAge.Seconds()),
	})
}

func (s *Server) clearCookie(c *fiber.Ctx, name string) {
	c.Cookie(&fiber.Cookie{
		Name: name, Value: "", Path: "/", HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode,
		Secure: s.isHTTPS(c), MaxAge: -1, Expires: time.Unix(0, 0),
	})
}

func (s *Server) apiNotFound(c *fiber.Ctx) error {
	return domain.NotFound("no such API route")
}

func (s *Server) pageNotFound(c *fiber.Ctx) error {
	return domain.NotFound("this page does not exist")
}
