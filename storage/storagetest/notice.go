package storagetest

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// skips counts this test binary's tests skipped for want of a service
// (PostgreSQL, a browser).
var skips atomic.Int64

// NoteSkip records that a test was skipped because a service is missing,
// so Main can say so once the package's tests are done.
func NoteSkip() { skips.Add(1) }

// Main runs the package's tests and, when some were skipped for want of
// PostgreSQL or a browser, ends with one loud line. A plain `go test ./...`
// shows nothing of a passing package but its "ok" line, so the line goes to
// the terminal itself, once per `go test` run however many packages
// skipped; without a terminal (CI runs -v) it goes to standard error.
func Main(m *testing.M, missing func() []string) {
	code := m.Run()
	if skips.Load() > 0 && firstNotice() {
		line := "\n*** NOT FULLY TESTED: " + strings.Join(missing(), "; ") + " ***\n"
		var w io.Writer = os.Stderr
		if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
			defer tty.Close()
			w = tty
		}
		fmt.Fprint(w, line)
	}
	os.Exit(code)
}

// MissingPostgres names the PostgreSQL suite when no server is configured.
func MissingPostgres() []string {
	if os.Getenv(PostgresURLEnv) != "" {
		return nil
	}
	return []string{"the PostgreSQL store suite was skipped (set " + PostgresURLEnv +
		"=postgres://postgres@127.0.0.1:5432/test?sslmode=disable)"}
}

// firstNotice reports whether no other package of this `go test` run (the
// same parent process) has printed the notice yet. Markers of runs older
// than a day are removed on the way.
func firstNotice() bool {
	dir := os.TempDir()
	if old, _ := filepath.Glob(filepath.Join(dir, "cairn-test-notice-*")); len(old) > 0 {
		for _, p := range old {
			if st, err := os.Stat(p); err == nil && time.Since(st.ModTime()) > 24*time.Hour {
				_ = os.Remove(p)
			}
		}
	}
	f, err := os.OpenFile(filepath.Join(dir, "cairn-test-notice-"+strconv.Itoa(os.Getppid())), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return !os.IsExist(err)
	}
	f.Close()
	return true
}
