package browsertest

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/chromedp/chromedp"
)

// Visits records what VisitAll saw: the pages it opened, one per kind of
// address.
type Visits struct {
	Pages []string
}

// notPages are addresses a page may link to that are not pages to check:
// the API, files, sign-in and one-time links, which a visit would use up.
var notPages = regexp.MustCompile(`^/(api/|static/|calendar/|m/|invite/|reset/|login|logout|healthz|readyz)|\.(ics|csv|json|png|svg)$`)

var idSegment = regexp.MustCompile(`/[0-9]+(/|$)`)

// pageKind is an address with its ids and query values left out, so
// /people/3 and /people/7?tab=x are the same kind of page.
func pageKind(u *url.URL) string {
	p := u.Path
	for idSegment.MatchString(p) {
		p = idSegment.ReplaceAllString(p, "/#$1")
	}
	var keys []string
	for k := range u.Query() {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) > 0 {
		p += "?" + strings.Join(keys, "&")
	}
	return p
}

// MaxVisits bounds one VisitAll, so a page that links to ever new pages
// fails instead of running forever.
const MaxVisits = 120

// VisitAll opens each start path, then every page of the server that the
// pages it opens link to (breadth first; one page per kind of address, two
// of those with ids, as a mentoring and a coaching programme differ), and
// checks each as Open does. It goes on past a
// failing page and fails at the end naming every page that failed and why.
// What it opened goes into v.
func VisitAll(v *Visits, start ...string) action {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		e := envOf(ctx)
		base, err := url.Parse(e.base)
		if err != nil {
			return chromedp.Void{}, err
		}
		kinds := map[string]int{}
		queued := map[string]bool{}
		var queue []string
		add := func(raw string) {
			u, err := base.Parse(raw)
			if err != nil || u.Host != base.Host || u.Scheme != base.Scheme || notPages.MatchString(u.Path) {
				return
			}
			u.Fragment = ""
			k, p := pageKind(u), u.RequestURI()
			limit := 1
			if strings.Contains(k, "#") {
				limit = 2
			}
			if kinds[k] >= limit || queued[p] {
				return
			}
			kinds[k]++
			queued[p] = true
			queue = append(queue, p)
		}
		for _, s := range start {
			add(s)
		}
		var failures []string
		for len(queue) > 0 {
			p := queue[0]
			queue = queue[1:]
			if len(v.Pages) >= MaxVisits {
				failures = append(failures, fmt.Sprintf("more than %d kinds of page: stopped before %s", MaxVisits, p))
				break
			}
			v.Pages = append(v.Pages, p)
			if _, err := Open(p)(ctx, t); err != nil {
				failures = append(failures, err.Error())
				if ctx.Err() != nil {
					break
				}
			}
			links, err := chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("a[href]")).filter(a => !a.hasAttribute("download")).map(a => a.href)`)(ctx, t)
			if err != nil {
				failures = append(failures, fmt.Sprintf("read the links of %s: %v", p, err))
				continue
			}
			for _, l := range links {
				add(l)
			}
		}
		if len(failures) > 0 {
			return chromedp.Void{}, fmt.Errorf("%d of %d pages failed:\n  %s", len(failures), len(v.Pages), strings.Join(failures, "\n  "))
		}
		return chromedp.Void{}, nil
	}
}
