package browsertest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// page wraps a body in a document that passes every check by itself.
func page(body string) string {
	return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Check</title>
<style>body{margin:0;font:16px sans-serif} .cards{list-style:none;padding:0;margin:0} .cards>li{width:120px;border:1px solid #000}</style></head>
<body><main><h1>Check</h1>` + body + `</main></body>
</html>
`
}

// The page checks find what they are for: each bad page fails with the
// named problem, the good one passes.
func TestPageChecksFindProblems(t *testing.T) {
	if why := toolsMissing(); why != "" {
		if os.Getenv(RequireEnv) == "1" {
			t.Fatal("page checks cannot run: " + why)
		}
		t.Skip("page checks cannot run: " + why)
	}
	pages := map[string]string{
		"/good":  page(`<p>All fine.</p><ul class="cards"><li>short</li></ul>`),
		"/axe":   page(`<p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></p>`),
		"/wide":  page(`<div style="width:700px">wider than a phone</div>`),
		"/spill": page(`<ul class="cards"><li><span style="display:inline-block;width:300px">a figure past the edge</span></li></ul>`),
		"/chart": page(`<svg viewBox="0 0 100 20" width="100" height="20" role="img" aria-label="a chart"><text x="0" y="15" text-anchor="end">cut off</text></svg>`),
		"/table": page(`<table><thead><tr><th>Mentor</th><th>Mentee</th></tr></thead><tbody><tr><td>Margaret Okafor</td><td>Leo Brandt</td></tr></tbody></table>`),
		"/details": page(`<ul class="cards"><li>Card<details><summary>Cancel</summary><form><label>Why <input type="text" name="why"></label><span style="display:inline-block;width:300px">wide</span></form></details></li></ul>` +
			`<details><summary>More</summary><p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></p></details>`),
		"/html": page(`<span aria-label="three unread">3</span><h2 id="day-This week">This week</h2>`),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		html, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, html)
	}))
	defer srv.Close()
	b := New(t, srv.URL, Viewport(390, 844))
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	defer cancel()
	own := &checker{dir: t.TempDir(), seen: map[[32]byte]string{}, urls: map[string]string{}}
	ctx = withEnv(ctx, &env{base: b.base, width: 390, checks: own})
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, want string }{
		{"/good", ""},
		{"/axe", "axe image-alt (critical)"},
		{"/wide", "the page is 700 px wide on a 390 px screen"},
		{"/spill", "spills out of its card li"},
		{"/chart", `the chart's text "cut off" is cut off`},
		{"/details", "with its disclosures open: axe image-alt (critical)"},
		{"/details", "with its disclosures open: layout: the content of li"},
		{"/table", `a table row on a phone does not say which column td ("Margaret Okafor") is in ("Mentor")`},
	} {
		err := chromedp.Do(ctx, Open(c.path))
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.path, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: got %v, want an error with %q", c.path, err, c.want)
		}
	}
	if err := chromedp.Do(ctx, Open("/html")); err != nil {
		t.Fatalf("/html: %v", err)
	}
	found, err := validateFiles(own.files)
	if err != nil {
		t.Fatal(err)
	}
	rules := map[string]string{}
	for _, f := range found {
		rules[f.Rule] = own.urls[f.File]
	}
	for rule, path := range map[string]string{"aria-label-misuse": "/html", "valid-id": "/html"} {
		if !strings.HasSuffix(rules[rule], path) {
			t.Errorf("html-validate: rule %s found on %q, want %s; all: %v", rule, rules[rule], path, found)
		}
	}
	for _, f := range found {
		if strings.HasSuffix(own.urls[f.File], "/good") {
			t.Errorf("html-validate: %s:%d %s %s on the page meant to be valid", own.urls[f.File], f.Line, f.Rule, f.Message)
		}
	}
}
