package views

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

// Profiles and the organisation's tags: a person's bio, skills offered,
// topics wanted, languages and working hours, edited by themselves or an
// admin on one form and over the API; admins curate the tag list.

type profileRequest struct {
	Bio       *string   `json:"bio"`
	Offers    *[]string `json:"offers"`
	Wants     *[]string `json:"wants"`
	Languages *[]string `json:"languages"`
	WorkStart *string   `json:"work_start"`
	WorkEnd   *string   `json:"work_end"`
}

func (r profileRequest) patch() domain.ProfilePatch {
	return domain.ProfilePatch{Bio: r.Bio, Offers: r.Offers, Wants: r.Wants, Languages: r.Languages,
		WorkStart: r.WorkStart, WorkEnd: r.WorkEnd}
}

// apiMyProfile answers GET /api/v1/me/profile.
func (s *Server) apiMyProfile(c *fiber.Ctx) error {
	p, err := s.svc.Profile(c.UserContext(), *actor(c), actor(c).Person.ID)
	if err != nil {
		return err
	}
	return c.JSON(p)
}

// apiUpdateMyProfile answers PATCH /api/v1/me/profile.
func (s *Server) apiUpdateMyProfile(c *fiber.Ctx) error {
	var req profileRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	p, err := s.svc.UpdateProfile(c.UserContext(), *actor(c), actor(c).Person.ID, req.patch())
	if err != nil {
		return err
	}
	return c.JSON(p)
}

// apiGetProfile answers GET /api/v1/people/{id}/profile.
func (s *Server) apiGetProfile(c *fiber.Ctx) error {
	return jsonByID(c, s.svc.Profile)
}

// apiUpdateProfile answers PATCH /api/v1/people/{id}/profile.
func (s *Server) apiUpdateProfile(c *fiber.Ctx) error {
	return patchJSON(c, func(ctx context.Context, a domain.Actor, id int64, req profileRequest) (domain.Profile, error) {
		return s.svc.UpdateProfile(ctx, a, id, req.patch())
	})
}

// apiListTags answers GET /api/v1/tags.
func (s *Server) apiListTags(c *fiber.Ctx) error {
	ts, err := s.svc.Tags(c.UserContext(), *actor(c))
	if err != nil {
		return err
	}
	return c.JSON(items(ts))
}

type tagRequest struct {
	Name string `json:"name"`
}

// apiCreateTag answers POST /api/v1/tags: 201 with the tag.
func (s *Server) apiCreateTag(c *fiber.Ctx) error {
	if !actor(c).IsAdmin() {
		return domain.ForbiddenText("error.profile.tags_admin_only")
	}
	var req tagRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	t, err := s.svc.CreateTag(c.UserContext(), *actor(c), req.Name)
	if err != nil {
		return err
	}
	return created(c, "/api/v1/tags/", t.ID, t)
}

// apiDeleteTag answers DELETE /api/v1/tags/{id}: 204.
func (s *Server) apiDeleteTag(c *fiber.Ctx) error {
	return doByID(c, s.svc.DeleteTag, func(int64) error { return c.SendStatus(fiber.StatusNoContent) })
}

// Pages.

// tagChoice is one curated tag as a tick box.
type tagChoice struct {
	Name    string
	Checked bool
}

// profileForm is the profile form as typed.
type profileForm struct {
	Bio                     string
	Offers, Wants           []tagChoice
	OffersOther, WantsOther string
	Languages               string
	WorkStart, WorkEnd      string
}

type profilePage struct {
	Page
	Person domain.Person
	Form   profileForm
	Errors map[string]string
}

// choices splits a profile's tags into the curated ones, ticked, and the
// others, written out.
func choices(curated []domain.Tag, have []string) ([]tagChoice, string) {
	out := make([]tagChoice, len(curated))
	taken := map[string]bool{}
	for i, t := range curated {
		out[i].Name = t.Name
		if slices.Contains(have, t.Name) {
			out[i].Checked, taken[t.Name] = true, true
		}
	}
	var other []string
	for _, h := range have {
		if !taken[h] {
			other = append(other, h)
		}
	}
	return out, strings.Join(other, ", ")
}

func (s *Server) profilePageData(c *fiber.Ctx, id int64) (*profilePage, error) {
	ctx, a := c.UserContext(), *actor(c)
	p, err := s.svc.Profile(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !p.Can.Edit {
		return nil, domain.ForbiddenText("error.profile.not_yours")
	}
	person, err := s.svc.GetPerson(ctx, a, id)
	if err != nil {
		return nil, err
	}
	tags, err := s.svc.Tags(ctx, a)
	if err != nil {
		return nil, err
	}
	f := profileForm{Bio: p.Bio, Languages: strings.Join(p.Languages, ", "), WorkStart: p.WorkStart, WorkEnd: p.WorkEnd}
	f.Offers, f.OffersOther = choices(tags, p.Offers)
	f.Wants, f.WantsOther = choices(tags, p.Wants)
	title := s.words(c).T("title.profile_of", "Name", person.Name)
	if id == a.Person.ID {
		title = s.words(c).T("title.your_profile")
	}
	return &profilePage{Page: s.page(c, title), Person: person, Form: f}, nil
}

// profileEditPage shows the profile form.
func (s *Server) profileEditPage(c *fiber.Ctx) error {
	return pageByID(s, c, "profile_form", func(id int64) (*profilePage, error) { return s.profilePageData(c, id) })
}

// splitList reads a comma-separated field.
func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// formTags reads the ticked tags (the check boxes "name[]") and the
// written ones ("name_other") of one list.
func formTags(c *fiber.Ctx, name string) []string {
	out := []string{}
	for _, v := range c.Request().PostArgs().PeekMulti(name + "[]") {
		out = append(out, string(v))
	}
	return append(out, splitList(c.FormValue(name+"_other"))...)
}

// profileEditSubmit saves the profile form.
func (s *Server) profileEditSubmit(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	bio, start, end := copyString(c.FormValue("bio")), copyString(c.FormValue("work_start")), copyString(c.FormValue("work_end"))
	offers, wants := formTags(c, "offers"), formTags(c, "wants")
	langs := splitList(copyString(c.FormValue("languages")))
	_, err = s.svc.UpdateProfile(c.UserContext(), *actor(c), id, domain.ProfilePatch{Bio: &bio, Offers: &offers, Wants: &wants,
		Languages: &langs, WorkStart: &start, WorkEnd: &end})
	if err != nil {
		return refill(s, c, err, "profile_form", func() (*profilePage, error) { return s.profilePageData(c, id) },
			func(p *profilePage, fields map[string]string) {
				p.Errors = fields
				p.Form.Bio, p.Form.WorkStart, p.Form.WorkEnd = bio, start, end
				p.Form.Languages = copyString(c.FormValue("languages"))
				tags := make([]domain.Tag, len(p.Form.Offers))
				for i, t := range p.Form.Offers {
					tags[i] = domain.Tag{Name: t.Name}
				}
				p.Form.Offers, p.Form.OffersOther = choices(tags, offers)
				p.Form.Wants, p.Form.WantsOther = choices(tags, wants)
			})
	}
	return s.redirectWithFlash(c, "/people/"+strconv.FormatInt(id, 10), s.words(c).T("flash.profile_saved"))
}

type tagsPage struct {
	Page
	Tags []domain.Tag
	Name string
	// Errors are the add form's, DeleteErrors the delete form's (by tag).
	Errors       map[string]string
	DeleteErrors map[string]string
	DeleteID     int64
}

func (s *Server) tagsPageData(c *fiber.Ctx) (*tagsPage, error) {
	if !actor(c).IsAdmin() {
		return nil, domain.ForbiddenText("error.profile.tags_admin_only")
	}
	ts, err := s.svc.Tags(c.UserContext(), *actor(c))
	if err != nil {
		return nil, err
	}
	return &tagsPage{Page: s.page(c, s.words(c).T("title.tags")), Tags: ts}, nil
}

// tagsAdminPage lists the organisation's tags, to add and remove.
func (s *Server) tagsAdminPage(c *fiber.Ctx) error {
	p, err := s.tagsPageData(c)
	if err != nil {
		return err
	}
	return s.render(c, "tags", p)
}

// tagCreateSubmit adds a tag.
func (s *Server) tagCreateSubmit(c *fiber.Ctx) error {
	name := copyString(c.FormValue("name"))
	t, err := s.svc.CreateTag(c.UserContext(), *actor(c), name)
	if err != nil {
		return refill(s, c, err, "tags", func() (*tagsPage, error) { return s.tagsPageData(c) },
			func(p *tagsPage, fields map[string]string) { p.Errors, p.Name = fields, name })
	}
	return s.redirectWithFlash(c, "/admin/tags", t.Name+" was added to the list.")
}

// tagDeleteSubmit removes a tag, once its box is ticked.
func (s *Server) tagDeleteSubmit(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	var v domain.ValidationError
	confirmed(c, &v, "confirm.remove_tag")
	err = v.Err()
	if err == nil {
		err = s.svc.DeleteTag(c.UserContext(), *actor(c), id)
	}
	if err != nil {
		return refillForm(s, c, err, "tags", "delete-"+strconv.FormatInt(id, 10), func() (*tagsPage, error) { return s.tagsPageData(c) },
			func(p *tagsPage, fields map[string]string) { p.DeleteErrors, p.DeleteID = fields, id })
	}
	return s.redirectWithFlash(c, "/admin/tags", s.words(c).T("flash.tag_removed"))
}
