package main

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"cairn/storage/storagetest"
)

// TestDemoPagesShowWordsNotMachineNames signs in to the demo organisation
// as each role (HR admin, mentor, mentee, internal coach, coachee, external
// coach), visits every page reachable by links from the home page, and a
// few forms sent with errors, and fails on any machine name in the text a
// person reads: a snake_case name, a bare enum value, "checkin", "Pairing
// 3", or an ISO date or instant. Scripts, styles, attributes and <code>
// (the CSV header a file must carry) are not visible text.
func TestDemoPagesShowWordsNotMachineNames(t *testing.T) {
	enums := domainEnumValues(t)
	for _, d := range storagetest.Dialects {
		t.Run(d, func(t *testing.T) {
			srv, passwords := startDemo(t, storagetest.URL(t, d))
			// Some more life than the seed leaves: the internal coach
			// cancels a session (a notice for the coachee), the admin runs
			// the reminder sweep (reminders for tomorrow's meetings).
			omar := srv.signIn(t, "omar@demo.example", passwords["omar@demo.example"])
			omar.cancelNextSession(t)
			srv.runJob(t, "reminders", "hr@demo.example", passwords["hr@demo.example"])
			hr := srv.signIn(t, "hr@demo.example", passwords["hr@demo.example"])
			// More states than the seed has: a paused pairing, an ended
			// one, an engagement closed with an outcome, mail not delivered.
			pairing := hr.firstLink(t, "/programmes/1", `/pairings/\d+`)
			if status, body := hr.postForm(t, pairing+"/status", url.Values{"action": {"pause"}}); status != http.StatusOK {
				t.Fatalf("pause %s: %d %.500s", pairing, status, body)
			}
			_, prog := hr.get(t, "/programmes/1")
			if links := regexp.MustCompile(`href="(/pairings/\d+)"`).FindAllStringSubmatch(prog, -1); len(links) > 2 {
				ended := links[len(links)-1][1]
				if status, body := hr.postForm(t, ended+"/status", url.Values{"action": {"end"}, "end_reason": {"The mentee moved team"}, "confirmed": {"yes"}}); status != http.StatusOK {
					t.Fatalf("end %s: %d %.500s", ended, status, body)
				}
			}
			srv.runJob(t, "outbox", "hr@demo.example", passwords["hr@demo.example"]) // no SMTP: not delivered
			eng := omar.firstLink(t, "/", `/engagements/\d+`)
			if status, body := omar.postForm(t, eng+"/close", url.Values{"outcome": {"partially_achieved"},
				"summary": {"One deal closed, the walk-away point still soft"}}); status != http.StatusOK {
				t.Fatalf("close %s: %d %.500s", eng, status, body)
			}

			roles := []struct{ role, email string }{
				{"admin", "hr@demo.example"}, {"mentor", "margaret@demo.example"}, {"mentee", "leo@demo.example"},
				{"coach", "omar@demo.example"}, {"coachee", "felix@demo.example"}, {"external coach", "dana@coaching.example"},
			}
			for _, r := range roles {
				t.Run(r.role, func(t *testing.T) {
					c := srv.signIn(t, r.email, passwords[r.email])
					pages := c.crawl(t, "/")
					if len(pages) < 5 {
						t.Fatalf("only %d pages reached: %v", len(pages), keys(pages))
					}
					// Error pages too: something that is not there, something
					// this role may not see.
					for _, path := range []string{"/pairings/999999", "/admin/audit", "/flags"} {
						status, body := c.get(t, path)
						if status != http.StatusOK {
							if !strings.Contains(body, "<h1>") {
								t.Errorf("%s: %d without a heading", path, status)
							}
							pages[path+" ("+strconv.Itoa(status)+")"] = body
						}
					}
					for path, body := range pages {
						for _, p := range machineNames(body, enums) {
							t.Errorf("%s: %s", path, p)
						}
					}
					t.Logf("%d pages checked: %s", len(pages), strings.Join(keys(pages), " "))
				})
			}

			// Forms sent with errors name fields by their labels.
			errs := map[string]string{}
			status, body := hr.postForm(t, "/programmes", url.Values{"name": {"Bad dates"}, "kind": {"coaching"},
				"starts_on": {"2026-06-01"}, "ends_on": {"2026-05-01"}})
			errs["programme with its end before its start"] = body
			if status != http.StatusUnprocessableEntity || !strings.Contains(body, "must be after the start date") {
				t.Errorf("programme form: %d, the error does not name the start date", status)
			}
			dana := srv.signIn(t, "dana@coaching.example", passwords["dana@coaching.example"])
			eng = dana.firstLink(t, "/", `/engagements/\d+`)
			status, body = dana.postForm(t, eng+"/close", url.Values{"summary": {"Done"}})
			errs["closing without an outcome"] = body
			if status != http.StatusUnprocessableEntity || !strings.Contains(body, "must be achieved, partly achieved or not achieved") {
				t.Errorf("close form: %d, the error does not name the outcomes in words", status)
			}
			status, body = hr.postForm(t, "/engagements/import/preview", url.Values{"csv": {
				"programme_id,coach_email,coachee_email,goal_title,goal_description,goal_area,success_measure,starts_on,ends_on,planned_sessions\n" +
					"2,dana@coaching.example,leo@demo.example,,,hobby,,2026-06-01,2026-05-01,0\n"}})
			errs["an engagement import with a bad row"] = body
			if status != http.StatusUnprocessableEntity || !strings.Contains(body, "must be after the start date") {
				t.Errorf("import preview: %d, the row's error does not name the start date: %.3000s", status, body)
			}
			for what, body := range errs {
				for _, p := range machineNames(body, enums) {
					t.Errorf("%s: %s", what, p)
				}
			}
		})
	}
}

// demoServer is `cairn serve --demo` on a free port.
type demoServer struct{ url string }

// startDemo serves a new database filled with the demo organisation and
// returns each demo person's password, as printed once.
func startDemo(t *testing.T, databaseURL string) (*demoServer, map[string]string) {
	t.Helper()
	vars := env(map[string]string{"CAIRN_DATABASE_URL": databaseURL, "CAIRN_ADDR": "127.0.0.1:0"})
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{ready: make(chan struct{})}
	log := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve", "--demo"}, vars, out, log) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("cairn serve stopped with %v\n%s", err, log.String())
		}
	})
	select {
	case <-out.ready:
	case err := <-done:
		t.Fatalf("cairn serve exited before listening: %v\n%s", err, log.String())
	case <-time.After(90 * time.Second):
		t.Fatalf("cairn serve did not start:\n%s", log.String())
	}
	m := runningRe.FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no URL in %q", out.String())
	}
	passwords := map[string]string{}
	for _, line := range strings.Split(out.String(), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && strings.Contains(f[0], "@demo.example") || len(f) >= 2 && strings.Contains(f[0], "@coaching.example") {
			passwords[f[0]] = f[1]
		}
	}
	if len(passwords) < 12 {
		t.Fatalf("demo passwords not printed: %q", out.String())
	}
	return &demoServer{url: m[1]}, passwords
}

// runJob runs a scheduler job now through the API, as an admin.
func (s *demoServer) runJob(t *testing.T, job, email, password string) {
	t.Helper()
	e := &e2eServer{URL: s.url, AdminEmail: email, AdminPassword: password}
	e.api(t, "POST", "/api/v1/admin/jobs/"+job+"/run", e.adminToken(t), nil, nil, http.StatusOK)
}

// client is one signed-in browser without JavaScript.
type client struct {
	base string
	http *http.Client
}

func (s *demoServer) signIn(t *testing.T, email, password string) *client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &client{base: s.url, http: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
	status, _ := c.postForm(t, "/login", url.Values{"email": {email}, "password": {password}})
	if status != http.StatusOK {
		t.Fatalf("sign in as %s: %d", email, status)
	}
	if _, body := c.get(t, "/"); !strings.Contains(body, "Sign out") && !strings.Contains(body, "/logout") {
		t.Fatalf("not signed in as %s", email)
	}
	return c
}

func (c *client) get(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := c.http.Get(c.base + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

var csrfRe = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// postForm sends a form as the browser would, with the CSRF token of the
// page it sits on (any page carries the same one), following the redirect.
func (c *client) postForm(t *testing.T, path string, v url.Values) (int, string) {
	t.Helper()
	src := "/settings"
	if path == "/login" {
		src = "/login"
	}
	_, page := c.get(t, src)
	m := csrfRe.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF token on %s", src)
	}
	if v == nil {
		v = url.Values{}
	}
	v.Set("_csrf", html.UnescapeString(m[1]))
	resp, err := c.http.PostForm(c.base+path, v)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// firstLink is the first link on page from matching pattern.
func (c *client) firstLink(t *testing.T, from, pattern string) string {
	t.Helper()
	_, body := c.get(t, from)
	m := regexp.MustCompile(`href="(` + pattern + `)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no link like %s on %s", pattern, from)
	}
	return m[1]
}

// cancelNextSession cancels the first scheduled session on the agenda.
func (c *client) cancelNextSession(t *testing.T) {
	t.Helper()
	path := c.firstLink(t, "/agenda", `/sessions/\d+`)
	if status, body := c.postForm(t, path, url.Values{"status": {"cancelled"}, "confirmed": {"yes"}}); status != http.StatusOK {
		t.Fatalf("cancel %s: %d %.500s", path, status, body)
	}
}

var hrefRe = regexp.MustCompile(`href="(/[^"]*)"`)

// skipPath are links that are not pages: files, the API, assets.
func skipPath(p string) bool {
	if i := strings.IndexByte(p, '?'); i >= 0 && strings.HasSuffix(p[:i], ".csv") {
		return true // a download with its filters (/reports.csv?from=...)
	}
	for _, pre := range []string{"/api/", "/static/", "/calendar/", "/healthz", "/readyz", "/metrics"} {
		if strings.HasPrefix(p, pre) {
			return true
		}
	}
	return strings.HasPrefix(p, "//") || strings.HasSuffix(p, ".csv") || strings.HasSuffix(p, ".ics") ||
		strings.Contains(p, "/export")
}

var digitsRe = regexp.MustCompile(`\d+`)

// crawl visits every page reachable from start by links, at most four
// addresses of each shape (/pairings/N, ?after=N ...), and returns each
// page's HTML by address.
func (c *client) crawl(t *testing.T, start string) map[string]string {
	t.Helper()
	pages := map[string]string{}
	shapes := map[string]int{}
	queue := []string{start}
	queued := map[string]bool{start: true}
	for len(queue) > 0 && len(pages) < 400 {
		p := queue[0]
		queue = queue[1:]
		if _, seen := pages[p]; seen {
			continue
		}
		status, body := c.get(t, p)
		if status != http.StatusOK {
			t.Errorf("GET %s: %d", p, status)
			continue
		}
		pages[p] = body
		for _, m := range hrefRe.FindAllStringSubmatch(body, -1) {
			next := html.UnescapeString(m[1])
			if i := strings.IndexByte(next, '#'); i >= 0 {
				next = next[:i]
			}
			if next == "" || skipPath(next) {
				continue
			}
			if queued[next] {
				continue
			}
			shape := digitsRe.ReplaceAllString(next, "N")
			if shapes[shape] >= 4 {
				continue
			}
			shapes[shape]++
			queued[next] = true
			queue = append(queue, next)
		}
	}
	return pages
}

var (
	hiddenRe   = regexp.MustCompile(`(?is)<(script|style|code|head)\b.*?</(script|style|code|head)>`)
	tagRe      = regexp.MustCompile(`(?s)<[^>]*>`)
	snakeRe    = regexp.MustCompile(`\b[a-z][a-z0-9]*(_[a-z0-9]+)+\b`)
	objectIDRe = regexp.MustCompile(`\b(Pairing|Engagement|Session|Check-?in|Programme|Person|Flag|Meeting|pairing|engagement|session|check-?in|programme|person|flag|meeting) #?\d+\b`)
	isoRe      = regexp.MustCompile(`\b\d{4}-\d{2}(-\d{2})?(T\d{2}:\d{2})?\b`)
	checkinRe  = regexp.MustCompile(`(?i)\bcheckins?\b`)
)

// visibleText is the text of each element of page a person reads, one
// chunk per text node.
func visibleText(page string) []string {
	page = hiddenRe.ReplaceAllString(page, " ")
	var out []string
	for _, chunk := range tagRe.Split(page, -1) {
		if s := strings.TrimSpace(html.UnescapeString(chunk)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// machineNames lists what in page's visible text is a machine name.
func machineNames(page string, enums map[string]string) []string {
	var out []string
	for _, s := range visibleText(page) {
		if m := snakeRe.FindString(s); m != "" {
			out = append(out, fmt.Sprintf("snake_case name %q in %q", m, s))
		}
		if m := objectIDRe.FindString(s); m != "" {
			out = append(out, fmt.Sprintf("object named by id %q in %q", m, s))
		}
		if m := isoRe.FindString(s); m != "" {
			out = append(out, fmt.Sprintf("ISO date or month %q in %q", m, s))
		}
		if m := checkinRe.FindString(s); m != "" {
			out = append(out, fmt.Sprintf("enum value %q in %q", m, s))
		}
		if typ, ok := enums[s]; ok {
			out = append(out, fmt.Sprintf("bare %s value %q", typ, s))
		}
	}
	return out
}

// domainEnumValues reads the domain's typed string constants (statuses,
// kinds, roles, outcomes, flag kinds ...) from its source: each value with
// its type, so a value added later is checked too.
func domainEnumValues(t *testing.T) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob(filepath.Join("..", "..", "domain", "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("domain sources: %v", err)
	}
	out := map[string]string{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range file.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				typ, ok := vs.Type.(*ast.Ident)
				if !ok || typ.Name == "string" {
					continue
				}
				for _, v := range vs.Values {
					if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						if s, err := strconv.Unquote(lit.Value); err == nil && s != "" && !strings.Contains(out[s], typ.Name) {
							out[s] = strings.TrimPrefix(out[s]+"/"+typ.Name, "/")
						}
					}
				}
			}
		}
	}
	if len(out) < 30 {
		t.Fatalf("only %d enum values found in the domain: %v", len(out), out)
	}
	return out
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
