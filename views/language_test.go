package views_test

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"cairn/domain"
	"cairn/storage"
	"cairn/storage/storagetest"
)

// Each person reads pages in their own language, chosen per request: four
// people in four languages (and strangers whose browsers ask for them)
// load pages at the same time, and every page is in its reader's
// language, <html lang> saying which. Run with -race, requests in
// different languages share no template state.
func TestPagesInEachReadersLanguageConcurrently(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		e := newEnv(t, s)
		cat := catalogue(t)
		type reader struct {
			tag, cookie string
		}
		var readers []reader
		for _, tag := range []string{"en", "de", "fr", "es"} {
			email := "reader-" + tag + "@example.com"
			p, _ := e.member(email, 4)
			if _, err := e.svc.UpdatePerson(context.Background(), domain.Actor{Person: e.admin}, p.ID,
				domain.PersonPatch{Language: &tag}); err != nil {
				t.Fatal(err)
			}
			b := e.browser()
			b.login(email, "member password 1")
			readers = append(readers, reader{tag: tag, cookie: "cairn_session=" + b.cookies["cairn_session"]})
		}
		var wg sync.WaitGroup
		errs := make(chan error, 200)
		for round := 0; round < 5; round++ {
			for _, r := range readers {
				wg.Add(2)
				go func() {
					defer wg.Done()
					// Signed in: the person's language, whatever the browser asks.
					errs <- pageIn(e, "/settings", r.cookie, "es, fr;q=0.8", r.tag, cat.For(r.tag).T("language.browser"))
				}()
				go func() {
					defer wg.Done()
					// A stranger: the browser's language.
					errs <- pageIn(e, "/login", "", r.tag+"-CH, en;q=0.1", r.tag, "")
				}()
			}
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
	})
}

// pageIn gets path and checks it is in language tag and holds want.
func pageIn(e *env, path, cookie, accept, tag, want string) error {
	req := httptest.NewRequest("GET", path, nil)
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	req.Header.Set("Accept-Language", accept)
	resp, err := e.app.Test(req, -1)
	if err != nil {
		return fmt.Errorf("%s in %s: %w", path, tag, err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	body := string(b)
	switch {
	case resp.StatusCode != 200:
		return fmt.Errorf("%s in %s: status %d", path, tag, resp.StatusCode)
	case !strings.Contains(body, `<html lang="`+tag+`">`):
		return fmt.Errorf("%s for a %s reader is not marked %s: %.200s", path, tag, tag, body)
	case resp.Header.Get("Content-Language") != tag:
		return fmt.Errorf("%s for a %s reader: Content-Language %q", path, tag, resp.Header.Get("Content-Language"))
	case want != "" && !strings.Contains(body, want):
		return fmt.Errorf("%s for a %s reader lacks %q", path, tag, want)
	}
	return nil
}

// With no choice of their own and a browser that asks for no language
// Cairn speaks, a reader gets the default language.
func TestDefaultLanguageWhenNothingElseSays(t *testing.T) {
	e := newEnv(t, storagetest.New(t, "sqlite"))
	for accept, want := range map[string]string{"": "en", "ja, zh;q=0.5": "en", "*": "en", "de-AT": "de", "pt, es;q=0.3": "es"} {
		if err := pageIn(e, "/login", "", accept, want, ""); err != nil {
			t.Errorf("Accept-Language %q: %v", accept, err)
		}
	}
}

// A person chooses their language in Settings; the next page is in it,
// and choosing none follows the browser again.
func TestSettingsChoosesTheLanguage(t *testing.T) {
	e := newEnv(t, storagetest.New(t, "sqlite"))
	p, _ := e.member("lou@example.com", 4)
	b := e.browser()
	b.login(p.Email, "member password 1")
	for _, tag := range []string{"fr", ""} {
		tok := b.csrf("/settings")
		resp, body := b.post("/settings/profile", url.Values{"_csrf": {tok}, "name": {p.Name}, "timezone": {p.Timezone}, "language": {tag}})
		wantStatus(t, "save language "+tag, resp, body, 303)
		want, option := tag, `<option value="`+tag+`" lang="`+tag+`" selected>`
		if tag == "" {
			want, option = "en", `<option value="" selected>`
		}
		if _, body := b.get("/settings"); !strings.Contains(body, `<html lang="`+want+`">`) || !strings.Contains(body, option) {
			t.Errorf("after choosing %q: %.300s", tag, body)
		}
	}
	tok := b.csrf("/settings")
	resp, body := b.post("/settings/profile", url.Values{"_csrf": {tok}, "name": {p.Name}, "timezone": {p.Timezone}, "language": {"xx"}})
	if resp.StatusCode != 422 || !strings.Contains(body, `aria-invalid="true"`) {
		t.Errorf("a language Cairn does not speak: %d", resp.StatusCode)
	}
}
