package views

import (
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"

	"cairn/domain"
	"cairn/domain/lang"
)

// Options configure the web layer.
type Options struct {
	BaseURL        string   // public URL, for links in emails and feeds
	TrustedProxies []string // addresses whose X-Forwarded-* headers are believed
	BodyLimit      int      // bytes; default 1 MiB
	// LoginLimit is how many failed sign-ins one address may make for one
	// email before each further one waits twice as long as the last (an
	// address gets three times as many over all emails, an email ten times
	// over all addresses); LoginWindow is how long failures are remembered,
	// and the longest wait.
	LoginLimit  int
	LoginWindow time.Duration
	// OIDC signs people in through the organisation's provider; nil: off.
	OIDC *OIDC
	// Observe, when set, is told about every answered request (metrics).
	Observe RequestObserver
	// Metrics, when set with MetricsToken, is served at GET /metrics to
	// callers that send Authorization: Bearer MetricsToken (401 otherwise).
	// Unset, /metrics does not exist here (404).
	Metrics      fiber.Handler
	MetricsToken string
	// Languages are the message catalogues; nil: every catalogue with
	// English as the default.
	Languages *lang.Catalogue
}

// Server holds what the handlers share.
type Server struct {
	svc     *domain.Service
	log     *slog.Logger
	opts    Options
	pages   *pageSet
	guard   *attemptGuard // sign-in failures
	resets  *attemptGuard // password-reset requests
	proxies proxies       // whose X-Forwarded-For is believed
	secure  bool          // cookies get Secure when the public URL is HTTPS
}

// New builds the fiber app with every route.
func New(svc *domain.Service, log *slog.Logger, opts Options) (*fiber.App, error) {
	if opts.BodyLimit == 0 {
		opts.BodyLimit = 1 << 20
	}
	if opts.LoginLimit == 0 {
		opts.LoginLimit = 10
	}
	if opts.LoginWindow == 0 {
		opts.LoginWindow = 15 * time.Minute
	}
	if opts.Languages == nil {
		cat, err := sourceCatalogue()
		if err != nil {
			return nil, err
		}
		opts.Languages = cat
	}
	pages, err := pagesFor(opts.Languages)
	if err != nil {
		return nil, err
	}
	s := &Server{
		svc: svc, log: log, opts: opts, pages: pages,
		guard: newLoginGuard(opts.LoginLimit, opts.LoginWindow, svc.Now), resets: newResetGuard(svc.Now),
	}
	if s.proxies, err = parseProxies(opts.TrustedProxies); err != nil {
		return nil, fmt.Errorf("trusted proxies: %w", err)
	}
	if u, err := url.Parse(opts.BaseURL); err == nil && strings.EqualFold(u.Scheme, "https") {
		s.secure = true
	}
	cfg := fiber.Config{
		AppName:   "cairn",
		BodyLimit: maxImportBytes, // limitBody holds all but imports to opts.BodyLimit
		// Streaming lets limitBody refuse a chunked body as soon as it
		// grows past the limit; without pre-parsing, fasthttp reads no
		// multipart form before limitBody has seen its size.
		StreamRequestBody:            true,
		DisablePreParseMultipartForm: true,
		ErrorHandler:                 s.handleError,
		ReadTimeout:                  30 * time.Second,
		WriteTimeout:                 60 * time.Second,
		IdleTimeout:                  120 * time.Second,
		DisableStartupMessage:        true,
	}
	if len(opts.TrustedProxies) > 0 {
		cfg.ProxyHeader = fiber.HeaderXForwardedFor
		cfg.EnableTrustedProxyCheck = true
		cfg.TrustedProxies = opts.TrustedProxies
	}
	app := fiber.New(cfg)
	// Refuse a declared oversized body on the request head, before
	// fasthttp reads the body or answers "100 Continue".
	app.Server().HeaderReceived = s.screenBody
	// gzip (fastest level) for pages, JSON and CSS when the client takes
	// it; fasthttp leaves bodies under 200 bytes and non-text types alone.
	app.Use(compress.New(compress.Config{Level: compress.LevelBestSpeed}))
	s.routes(app)
	return app, nil
}

// sourceCatalogue is the catalogues with English the default, read once per
// process for servers whose options name none (and for the API's words).
var sourceCatalogue = sync.OnceValues(func() (*lang.Catalogue, error) { return lang.Load(lang.Source) })
