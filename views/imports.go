package views

import (
	"bytes"
	"encoding/csv"
	"html/template"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
	"cairn/domain/lang"
)

// maxImportBytes bounds an uploaded CSV (10,000 rows fit easily).
const maxImportBytes = 8 << 20

// apiImportPeople: POST /api/v1/people/import with a text/csv body.
func (s *Server) apiImportPeople(c *fiber.Ctx) error {
	if err := s.svc.Authorize(*actor(c), domain.ActImport); err != nil {
		return err
	}
	n, err := s.svc.ImportPeople(c.UserContext(), *actor(c), bytes.NewReader(c.Body()))
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"created": n})
}

// importKind describes one CSV import for the shared upload, preview and
// confirm pages: people, pairings or engagements.
type importKind struct {
	Kind   string // held-import kind and URL segment: /{kind}/import
	Noun   string // "people", "pairings", "engagements" in the reader's words (import.noun.<kind>)
	Header []string
	// Optional columns may follow the header, each group all or none, in order.
	Optional []string
	Help     template.HTML // import.help.<kind>: fixed text, the CSV's column names in <code>
	Done     string        // where to go after a confirmed import
	check    func(s *Server, c *fiber.Ctx, content string) ([]importRowView, bool, error)
	run      func(s *Server, c *fiber.Ctx, content string) (int, error)
}

// importRowView is one checked row as the preview shows it.
type importRowView struct {
	Line   int
	Fields []string
	Errors map[string]string
}

// rowViews are the checked rows with their problems in w's language.
func rowViews[T any](w *lang.Words, res domain.ImportResult[T]) []importRowView {
	out := make([]importRowView, len(res.Rows))
	for i, r := range res.Rows {
		errs := r.Errors
		if len(r.Texts) > 0 {
			errs = maps.Clone(r.Errors)
			for k, t := range r.Texts {
				errs[k] = textWords(w, t)
			}
		}
		out[i] = importRowView{Line: r.Line, Fields: r.Fields, Errors: errs}
	}
	return out
}

var peopleImport = importKind{Kind: "people", Header: domain.PeopleCSVHeader,
	Optional: append(slices.Clone(domain.PeopleCSVLanguage), domain.PeopleProfileColumns...), Done: "/people",
	check: func(s *Server, c *fiber.Ctx, content string) ([]importRowView, bool, error) {
		res, err := s.svc.CheckPeopleCSV(c.UserContext(), *actor(c), strings.NewReader(content))
		return rowViews(s.words(c), res), res.Valid(), err
	},
	run: func(s *Server, c *fiber.Ctx, content string) (int, error) {
		return s.svc.ImportPeople(c.UserContext(), *actor(c), strings.NewReader(content))
	}}

type importPage struct {
	Page
	importKind
	Rows []importRowView
	// Columns are the previewed file's columns.
	Columns []string
	Valid   bool
	HoldID  string
	Errors  map[string]string
	Created int
}

func (p *importPage) setErrors(fields map[string]string, _ string) { p.Errors = fields }

func (s *Server) newImportPage(c *fiber.Ctx, k importKind) *importPage {
	w := s.words(c)
	k.Noun, k.Help = w.T("import.noun."+k.Kind), template.HTML(w.T("import.help."+k.Kind))
	return &importPage{Page: s.page(c, w.T("title.import_"+k.Kind)), importKind: k}
}

// importUploadPage shows the upload form of an import.
func (s *Server) importUploadPage(k importKind) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := s.svc.Authorize(*actor(c), domain.ActImport); err != nil {
			return err
		}
		return s.render(c, "import", s.newImportPage(c, k))
	}
}

// renderTooLarge answers a body over its route's limit: an import's upload
// form is shown again with the reason next to the file field; anything
// else gets the error page, or the JSON error under /api.
func (s *Server) renderTooLarge(c *fiber.Ctx, limit int) error {
	if a := actor(c); a != nil && a.IsAdmin() && !isAPI(c) {
		for _, k := range []importKind{peopleImport, pairingsImport, engagementsImport} {
			if strings.EqualFold(strings.TrimSuffix(c.Path(), "/"), "/"+k.Kind+"/import/preview") {
				data := s.newImportPage(c, k)
				w := s.words(c)
				data.Errors = map[string]string{"file": w.T("error.views.file_too_large", "Size", sizeInWords(w, limit))}
				c.Status(fiber.StatusRequestEntityTooLarge)
				return s.render(c, "import", data)
			}
		}
	}
	return s.handleError(c, errTooLarge{limit})
}

// uploadedCSV reads the file field, or the pasted text when no file came.
func uploadedCSV(c *fiber.Ctx) (string, error) {
	if fh, err := c.FormFile("file"); err == nil && fh.Size > 0 {
		f, err := fh.Open()
		if err != nil {
			return "", err
		}
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, maxImportBytes+1))
		if err != nil {
			return "", err
		}
		if len(b) > maxImportBytes {
			return "", errTooLarge{maxImportBytes}
		}
		return string(b), nil
	}
	return copyString(c.FormValue("csv")), nil
}

// importPreview checks the file and shows every row with its errors;
// nothing is written. A clean file is held for confirmation.
func (s *Server) importPreview(k importKind) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := s.svc.Authorize(*actor(c), domain.ActImport); err != nil {
			return err
		}
		data := s.newImportPage(c, k)
		content, err := uploadedCSV(c)
		if err != nil {
			return err
		}
		rows, valid, err := k.check(s, c, content)
		if err != nil {
			return s.formError(c, err, "import", data)
		}
		data.Rows, data.Valid, data.Columns = rows, valid, k.Header
		if first, err := csv.NewReader(strings.NewReader(content)).Read(); err == nil && len(first) > len(k.Header) && len(k.Optional) > 0 {
			// The file's own optional columns (the check refused any other header).
			data.Columns = make([]string, len(first))
			for i, h := range first {
				data.Columns[i] = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
			}
		}
		if data.Valid {
			if data.HoldID, err = s.svc.HoldImport(c.UserContext(), *actor(c), k.Kind, content); err != nil {
				return err
			}
		} else {
			c.Status(fiber.StatusUnprocessableEntity)
		}
		return s.render(c, "import", data)
	}
}

// importConfirm imports a held, previewed file.
func (s *Server) importConfirm(k importKind) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if err := s.svc.Authorize(*actor(c), domain.ActImport); err != nil {
			return err
		}
		content, err := s.svc.TakeImport(c.UserContext(), *actor(c), k.Kind, copyString(c.FormValue("hold")))
		if err != nil {
			return err
		}
		n, err := k.run(s, c, content)
		if err != nil {
			return s.formError(c, err, "import", s.newImportPage(c, k))
		}
		return s.redirectWithFlash(c, k.Done, s.words(c).N("flash.imported_"+k.Kind, n))
	}
}

func (s *Server) peopleImportPage(c *fiber.Ctx) error    { return s.importUploadPage(peopleImport)(c) }
func (s *Server) peopleImportPreview(c *fiber.Ctx) error { return s.importPreview(peopleImport)(c) }
func (s *Server) peopleImportConfirm(c *fiber.Ctx) error { return s.importConfirm(peopleImport)(c) }
