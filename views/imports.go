package views

import (
	"bytes"
	"io"
	"strings"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

// maxImportBytes bounds an uploaded CSV (10,000 rows fit easily).
const maxImportBytes = 8 << 20

// limitBody keeps every body under the API's 1 MiB, except CSV imports,
// which may carry up to maxImportBytes.
func (s *Server) limitBody(c *fiber.Ctx) error {
	limit := s.opts.BodyLimit
	if strings.HasSuffix(c.Path(), "/import") || strings.HasSuffix(c.Path(), "/import/preview") {
		limit = maxImportBytes
	}
	n := c.Request().Header.ContentLength()
	if n > limit || len(c.Request().Body()) > limit {
		return fiber.NewError(fiber.StatusRequestEntityTooLarge, "the body is larger than the limit")
	}
	return c.Next()
}

// apiImportPeople: POST /api/v1/people/import with a text/csv body.
func (s *Server) apiImportPeople(c *fiber.Ctx) error {
	if !actor(c).IsAdmin() {
		return domain.Forbidden("only an admin may import people")
	}
	n, err := s.svc.ImportPeople(c.UserContext(), *actor(c), bytes.NewReader(c.Body()))
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"created": n})
}

type importPage struct {
	Page
	Header  []string
	Rows    []domain.ImportRow[domain.Person]
	Valid   bool
	HoldID  string
	Errors  map[string]string
	Created int
}

func (p *importPage) setErrors(fields map[string]string, _ string) { p.Errors = fields }

func (s *Server) peopleImportPage(c *fiber.Ctx) error {
	if !actor(c).IsAdmin() {
		return domain.Forbidden("only an admin may import people")
	}
	return s.render(c, "people_import", &importPage{Page: s.page(c, "Import people"), Header: domain.PeopleCSVHeader})
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
			return "", fiber.NewError(fiber.StatusRequestEntityTooLarge, "the file is larger than 8 MiB")
		}
		return string(b), nil
	}
	return copyString(c.FormValue("csv")), nil
}

// peopleImportPreview checks the file and shows every row with its errors;
// nothing is written. A clean file is held for confirmation.
func (s *Server) peopleImportPreview(c *fiber.Ctx) error {
	if !actor(c).IsAdmin() {
		return domain.Forbidden("only an admin may import people")
	}
	data := &importPage{Page: s.page(c, "Import people"), Header: domain.PeopleCSVHeader}
	content, err := uploadedCSV(c)
	if err != nil {
		return err
	}
	res, err := s.svc.CheckPeopleCSV(c.UserContext(), *actor(c), strings.NewReader(content))
	if err != nil {
		return s.formError(c, err, "people_import", data)
	}
	data.Rows, data.Valid = res.Rows, res.Valid()
	if data.Valid {
		if data.HoldID, err = s.svc.HoldImport(c.UserContext(), *actor(c), "people", content); err != nil {
			return err
		}
	} else {
		c.Status(fiber.StatusUnprocessableEntity)
	}
	return s.render(c, "people_import", data)
}

// peopleImportConfirm imports a held, previewed file.
func (s *Server) peopleImportConfirm(c *fiber.Ctx) error {
	if !actor(c).IsAdmin() {
		return domain.Forbidden("only an admin may import people")
	}
	content, err := s.svc.TakeImport(c.UserContext(), *actor(c), "people", copyString(c.FormValue("hold")))
	if err != nil {
		return err
	}
	data := &importPage{Page: s.page(c, "Import people"), Header: domain.PeopleCSVHeader}
	n, err := s.svc.ImportPeople(c.UserContext(), *actor(c), strings.NewReader(content))
	if err != nil {
		return s.formError(c, err, "people_import", data)
	}
	return s.redirectWithFlash(c, "/people", itoa(n)+" people were imported.")
}
