package views

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/netip"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// HeaderRequestID carries a request's id: taken from a trusted proxy, or
// made here, and always sent back.
const HeaderRequestID = "X-Request-ID"

// RequestObserver is told about every request once it is answered: its
// route pattern (never the raw path, which may hold a token), method,
// status and duration. Metrics hang on it.
type RequestObserver func(route, method string, status int, took time.Duration)

type requestIDKey struct{}

// RequestID is the id of the request ctx belongs to, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// requestID is the id a request goes by: the X-Request-ID a trusted proxy
// sent, when it is a plain token, or a new random one.
func (s *Server) requestID(c *fiber.Ctx) string {
	if sent := c.Get(HeaderRequestID); sent != "" && plainID(sent) {
		if remote, ok := netip.AddrFromSlice(c.Context().RemoteIP()); ok && s.proxies.trusts(remote) {
			return strings.Clone(sent) // fasthttp reuses the header buffer
		}
	}
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// plainID accepts what proxies send as request ids (UUIDs, hex, base64
// and the like): at most 128 of letters, digits and -_.:+=/ characters.
func plainID(v string) bool {
	if len(v) > 128 {
		return false
	}
	for _, r := range v {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case r == '-' || r == '_' || r == '.' || r == ':' || r == '+' || r == '=' || r == '/':
		default:
			return false
		}
	}
	return true
}

// unmatchedKey marks a request no route took (the not-found handlers).
const unmatchedKey = "unmatched"

// routePattern names the route that answered: its pattern, as registered
// ("/api/v1/people/:id"; a middleware's prefix when one refused the
// request first), or "unmatched" when no route took it. Never the raw
// path, which may carry a token.
func routePattern(c *fiber.Ctx) string {
	r := c.Route()
	if r == nil || r.Path == "" || c.Locals(unmatchedKey) != nil {
		return "unmatched"
	}
	return r.Path
}

// recovered turns a handler's panic into an error, keeping its stack for
// the log.
type recovered struct {
	value any
	stack []byte
}

func (r recovered) Error() string { return fmt.Sprintf("panic: %v", r.value) }

// serveRecovering runs the rest of the chain; a panic in it comes back as
// a recovered error.
func serveRecovering(c *fiber.Ctx) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = recovered{value: v, stack: debug.Stack()}
		}
	}()
	return c.Next()
}

// metricsAuth lets through only the bearer of the metrics token.
func (s *Server) metricsAuth(c *fiber.Ctx) error {
	scheme, token, _ := strings.Cut(c.Get(fiber.HeaderAuthorization), " ")
	if !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare([]byte(token), []byte(s.opts.MetricsToken)) != 1 {
		c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="metrics"`)
		return c.Status(fiber.StatusUnauthorized).JSON(fiber.Map{"error": fiber.Map{"code": "unauthorized",
			"message": "send Authorization: Bearer CAIRN_METRICS_TOKEN"}})
	}
	return c.Next()
}
