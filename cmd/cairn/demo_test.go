package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"cairn/storage/storagetest"
)

// serveUntilRunning runs `cairn serve` with args until it says it is
// running, stops it, and returns what it printed.
func serveUntilRunning(t *testing.T, vars func(string) string, args ...string) (stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, append([]string{"serve"}, args...), vars, &out, &errOut) }()
	deadline := time.After(60 * time.Second)
	for !strings.Contains(out.String(), "Cairn is running at") {
		select {
		case err := <-done:
			t.Fatalf("serve ended before it ran: %v\n%s\n%s", err, out.String(), errOut.String())
		case <-deadline:
			t.Fatalf("serve did not start in time\n%s\n%s", out.String(), errOut.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v\n%s", err, errOut.String())
	}
	return out.String(), errOut.String()
}

// TestReadmeFirstRunThenDemo follows the README: a first start creates the
// admin and prints its password beside the address; a second start with
// --demo in the same folder fills the database that holds only that admin
// and says who is whose mentor, mentee, coach and coachee; a third says in
// one line why it adds nothing more.
func TestReadmeFirstRunThenDemo(t *testing.T) {
	for _, d := range storagetest.Dialects {
		t.Run(d, func(t *testing.T) {
			vars := env(map[string]string{"CAIRN_DATABASE_URL": storagetest.URL(t, d), "CAIRN_ADDR": "127.0.0.1:0"})
			first, _ := serveUntilRunning(t, vars)
			if !strings.Contains(first, "as admin@localhost") || !strings.Contains(first, "The first admin's password is ") {
				t.Errorf("first start-up lines: %q", first)
			}
			demo, _ := serveUntilRunning(t, vars, "--demo")
			for _, want := range []string{"Demo organisation created", "leo@demo.example",
				"mentor of Leo Brandt", "mentee of Margaret Okafor", "coach of Ines Garcia", "coachee of Dana Whitfield",
				"hr@demo.example", "admin"} {
				if !strings.Contains(demo, want) {
					t.Errorf("demo output lacks %q:\n%s", want, demo)
				}
			}
			if strings.Contains(demo, "first admin's password") {
				t.Errorf("second start printed a first admin password again:\n%s", demo)
			}
			again, _ := serveUntilRunning(t, vars, "--demo")
			if !strings.Contains(again, demoSkipped) || strings.Contains(again, "Demo organisation created") {
				t.Errorf("third start: %q", again)
			}
		})
	}
}

func TestStartupLines(t *testing.T) {
	for _, c := range []struct {
		name               string
		created            bool
		generated          string
		wantAs, wantSecret bool
	}{
		{"first start, generated password", true, "s3cret-generated", true, true},
		{"first start, password from the environment", true, "", true, false},
		{"later start", false, "", false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			startupLines(&b, "http://127.0.0.1:8080", "sqlite", "admin@localhost", c.created, c.generated)
			out := b.String()
			if strings.Contains(out, "as admin@localhost") != c.wantAs {
				t.Errorf("sign-in email shown %v: %q", !c.wantAs, out)
			}
			if got := strings.Contains(out, "password is s3cret-generated"); got != c.wantSecret {
				t.Errorf("password shown %v: %q", got, out)
			}
		})
	}
}
