package views

import (
	"context"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

// auditFilter reads the audit filters: person, object type and id, and a
// date range in the viewer's zone.
func auditFilter(c *fiber.Ctx, loc *time.Location) (domain.AuditFilter, error) {
	var f domain.AuditFilter
	num := func(name string) (int64, error) {
		v := c.Query(name)
		if v == "" {
			return 0, nil
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return 0, badRequest(name + " must be an id")
		}
		return n, nil
	}
	var err error
	if f.PersonID, err = num("person_id"); err != nil {
		return f, err
	}
	if f.ObjectID, err = num("object_id"); err != nil {
		return f, err
	}
	if f.Before, err = num("before"); err != nil {
		return f, err
	}
	// The API's ?after= names the last entry of the previous page; the
	// log is newest first, so the next page holds the older entries.
	if after, err := num("after"); err != nil {
		return f, err
	} else if after > 0 && (f.Before == 0 || after < f.Before) {
		f.Before = after
	}
	f.ObjectType = copyString(c.Query("object_type"))
	for _, d := range []struct {
		name string
		dst  *time.Time
		next bool
	}{{"from", &f.From, false}, {"to", &f.To, true}} {
		if v := c.Query(d.name); v != "" {
			date, err := domain.ParseDate(v)
			if err != nil {
				return f, badRequest(d.name + " must be a date YYYY-MM-DD")
			}
			if d.next {
				date = date.AddDays(1)
			}
			*d.dst = date.Start(loc)
		}
	}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return f, badRequest("limit must be a positive whole number")
		}
		f.Limit = n
	}
	return f, nil
}

// apiAudit: GET /api/v1/admin/audit.
func (s *Server) apiAudit(c *fiber.Ctx) error {
	f, err := auditFilter(c, actor(c).Person.Location())
	if err != nil {
		return err
	}
	return allJSON(c, func(ctx context.Context, a domain.Actor) ([]domain.AuditView, error) {
		return s.svc.AuditLog(ctx, a, f)
	})
}

type auditPage struct {
	Page
	Entries                                  []domain.AuditView
	PersonID, ObjectType, ObjectID, From, To string
	ObjectTypes                              []string
	Older                                    string // query string of the next page
}

func (s *Server) auditPageHandler(c *fiber.Ctx) error {
	if err := s.svc.Authorize(*actor(c), domain.ActReadAudit); err != nil {
		return err
	}
	f, err := auditFilter(c, actor(c).Person.Location())
	if err != nil {
		return err
	}
	f.Limit = 100
	entries, err := s.svc.AuditLog(c.UserContext(), *actor(c), f)
	if err != nil {
		return err
	}
	data := auditPage{Page: s.page(c, "Audit log"), Entries: entries, PersonID: c.Query("person_id"),
		ObjectType: c.Query("object_type"), ObjectID: c.Query("object_id"), From: c.Query("from"), To: c.Query("to"),
		ObjectTypes: []string{"person", "programme", "pairing", "checkin", "engagement", "session", "api_token"}}
	if len(entries) == f.Limit {
		q := c.Context().QueryArgs()
		q.Set("before", strconv.FormatInt(entries[len(entries)-1].ID, 10))
		data.Older = string(q.QueryString())
	}
	return s.render(c, "audit", data)
}
