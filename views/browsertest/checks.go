package browsertest

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"cairn/storage/storagetest"
)

// Every page a journey lands on (after Open, or a Press that loads a page)
// is checked by tools nobody here wrote, and by two layout rules:
//
//   - axe-core (npm axe-core, injected into the page): any violation fails
//     the step, naming the rule, its impact, the element and the page;
//   - html-validate (npm html-validate, its recommended rules): every
//     distinct page's HTML, as the server sent it, is saved and validated
//     in one node process when the journey run ends; any error fails it;
//   - the page is no wider than the screen, and no card's content spills
//     out of the card.
//
// The two npm packages live in .ci/web (package.json and its lock file;
// `npm ci` there installs them, .ci/run does it), or in the folder named by
// CAIRN_WEB_TOOLS.

// ToolsEnv names a folder holding node_modules/axe-core and
// node_modules/html-validate and validate.mjs; unset, .ci/web of the
// repository is used.
const ToolsEnv = "CAIRN_WEB_TOOLS"

// ToolsDir is where the page-checking tools are: $CAIRN_WEB_TOOLS, or .ci/web
// found upwards from the working directory (go test runs in the package's
// folder).
func ToolsDir() string {
	if d := os.Getenv(ToolsEnv); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, ".ci", "web")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// toolsMissing says what is missing to check pages, or "" when nothing is.
func toolsMissing() string {
	dir := ToolsDir()
	if dir == "" {
		return "no .ci/web folder found (set " + ToolsEnv + ")"
	}
	if _, err := exec.LookPath("node"); err != nil {
		return "no node on the PATH (apt-get install -y nodejs npm)"
	}
	for _, f := range []string{"node_modules/axe-core/axe.min.js", "node_modules/html-validate/package.json", "validate.mjs"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			return fmt.Sprintf("no %s in %s (run: cd %s && npm ci)", f, dir, dir)
		}
	}
	return ""
}

var axeSource = sync.OnceValues(func() (string, error) {
	b, err := os.ReadFile(filepath.Join(ToolsDir(), "node_modules/axe-core/axe.min.js"))
	return string(b), err
})

// checker holds what the checks of one Browser share: the pages saved for
// html-validate and the names of the pages already checked.
type checker struct {
	dir   string // saved pages
	mu    sync.Mutex
	seen  map[[32]byte]string // page content -> file
	files []string
	urls  map[string]string // file -> page address
	pages int               // pages checked by axe and the layout rules
}

// newChecker returns the checks for a browser, or nil with the page checks
// skipped (loudly) when the tools are not installed. With
// CAIRN_TEST_REQUIRE_BROWSER=1 missing tools fail the test.
func newChecker(t *testing.T) *checker {
	t.Helper()
	if why := toolsMissing(); why != "" {
		msg := "PAGE CHECKS SKIPPED (axe-core, html-validate, layout): " + why
		if os.Getenv(RequireEnv) == "1" {
			t.Fatal(msg + "; " + RequireEnv + "=1 makes this a failure")
		}
		storagetest.NoteSkip()
		t.Log(msg)
		return nil
	}
	if _, err := axeSource(); err != nil {
		t.Fatalf("browsertest: read axe-core: %v", err)
	}
	c := &checker{dir: t.TempDir(), seen: map[[32]byte]string{}, urls: map[string]string{}}
	t.Cleanup(func() { c.validate(t) })
	return c
}

// checkPage runs every check on the page the tab shows now, when it is a
// page of the server the journey drives.
func checkPage(ctx context.Context, t *chromedp.Target) error {
	e := envOf(ctx)
	if e.checks == nil {
		return nil
	}
	url, err := chromedp.Evaluate[string](`location.href`)(ctx, t)
	if err != nil {
		return fmt.Errorf("check the page: %w", err)
	}
	if !strings.HasPrefix(url, e.base+"/") && url != e.base {
		return nil // another site's page, such as an identity provider's sign-in
	}
	e.checks.keep(url, e.pageSource(ctx, t))
	e.checks.mu.Lock()
	e.checks.pages++
	e.checks.mu.Unlock()
	var problems []string
	problems = append(problems, layoutProblems(ctx, t)...)
	problems = append(problems, axeProblems(ctx, t)...)
	// What sits behind a disclosure (<details>) is checked with it open,
	// then the page is put back as it was.
	opened, err := chromedp.Evaluate[int](`(() => {
		const closed = Array.from(document.querySelectorAll("details:not([open])"));
		closed.forEach(d => { d.setAttribute("data-checks-opened", ""); d.open = true; });
		return closed.length })()`)(ctx, t)
	if err != nil {
		return fmt.Errorf("check the page: open its disclosures: %w", err)
	}
	if opened > 0 {
		for _, p := range append(layoutProblems(ctx, t), axeProblems(ctx, t)...) {
			problems = append(problems, "with its disclosures open: "+p)
		}
		if _, err := chromedp.Evaluate[any](`document.querySelectorAll("details[data-checks-opened]").forEach(d => { d.open = false; d.removeAttribute("data-checks-opened"); }); true`)(ctx, t); err != nil {
			return fmt.Errorf("check the page: close its disclosures: %w", err)
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("the page %s fails its checks:\n    %s", url, strings.Join(problems, "\n    "))
	}
	return nil
}

// pageSource is the HTML the server sent for the page the tab shows, or the
// document as the browser holds it when the browser no longer has it.
func (e *env) pageSource(ctx context.Context, t *chromedp.Target) string {
	e.mu.Lock()
	id := e.docRequest
	e.mu.Unlock()
	if id != "" {
		if res, err := cdp.Call(ctx, t, network.GetResponseBody, network.GetResponseBodyParams{RequestID: id}); err == nil && len(res.Body) > 0 {
			return string(res.Body)
		}
	}
	html, err := chromedp.Evaluate[string](`"<!DOCTYPE html>\n" + document.documentElement.outerHTML`)(ctx, t)
	if err != nil {
		return ""
	}
	return html
}

// keep saves a page's HTML for html-validate once per distinct content.
func (c *checker) keep(url, html string) {
	if html == "" {
		return
	}
	sum := sha256.Sum256([]byte(html))
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.seen[sum]; ok {
		return
	}
	name := fmt.Sprintf("%03d-%s.html", len(c.files)+1, fileName(strings.TrimPrefix(stripOrigin(url), "/")))
	if len(name) > 120 {
		name = name[:115] + ".html"
	}
	file := filepath.Join(c.dir, name)
	if err := os.WriteFile(file, []byte(html), 0o644); err != nil {
		return
	}
	c.seen[sum] = file
	c.files = append(c.files, file)
	c.urls[file] = url
}

func stripOrigin(url string) string {
	if i := strings.Index(url, "://"); i >= 0 {
		if j := strings.Index(url[i+3:], "/"); j >= 0 {
			return url[i+3+j:]
		}
	}
	return url
}

type htmlFinding struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Rule     string `json:"rule"`
	Message  string `json:"message"`
	Selector string `json:"selector"`
}

// validate runs html-validate once on every saved page and fails the test
// on any error; the pages are then kept for reading.
func (c *checker) validate(t *testing.T) {
	c.mu.Lock()
	files := append([]string(nil), c.files...)
	pages := c.pages
	c.mu.Unlock()
	if len(files) == 0 {
		return
	}
	found, err := validateFiles(files)
	if err != nil {
		t.Error(err)
		return
	}
	t.Logf("page checks: %d pages checked by axe-core and the layout rules; %d distinct pages validated by html-validate, %d errors",
		pages, len(files), len(found))
	if len(found) == 0 {
		return
	}
	kept := filepath.Join(os.TempDir(), "cairn-html-"+fileName(t.Name()))
	_ = os.RemoveAll(kept)
	if err := os.CopyFS(kept, os.DirFS(c.dir)); err != nil {
		kept = c.dir
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].File < found[j].File })
	var lines []string
	for _, f := range found {
		lines = append(lines, fmt.Sprintf("%s:%d:%d %s: %s (%s) on %s", filepath.Join(kept, filepath.Base(f.File)), f.Line, f.Column,
			f.Rule, f.Message, f.Selector, c.urls[f.File]))
	}
	t.Errorf("html-validate found %d errors in the pages the journeys visited:\n  %s", len(found), strings.Join(lines, "\n  "))
}

// validateFiles runs html-validate (one node process) on the files.
func validateFiles(files []string) ([]htmlFinding, error) {
	dir := ToolsDir()
	cmd := exec.Command("node", append([]string{filepath.Join(dir, "validate.mjs")}, files...)...)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("html-validate did not run: %v\n%s", err, stderr.String())
	}
	var found []htmlFinding
	if err := json.Unmarshal(out, &found); err != nil {
		return nil, fmt.Errorf("html-validate: read its answer: %v in %.300s", err, out)
	}
	return found, nil
}

// layoutScript measures the page: it returns one line per problem.
// A phone's browser zooms out to show a page wider than the screen, which
// widens innerWidth with it: the screen's width is passed in.
const layoutScript = `((screenWidth) => {
	const out = [];
	const doc = document.documentElement;
	const width = Math.min(window.innerWidth, screenWidth);
	if (doc.scrollWidth > width) out.push("the page is " + doc.scrollWidth + " px wide on a " + width + " px screen");
	const name = el => {
		let s = el.tagName.toLowerCase();
		if (el.id) s += "#" + el.id;
		if (el.classList.length) s += "." + Array.from(el.classList).join(".");
		const text = (el.innerText || "").trim().replace(/\s+/g, " ").slice(0, 40);
		return text ? s + " (" + JSON.stringify(text) + ")" : s;
	};
	const hidden = el => {
		// Not rendered: display none, or inside a closed <details>.
		if (el.checkVisibility && !el.checkVisibility({ visibilityProperty: true })) return true;
		for (let e = el; e; e = e.parentElement) {
			const st = getComputedStyle(e);
			if (st.display === "none" || st.visibility === "hidden" || e.classList.contains("visually-hidden") || e.classList.contains("skip")) return true;
			if (st.position === "absolute" && (parseFloat(st.left) < -100)) return true;
		}
		return false;
	};
	// On a page too wide, the elements reaching past the screen's edge, the
	// innermost ones named (hidden ones too: they may widen the page).
	if (doc.scrollWidth > width) for (const el of document.body.querySelectorAll("*")) {
		const r = el.getBoundingClientRect();
		if (r.width === 0 && r.height === 0) continue;
		if (r.right > width + 1 && !Array.from(el.children).some(c => c.getBoundingClientRect().right > width + 1)) {
			out.push(name(el) + " reaches " + Math.round(r.right) + " px on a " + width + " px screen");
			if (out.length > 8) break;
		}
	}
	const cards = document.querySelectorAll(".card, .cards > li, .facts, .pace, .agenda-item, .notes-list > li, .timeline > li, table");
	for (const card of cards) {
		if (hidden(card)) continue;
		const box = card.getBoundingClientRect();
		if (card.scrollWidth > card.clientWidth + 1) out.push("the content of " + name(card) + " is " + card.scrollWidth + " px wide in a " + card.clientWidth + " px card");
		for (const el of card.querySelectorAll("*")) {
			const r = el.getBoundingClientRect();
			if (r.width === 0 || r.height === 0 || hidden(el)) continue;
			if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
				out.push(name(el) + " spills out of its card " + name(card));
				break;
			}
		}
	}
	// On a phone a table's rows read as cards: each cell shows its column's
	// heading (app.css draws data-label before it).
	if (screenWidth < 640) for (const table of document.querySelectorAll("table")) {
		if (hidden(table)) continue;
		const heads = Array.from(table.querySelectorAll("thead th")).map(th => th.textContent.trim());
		for (const row of table.querySelectorAll("tbody tr")) {
			const bad = Array.from(row.children).find((cell, i) => heads[i] && cell.innerText.trim() &&
				["none", "normal", ""].includes(getComputedStyle(cell, "::before").content));
			if (bad) { out.push("a table row on a phone does not say which column " + name(bad) + " is in (" + JSON.stringify(heads[Array.from(row.children).indexOf(bad)]) + ")"); break; }
		}
	}
	// A chart's words cut off at its edge.
	for (const svg of document.querySelectorAll("svg")) {
		if (hidden(svg)) continue;
		const box = svg.getBoundingClientRect();
		for (const text of svg.querySelectorAll("text")) {
			const r = text.getBoundingClientRect();
			if (r.width === 0) continue;
			if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
				out.push("the chart's text " + JSON.stringify(text.textContent) + " is cut off at its edge");
			}
		}
	}
	return out;
})`

// layoutProblems checks that the page fits the screen and every card holds
// its content.
func layoutProblems(ctx context.Context, t *chromedp.Target) []string {
	out, err := chromedp.Evaluate[[]string](fmt.Sprintf("%s(%d)", layoutScript, envOf(ctx).width))(ctx, t)
	if err != nil {
		return []string{"layout check: " + err.Error()}
	}
	for i := range out {
		out[i] = "layout: " + out[i]
	}
	return out
}

// axeScript runs axe-core's default rules (WCAG 2.0-2.2 A and AA and its
// best practices) on the document; it answers one entry per violation and
// element.
const axeScript = `(async () => {
	const r = await axe.run(document, { resultTypes: ["violations"] });
	const out = [];
	for (const v of r.violations) for (const n of v.nodes)
		out.push({ id: v.id, impact: v.impact || "", help: v.help, target: n.target.join(" "), summary: (n.failureSummary || "").replace(/\s+/g, " ").slice(0, 300) });
	return out;
})()`

type axeViolation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	Target  string `json:"target"`
	Summary string `json:"summary"`
}

func axeProblems(ctx context.Context, t *chromedp.Target) []string {
	loaded, err := chromedp.Evaluate[bool](`typeof window.axe === "object"`)(ctx, t)
	if err != nil {
		return []string{"axe-core: " + err.Error()}
	}
	if !loaded {
		src, _ := axeSource()
		if _, err := chromedp.Evaluate[any](src+"\n;true")(ctx, t); err != nil {
			return []string{"axe-core: inject: " + err.Error()}
		}
	}
	vs, err := chromedp.Evaluate[[]axeViolation](axeScript, chromedp.EvalAwaitPromise)(ctx, t)
	if err != nil {
		return []string{"axe-core: run: " + err.Error()}
	}
	var out []string
	for _, v := range vs {
		out = append(out, fmt.Sprintf("axe %s (%s): %s at %s: %s", v.ID, v.Impact, v.Help, v.Target, v.Summary))
	}
	return out
}
