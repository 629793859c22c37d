package main

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2/middleware/adaptor"

	"cairn/cmd/cairn/metrics"
	"cairn/views"
)

// newLogger builds the log from CAIRN_LOG_FORMAT (text or json) and
// CAIRN_LOG_LEVEL (debug, info, warn or error).
func newLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	var lv slog.Level
	switch strings.ToLower(strings.TrimSpace(level)) {
	case "", "info":
		lv = slog.LevelInfo
	case "debug":
		lv = slog.LevelDebug
	case "warn", "warning":
		lv = slog.LevelWarn
	case "error":
		lv = slog.LevelError
	default:
		return nil, fmt.Errorf("CAIRN_LOG_LEVEL must be debug, info, warn or error, not %q", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch strings.ToLower(strings.TrimSpace(format)) {
	case "", "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("CAIRN_LOG_FORMAT must be text or json, not %q", format)
}

// buildVersion is the module version and VCS revision, for build info.
func buildVersion() string {
	v := "dev"
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += "+" + s.Value[:12]
			}
		}
	}
	return v
}

// metricsOptions wires the metrics into the web app: every request is
// observed; /metrics is served on the main address only when no metrics
// address is set and a token is (never open by default).
func metricsOptions(cfg *Config, m *metrics.Metrics, opts *views.Options) {
	opts.Observe = m.ObserveRequest
	if cfg.MetricsAddr == "" && cfg.MetricsToken != "" {
		opts.Metrics = adaptor.HTTPHandler(detachedFromFastHTTP(m.Handler()))
		opts.MetricsToken = cfg.MetricsToken
	}
}

// detachedFromFastHTTP serves h with a request context that keeps the
// values but not the cancellation of fasthttp's RequestCtx: promhttp's
// timeout derives a context from the request's, and watching a
// RequestCtx's Done races with fasthttp's own Shutdown (seen by -race in
// TestMetricsOnTheMainAddress). The scrape still ends at promhttp's timeout.
func detachedFromFastHTTP(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(context.WithoutCancel(r.Context())))
	})
}

// metricsServer serves GET /metrics on its own listener (CAIRN_METRICS_ADDR),
// behind the token too when one is set.
func metricsServer(ln net.Listener, m *metrics.Metrics, token string, log *slog.Logger) *http.Server {
	mux := http.NewServeMux()
	h := m.Handler()
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
		if token != "" && subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte("Bearer "+token)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "send Authorization: Bearer CAIRN_METRICS_TOKEN", http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics listener stopped", "err", err)
		}
	}()
	return srv
}

// runHealthcheck asks a running server's /healthz (or --path) and exits 0
// on 200: the container image's HEALTHCHECK, which has no shell or curl.
func runHealthcheck(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("healthcheck", "cairn healthcheck [--url URL]", stderr)
	addr := getenv("CAIRN_ADDR")
	if addr == "" {
		addr = "127.0.0.1:8080"
	}
	if host, port, err := net.SplitHostPort(addr); err == nil && (host == "" || host == "0.0.0.0" || host == "::") {
		addr = net.JoinHostPort("127.0.0.1", port)
	}
	url := fs.String("url", "http://"+addr+"/healthz", "what to ask")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, *url, nil)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: %s answered %s", *url, resp.Status)
	}
	fmt.Fprintln(stdout, "ok")
	return nil
}
