package views

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

// optDate is a JSON date field that may be absent, null or "YYYY-MM-DD".
type optDate struct {
	Set   bool
	Value domain.Date
}

func (o *optDate) UnmarshalJSON(b []byte) error {
	o.Set = true
	return o.Value.UnmarshalJSON(b)
}

func (o optDate) patch() *domain.Date {
	if !o.Set {
		return nil
	}
	return &o.Value
}

type programmeRequest struct {
	Name               *string                 `json:"name"`
	Kind               *domain.ProgrammeKind   `json:"kind"`
	Description        *string                 `json:"description"`
	StartsOn           optDate                 `json:"starts_on"`
	EndsOn             optDate                 `json:"ends_on"`
	CheckinCadenceDays optInt                  `json:"checkin_cadence_days"`
	Archived           *bool                   `json:"archived"`
	NudgesEnabled      *bool                   `json:"nudges_enabled"`
	NudgeAfterDays     *int                    `json:"nudge_after_days"`
	Matching           *domain.MatchingMode    `json:"matching"`
	RequiresSignup     *bool                   `json:"requires_signup"`
	RequestExpiryDays  *int                    `json:"request_expiry_days"`
	MentorSeniority    *domain.MentorSeniority `json:"mentor_seniority"`
	MatchSettings      *matchSettingsRequest   `json:"match_settings"`
}

// matchSettingsRequest changes some of a programme's match settings.
type matchSettingsRequest struct {
	WeightTopics     *int `json:"weight_topics"`
	WeightSeniority  *int `json:"weight_seniority"`
	WeightDepartment *int `json:"weight_department"`
	WeightHours      *int `json:"weight_hours"`
	WeightLanguage   *int `json:"weight_language"`
	WeightCapacity   *int `json:"weight_capacity"`
	SeniorityMin     *int `json:"seniority_min"`
	SeniorityMax     *int `json:"seniority_max"`
}

func (r matchSettingsRequest) patch() *domain.MatchSettingsPatch {
	return &domain.MatchSettingsPatch{WeightTopics: r.WeightTopics, WeightSeniority: r.WeightSeniority,
		WeightDepartment: r.WeightDepartment, WeightHours: r.WeightHours, WeightLanguage: r.WeightLanguage,
		WeightCapacity: r.WeightCapacity, SeniorityMin: r.SeniorityMin, SeniorityMax: r.SeniorityMax}
}

func (r programmeRequest) patch() domain.ProgrammePatch {
	p := domain.ProgrammePatch{Name: r.Name, Kind: r.Kind, Description: r.Description, StartsOn: r.StartsOn.patch(),
		EndsOn: r.EndsOn.patch(), CheckinCadenceDays: r.CheckinCadenceDays.patch(), Archived: r.Archived,
		Matching: r.Matching, RequiresSignup: r.RequiresSignup, RequestExpiryDays: r.RequestExpiryDays,
		MentorSeniority: r.MentorSeniority}
	if r.NudgesEnabled != nil || r.NudgeAfterDays != nil {
		p.Nudges = &domain.NudgeSettingsPatch{Enabled: r.NudgesEnabled, GraceDays: r.NudgeAfterDays}
	}
	if r.MatchSettings != nil {
		p.Match = r.MatchSettings.patch()
	}
	return p
}

func (r programmeRequest) programme() domain.Programme {
	p := domain.Programme{Name: orZero(r.Name), Description: orZero(r.Description), StartsOn: r.StartsOn.Value,
		EndsOn: r.EndsOn.Value, CheckinCadenceDays: r.CheckinCadenceDays.Value, Matching: orZero(r.Matching),
		RequiresSignup: orZero(r.RequiresSignup), RequestExpiryDays: orZero(r.RequestExpiryDays),
		MentorSeniority: orZero(r.MentorSeniority)}
	if r.Kind != nil {
		p.Kind = *r.Kind
	}
	if r.NudgesEnabled != nil || r.NudgeAfterDays != nil {
		p.NudgeSettings = &domain.NudgeSettings{Enabled: true, GraceDays: domain.DefaultNudgeGraceDays}
		if r.NudgesEnabled != nil {
			p.Enabled = *r.NudgesEnabled
		}
		if r.NudgeAfterDays != nil {
			p.GraceDays = *r.NudgeAfterDays
		}
	}
	return p
}

func (s *Server) apiListProgrammes(c *fiber.Ctx) error {
	return listJSON(c, func(ctx context.Context, a domain.Actor, limit int, after int64) ([]domain.Programme, error) {
		return s.svc.ListProgrammes(ctx, a, domain.ProgrammeFilter{Limit: limit, After: after, IncludeArchived: c.QueryBool("archived")})
	})
}

func (s *Server) apiCreateProgramme(c *fiber.Ctx) error {
	return createJSON(s, c, domain.ActCreateProgramme, "/api/v1/programmes/",
		func(ctx context.Context, a domain.Actor, req programmeRequest) (domain.Programme, int64, error) {
			if req.Archived != nil {
				return domain.Programme{}, 0, domain.Invalid("archived", "a new programme cannot be archived")
			}
			p, err := s.svc.CreateProgramme(ctx, a, req.programme())
			return p, p.ID, err
		})
}

func (s *Server) apiGetProgramme(c *fiber.Ctx) error { return jsonByID(c, s.svc.GetProgramme) }

func (s *Server) apiUpdateProgramme(c *fiber.Ctx) error {
	return patchJSON(c, func(ctx context.Context, a domain.Actor, id int64, req programmeRequest) (domain.Programme, error) {
		return s.svc.UpdateProgramme(ctx, a, id, req.patch())
	})
}

// Pages.

type programmesPage struct {
	Page
	Programmes []domain.Programme
	Archived   bool
}

func (s *Server) programmesPage(c *fiber.Ctx) error {
	archived := c.QueryBool("archived")
	ps, err := s.svc.ListProgrammes(c.UserContext(), *actor(c), domain.ProgrammeFilter{Limit: 500, IncludeArchived: archived})
	if err != nil {
		return err
	}
	return s.render(c, "programmes", programmesPage{Page: s.page(c, s.words(c).T("title.programmes")), Programmes: ps, Archived: archived})
}

// programmePage shows a programme; each feature adds its part (the
// pairings of a mentoring programme, the engagements of a coaching one).
type programmePage struct {
	Page
	Programme domain.Programme
	Pairings  []pairingSummary // mentoring: the pairings the viewer may see
	// Engagements of a coaching programme the viewer may see.
	Engagements []domain.Engagement
	// More: the programme has more relationships than the page shows
	// (programmePageRows); the lists page has them all.
	More  bool
	Shown int
	// ArchiveErrors: the archive form came back (its box unticked).
	ArchiveErrors map[string]string
}

func (s *Server) programmePage(c *fiber.Ctx) error {
	return pageByID(s, c, "programme", func(id int64) (programmePage, error) {
		p, err := s.programmePageData(c, id)
		if err != nil {
			return programmePage{}, err
		}
		return *p, nil
	})
}

func (s *Server) programmePageData(c *fiber.Ctx, id int64) (*programmePage, error) {
	ctx, a := c.UserContext(), *actor(c)
	p, err := s.svc.GetProgramme(ctx, a, id)
	if err != nil {
		return nil, err
	}
	data := &programmePage{Page: s.page(c, p.Name), Programme: p, Shown: programmePageRows}
	switch p.Kind {
	case domain.KindMentoring:
		ps, err := s.svc.ListPairings(ctx, a, domain.PairingFilter{ProgrammeID: p.ID, Limit: programmePageRows + 1})
		if len(ps) > programmePageRows {
			ps, data.More = ps[:programmePageRows], true
		}
		data.Pairings = s.summariseIn(s.words(c), ps, data.Loc)
		return data, err
	case domain.KindCoaching:
		data.Engagements, err = s.svc.ListEngagements(ctx, a, domain.EngagementFilter{ProgrammeID: id, Limit: programmePageRows + 1})
		if len(data.Engagements) > programmePageRows {
			data.Engagements, data.More = data.Engagements[:programmePageRows], true
		}
	}
	return data, err
}

// programmePageRows is how many pairings or engagements the programme's
// page shows: enough to see how it runs; a programme of hundreds is read
// on the lists (/pairings, /engagements), which page and filter, not here.
const programmePageRows = 25

type programmeForm struct {
	Name, Kind, Description, StartsOn, EndsOn, CheckinCadenceDays string
	// Nudges ("on" or "") and NudgeAfterDays: the nudge settings, when the
	// form carried them (HasNudges: the edit form does).
	Nudges, NudgeAfterDays string
	HasNudges              bool
	// Matching, RequiresSignup ("on" or "") and RequestExpiryDays: how
	// the programme forms pairs.
	Matching, RequiresSignup, RequestExpiryDays string
	// MentorSeniority is who may mentor (more_senior or any).
	MentorSeniority string
	// Match holds the match settings as typed, by field name, when the
	// form carried them (HasMatch: the edit form of a mentoring programme).
	Match    map[string]string
	HasMatch bool
}

// matchFields are the match settings' form fields, in the form's order.
var matchFields = []string{"weight_topics", "weight_seniority", "weight_department", "weight_hours", "weight_language",
	"weight_capacity", "seniority_min", "seniority_max"}

// matchSettingsForm writes match settings as form values.
func matchSettingsForm(m domain.MatchSettings) map[string]string {
	out := map[string]string{}
	for i, n := range []int{m.WeightTopics, m.WeightSeniority, m.WeightDepartment, m.WeightHours, m.WeightLanguage,
		m.WeightCapacity, m.SeniorityMin, m.SeniorityMax} {
		out[matchFields[i]] = strconv.Itoa(n)
	}
	return out
}

// match reads the match settings of the edit form, collecting field errors.
func (f programmeForm) match(v *domain.ValidationError) *domain.MatchSettingsPatch {
	if !f.HasMatch {
		return nil
	}
	n := make([]*int, len(matchFields))
	for i, name := range matchFields {
		x, err := strconv.Atoi(strings.TrimSpace(f.Match[name]))
		if err != nil {
			v.AddText(name, "error.views.whole_number")
		}
		n[i] = &x
	}
	return &domain.MatchSettingsPatch{WeightTopics: n[0], WeightSeniority: n[1], WeightDepartment: n[2], WeightHours: n[3],
		WeightLanguage: n[4], WeightCapacity: n[5], SeniorityMin: n[6], SeniorityMax: n[7]}
}

type programmeFormPage struct {
	Page
	ID     int64
	Form   programmeForm
	Errors map[string]string
}

func (p *programmeFormPage) setErrors(fields map[string]string, _ string) { p.Errors = fields }

func readProgrammeForm(c *fiber.Ctx) programmeForm {
	f := programmeForm{Name: copyString(c.FormValue("name")), Kind: copyString(c.FormValue("kind")),
		Description: copyString(c.FormValue("description")), StartsOn: copyString(c.FormValue("starts_on")),
		EndsOn: copyString(c.FormValue("ends_on")), CheckinCadenceDays: copyString(c.FormValue("checkin_cadence_days")),
		Nudges: copyString(c.FormValue("nudges")), NudgeAfterDays: copyString(c.FormValue("nudge_after_days")),
		HasNudges: c.FormValue("nudge_settings") == "1", HasMatch: c.FormValue("match_settings") == "1", Match: map[string]string{},
		Matching: copyString(c.FormValue("matching")), RequiresSignup: copyString(c.FormValue("requires_signup")),
		RequestExpiryDays: copyString(c.FormValue("request_expiry_days")),
		MentorSeniority:   copyString(c.FormValue("mentor_seniority"))}
	for _, name := range matchFields {
		f.Match[name] = copyString(c.FormValue(name))
	}
	return f
}

// nudges reads the nudge settings of the edit form, collecting field errors.
func (f programmeForm) nudges(v *domain.ValidationError) *domain.NudgeSettingsPatch {
	if !f.HasNudges {
		return nil
	}
	on := f.Nudges == "on"
	n, err := strconv.Atoi(strings.TrimSpace(f.NudgeAfterDays))
	if err != nil {
		v.AddText("nudge_after_days", "error.views.days")
	}
	return &domain.NudgeSettingsPatch{Enabled: &on, GraceDays: &n}
}

// parse turns the typed form into a programme, collecting field errors.
func (f programmeForm) parse(v *domain.ValidationError) domain.Programme {
	p := domain.Programme{Name: f.Name, Kind: domain.ProgrammeKind(f.Kind), Description: f.Description,
		Matching: domain.MatchingMode(f.Matching), RequiresSignup: f.RequiresSignup == "on",
		MentorSeniority: domain.MentorSeniority(f.MentorSeniority)}
	if d := strings.TrimSpace(f.RequestExpiryDays); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil {
			v.AddText("request_expiry_days", "error.views.days")
		}
		p.RequestExpiryDays = n
	}
	p.StartsOn = formDate(v, "starts_on", f.StartsOn)
	p.EndsOn = formDate(v, "ends_on", f.EndsOn)
	if c := strings.TrimSpace(f.CheckinCadenceDays); c != "" && p.Kind == domain.KindMentoring {
		n, err := strconv.Atoi(c)
		if err != nil {
			v.AddText("checkin_cadence_days", "error.views.days")
		} else {
			p.CheckinCadenceDays = &n
		}
	}
	return p
}

// formDate reads an optional YYYY-MM-DD form field.
func formDate(v *domain.ValidationError, field, s string) domain.Date {
	s = strings.TrimSpace(s)
	if s == "" {
		return domain.Date{}
	}
	d, err := domain.ParseDate(s)
	switch {
	case errors.Is(err, domain.ErrInvalid):
		v.AddText(field, "error.a1.years", "From", domain.MinYear, "To", domain.MaxYear)
	case err != nil:
		v.AddText(field, "error.views.date")
	}
	return d
}

func (s *Server) programmeNewPage(c *fiber.Ctx) error {
	if err := s.svc.Authorize(*actor(c), domain.ActCreateProgramme); err != nil {
		return err
	}
	f := programmeForm{Kind: string(domain.KindMentoring), CheckinCadenceDays: strconv.Itoa(domain.DefaultCheckinCadenceDays),
		Matching: string(domain.MatchingAdmin), RequestExpiryDays: strconv.Itoa(domain.DefaultRequestExpiryDays),
		MentorSeniority: string(domain.MentorMoreSenior)}
	if k := c.Query("kind"); k == string(domain.KindCoaching) {
		f.Kind, f.CheckinCadenceDays = k, ""
	}
	return s.render(c, "programme_form", &programmeFormPage{Page: s.page(c, s.words(c).T("title.new_programme")), Form: f})
}

func (s *Server) programmeCreateSubmit(c *fiber.Ctx) error {
	if err := s.svc.Authorize(*actor(c), domain.ActCreateProgramme); err != nil {
		return err
	}
	f := readProgrammeForm(c)
	var v domain.ValidationError
	in := f.parse(&v)
	err := v.Err()
	var p domain.Programme
	if err == nil {
		p, err = s.svc.CreateProgramme(c.UserContext(), *actor(c), in)
	}
	if err != nil {
		return s.formError(c, err, "programme_form", &programmeFormPage{Page: s.page(c, s.words(c).T("title.new_programme")), Form: f})
	}
	return s.redirectWithFlash(c, "/programmes/"+strconv.FormatInt(p.ID, 10), s.words(c).T("flash.programme_created", "Name", p.Name))
}

func (s *Server) programmeEditPage(c *fiber.Ctx) error {
	return pageByID(s, c, "programme_form", func(id int64) (*programmeFormPage, error) {
		p, err := s.svc.ProgrammeToEdit(c.UserContext(), *actor(c), id)
		f := programmeForm{Name: p.Name, Kind: string(p.Kind), Description: p.Description, StartsOn: p.StartsOn.String(), EndsOn: p.EndsOn.String(),
			Matching: string(p.Matching), RequestExpiryDays: strconv.Itoa(p.RequestExpiryDays), MentorSeniority: string(p.MentorSeniority)}
		if p.RequiresSignup {
			f.RequiresSignup = "on"
		}
		if p.CheckinCadenceDays != nil {
			f.CheckinCadenceDays = strconv.Itoa(*p.CheckinCadenceDays)
		}
		if p.MatchSettings != nil {
			f.Match, f.HasMatch = matchSettingsForm(*p.MatchSettings), true
		}
		if p.NudgeSettings != nil {
			f.NudgeAfterDays = strconv.Itoa(p.GraceDays)
			if p.Enabled {
				f.Nudges = "on"
			}
		}
		return &programmeFormPage{Page: s.page(c, s.words(c).T("title.edit", "Name", p.Name)), ID: id, Form: f}, err
	})
}

func (s *Server) programmeEditSubmit(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	f := readProgrammeForm(c)
	var v domain.ValidationError
	in := f.parse(&v)
	nudges := f.nudges(&v)
	match := f.match(&v)
	err = v.Err()
	if err != nil {
		// The form's own errors are shown only to whoever may send it.
		if _, aerr := s.svc.ProgrammeToEdit(c.UserContext(), *actor(c), id); aerr != nil {
			return aerr
		}
	}
	var p domain.Programme
	if err == nil {
		cadence := in.CheckinCadenceDays
		patch := domain.ProgrammePatch{Name: &in.Name, Kind: &in.Kind,
			Description: &in.Description, StartsOn: &in.StartsOn, EndsOn: &in.EndsOn, CheckinCadenceDays: &cadence, Nudges: nudges,
			Match: match}
		if f.Matching != "" { // the form's matching fieldset came back
			patch.Matching, patch.RequiresSignup = &in.Matching, &in.RequiresSignup
		}
		if f.RequestExpiryDays != "" {
			patch.RequestExpiryDays = &in.RequestExpiryDays
		}
		if f.MentorSeniority != "" { // the form's seniority choice came back
			patch.MentorSeniority = &in.MentorSeniority
		}
		p, err = s.svc.UpdateProgramme(c.UserContext(), *actor(c), id, patch)
	}
	if err != nil {
		return s.formError(c, err, "programme_form", &programmeFormPage{Page: s.page(c, s.words(c).T("title.edit_programme")), ID: id, Form: f})
	}
	return s.redirectWithFlash(c, "/programmes/"+strconv.FormatInt(p.ID, 10), s.words(c).T("flash.changes_were_saved"))
}

func (s *Server) programmeArchiveSubmit(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	archive := c.FormValue("archived") != "false"
	var v domain.ValidationError
	if archive {
		confirmed(c, &v, "confirm.archive_programme")
	}
	err = v.Err()
	var p domain.Programme
	if err == nil {
		p, err = s.svc.UpdateProgramme(c.UserContext(), *actor(c), id, domain.ProgrammePatch{Archived: &archive})
	}
	if err != nil {
		return refillForm(s, c, err, "programme", "archive", func() (*programmePage, error) { return s.programmePageData(c, id) },
			func(p *programmePage, fields map[string]string) { p.ArchiveErrors = fields })
	}
	msg := s.words(c).T("flash.programme_archived")
	if !archive {
		msg = s.words(c).T("flash.programme_restored")
	}
	return s.redirectWithFlash(c, "/programmes/"+strconv.FormatInt(p.ID, 10), msg)
}
