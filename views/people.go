package views

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

// optInt is a JSON field that may be absent, null or a number, so PATCH can
// tell "leave it" from "clear it".
type optInt struct {
	Set   bool
	Value *int
}

func (o *optInt) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		o.Value = nil
		return nil
	}
	var n int
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	o.Value = &n
	return nil
}

func (o optInt) patch() **int {
	if !o.Set {
		return nil
	}
	return &o.Value
}

type personRequest struct {
	Name        *string      `json:"name"`
	Email       *string      `json:"email"`
	JobTitle    *string      `json:"job_title"`
	Department  *string      `json:"department"`
	Seniority   *int         `json:"seniority"`
	Timezone    *string      `json:"timezone"`
	Language    *string      `json:"language"`
	External    *bool        `json:"external"`
	Role        *domain.Role `json:"role"`
	Active      *bool        `json:"active"`
	MaxMentees  optInt       `json:"max_mentees"`
	MaxCoachees optInt       `json:"max_coachees"`
	Password    *string      `json:"password"`
}

func (r personRequest) input() domain.PersonInput {
	return domain.PersonInput{
		Name: orZero(r.Name), Email: orZero(r.Email), JobTitle: orZero(r.JobTitle), Department: orZero(r.Department),
		Seniority: orZero(r.Seniority), Timezone: orZero(r.Timezone), Language: orZero(r.Language), External: orZero(r.External), Role: orZero(r.Role),
		Inactive: r.Active != nil && !*r.Active, MaxMentees: r.MaxMentees.Value, MaxCoachees: r.MaxCoachees.Value,
		Password: orZero(r.Password),
	}
}

func (r personRequest) patch() domain.PersonPatch {
	return domain.PersonPatch{
		Name: r.Name, Email: r.Email, JobTitle: r.JobTitle, Department: r.Department, Seniority: r.Seniority,
		Timezone: r.Timezone, Language: r.Language, External: r.External, Role: r.Role, Active: r.Active,
		MaxMentees: r.MaxMentees.patch(), MaxCoachees: r.MaxCoachees.patch(), Password: r.Password,
	}
}

func (s *Server) apiListPeople(c *fiber.Ctx) error {
	return listJSON(c, func(ctx context.Context, a domain.Actor, limit int, after int64) ([]domain.Person, error) {
		return s.svc.ListPeople(ctx, a, domain.PeopleFilter{Query: c.Query("q"), Limit: limit, After: after})
	})
}

func (s *Server) apiCreatePerson(c *fiber.Ctx) error {
	return createJSON(s, c, domain.ActAddPerson, "/api/v1/people/",
		func(ctx context.Context, a domain.Actor, req personRequest) (domain.Person, int64, error) {
			p, err := s.svc.CreatePerson(ctx, a, req.input())
			return p, p.ID, err
		})
}

func (s *Server) apiGetPerson(c *fiber.Ctx) error { return jsonByID(c, s.svc.GetPerson) }

func (s *Server) apiUpdatePerson(c *fiber.Ctx) error {
	if _, err := paramID(c, "id"); err != nil {
		return err
	}
	// Only an admin's body is read at all.
	if err := s.svc.Authorize(*actor(c), domain.ActEditPerson); err != nil {
		return err
	}
	return patchJSON(c, func(ctx context.Context, a domain.Actor, id int64, req personRequest) (domain.Person, error) {
		return s.svc.UpdatePerson(ctx, a, id, req.patch())
	})
}

// Pages.

type peoplePage struct {
	Page
	Query  string
	People []domain.Person
	Next   int64
}

func (s *Server) peoplePage(c *fiber.Ctx) error {
	q := copyString(c.Query("q"))
	people, next, err := onePage(c, func(ctx context.Context, a domain.Actor, limit int, after int64) ([]domain.Person, error) {
		return s.svc.ListPeople(ctx, a, domain.PeopleFilter{Query: q, Limit: limit, After: after})
	}, func(p domain.Person) int64 { return p.ID })
	if err != nil {
		return err
	}
	return s.render(c, "people", peoplePage{Page: s.page(c, s.words(c).T("title.people")), Query: q, People: people, Next: next})
}

// personPage is a person's page: who they are, their relationships, load
// and meetings ahead, as much as the viewer may see (the domain's read model).
type personPage struct {
	Page
	domain.PersonOverview
	UpcomingDays int
}

func (s *Server) personPage(c *fiber.Ctx) error {
	return pageByID(s, c, "person", func(id int64) (personPage, error) {
		o, err := s.svc.PersonOverview(c.UserContext(), *actor(c), id)
		return personPage{Page: s.page(c, o.Person.Name), PersonOverview: o, UpcomingDays: domain.PersonUpcomingDays}, err
	})
}

// personForm is the person form's values as typed, so a form with errors
// comes back with the user's input kept.
type personForm struct {
	Name, Email, JobTitle, Department, Seniority, Timezone, Language, Role, MaxMentees, MaxCoachees string
	External, Active                                                                                bool
}

type personFormPage struct {
	Page
	ID        int64 // 0 for a new person
	Form      personForm
	Errors    map[string]string
	Timezones []string
}

func formFromPerson(p domain.Person) personForm {
	f := personForm{Name: p.Name, Email: p.Email, JobTitle: p.JobTitle, Department: p.Department,
		Seniority: strconv.Itoa(p.Seniority), Timezone: p.Timezone, Language: p.Language, Role: string(p.Role),
		External: p.External, Active: p.Active}
	if p.MaxMentees != nil {
		f.MaxMentees = strconv.Itoa(*p.MaxMentees)
	}
	if p.MaxCoachees != nil {
		f.MaxCoachees = strconv.Itoa(*p.MaxCoachees)
	}
	return f
}

func readPersonForm(c *fiber.Ctx) personForm {
	return personForm{
		Name: copyString(c.FormValue("name")), Email: copyString(c.FormValue("email")),
		JobTitle: copyString(c.FormValue("job_title")), Department: copyString(c.FormValue("department")),
		Seniority: copyString(c.FormValue("seniority")), Timezone: copyString(c.FormValue("timezone")),
		Language: copyString(c.FormValue("language")), Role: copyString(c.FormValue("role")), MaxMentees: copyString(c.FormValue("max_mentees")),
		MaxCoachees: copyString(c.FormValue("max_coachees")),
		External:    c.FormValue("external") == "on", Active: c.FormValue("active") == "on",
	}
}

// numbers parses the form's numeric fields, collecting errors.
func (f personForm) numbers(v *domain.ValidationError) (seniority int, maxMentees, maxCoachees *int) {
	n, err := strconv.Atoi(strings.TrimSpace(f.Seniority))
	if err != nil {
		v.AddText("seniority", "error.views.seniority")
	}
	opt := func(field, s string) *int {
		s = strings.TrimSpace(s)
		if s == "" {
			return nil
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			v.AddText(field, "error.views.limit")
			return nil
		}
		return &n
	}
	return n, opt("max_mentees", f.MaxMentees), opt("max_coachees", f.MaxCoachees)
}

func (s *Server) personNewPage(c *fiber.Ctx) error {
	if err := s.svc.Authorize(*actor(c), domain.ActAddPerson); err != nil {
		return err
	}
	f := personForm{Seniority: "5", Timezone: s.svc.Config().OrgLocation.String(), Role: string(domain.RoleMember), Active: true}
	return s.render(c, "person_form", personFormPage{Page: s.page(c, s.words(c).T("title.new_person")), Form: f, Timezones: allTimezones})
}

func (s *Server) personCreateSubmit(c *fiber.Ctx) error {
	if err := s.svc.Authorize(*actor(c), domain.ActAddPerson); err != nil {
		return err
	}
	f := readPersonForm(c)
	var v domain.ValidationError
	sen, mm, mc := f.numbers(&v)
	err := v.Err()
	var p domain.Person
	if err == nil {
		p, err = s.svc.CreatePerson(c.UserContext(), *actor(c), domain.PersonInput{
			Name: f.Name, Email: f.Email, JobTitle: f.JobTitle, Department: f.Department, Seniority: sen,
			Timezone: f.Timezone, Language: f.Language, External: f.External, Role: domain.Role(f.Role), MaxMentees: mm, MaxCoachees: mc,
			Password: c.FormValue("password"),
		})
	}
	if err != nil {
		return s.formError(c, err, "person_form", &personFormPage{Page: s.page(c, s.words(c).T("title.new_person")), Form: f, Timezones: allTimezones})
	}
	return s.redirectWithFlash(c, "/people/"+strconv.FormatInt(p.ID, 10), s.words(c).T("flash.person_added", "Name", p.Name))
}

func (s *Server) personEditPage(c *fiber.Ctx) error {
	return pageByID(s, c, "person_form", func(id int64) (personFormPage, error) {
		p, err := s.svc.PersonToEdit(c.UserContext(), *actor(c), id)
		return personFormPage{Page: s.page(c, s.words(c).T("title.edit", "Name", p.Name)), ID: id, Form: formFromPerson(p), Timezones: allTimezones}, err
	})
}

func (s *Server) personEditSubmit(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	if err := s.svc.Authorize(*actor(c), domain.ActEditPerson); err != nil {
		return err
	}
	f := readPersonForm(c)
	var v domain.ValidationError
	sen, mm, mc := f.numbers(&v)
	err = v.Err()
	var p domain.Person
	if err == nil {
		role := domain.Role(f.Role)
		patch := domain.PersonPatch{Name: &f.Name, Email: &f.Email, JobTitle: &f.JobTitle, Department: &f.Department,
			Seniority: &sen, Timezone: &f.Timezone, Language: &f.Language, External: &f.External, Role: &role, Active: &f.Active,
			MaxMentees: &mm, MaxCoachees: &mc}
		if pw := c.FormValue("password"); pw != "" {
			pw = copyString(pw)
			patch.Password = &pw
		}
		p, err = s.svc.UpdatePerson(c.UserContext(), *actor(c), id, patch)
	}
	if err != nil {
		return s.formError(c, err, "person_form", &personFormPage{Page: s.page(c, s.words(c).T("title.edit_person")), ID: id, Form: f, Timezones: allTimezones})
	}
	return s.redirectWithFlash(c, "/people/"+strconv.FormatInt(p.ID, 10), s.words(c).T("flash.person_saved", "Name", p.Name))
}

// formError re-renders a form with the error beside its fields and the
// summary on top (failForm); errors not about the input go on to the
// error handler.
func (s *Server) formError(c *fiber.Ctx, err error, page string, data interface {
	setErrors(map[string]string, string)
	summaryHolder
}) error {
	return s.failForm(c, err, page, "", data, func(fields map[string]string) { data.setErrors(fields, "") })
}

func (p *personFormPage) setErrors(fields map[string]string, _ string) { p.Errors = fields }
