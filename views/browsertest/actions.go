package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// The actions below are what journeys are written in. Each one either does
// something a person does (open, fill, press) or checks what the page shows
// (see, at); each returns an error that says what was expected and what the
// page showed instead.

type action = chromedp.Action[chromedp.Void]

// env is what actions need besides the tab: the server's address, the page
// checks (nil when the tools are missing) and the request that loaded the
// page shown now.
type env struct {
	base       string
	width      int64  // the screen's width in CSS pixels
	shots      string // the folder screenshots go to
	checks     *checker
	mu         sync.Mutex
	docRequest network.RequestID
	says       func(string) ([]string, bool) // see Language; nil: as written
}

// texts is every way the page may show text, and whether the page must
// show one of them: text itself, or how the browser's language says it
// (sure only when the catalogue has text as a whole message).
func (e *env) texts(text string) ([]string, bool) {
	if e.says == nil {
		return []string{text}, true
	}
	return e.says(text)
}

type envKey struct{}

func withEnv(ctx context.Context, e *env) context.Context { return context.WithValue(ctx, envKey{}, e) }

func envOf(ctx context.Context) *env {
	if e, ok := ctx.Value(envKey{}).(*env); ok {
		return e
	}
	return &env{}
}

func (e *env) lastURL(ctx context.Context) string {
	u, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "(unknown)"
	}
	return u
}

// Open loads a path of the server (for example "/people") and fails on an
// error status or when the page fails its checks (see checks.go).
func Open(p string) action { return OpenExpecting(p, 0) }

// OpenExpecting is Open for a page answering status (0: any success), such
// as the page that says something is not there.
func OpenExpecting(p string, status int) action {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		resp, err := chromedp.NavigateResponse(envOf(ctx).base+p)(ctx, t)
		if err != nil {
			return chromedp.Void{}, fmt.Errorf("open %s: %w", p, err)
		}
		if resp == nil {
			return chromedp.Void{}, fmt.Errorf("open %s: no page came back", p)
		}
		if got := int(resp.Status); (status == 0 && got >= 400) || (status != 0 && got != status) {
			return chromedp.Void{}, fmt.Errorf("open %s: status %d", p, got)
		}
		return chromedp.Void{}, checkPage(ctx, t)
	}
}

// Fill types value into the field matched by the CSS selector, replacing
// what was there.
func Fill(sel, value string) action {
	return chromedp.Steps(
		chromedp.WaitVisible(chromedp.CSS(sel)),
		clearField(sel), // not chromedp.Clear: it fails on an empty <textarea>
		chromedp.SendKeys(chromedp.CSS(sel), value, chromedp.NodeVisible),
	)
}

// Choose picks the option with this value in a <select>.
func Choose(sel, value string) action {
	return chromedp.SetValue(chromedp.CSS(sel), value, chromedp.NodeVisible)
}

// Press clicks the element (a button or link) and waits for the page it
// leads to, which must not be an error page and must pass its checks.
func Press(sel string) action { return PressExpecting(sel, 0) }

// PressExpecting is Press for a page answering status (0: any success).
func PressExpecting(sel string, status int) action {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
		if err != nil {
			return chromedp.Void{}, fmt.Errorf("press %s: %w", sel, err)
		}
		if resp == nil {
			return chromedp.Void{}, fmt.Errorf("press %s: no page came back", sel)
		}
		got := int(resp.Status)
		if (status == 0 && got >= 400) || (status != 0 && got != status) {
			want := "a success"
			if status != 0 {
				want = fmt.Sprint(status)
			}
			return chromedp.Void{}, fmt.Errorf("press %s: status %d, want %s", sel, got, want)
		}
		return chromedp.Void{}, checkPage(ctx, t)
	}
}

// See checks that the element matched by sel shows text (as a person reads
// it: innerText, so hidden text does not count).
func See(sel, text string) action {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		shown, err := innerText(ctx, t, sel)
		if err != nil {
			return chromedp.Void{}, err
		}
		want, sure := envOf(ctx).texts(text)
		if sure && !slices.ContainsFunc(want, func(w string) bool { return strings.Contains(shown, w) }) {
			return chromedp.Void{}, fmt.Errorf("%s shows %q; want it to contain %q", sel, clip(shown), strings.Join(want, `" or "`))
		}
		return chromedp.Void{}, nil
	}
}

// DontSee checks that the element matched by sel does not show text.
func DontSee(sel, text string) action {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		shown, err := innerText(ctx, t, sel)
		if err != nil {
			return chromedp.Void{}, err
		}
		want, sure := envOf(ctx).texts(text)
		if !sure {
			want = []string{text}
		}
		for _, w := range want {
			if strings.Contains(shown, w) {
				return chromedp.Void{}, fmt.Errorf("%s shows %q, which it should not", sel, w)
			}
		}
		return chromedp.Void{}, nil
	}
}

// At checks the page's path against a path.Match pattern ("/people/*").
func At(pattern string) action {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		p, err := chromedp.Evaluate[string](`location.pathname`)(ctx, t)
		if err != nil {
			return chromedp.Void{}, err
		}
		if ok, _ := path.Match(pattern, p); !ok {
			return chromedp.Void{}, fmt.Errorf("the page is %s; want %s", p, pattern)
		}
		return chromedp.Void{}, nil
	}
}

// FitsWidth checks that the page does not scroll sideways: on a phone,
// content wider than the screen is the usual layout bug.
func FitsWidth() action {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		w, err := chromedp.Evaluate[[]int](fmt.Sprintf(`[document.documentElement.scrollWidth, Math.min(window.innerWidth, %d)]`, envOf(ctx).width))(ctx, t)
		if err != nil {
			return chromedp.Void{}, err
		}
		if len(w) == 2 && w[0] > w[1] {
			return chromedp.Void{}, fmt.Errorf("the page is %d px wide on a %d px screen", w[0], w[1])
		}
		return chromedp.Void{}, nil
	}
}

// SignIn opens the sign-in page and signs in; it ends on the page the
// server sends the person to.
func SignIn(email, password string) action {
	return chromedp.Steps(
		Open("/login"),
		Fill("#email", email),
		Fill("#password", password),
		Press(`form[action="/login"] button[type=submit]`),
	)
}

// SignOut presses the header's sign-out button and checks the sign-in page
// is back.
func SignOut() action {
	return chromedp.Steps(
		Press("form.signout button"),
		At("/login"),
		See("h1", "Sign in"),
	)
}

func innerText(ctx context.Context, t *chromedp.Target, sel string) (string, error) {
	q, _ := json.Marshal(sel)
	v, err := chromedp.Evaluate[*string](fmt.Sprintf(`(() => { const el = document.querySelector(%s); return el ? el.innerText : null })()`, q))(ctx, t)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", sel, err)
	}
	if v == nil {
		return "", fmt.Errorf("nothing on the page matches %s", sel)
	}
	return *v, nil
}

func clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

// HasValue checks the value of a form field, for example that a form sent
// back with errors kept what was typed.
func HasValue(sel, want string) action {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		got, err := chromedp.Value(chromedp.CSS(sel))(ctx, t)
		if err != nil {
			return chromedp.Void{}, fmt.Errorf("read %s: %w", sel, err)
		}
		if got != want {
			return chromedp.Void{}, fmt.Errorf("%s holds %q; want %q", sel, got, want)
		}
		return chromedp.Void{}, nil
	}
}

// Click clicks an element that does not leave the page (a radio button, a
// checkbox).
func Click(sel string) action { return chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible) }

// ChooseLabel picks the option of a <select> whose text contains label,
// for options whose values (ids) the journey does not know.
func ChooseLabel(sel, label string) action {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		q, _ := json.Marshal(sel)
		labels, _ := envOf(ctx).texts(label)
		l, _ := json.Marshal(append(labels, label))
		ok, err := chromedp.Evaluate[bool](fmt.Sprintf(`(() => {
			const s = document.querySelector(%s);
			if (!s) return false;
			const o = Array.from(s.options).find(o => %s.some(l => o.text.includes(l)));
			if (!o) return false;
			s.value = o.value;
			s.dispatchEvent(new Event('change', {bubbles: true}));
			return true })()`, q, l))(ctx, t)
		if err != nil {
			return chromedp.Void{}, fmt.Errorf("choose %q in %s: %w", label, sel, err)
		}
		if !ok {
			return chromedp.Void{}, fmt.Errorf("%s has no option %q", sel, label)
		}
		return chromedp.Void{}, nil
	}
}

// FetchLink follows the link matched by sel the way a calendar app or a
// download would (a fetch from the page, with its cookies) and checks the
// answer's status and that its body starts with prefix.
func FetchLink(sel string, status int, prefix string) action {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		q, _ := json.Marshal(sel)
		got, err := chromedp.Evaluate[[]any](fmt.Sprintf(`(async () => {
			const a = document.querySelector(%s);
			if (!a) return [0, "", ""];
			const r = await fetch(a.href);
			return [r.status, await r.text(), a.href] })()`, q), chromedp.EvalAwaitPromise)(ctx, t)
		if err != nil {
			return chromedp.Void{}, fmt.Errorf("fetch the link %s: %w", sel, err)
		}
		if len(got) != 3 {
			return chromedp.Void{}, fmt.Errorf("fetch the link %s: answer %v", sel, got)
		}
		code, _ := got[0].(float64)
		body, _ := got[1].(string)
		if code == 0 {
			return chromedp.Void{}, fmt.Errorf("nothing on the page matches %s", sel)
		}
		if int(code) != status || !strings.HasPrefix(body, prefix) {
			return chromedp.Void{}, fmt.Errorf("the link %v answered %d %q; want %d starting %q", got[2], int(code), clip(body), status, prefix)
		}
		return chromedp.Void{}, nil
	}
}

// clearField empties an input or a textarea.
func clearField(sel string) action {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		q, _ := json.Marshal(sel)
		ok, err := chromedp.Evaluate[bool](fmt.Sprintf(`(() => { const el = document.querySelector(%s); if (!el) return false; el.value = ""; return true })()`, q))(ctx, t)
		if err != nil {
			return chromedp.Void{}, fmt.Errorf("clear %s: %w", sel, err)
		}
		if !ok {
			return chromedp.Void{}, fmt.Errorf("nothing on the page matches %s", sel)
		}
		return chromedp.Void{}, nil
	}
}

// Snapshot saves the whole page, beyond the screen's height, as name.png in
// the screenshot folder (see ScreenshotEnv): a picture of a page for the
// record, not a check.
func Snapshot(name string) action {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		png, err := chromedp.FullScreenshot(100)(ctx, t)
		if err != nil {
			return chromedp.Void{}, fmt.Errorf("snapshot %s: %w", name, err)
		}
		if err := os.WriteFile(filepath.Join(envOf(ctx).shots, fileName(name)+".png"), png, 0o644); err != nil {
			return chromedp.Void{}, fmt.Errorf("snapshot %s: %w", name, err)
		}
		return chromedp.Void{}, nil
	}
}
