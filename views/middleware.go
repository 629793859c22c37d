package views

import (
	"bytes"
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"cairn/domain"
	"cairn/domain/lang"
)

const (
	sessionCookie = "cairn_session"
	csrfCookie    = "cairn_csrf" // double-submit token for forms shown before sign-in
	actorKey      = "actor"
)

// logRequests writes one line per request: its id (also sent back in
// X-Request-ID), route pattern, status, duration and the actor's id; never
// the raw path (a link's token), a query, an email or a body. Errors are
// rendered here, so the status logged is the one sent; a panic is logged
// with its stack and answered 500 with the request id.
func (s *Server) logRequests(c *fiber.Ctx) error {
	start := time.Now()
	id := s.requestID(c)
	c.SetUserContext(context.WithValue(c.UserContext(), requestIDKey{}, id))
	c.Set(HeaderRequestID, id)
	if err := serveRecovering(c); err != nil {
		var p recovered
		if errors.As(err, &p) {
			s.log.LogAttrs(c.UserContext(), slog.LevelError, "panic",
				slog.String("request_id", id), slog.String("route", routePattern(c)),
				slog.Any("panic", p.value), slog.String("stack", string(p.stack)))
			c.Response().ResetBody()
		}
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
	took := time.Since(start)
	route := routePattern(c)
	level := slog.LevelInfo
	switch {
	case status >= 500:
		level = slog.LevelError
	case status < 400 && quietRoutes[route]:
		level = slog.LevelDebug // probes and scrapes, every few seconds
	}
	attrs := []slog.Attr{
		slog.String("request_id", id),
		slog.String("method", c.Method()),
		slog.String("route", route),
		slog.Int("status", status),
		slog.Duration("duration", took),
		slog.String("ip", s.clientAddr(c)),
	}
	if a := actor(c); a != nil {
		attrs = append(attrs, slog.Int64("actor_id", a.Person.ID))
	}
	s.log.LogAttrs(c.UserContext(), level, "request", attrs...)
	if s.opts.Observe != nil {
		// fiber's method string is fasthttp's reused buffer: the metrics keep it.
		s.opts.Observe(route, strings.Clone(c.Method()), status, took)
	}
	return nil
}

// quietRoutes are polled by machines; their successes log at debug level.
var quietRoutes = map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true}

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
	if err := s.setActor(c); err != nil {
		return err
	}
	return c.Next()
}

// setActor is identify without going on to the next handler.
func (s *Server) setActor(c *fiber.Ctx) error {
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
		return nil
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
	return nil
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
		return domain.ForbiddenText("error.views.form_expired")
	}
	return c.Next()
}

// pageAuth sends anonymous browsers to the sign-in page.
func (s *Server) pageAuth(c *fiber.Ctx) error {
	if actor(c) == nil {
		if !safeMethod(c.Method()) {
			return domain.UnauthorizedText("error.views.sign_in_first")
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
	c.Locals(unmatchedKey, true)
	return domain.NotFound("no such API route")
}

func (s *Server) pageNotFound(c *fiber.Ctx) error {
	c.Locals(unmatchedKey, true)
	return domain.NotFoundText("error.views.no_such_page")
}

// Body limits. A body may carry at most Options.BodyLimit bytes, a CSV
// import maxImportBytes. An oversized body gets a 413 that the client can
// always read: one declared too large is refused before any of it is read
// (and instead of "100 Continue"), one sent in chunks as soon as it grows
// past the limit; either way the server then discards what the client is
// still sending before it closes the connection.

// refusedHeader marks a request whose declared body screenBody refused.
// Only the server sets it: a copy sent by the client is removed first.
const refusedHeader = "X-Cairn-Body-Refused"

// The lingering close after a 413 discards what the client still sends
// for at most lingerTime in all, lingerIdle without a byte, and lingerBytes
// (nginx's lingering_time and lingering_timeout, plus a cap on bytes):
// enough for a browser that sends its whole upload before it reads the
// answer, without letting one hold the connection open.
const (
	lingerTime  = 30 * time.Second
	lingerIdle  = 5 * time.Second
	lingerBytes = 16 * maxImportBytes
)

// bodyLimit is the most a body sent to path may carry.
func (s *Server) bodyLimit(path string) int {
	p := strings.TrimSuffix(strings.ToLower(path), "/")
	if strings.HasSuffix(p, "/import") || strings.HasSuffix(p, "/import/preview") {
		return maxImportBytes
	}
	return s.opts.BodyLimit
}

// screenBody sees each request's head before fasthttp reads any of the body
// or answers "100 Continue". A declared length over the route's limit is
// marked for limitBody, and the request is made bodiless for fasthttp, so
// it neither waits for the body nor invites it with "100 Continue".
func (s *Server) screenBody(h *fasthttp.RequestHeader) fasthttp.RequestConfig {
	h.Del(refusedHeader)
	if n := h.ContentLength(); n > 0 {
		u := fasthttp.AcquireURI()
		defer fasthttp.ReleaseURI(u)
		if err := u.Parse(nil, h.RequestURI()); err == nil && n > s.bodyLimit(string(u.Path())) {
			h.Set(refusedHeader, "1")
			h.Del(fiber.HeaderExpect)
			h.SetContentLength(0)
		}
	}
	return fasthttp.RequestConfig{}
}

// limitBody refuses a body over its route's limit: one screenBody marked,
// one declared too large, or a chunked one that grows past the limit
// (read into memory up to it otherwise, as fasthttp streams bodies).
func (s *Server) limitBody(c *fiber.Ctx) error {
	limit := s.bodyLimit(c.Path())
	req := c.Request()
	switch n := req.Header.ContentLength(); {
	case len(req.Header.Peek(refusedHeader)) > 0 || n > limit:
		return s.refuseBody(c, limit)
	case n == -1 && req.IsBodyStream():
		b, err := io.ReadAll(io.LimitReader(c.Context().RequestBodyStream(), int64(limit)+1))
		if err != nil {
			return badRequest("the body could not be read")
		}
		if len(b) > limit {
			return s.refuseBody(c, limit)
		}
		req.SetBodyRaw(b)
	}
	return c.Next()
}

// halfCloser is a connection that can end its sending side alone.
type halfCloser interface{ CloseWrite() error }

// refuseBody answers 413 and closes the connection, whose unread body must
// not be taken for a next request. Closing a socket with unread data
// resets it, and a client still sending then loses the answer; so on a
// socket the answer is written by lingeringClose instead of fasthttp
// (which does not hand over a connection whose answer says "close").
func (s *Server) refuseBody(c *fiber.Ctx, limit int) error {
	// The page shows who is signed in; a bad token changes nothing here:
	// the body is refused whoever sends it.
	_ = s.setActor(c)
	fctx := c.Context()
	fctx.SetConnectionClose()
	if err := s.renderTooLarge(c, limit); err != nil {
		return err
	}
	half, ok := fctx.Conn().(halfCloser)
	if !ok {
		return nil // not a socket (app.Test): nothing to reset
	}
	var answer bytes.Buffer
	if _, err := fctx.Response.WriteTo(&answer); err != nil {
		return err
	}
	fctx.HijackSetNoResponse(true)
	fctx.Hijack(func(conn net.Conn) { lingeringClose(conn, half, answer.Bytes()) })
	return nil
}

// lingeringClose writes the answer, ends the sending side so the client
// sees where the answer ends, then reads and discards what the client
// still sends until it closes or a linger bound runs out, as nginx's
// lingering close does. fasthttp closes conn on return.
func lingeringClose(conn net.Conn, half halfCloser, answer []byte) {
	end := time.Now().Add(lingerTime)
	if err := conn.SetWriteDeadline(end); err != nil {
		return
	}
	if _, err := conn.Write(answer); err != nil {
		return
	}
	if err := half.CloseWrite(); err != nil {
		return
	}
	buf := make([]byte, 64<<10)
	for left := lingerBytes; left > 0; {
		idle := time.Now().Add(lingerIdle)
		if idle.After(end) {
			idle = end
		}
		if err := conn.SetReadDeadline(idle); err != nil {
			return
		}
		n, err := conn.Read(buf[:min(len(buf), left)])
		if err != nil {
			return
		}
		left -= n
	}
}

// sizeInWords says a byte count as people read it: "8 MB", "512 KB".
func sizeInWords(w *lang.Words, n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return w.T("words.size_mb", "N", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return w.T("words.size_kb", "N", n>>10)
	}
	return w.N("words.size_bytes", n)
}
