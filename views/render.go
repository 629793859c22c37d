package views

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
	"cairn/domain/lang"
)

//go:embed templates
var templateFS embed.FS

// Page is what every page's data embeds: the layout reads it.
type Page struct {
	Title string
	User  *domain.Person
	CSRF  string
	Flash string
	Path  string
	Loc   *time.Location // the viewer's zone
	// Unread is the signed-in viewer's unread notifications, for the bell.
	Unread int
	// Can is what the viewer may do across the organisation (navigation,
	// "new" buttons), as the domain says.
	Can domain.OrgAbilities
	// ErrorSummary heads the page when one of its forms failed (forms.go).
	ErrorSummary *ErrorSummary
}

// pageSet holds one parsed template per page and language (layout +
// partials + page), so pages cannot clash over block names, with the
// language funcs (t, when, lang ...) bound to that language's words. Each
// is parsed when a reader first opens that page in that language (a couple
// of milliseconds), so starting parses none; TestEveryPageParses parses
// them all in every language. No template is changed once parsed.
type pageSet struct {
	cat   *lang.Catalogue
	names []string                  // the pages there are
	langs map[string]*languagePages // language tag -> its pages
}

// languagePages is one language's pages, each parsed once.
type languagePages struct {
	funcs template.FuncMap
	pages map[string]*parsedPage // page name -> its template; made whole at start, then only read
}

type parsedPage struct {
	once sync.Once
	t    *template.Template
	err  error
}

// lookup is the page's template in the language, parsed on its first use.
func (ps *pageSet) lookup(tag, name string) (*template.Template, error) {
	lp, ok := ps.langs[tag]
	if !ok {
		return nil, fmt.Errorf("views: no pages for language %q", tag)
	}
	pp, ok := lp.pages[name]
	if !ok {
		return nil, fmt.Errorf("views: no page template %q", name)
	}
	pp.once.Do(func() {
		pp.t, pp.err = template.New("layout").Funcs(templateFuncs).Funcs(wordFuncs).Funcs(lp.funcs).ParseFS(templateFS,
			"templates/layouts/*.html", "templates/partials/*.html", "templates/pages/"+name+".html")
		if pp.err != nil {
			pp.err = fmt.Errorf("views: parse %s for %s: %w", name, tag, pp.err)
		}
	})
	return pp.t, pp.err
}

var templateFuncs = template.FuncMap{
	// languageName names a language tag ("de-CH": "Swiss High German").
	"languageName": domain.LanguageName,
	// asset is a static file's URL with its content version (static.go).
	"asset": assetURL,
	// alsoFor and placeLink: a meeting's time in the others' zones, its
	// place as a link when it is a web address (zones.go).
	"alsoFor":    alsoFor,
	"placeLink":  placeLink,
	"agendaAlso": agendaAlso,
	"deref": func(p *int) string {
		if p == nil {
			return ""
		}
		return fmt.Sprint(*p)
	},
	// join writes a list as one phrase.
	"join": strings.Join,
	// matchFields are a programme's match settings (programmes.go).
	"matchFields": func() []string { return matchFields },
	"seq": func(from, to int) []int {
		var out []int
		for i := from; i <= to; i++ {
			out = append(out, i)
		}
		return out
	},
	// dict builds a map for passing several values to a partial.
	"dict": func(kv ...any) (map[string]any, error) {
		if len(kv)%2 != 0 {
			return nil, fmt.Errorf("dict needs key/value pairs")
		}
		m := make(map[string]any, len(kv)/2)
		for i := 0; i < len(kv); i += 2 {
			k, ok := kv[i].(string)
			if !ok {
				return nil, fmt.Errorf("dict keys must be strings")
			}
			m[k] = kv[i+1]
		}
		return m, nil
	},
}

// pagesFor is the catalogue's page set, made on first use (parsedPages).
func pagesFor(cat *lang.Catalogue) (*pageSet, error) {
	if ps, ok := parsedPages.Load(cat); ok {
		return ps.(*pageSet), nil
	}
	ps, err := newPageSet(cat)
	if err != nil {
		return nil, err
	}
	got, _ := parsedPages.LoadOrStore(cat, ps)
	return got.(*pageSet), nil
}

// parsedPages keeps each catalogue's page set for the process: servers
// over the same catalogue (tests build hundreds) share the pages parsed so
// far rather than each parsing its own.
var parsedPages sync.Map // *lang.Catalogue -> *pageSet

// newPageSet lists the pages, one unparsed entry per page and language.
func newPageSet(cat *lang.Catalogue) (*pageSet, error) {
	files, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	ps := &pageSet{cat: cat, langs: map[string]*languagePages{}}
	for _, f := range files {
		ps.names = append(ps.names, strings.TrimSuffix(path.Base(f), ".html"))
	}
	for _, tag := range cat.Tags() {
		lp := &languagePages{funcs: languageFuncs(cat, cat.For(tag)), pages: map[string]*parsedPage{}}
		for _, n := range ps.names {
			lp.pages[n] = &parsedPage{}
		}
		ps.langs[tag] = lp
	}
	return ps, nil
}

// page builds the common page data for the caller.
func (s *Server) page(c *fiber.Ctx, title string) Page {
	p := Page{Title: title, Path: c.Path(), Loc: s.svc.Config().OrgLocation}
	if a := actor(c); a != nil {
		p.User = &a.Person
		p.CSRF = a.CSRFToken
		p.Loc = a.Person.Location()
		p.Can = domain.OrgAbilitiesOf(*a)
		p.Unread = s.unreadCount(c, *a)
	} else {
		p.CSRF = s.anonCSRF(c)
	}
	if f := c.Cookies(flashCookie); f != "" {
		p.Flash, _ = s.svc.Unseal(c.UserContext(), flashCookie, f)
		s.clearCookie(c, flashCookie)
	}
	return p
}

// unreadCount is the bell's number; a failure shows no count rather than
// failing the page.
func (s *Server) unreadCount(c *fiber.Ctx, a domain.Actor) int {
	n, err := s.svc.UnreadNotifications(c.UserContext(), a)
	if err != nil {
		s.log.WarnContext(c.UserContext(), "unread notifications", "err", err)
		return 0
	}
	return n
}

// anonCSRF returns (and sets if needed) the double-submit token for forms
// shown before sign-in.
func (s *Server) anonCSRF(c *fiber.Ctx) string {
	if v := c.Cookies(csrfCookie); v != "" {
		return v
	}
	v := domain.NewSecret()
	s.setCookie(c, csrfCookie, v, 24*time.Hour)
	return v
}

const flashCookie = "cairn_flash"

// redirectWithFlash sends the browser on after a successful form, with a
// one-time message for the next page. The message travels sealed, so the
// cookie carries no raw text (no header can be split by a line break in a
// goal title) and no one can plant a message in another person's page.
func (s *Server) redirectWithFlash(c *fiber.Ctx, to, msg string) error {
	if sealed, err := s.svc.Seal(c.UserContext(), flashCookie, msg); err != nil {
		s.log.WarnContext(c.UserContext(), "flash message dropped", "err", err)
	} else {
		s.setCookie(c, flashCookie, sealed, time.Minute)
	}
	return c.Redirect(to, fiber.StatusSeeOther)
}

// render writes a page; a template error becomes a 500.
func (s *Server) render(c *fiber.Ctx, name string, data any) error {
	w := s.words(c)
	t, err := s.pages.lookup(w.Tag(), name)
	if err != nil {
		return err
	}
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 1<<20 { // a rare huge page is not kept
			buf.Reset()
			renderBuffers.Put(buf)
		}
	}()
	if err := t.ExecuteTemplate(buf, "layout", data); err != nil {
		return fmt.Errorf("views: render %s: %w", name, err)
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set(fiber.HeaderContentLanguage, w.Tag())
	c.Vary(fiber.HeaderAcceptLanguage)
	c.Set(fiber.HeaderCacheControl, "no-store")
	// SetBody copies: the buffer goes back to the pool.
	c.Response().SetBody(buf.Bytes())
	return nil
}

// renderBuffers are reused page buffers: a page is tens of kilobytes, and
// growing a fresh buffer to that size for every request is garbage.
var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}
