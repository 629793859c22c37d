// Package browsertest drives headless Chromium through user journeys against
// a running Cairn. A journey is a list of named steps; each step is a list
// of chromedp actions, and a failing step names itself and leaves a
// screenshot behind. It is test support: only _test files import it.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"cairn/storage/storagetest"
)

// Environment variables the harness reads.
const (
	// RequireEnv=1 turns a missing browser into a failure instead of a skip; CI sets it.
	RequireEnv = "CAIRN_TEST_REQUIRE_BROWSER"
	// ChromiumEnv names the browser executable (default /usr/bin/chromium).
	ChromiumEnv = "CAIRN_CHROMIUM"
	// ScreenshotEnv names a folder that keeps every screenshot; unset, they go
	// to a temporary folder that is removed when the test passes.
	ScreenshotEnv = "CAIRN_SCREENSHOT_DIR"
)

// StepTimeout bounds one step, so a selector that never matches fails the
// step instead of hanging the suite. It is a guard, not an assertion.
const StepTimeout = 60 * time.Second

// Browser is one headless Chromium for one test, with the server it drives.
type Browser struct {
	t      *testing.T
	ctx    context.Context // has run once: the browser process is up
	base   string          // the server's URL, no trailing slash
	dir    string          // screenshots
	width  int64
	height int64
	checks *checker // nil: the page-checking tools are missing
	lang   string   // the language the browser asks for ("": Chromium's own)
	says   func(text string) ([]string, bool)
}

// Option changes how the browser is started.
type Option func(*Browser)

// Viewport sets the page size, for example 390 x 844 for a phone.
func Viewport(width, height int64) Option {
	return func(b *Browser) { b.width, b.height = width, height }
}

// Language makes the browser ask for pages in language tag (its
// Accept-Language), and says how a text the journeys expect in English
// reads in it: says gives every way a page may show text, and whether it
// is sure (the text is a whole catalogue message). See requires one of
// them when says is sure; DontSee refuses them when it is sure, else the
// text as written; ChooseLabel takes any.
func Language(tag string, says func(text string) ([]string, bool)) Option {
	return func(b *Browser) { b.lang, b.says = tag, says }
}

// ExecPath finds Chromium: $CAIRN_CHROMIUM, /usr/bin/chromium, or chromium
// on the PATH. It returns "" when there is none.
func ExecPath() string {
	for _, p := range []string{os.Getenv(ChromiumEnv), "/usr/bin/chromium"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

// Require skips the test when no browser is installed, or fails it when
// CAIRN_TEST_REQUIRE_BROWSER=1. It returns the browser's path.
func Require(t testing.TB) string {
	t.Helper()
	p := ExecPath()
	if p == "" {
		msg := "browser journeys skipped: no chromium (apt-get install -y chromium, or set " + ChromiumEnv + ")"
		if os.Getenv(RequireEnv) == "1" {
			t.Fatal(msg + "; " + RequireEnv + "=1 makes this a failure")
		}
		storagetest.NoteSkip()
		t.Skip(msg)
	}
	return p
}

// Missing names the browser journeys and the PostgreSQL suite when they
// cannot run here, for storagetest.Main's closing line.
func Missing() []string {
	missing := storagetest.MissingPostgres()
	if ExecPath() == "" {
		missing = append(missing, "the browser journeys were skipped (apt-get install -y chromium)")
	} else if why := toolsMissing(); why != "" {
		missing = append(missing, "the journeys' page checks were skipped: "+why)
	}
	return missing
}

// New starts a fresh headless Chromium (its own profile folder) that opens
// pages of the server at base. The browser stops when the test ends.
func New(t *testing.T, base string, opts ...Option) *Browser {
	t.Helper()
	execPath := Require(t)
	b := &Browser{t: t, base: strings.TrimRight(base, "/"), width: 1280, height: 900}
	for _, o := range opts {
		o(b)
	}
	b.dir = screenshotDir(t)
	b.checks = newChecker(t)
	flags := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(execPath),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(int(b.width), int(b.height)),
	}
	if b.lang != "" {
		flags = append(flags, chromedp.Flag("accept-lang", b.lang), chromedp.Flag("lang", b.lang))
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), flags...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	// The first Do starts the process; it must not carry a timeout, or the
	// timeout would end the browser (see chromedp.NewContext).
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("browsertest: start %s: %v", execPath, err)
	}
	b.ctx = ctx
	return b
}

// screenshotDir is $CAIRN_SCREENSHOT_DIR/<test name>, or a temporary folder
// kept only when the test fails.
func screenshotDir(t *testing.T) string {
	t.Helper()
	if root := os.Getenv(ScreenshotEnv); root != "" {
		dir := filepath.Join(root, fileName(t.Name()))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatalf("browsertest: %s: %v", ScreenshotEnv, err)
		}
		return dir
	}
	dir, err := os.MkdirTemp("", "cairn-journeys-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("screenshots kept in %s", dir)
			return
		}
		_ = os.RemoveAll(dir)
	})
	return dir
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func fileName(s string) string { return strings.Trim(unsafeChars.ReplaceAllString(s, "_"), "_") }

// Step is one named part of a journey.
type Step struct {
	Name    string
	Actions []chromedp.Action[chromedp.Void]
	Timeout time.Duration // 0: StepTimeout
}

// Do makes a step: what it is called and what it does and checks.
func Do(name string, actions ...chromedp.Action[chromedp.Void]) Step {
	return Step{Name: name, Actions: actions}
}

// Journey is a named list of steps run in order in one tab.
type Journey struct {
	Name  string
	Steps []Step
}

// Run walks a journey as a subtest in a fresh browser context (its own
// cookies), stopping at the first failing step. The journey's last page is
// kept as <journey>.png; a failed step's page as <journey>-FAILED-<step>.png.
func (b *Browser) Run(j Journey) {
	b.t.Helper()
	b.t.Run(j.Name, func(t *testing.T) {
		ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
		defer cancel()
		env := &env{base: b.base, width: b.width, shots: b.dir, checks: b.checks, says: b.says}
		setup := chromedp.EmulateViewport(b.width, b.height)
		if b.width < 600 {
			setup = chromedp.EmulateViewport(b.width, b.height, chromedp.EmulateMobile)
		}
		if err := chromedp.Do(withEnv(ctx, env), setup); err != nil {
			t.Fatalf("journey %q: open a tab: %v", j.Name, err)
		}
		// The request of each page loaded, for html-validate to read what
		// the server sent.
		if err := chromedp.Listen(ctx, func(ev any) {
			if r, ok := ev.(*network.EventResponseReceived); ok && r.Type == network.ResourceTypeDocument {
				env.mu.Lock()
				env.docRequest = r.RequestID
				env.mu.Unlock()
			}
		}); err != nil {
			t.Fatalf("journey %q: listen to the tab: %v", j.Name, err)
		}
		for i, s := range j.Steps {
			timeout := s.Timeout
			if timeout == 0 {
				timeout = StepTimeout
			}
			sctx, scancel := context.WithTimeout(withEnv(ctx, env), timeout)
			err := chromedp.Do(sctx, s.Actions...)
			scancel()
			if err != nil {
				shot := b.screenshot(ctx, fmt.Sprintf("%s-FAILED-%02d-%s", j.Name, i+1, s.Name))
				t.Fatalf("journey %q, step %d %q failed: %v\n  page: %s\n  screenshot: %s",
					j.Name, i+1, s.Name, err, env.lastURL(ctx), shot)
			}
		}
		shot := b.screenshot(ctx, j.Name)
		t.Logf("journey %q passed (%d steps); last page: %s", j.Name, len(j.Steps), shot)
	})
}

// screenshot saves the visible page and returns the file, or why it could not.
func (b *Browser) screenshot(ctx context.Context, name string) string {
	// A fresh timeout: the step's own may be what ran out.
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		return "(no screenshot: " + err.Error() + ")"
	}
	path := filepath.Join(b.dir, fileName(name)+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		return "(no screenshot: " + err.Error() + ")"
	}
	return path
}
