package views

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

// The lists across programmes: /pairings and /engagements, and the JSON
// lists under /api/v1 read the same filters into the same use cases. Who
// sees what is the domain's: admins every relationship, others their own.

// listPageSize is how many rows a list page shows.
const listPageSize = 25

// pairingStatuses and engagementStatuses are the status filters, in the
// order the pages offer them.
var (
	pairingStatuses    = []domain.PairingStatus{domain.PairingActive, domain.PairingPaused, domain.PairingEnded}
	engagementStatuses = []domain.EngagementStatus{domain.EngagementActive, domain.EngagementCompleted, domain.EngagementCancelled}
)

// statusList reads ?status= (comma-separated) against the allowed values.
func statusList[T ~string](c *fiber.Ctx, allowed []T, say string) ([]T, error) {
	v := c.Query("status")
	if v == "" {
		return nil, nil
	}
	var out []T
	for _, part := range strings.Split(v, ",") {
		st := T(copyString(part))
		if !slices.Contains(allowed, st) {
			return nil, badRequest("status must be " + say + " (comma-separated)")
		}
		out = append(out, st)
	}
	return out, nil
}

// pairingFilterOf reads ?programme_id=&status=&person_id=.
func pairingFilterOf(c *fiber.Ctx) (domain.PairingFilter, error) {
	var f domain.PairingFilter
	var err error
	if f.ProgrammeID, err = queryID(c, "programme_id"); err != nil {
		return f, err
	}
	if f.PersonID, err = queryID(c, "person_id"); err != nil {
		return f, err
	}
	if f.Health, err = healthOf(c); err != nil {
		return f, err
	}
	f.Statuses, err = statusList(c, pairingStatuses, "active, paused or ended")
	return f, err
}

// healthOf reads ?health=.
func healthOf(c *fiber.Ctx) (domain.Health, error) {
	h := domain.Health(c.Query("health"))
	if h != "" && !slices.Contains(domain.Healths, h) {
		return "", badRequest("health must be on_track, needs_attention or at_risk")
	}
	return domain.Health(copyString(string(h))), nil
}

// engagementFilterOf reads ?programme_id=&status=&person_id=.
func engagementFilterOf(c *fiber.Ctx) (domain.EngagementFilter, error) {
	var f domain.EngagementFilter
	var err error
	if f.ProgrammeID, err = queryID(c, "programme_id"); err != nil {
		return f, err
	}
	if f.PersonID, err = queryID(c, "person_id"); err != nil {
		return f, err
	}
	if f.Health, err = healthOf(c); err != nil {
		return f, err
	}
	f.Statuses, err = statusList(c, engagementStatuses, "active, completed or cancelled")
	return f, err
}

// listCursor is a list page's place: after or before an id.
type listCursor struct{ After, Before int64 }

func cursorOf(c *fiber.Ctx) (listCursor, error) {
	var k listCursor
	var err error
	if k.After, err = queryID(c, "after"); err != nil {
		return k, err
	}
	k.Before, err = queryID(c, "before")
	return k, err
}

// pager turns one more row than a page holds into the page and the links
// to its neighbours, each keeping the filters in q.
type pager struct {
	Prev, Next string // links; empty when there is no such page
}

// pageOf cuts rows (read with limit listPageSize+1) to a page and links
// its neighbours at path.
func pageOf[T any](rows []T, id func(T) int64, k listCursor, path string, q url.Values) ([]T, pager) {
	var p pager
	more := len(rows) > listPageSize
	if more {
		if k.Before > 0 {
			rows = rows[1:] // read backwards: the extra row is the oldest
		} else {
			rows = rows[:listPageSize]
		}
	}
	if len(rows) == 0 {
		return rows, p
	}
	link := func(name string, v int64) string {
		w := url.Values{}
		for key, vs := range q {
			w[key] = vs
		}
		w.Set(name, strconv.FormatInt(v, 10))
		return path + "?" + w.Encode()
	}
	first, last := id(rows[0]), id(rows[len(rows)-1])
	if (k.Before > 0 && more) || (k.Before == 0 && k.After > 0) {
		p.Prev = link("before", first)
	}
	if k.Before > 0 || more {
		p.Next = link("after", last)
	}
	return rows, p
}

// listFilters is what the filter form shows: the chosen values and the
// choices.
type listFilters struct {
	ProgrammeID, PersonID, Status, Health string
	Programmes                            []domain.Programme
	People                                []domain.Person
	Healths                               []healthOption
	Query                                 url.Values // the filters, for the paging links
}

// healthOption is one choice of the health filter.
type healthOption struct{ Value, Label string }

// filtersOf reads the filter form's choices: the programmes of one kind the
// viewer knows and the people they may pick.
func (s *Server) filtersOf(c *fiber.Ctx, kind domain.ProgrammeKind) (listFilters, error) {
	ctx, a := c.UserContext(), *actor(c)
	f := listFilters{ProgrammeID: copyString(c.Query("programme_id")), PersonID: copyString(c.Query("person_id")),
		Status: copyString(c.Query("status")), Health: copyString(c.Query("health")), Query: url.Values{}}
	for _, h := range domain.Healths {
		f.Healths = append(f.Healths, healthOption{Value: string(h), Label: wordOf(s.words(c), "Health", string(h))})
	}
	for _, k := range []string{"programme_id", "person_id", "status", "health"} {
		if v := c.Query(k); v != "" {
			f.Query.Set(k, copyString(v))
		}
	}
	progs, err := s.svc.ListProgrammes(ctx, a, domain.ProgrammeFilter{IncludeArchived: true, Limit: 500})
	if err != nil {
		return f, err
	}
	for _, p := range progs {
		if p.Kind == kind {
			f.Programmes = append(f.Programmes, p)
		}
	}
	if f.People, err = s.pickablePeople(c, kind); err != nil {
		return f, err
	}
	slices.SortStableFunc(f.People, func(x, y domain.Person) int { return strings.Compare(x.Name, y.Name) })
	return f, nil
}

// pickablePeople are the people the person filter offers: the directory to
// whoever sees every relationship; to anyone else the people they share a
// relationship of this kind with (themselves included).
func (s *Server) pickablePeople(c *fiber.Ctx, kind domain.ProgrammeKind) ([]domain.Person, error) {
	ctx, a := c.UserContext(), *actor(c)
	if domain.OrgAbilitiesOf(a).SeeAllRelationships {
		return s.svc.ListPeople(ctx, a, domain.PeopleFilter{Limit: 500})
	}
	seen := map[int64]bool{}
	var out []domain.Person
	add := func(refs ...domain.PersonRef) {
		for _, r := range refs {
			if !seen[r.ID] {
				seen[r.ID] = true
				out = append(out, domain.Person{ID: r.ID, Name: r.Name})
			}
		}
	}
	if kind == domain.KindMentoring {
		ps, err := s.svc.ListPairings(ctx, a, domain.PairingFilter{Limit: 500})
		for _, p := range ps {
			add(p.Mentor, p.Mentee)
		}
		return out, err
	}
	es, err := s.svc.ListEngagements(ctx, a, domain.EngagementFilter{Limit: 500})
	for _, e := range es {
		add(e.Coach, e.Coachee)
	}
	return out, err
}

// programmeNames names programmes by id.
func programmeNames(ps []domain.Programme) map[int64]string {
	out := make(map[int64]string, len(ps))
	for _, p := range ps {
		out[p.ID] = p.Name
	}
	return out
}

type pairingListPage struct {
	Page
	Filters  listFilters
	Statuses []domain.PairingStatus
	Pairings []pairingSummary
	Names    map[int64]string // programme names
	Pager    pager
}

// pairingListHandler: GET /pairings, every pairing the viewer may see.
func (s *Server) pairingListHandler(c *fiber.Ctx) error {
	f, err := pairingFilterOf(c)
	if err != nil {
		return err
	}
	rows, filters, pg, err := pagedRows(s, c, domain.KindMentoring, "/pairings", func(p domain.Pairing) int64 { return p.ID },
		func(k listCursor) ([]domain.Pairing, error) {
			f.After, f.Before, f.Limit = k.After, k.Before, listPageSize+1
			return s.svc.ListPairings(c.UserContext(), *actor(c), f)
		})
	if err != nil {
		return err
	}
	return s.render(c, "pairing_list", pairingListPage{Page: s.page(c, s.words(c).T("title.pairings")), Filters: filters,
		Statuses: pairingStatuses, Pairings: s.summarise(s.words(c), rows), Names: programmeNames(filters.Programmes), Pager: pg})
}

// pagedRows reads one page of a list across programmes: the cursor and the
// programme filters from the query, then list within the cursor's bounds,
// cut to the page with links that keep the filters.
func pagedRows[T any](s *Server, c *fiber.Ctx, kind domain.ProgrammeKind, path string, id func(T) int64,
	list func(k listCursor) ([]T, error)) ([]T, listFilters, pager, error) {
	k, err := cursorOf(c)
	if err != nil {
		return nil, listFilters{}, pager{}, err
	}
	filters, err := s.filtersOf(c, kind)
	if err != nil {
		return nil, listFilters{}, pager{}, err
	}
	rows, err := list(k)
	if err != nil {
		return nil, listFilters{}, pager{}, err
	}
	rows, pg := pageOf(rows, id, k, path, filters.Query)
	return rows, filters, pg, nil
}

type engagementListPage struct {
	Page
	Filters     listFilters
	Statuses    []domain.EngagementStatus
	Engagements []domain.Engagement
	Names       map[int64]string
	Pager       pager
}

// engagementListHandler: GET /engagements, every engagement the viewer may see.
func (s *Server) engagementListHandler(c *fiber.Ctx) error {
	f, err := engagementFilterOf(c)
	if err != nil {
		return err
	}
	rows, filters, pg, err := pagedRows(s, c, domain.KindCoaching, "/engagements", func(e domain.Engagement) int64 { return e.ID },
		func(k listCursor) ([]domain.Engagement, error) {
			f.After, f.Before, f.Limit = k.After, k.Before, listPageSize+1
			return s.svc.ListEngagements(c.UserContext(), *actor(c), f)
		})
	if err != nil {
		return err
	}
	return s.render(c, "engagement_list", engagementListPage{Page: s.page(c, s.words(c).T("title.engagements")), Filters: filters,
		Statuses: engagementStatuses, Engagements: rows, Names: programmeNames(filters.Programmes), Pager: pg})
}
