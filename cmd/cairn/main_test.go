package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestBadConfigFailsBeforeStarting(t *testing.T) {
	cases := []struct {
		name string
		vars map[string]string
		args []string
		want string
	}{
		{"unknown scheme", map[string]string{"CAIRN_DATABASE_URL": "mysql://x"}, nil, `scheme "mysql" is not supported`},
		{"bad address", map[string]string{"CAIRN_ADDR": "nonsense"}, nil, "CAIRN_ADDR"},
		{"bad port", nil, []string{"--addr", "127.0.0.1:99999"}, "no valid port"},
		{"bad zone", map[string]string{"CAIRN_TIMEZONE": "Mars/Base"}, nil, "CAIRN_TIMEZONE"},
		{"bad offsets", map[string]string{"CAIRN_REMINDER_OFFSETS": "24h,soon"}, nil, "CAIRN_REMINDER_OFFSETS"},
		{"bad cron", map[string]string{"CAIRN_FLAG_SCHEDULE": "every day"}, nil, "CAIRN_FLAG_SCHEDULE"},
		{"zone in cron", map[string]string{"CAIRN_FLAG_SCHEDULE": "CRON_TZ="}, nil, "CAIRN_FLAG_SCHEDULE"},
		{"bad warning days", map[string]string{"CAIRN_GOAL_WARNING_DAYS": "soon"}, nil, "CAIRN_GOAL_WARNING_DAYS"},
		{"bad smtp", map[string]string{"CAIRN_SMTP_URL": "http://mail"}, nil, "CAIRN_SMTP_URL"},
		{"bad smtp tls", map[string]string{"CAIRN_SMTP_URL": "smtp://mail:25?tls=maybe"}, nil, "CAIRN_SMTP_URL"},
		{"bad base url", map[string]string{"CAIRN_BASE_URL": "cairn.example.com"}, nil, "CAIRN_BASE_URL"},
		{"profiler on every address", map[string]string{"CAIRN_PPROF_ADDR": "0.0.0.0:6060"}, nil, "CAIRN_PPROF_ADDR"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			dir := t.TempDir()
			vars := map[string]string{"CAIRN_DATABASE_URL": "sqlite://" + dir + "/c.db", "CAIRN_ADDR": "127.0.0.1:0"}
			for k, v := range c.vars {
				vars[k] = v
			}
			err := run(context.Background(), append([]string{"serve"}, c.args...), env(vars), &out, &errOut)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want one mentioning %q", err, c.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is more than one line: %q", err)
			}
			if out.Len() > 0 {
				t.Errorf("started anyway: %s", out.String())
			}
		})
	}
}

func TestServeStartsAndStops(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	out, errOut := &syncBuffer{ready: make(chan struct{})}, &syncBuffer{}
	done := make(chan error, 1)
	vars := env(map[string]string{"CAIRN_DATABASE_URL": "sqlite://" + dir + "/c.db", "CAIRN_ADDR": "127.0.0.1:0"})
	go func() { done <- run(ctx, nil, vars, out, errOut) }()
	// Stop as soon as the start-up line is out; the deadline only guards
	// against a hang.
	select {
	case <-out.ready:
	case err := <-done:
		t.Fatalf("serve exited before listening: %v\n%s", err, errOut.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("serve did not start in a minute:\n%s", errOut.String())
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "Cairn is running at http://127.0.0.1:") || !strings.Contains(out.String(), "admin@localhost") {
		t.Errorf("start-up line: %q", out.String())
	}
	if !strings.Contains(errOut.String(), "password=") {
		t.Errorf("no generated password in the log: %s", errOut.String())
	}
}

func TestMigrateAndAdminCreate(t *testing.T) {
	dir := t.TempDir()
	vars := env(map[string]string{"CAIRN_DATABASE_URL": "sqlite://" + dir + "/c.db"})
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"migrate", "up"}, vars, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(context.Background(), []string{"migrate", "status"}, vars, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "applied") || strings.Contains(out.String(), "pending") {
		t.Errorf("status: %s", out.String())
	}
	out.Reset()
	err := run(context.Background(), []string{"admin", "create", "--email", "hr@example.com", "--name", "HR", "--password", "long enough password"}, vars, &out, &errOut)
	if err != nil || !strings.Contains(out.String(), "hr@example.com") {
		t.Fatalf("admin create: %v %s", err, out.String())
	}
	err = run(context.Background(), []string{"admin", "create", "--email", "hr@example.com", "--name", "HR", "--password", "long enough password"}, vars, &out, &errOut)
	if err == nil {
		t.Error("second admin with the same email was created")
	}
	err = run(context.Background(), []string{"admin", "create", "--email", "x@example.com", "--name", "X", "--password", "short"}, vars, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "password") {
		t.Errorf("short password: %v", err)
	}
}

func TestImportPeopleCommand(t *testing.T) {
	dir := t.TempDir()
	vars := env(map[string]string{"CAIRN_DATABASE_URL": "sqlite://" + dir + "/c.db"})
	file := dir + "/people.csv"
	write := func(s string) {
		if err := os.WriteFile(file, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("name,email,job_title,department,seniority,timezone,external\nAda,ada@example.com,,R&D,7,Europe/London,false\nBob,bob,,R&D,3,,\n")
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"import", "people", file}, vars, &out, &errOut)
	if err == nil || !strings.Contains(errOut.String(), "row 3: email is not a valid email address") {
		t.Fatalf("bad file: %v, %s", err, errOut.String())
	}
	write("name,email,job_title,department,seniority,timezone,external\nAda,ada@example.com,,R&D,7,Europe/London,false\nBob,bob@example.com,,R&D,3,,\n")
	out.Reset()
	if err := run(context.Background(), []string{"import", "people", file}, vars, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "2 people imported") {
		t.Errorf("output: %s", out.String())
	}
}
