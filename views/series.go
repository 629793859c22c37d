package views

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
	"cairn/domain/lang"
)

// Series: a relationship's regular time. The API reads and writes them;
// the pages set one ("Set a regular time", previewing the next dates in
// both participants' zones) and show them on the relationship's page with
// "skip this one" and "move this one".

// seriesRequest is the JSON body of POST .../series and PATCH /series/{id}.
type seriesRequest struct {
	Rule            *string           `json:"rule"`
	StartsAt        *time.Time        `json:"starts_at"`
	Timezone        *string           `json:"timezone"`
	DurationMinutes *int              `json:"duration_minutes"`
	Location        *string           `json:"location"`
	Until           *domain.Date      `json:"until"`
	Count           *int              `json:"count"`
	OnClash         *domain.ClashMode `json:"on_clash"`
	From            *time.Time        `json:"from"`
}

func (r seriesRequest) input() domain.SeriesInput {
	return domain.SeriesInput{Rule: orZero(r.Rule), StartsAt: orZero(r.StartsAt), Timezone: orZero(r.Timezone),
		DurationMinutes: orZero(r.DurationMinutes), Location: orZero(r.Location), Until: r.Until, Count: orZero(r.Count),
		OnClash: orZero(r.OnClash)}
}

func (s *Server) apiListPairingSeries(c *fiber.Ctx) error {
	return s.apiListSeries(c, func(id int64) domain.SeriesOf { return domain.SeriesOf{PairingID: id} })
}

func (s *Server) apiListEngagementSeries(c *fiber.Ctx) error {
	return s.apiListSeries(c, func(id int64) domain.SeriesOf { return domain.SeriesOf{EngagementID: id} })
}

func (s *Server) apiListSeries(c *fiber.Ctx, of func(int64) domain.SeriesOf) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	return listJSON(c, func(ctx context.Context, a domain.Actor, limit int, after int64) ([]domain.Series, error) {
		return s.svc.ListSeries(ctx, a, of(id), limit, after)
	})
}

func (s *Server) apiCreatePairingSeries(c *fiber.Ctx) error {
	return s.apiCreateSeries(c, func(id int64) domain.SeriesOf { return domain.SeriesOf{PairingID: id} })
}

func (s *Server) apiCreateEngagementSeries(c *fiber.Ctx) error {
	return s.apiCreateSeries(c, func(id int64) domain.SeriesOf { return domain.SeriesOf{EngagementID: id} })
}

func (s *Server) apiCreateSeries(c *fiber.Ctx, of func(int64) domain.SeriesOf) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	// The relationship comes before the body: who may not see it learns
	// nothing from how a body is refused.
	if _, err := s.svc.ListSeries(c.UserContext(), *actor(c), of(id), 1, 0); err != nil {
		return err
	}
	return onBody(c, func(ctx context.Context, a domain.Actor, id int64, req seriesRequest) (domain.Series, error) {
		if req.From != nil {
			return domain.Series{}, domain.InvalidText("from", "error.coaching.series_from")
		}
		return s.svc.CreateSeries(ctx, a, of(id), req.input())
	}, func(sr domain.Series) error { return created(c, "/api/v1/series/", sr.ID, sr) })
}

func (s *Server) apiGetSeries(c *fiber.Ctx) error { return jsonByID(c, s.svc.GetSeries) }

func (s *Server) apiUpdateSeries(c *fiber.Ctx) error {
	return patchJSON(c, func(ctx context.Context, a domain.Actor, id int64, req seriesRequest) (domain.Series, error) {
		if _, err := s.svc.GetSeries(ctx, a, id); err != nil {
			return domain.Series{}, err
		}
		return s.svc.UpdateSeries(ctx, a, id, domain.SeriesPatch{From: req.From, Rule: req.Rule, StartsAt: req.StartsAt,
			Timezone: req.Timezone, DurationMinutes: req.DurationMinutes, Location: req.Location, Until: req.Until,
			Count: req.Count, OnClash: orZero(req.OnClash)})
	})
}

func (s *Server) apiEndSeries(c *fiber.Ctx) error {
	return doByID(c, s.svc.EndSeries, func(int64) error { return c.SendStatus(fiber.StatusNoContent) })
}

// Pages.

// regularTimes is the series section of a relationship's page.
type regularTimes struct {
	Series  []domain.Series
	NewPath string // "Set a regular time", when the viewer may
	CSRF    string
	Loc     *time.Location
}

// regularTimesOf is the series section of a relationship's page, from
// the series its overview read.
func regularTimesOf(list []domain.Series, of domain.SeriesOf, page Page, canSet bool) regularTimes {
	r := regularTimes{Series: list, CSRF: page.CSRF, Loc: page.Loc}
	if canSet {
		r.NewPath = seriesBase(of) + "/series/new"
	}
	return r
}

func seriesBase(of domain.SeriesOf) string {
	if of.EngagementID != 0 {
		return "/engagements/" + strconv.FormatInt(of.EngagementID, 10)
	}
	return "/pairings/" + strconv.FormatInt(of.PairingID, 10)
}

// seriesForm is the "Set a regular time" form as typed.
type seriesForm struct {
	Date, Time, Timezone, Repeat, Interval, DurationMinutes, Location, Ends, Until, Count string
	Skip                                                                                  bool
}

// previewRow is one coming date in both participants' zones.
type previewRow struct {
	Leader, Learner string
}

type seriesFormPage struct {
	Page
	Heading    string
	Action     string
	Back       string
	Form       seriesForm
	Errors     map[string]string
	Preview    []previewRow
	Words      string
	Leader     domain.Person
	Learner    domain.Person
	RepeatOpts []option
}

type option struct{ Value, Label string }

// repeatOptions are the form's choices of rule, in the reader's words
// (series.repeat.<value>).
func repeatOptions(w *lang.Words) []option {
	var out []option
	for _, v := range []string{"weekly", "weeks", "monthly_weekday", "monthly_date"} {
		out = append(out, option{Value: v, Label: w.T("series.repeat." + v)})
	}
	return out
}

// ruleOf turns the form's choice into an RFC 5545 rule for a start in
// the series' zone.
func ruleOf(f seriesForm, local time.Time, v *domain.ValidationError) string {
	switch f.Repeat {
	case "weekly":
		return "FREQ=WEEKLY"
	case "weeks":
		n, err := strconv.Atoi(strings.TrimSpace(f.Interval))
		if err != nil || n < 1 || n > 52 {
			v.AddText("interval", "error.coaching.series_weeks")
			return ""
		}
		return "FREQ=WEEKLY;INTERVAL=" + strconv.Itoa(n)
	case "monthly_weekday":
		n := (local.Day()-1)/7 + 1
		if n == 5 {
			n = -1
		}
		return fmt.Sprintf("FREQ=MONTHLY;BYDAY=%d%s", n, strings.ToUpper(local.Weekday().String()[:2]))
	case "monthly_date":
		return "FREQ=MONTHLY;BYMONTHDAY=" + strconv.Itoa(local.Day())
	}
	v.AddText("repeat", "error.coaching.series_repeat")
	return ""
}

func readSeriesForm(c *fiber.Ctx) seriesForm {
	v := func(k string) string { return copyString(c.FormValue(k)) }
	return seriesForm{Date: v("date"), Time: v("time"), Timezone: v("timezone"), Repeat: v("repeat"), Interval: v("interval"),
		DurationMinutes: v("duration_minutes"), Location: v("location"), Ends: v("ends"), Until: v("until"), Count: v("count"),
		Skip: c.FormValue("on_clash") == "skip"}
}

// seriesInput reads the form into a series input; errors are keyed by the
// form's fields.
func seriesInputOf(f seriesForm) (domain.SeriesInput, error) {
	var v domain.ValidationError
	zone := strings.TrimSpace(f.Timezone)
	loc, err := time.LoadLocation(zone)
	if zone == "" || err != nil {
		v.AddText("timezone", "error.coaching.series_timezone")
		loc = time.UTC
	}
	at, err := parseLocalTime(f.Date, f.Time, loc)
	if err != nil {
		v.Merge(err)
	}
	in := domain.SeriesInput{StartsAt: at, Timezone: zone, DurationMinutes: formDuration(&v, f.DurationMinutes), Location: f.Location}
	if !at.IsZero() {
		in.Rule = ruleOf(f, at.In(loc), &v)
	}
	switch f.Ends {
	case "until":
		d := formDate(&v, "until", f.Until)
		if d.IsZero() {
			v.AddText("until", "error.coaching.is_required")
		}
		in.Until = &d
	case "count":
		n, err := strconv.Atoi(strings.TrimSpace(f.Count))
		if err != nil || n < 1 {
			v.AddText("count", "error.coaching.series_count")
		}
		in.Count = n
	}
	if f.Skip {
		in.OnClash = domain.ClashSkip
	}
	return in, v.Err()
}

// formFields maps the domain's field names onto the form's.
func seriesFormFields(w *lang.Words, err error) map[string]string {
	out := map[string]string{}
	for k, m := range FieldWords(w, err) {
		switch k {
		case "starts_at":
			k = "time"
		case "rule":
			k = "repeat"
		case "clashes":
			continue
		}
		if _, ok := out[k]; !ok {
			out[k] = m
		}
	}
	return out
}

func (s *Server) seriesOfParam(c *fiber.Ctx) (domain.SeriesOf, error) {
	id, err := paramID(c, "id")
	if err != nil {
		return domain.SeriesOf{}, err
	}
	if strings.HasPrefix(c.Path(), "/engagements/") {
		return domain.SeriesOf{EngagementID: id}, nil
	}
	return domain.SeriesOf{PairingID: id}, nil
}

func (s *Server) seriesFormPageData(c *fiber.Ctx, of domain.SeriesOf, f seriesForm) (*seriesFormPage, error) {
	// Who may not see the relationship gets 404 before anything else.
	if _, err := s.svc.ListSeries(c.UserContext(), *actor(c), of, 1, 0); err != nil {
		return nil, err
	}
	page := s.page(c, s.words(c).T("title.set_a_regular_time"))
	return &seriesFormPage{Page: page, Heading: s.words(c).T("title.set_a_regular_time"), Action: seriesBase(of) + "/series", Back: seriesBase(of),
		Form: f, Errors: map[string]string{}, RepeatOpts: repeatOptions(s.words(c))}, nil
}

// seriesNewPage shows the "Set a regular time" form.
func (s *Server) seriesNewPage(c *fiber.Ctx) error {
	of, err := s.seriesOfParam(c)
	if err != nil {
		return err
	}
	loc := actor(c).Person.Location()
	next := s.svc.Now().In(loc).Add(7 * 24 * time.Hour)
	p, err := s.seriesFormPageData(c, of, seriesForm{Date: next.Format(domain.DateLayout), Time: "10:00", Timezone: loc.String(),
		Repeat: "weekly", Interval: "2", DurationMinutes: strconv.Itoa(domain.DefaultCheckinMinutes), Ends: "never", Count: "12"})
	if err != nil {
		return err
	}
	return s.render(c, "series_form", p)
}

// seriesCreateSubmit previews the next five dates in both participants'
// zones (action=preview) or sets the regular time.
func (s *Server) seriesCreateSubmit(c *fiber.Ctx) error {
	of, err := s.seriesOfParam(c)
	if err != nil {
		return err
	}
	f := readSeriesForm(c)
	p, err := s.seriesFormPageData(c, of, f)
	if err != nil {
		return err
	}
	in, err := seriesInputOf(f)
	if err == nil {
		if c.FormValue("action") == "preview" {
			var pv domain.SeriesPreview
			if pv, err = s.svc.PreviewSeries(c.UserContext(), *actor(c), of, in, 5); err == nil {
				p.Words, p.Leader, p.Learner = textWords(s.words(c), pv.Series.Said)+" ("+pv.Series.Timezone+")", pv.People[0], pv.People[1]
				w := s.words(c)
				for _, d := range pv.Dates {
					p.Preview = append(p.Preview, previewRow{Leader: zoned(w, d, pv.People[0].Location()), Learner: zoned(w, d, pv.People[1].Location())})
				}
				return s.render(c, "series_form", p)
			}
		} else {
			_, err = s.svc.CreateSeries(c.UserContext(), *actor(c), of, in)
		}
	}
	if err != nil {
		status, msg, _, ok := formErrorFields(s.words(c), err)
		if !ok {
			return err
		}
		p.Errors = seriesFormFields(s.words(c), err)
		p.Errors[""] = msg
		c.Status(status)
		return s.render(c, "series_form", p)
	}
	return s.redirectWithFlash(c, seriesBase(of), s.words(c).T("flash.the_regular_time_is_set"))
}

// zoned shows an instant in a zone in w's words, the zone named (rather
// than abbreviated).
func zoned(w *lang.Words, t time.Time, loc *time.Location) string {
	return strings.TrimSuffix(w.When(t, loc), " "+t.In(loc).Format("MST")) + " (" + loc.String() + ")"
}

// seriesSkipSubmit cancels one occurrence ("skip this one").
func (s *Server) seriesSkipSubmit(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	sr, err := s.svc.GetSeries(c.UserContext(), *actor(c), id)
	if err != nil {
		return err
	}
	mid, err := strconv.ParseInt(c.FormValue("meeting_id"), 10, 64)
	if err != nil {
		return badRequest(s.words(c).T("error.coaching.series_occurrence"))
	}
	found := false
	for _, o := range sr.Upcoming {
		found = found || o.MeetingID == mid
	}
	if !found {
		return badRequest(s.words(c).T("error.coaching.series_occurrence"))
	}
	cancelled := domain.StatusCancelled
	update := s.svc.UpdateCheckin
	if sr.Kind == domain.MeetingSession {
		update = s.svc.UpdateSession
	}
	if _, err := update(c.UserContext(), *actor(c), mid, domain.MeetingPatch{Status: &cancelled}); err != nil {
		return err
	}
	return s.redirectWithFlash(c, domain.RelationshipPath(sr), s.words(c).T("flash.that_date_is_skipped_the_others"))
}

// seriesEndSubmit ends a regular time: the dates ahead are cancelled.
func (s *Server) seriesEndSubmit(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	sr, err := s.svc.GetSeries(c.UserContext(), *actor(c), id)
	if err != nil {
		return err
	}
	if err := s.svc.EndSeries(c.UserContext(), *actor(c), id); err != nil {
		return err
	}
	return s.redirectWithFlash(c, domain.RelationshipPath(sr), s.words(c).T("flash.the_regular_time_has_ended_its"))
}

// seriesRoutes are the pages and API of regular times.
func (s *Server) seriesRoutes(app *fiber.App, api fiber.Router) {
	app.Get("/pairings/:id/series/new", s.pageAuth, s.seriesNewPage)
	app.Post("/pairings/:id/series", s.pageAuth, s.seriesCreateSubmit)
	app.Get("/engagements/:id/series/new", s.pageAuth, s.seriesNewPage)
	app.Post("/engagements/:id/series", s.pageAuth, s.seriesCreateSubmit)
	app.Post("/series/:id/skip", s.pageAuth, s.seriesSkipSubmit)
	app.Post("/series/:id/end", s.pageAuth, s.seriesEndSubmit)
	api.Get("/pairings/:id/series", s.apiListPairingSeries)
	api.Post("/pairings/:id/series", s.apiCreatePairingSeries)
	api.Get("/engagements/:id/series", s.apiListEngagementSeries)
	api.Post("/engagements/:id/series", s.apiCreateEngagementSeries)
	api.Get("/series/:id", s.apiGetSeries)
	api.Patch("/series/:id", s.apiUpdateSeries)
	api.Delete("/series/:id", s.apiEndSeries)
}
