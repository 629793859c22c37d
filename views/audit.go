package views

import (
	"context"
	"html/template"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
	"cairn/domain/lang"
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
	f.Action = copyString(c.Query("action"))
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

// auditPageSize is how many entries an audit page shows.
const auditPageSize = 50

// auditRow is one entry as the page shows it: its object named, its
// changes in words, ids of people and programmes named.
type auditRow struct {
	domain.AuditView
	Path    string // the object's page, "" when it has none
	About   string // the object's people or name in words, "" when none
	Changes []auditChange
}

// namesWords is names as a sentence names them: "Ada", "Ada and Leo".
func namesWords(w *lang.Words, names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	last := len(names) - 1
	return w.T("words.two_names", "First", strings.Join(names[:last], ", "), "Second", names[last])
}

type auditChange struct {
	Label         string
	Before, After template.HTML
}

type auditPage struct {
	Page
	Rows                                                     []auditRow
	PersonID, Action, ObjectType, ObjectID, From, To, Filter string
	People                                                   []domain.Person
	Actions, ObjectTypes                                     []string
	Newer, Older                                             string // links to the neighbouring pages
}

// auditRows turns entries into rows: ids of people and programmes in their
// changes named (and linked) from what the page has read, other values in
// words.
func auditRows(w *lang.Words, entries []domain.AuditView, people map[int64]string, programmes map[int64]string, loc *time.Location) []auditRow {
	value := func(k string, v any) template.HTML {
		if n, ok := v.(float64); ok {
			names := map[string]map[int64]string{"person": people, "programme": programmes}[idFields[k]]
			if name := names[int64(n)]; name != "" {
				return template.HTML(`<a href="` + template.HTMLEscapeString(objectPath(idFields[k], int64(n))) + `">` +
					template.HTMLEscapeString(name) + `</a>`)
			}
		}
		return changeValue(w, k, v, loc)
	}
	out := make([]auditRow, len(entries))
	for i, e := range entries {
		r := auditRow{AuditView: e, Path: objectPath(e.ObjectType, e.ObjectID), About: namesWords(w, e.ObjectNames)}
		keys := make([]string, 0, len(e.Changes))
		for k := range e.Changes {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if k == "subject" && r.About != "" {
				continue // named in the About column
			}
			ch := auditChange{Label: label(w, k), After: value(k, e.Changes[k].After)}
			if e.Changes[k].Before != nil {
				ch.Before = value(k, e.Changes[k].Before)
			}
			r.Changes = append(r.Changes, ch)
		}
		out[i] = r
	}
	return out
}

func (s *Server) auditPageHandler(c *fiber.Ctx) error {
	ctx, a := c.UserContext(), *actor(c)
	if err := s.svc.Authorize(a, domain.ActReadAudit); err != nil {
		return err
	}
	f, err := auditFilter(c, a.Person.Location())
	if err != nil {
		return err
	}
	// ?before= walks to older entries, ?newer= to newer ones.
	if f.After, err = queryID(c, "newer"); err != nil {
		return err
	}
	if f.After > 0 {
		f.Before = 0
	}
	f.Limit = auditPageSize + 1
	entries, err := s.svc.AuditLog(ctx, a, f)
	if err != nil {
		return err
	}
	people, err := s.svc.ListPeople(ctx, a, domain.PeopleFilter{Limit: 500})
	if err != nil {
		return err
	}
	progs, err := s.svc.ListProgrammes(ctx, a, domain.ProgrammeFilter{IncludeArchived: true, Limit: 500})
	if err != nil {
		return err
	}
	names := make(map[int64]string, len(people))
	for _, p := range people {
		names[p.ID] = p.Name
	}
	sort.SliceStable(people, func(i, j int) bool { return people[i].Name < people[j].Name })
	more := len(entries) > auditPageSize
	if more {
		if f.After > 0 {
			entries = entries[1:] // read upwards: the extra entry is the newest
		} else {
			entries = entries[:auditPageSize]
		}
	}
	data := auditPage{Page: s.page(c, s.words(c).T("title.audit_log")), Rows: auditRows(s.words(c), entries, names, programmeNames(progs), a.Person.Location()),
		PersonID: copyString(c.Query("person_id")), Action: copyString(c.Query("action")),
		ObjectType: copyString(c.Query("object_type")), ObjectID: copyString(c.Query("object_id")),
		From: copyString(c.Query("from")), To: copyString(c.Query("to")), People: people, Actions: domain.AuditActions,
		ObjectTypes: []string{"person", "programme", "pairing", "checkin", "engagement", "session", "api_token"}}
	keep := url.Values{}
	for _, k := range []string{"person_id", "action", "object_type", "object_id", "from", "to"} {
		if v := c.Query(k); v != "" {
			keep.Set(k, copyString(v))
		}
	}
	data.Filter = keep.Encode()
	link := func(name string, id int64) string {
		q := url.Values{}
		for k, v := range keep {
			q[k] = v
		}
		q.Set(name, strconv.FormatInt(id, 10))
		return "/admin/audit?" + q.Encode()
	}
	if len(entries) > 0 {
		if f.After > 0 || more {
			data.Older = link("before", entries[len(entries)-1].ID)
		}
		if (f.After > 0 && more) || (f.After == 0 && f.Before > 0) {
			data.Newer = link("newer", entries[0].ID)
		}
	}
	return s.render(c, "audit", data)
}
