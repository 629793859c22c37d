package views

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

type goalRequest struct {
	Title          *string          `json:"title"`
	Description    *string          `json:"description"`
	Area           *domain.GoalArea `json:"area"`
	SuccessMeasure *string          `json:"success_measure"`
}

type engagementRequest struct {
	ProgrammeID     *int64       `json:"programme_id"`
	CoachID         *int64       `json:"coach_id"`
	CoacheeID       *int64       `json:"coachee_id"`
	Goal            *goalRequest `json:"goal"`
	StartsOn        optDate      `json:"starts_on"`
	EndsOn          optDate      `json:"ends_on"`
	PlannedSessions *int         `json:"planned_sessions"`
	// CapacityOverrideReason: creation only.
	CapacityOverrideReason *string                  `json:"capacity_override_reason"`
	ProgressPercent        *int                     `json:"progress_percent"`
	ProgressComment        *string                  `json:"progress_comment"`
	ProgressMode           *domain.ProgressMode     `json:"progress_mode"`
	Status                 *domain.EngagementStatus `json:"status"`
}

func (r engagementRequest) input() (domain.EngagementInput, error) {
	var v domain.ValidationError
	if r.ProgressPercent != nil || r.ProgressComment != nil {
		v.AddText("progress_percent", "error.coaching.new_engagement_progress")
	}
	if r.ProgressMode != nil && *r.ProgressMode != domain.ProgressManual {
		v.AddText("progress_mode", "error.coaching.new_engagement_mode")
	}
	if r.Status != nil && *r.Status != domain.EngagementActive {
		v.AddText("status", "error.coaching.new_engagement_status")
	}
	in := domain.EngagementInput{ProgrammeID: orZero(r.ProgrammeID), CoachID: orZero(r.CoachID), CoacheeID: orZero(r.CoacheeID),
		StartsOn: r.StartsOn.Value, EndsOn: r.EndsOn.Value, CapacityOverrideReason: orZero(r.CapacityOverrideReason)}
	in.PlannedSessions = orZero(r.PlannedSessions)
	if g := r.Goal; g != nil {
		in.Goal = domain.Goal{Title: orZero(g.Title), Description: orZero(g.Description), Area: orZero(g.Area),
			SuccessMeasure: orZero(g.SuccessMeasure)}
	}
	return in, v.Err()
}

func (r engagementRequest) patch() (domain.EngagementPatch, error) {
	var v domain.ValidationError
	for field, set := range map[string]bool{"programme_id": r.ProgrammeID != nil, "coach_id": r.CoachID != nil, "coachee_id": r.CoacheeID != nil,
		"capacity_override_reason": r.CapacityOverrideReason != nil} {
		if set {
			v.AddText(field, "error.coaching.cannot_change")
		}
	}
	p := domain.EngagementPatch{StartsOn: r.StartsOn.patch(), EndsOn: r.EndsOn.patch(), PlannedSessions: r.PlannedSessions,
		ProgressPercent: r.ProgressPercent, ProgressComment: r.ProgressComment, ProgressMode: r.ProgressMode, Status: r.Status}
	if g := r.Goal; g != nil {
		p.Goal = domain.GoalPatch{Title: g.Title, Description: g.Description, Area: g.Area, SuccessMeasure: g.SuccessMeasure}
	}
	return p, v.Err()
}

type closeRequest struct {
	Outcome domain.Outcome `json:"outcome"`
	Summary string         `json:"summary"`
}

type cancelRequest struct {
	Reason string `json:"reason"`
}

func (s *Server) apiListEngagements(c *fiber.Ctx) error {
	f, err := engagementFilterOf(c)
	if err != nil {
		return err
	}
	return listJSON(c, func(ctx context.Context, a domain.Actor, limit int, after int64) ([]domain.Engagement, error) {
		f.Limit, f.After = limit, after
		return s.svc.ListEngagements(ctx, a, f)
	})
}

func (s *Server) apiCreateEngagement(c *fiber.Ctx) error {
	return createJSON(s, c, domain.ActCreateEngagement, "/api/v1/engagements/",
		func(ctx context.Context, a domain.Actor, req engagementRequest) (domain.Engagement, int64, error) {
			in, err := req.input()
			if err != nil {
				return domain.Engagement{}, 0, err
			}
			e, err := s.svc.CreateEngagement(ctx, a, in)
			return e, e.ID, err
		})
}

func (s *Server) apiGetEngagement(c *fiber.Ctx) error { return jsonByID(c, s.svc.GetEngagement) }

func (s *Server) apiUpdateEngagement(c *fiber.Ctx) error {
	return patchJSON(c, func(ctx context.Context, a domain.Actor, id int64, req engagementRequest) (domain.Engagement, error) {
		p, err := req.patch()
		if err != nil {
			return domain.Engagement{}, err
		}
		return s.svc.UpdateEngagement(ctx, a, id, p)
	})
}

func (s *Server) apiEngagementProgress(c *fiber.Ctx) error {
	return itemsByID(c, s.svc.EngagementProgress)
}

func (s *Server) apiCloseEngagement(c *fiber.Ctx) error {
	return patchJSON(c, func(ctx context.Context, a domain.Actor, id int64, req closeRequest) (domain.Engagement, error) {
		return s.svc.CloseEngagement(ctx, a, id, domain.CloseInput{Outcome: req.Outcome, Summary: req.Summary})
	})
}

func (s *Server) apiCancelEngagement(c *fiber.Ctx) error {
	return patchJSON(c, func(ctx context.Context, a domain.Actor, id int64, req cancelRequest) (domain.Engagement, error) {
		return s.svc.CancelEngagement(ctx, a, id, req.Reason)
	})
}

// Pages.

type sessionForm struct {
	Date, Time, DurationMinutes, Location, Status, Notes, PrivateNotes string
}

type progressForm struct{ Percent, Comment string }

type closeForm struct{ Outcome, Summary string }

// engagementPage shows an engagement's overview; E.Can says which forms
// the viewer gets.
type engagementPage struct {
	Page
	E            domain.Engagement
	Programme    domain.Programme
	Sessions     []domain.Meeting
	Progress     []domain.ProgressEntry
	TimeUsed     int
	SessionsDone int
	DaysUsed     int // which day of the engagement today is, from 1
	DaysTotal    int // its days, start and end dates included

	SessionForm    sessionForm
	SessionErrors  map[string]string
	ProgressForm   progressForm
	ProgressErrors map[string]string
	Regular        regularTimes
	CloseForm      closeForm
	CloseErrors    map[string]string
	CancelReason   string
	CancelErrors   map[string]string
	ReviewForm     reviewForm
	ReviewErrors   map[string]string
	Ratings        any
	Actions        actionsBlock
	Milestones     milestonesBlock
	Extensions     extensionsBlock
	// People are the coach and the coachee, for times in their zones;
	// ZoneNote names the others' zones beside the session form's time,
	// and Preview is a chosen time in every zone before it is saved.
	People   []domain.Person
	ZoneNote string
	ZoneData string
	Preview  string
}

// engagementPageData gathers everything the engagement page shows: the
// overview and the layout's bell, three store calls in all.
func (s *Server) engagementPageData(c *fiber.Ctx, id int64) (*engagementPage, error) {
	o, err := s.svc.EngagementOverview(c.UserContext(), *actor(c), id)
	if err != nil {
		return nil, err
	}
	e := o.Engagement
	today := domain.DateOf(s.svc.Now(), s.svc.Config().OrgLocation)
	p := &engagementPage{Page: s.page(c, e.Goal.Title), E: e, Programme: o.Programme, Sessions: o.Sessions, Progress: o.Progress,
		TimeUsed: e.TimeUsedPercent(today), SessionsDone: e.SessionsDonePercent(), Ratings: ratingChoices,
	}
	p.DaysUsed, p.DaysTotal = e.DayOf(today)
	p.Actions = s.actionsFor(c, p.Page, domain.SubjectEngagement, id, e.Coach, e.Coachee, o.Sessions, o.Actions)
	p.Milestones, p.Extensions = milestonesFor(p.Page, e, o.Milestones), extensionsFor(p.Page, e, o.Extensions)
	p.People = refPeople(e.Coach, e.Coachee)
	p.ZoneNote, p.ZoneData = zoneNote(p.User, p.People, s.svc.Now()), zoneData(p.User, p.People)
	first := domain.DateOf(s.svc.Now(), p.Loc)
	if first.Before(e.StartsOn) {
		first = e.StartsOn
	}
	p.SessionForm = sessionForm{Date: first.String(), Time: "10:00", DurationMinutes: "60", Status: string(domain.StatusScheduled)}
	p.ProgressForm = progressForm{Percent: strconv.Itoa(e.ProgressPercent)}
	p.Regular = regularTimesOf(o.Series, domain.SeriesOf{EngagementID: e.ID}, p.Page, domain.MaySetEngagementSeries(*actor(c), e))
	return p, nil
}

func (s *Server) engagementPage(c *fiber.Ctx) error {
	return pageByID(s, c, "engagement", func(id int64) (*engagementPage, error) { return s.engagementPageData(c, id) })
}

// engagementFormError re-renders the engagement page with one form's
// errors beside its fields and its input kept; other errors go on to the
// error handler.
func (s *Server) engagementFormError(c *fiber.Ctx, id int64, err error, prefix string, fill func(p *engagementPage, fields map[string]string)) error {
	return refillForm(s, c, err, "engagement", prefix, func() (*engagementPage, error) { return s.engagementPageData(c, id) }, fill)
}

func engagementURL(id int64) string { return "/engagements/" + strconv.FormatInt(id, 10) }

func readSessionForm(c *fiber.Ctx) sessionForm {
	return sessionForm{Date: copyString(c.FormValue("date")), Time: copyString(c.FormValue("time")),
		DurationMinutes: copyString(c.FormValue("duration_minutes")), Location: copyString(c.FormValue("location")),
		Status: copyString(c.FormValue("status")), Notes: copyString(c.FormValue("notes")),
		PrivateNotes: copyString(c.FormValue("private_notes"))}
}

// parse reads the typed form in the viewer's zone, collecting field errors.
func (f sessionForm) parse(v *domain.ValidationError, loc *time.Location) (at domain.SessionInput) {
	t, err := parseLocalTime(f.Date, f.Time, loc)
	if err != nil {
		addLocalTimeError(v, "scheduled_at", err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(f.DurationMinutes))
	if err != nil {
		v.AddText("duration_minutes", "error.coaching.duration_minutes")
	}
	return domain.SessionInput{ScheduledAt: t, DurationMinutes: n, Location: f.Location, Status: domain.MeetingStatus(f.Status),
		Notes: f.Notes, PrivateNotes: f.PrivateNotes}
}

// engagementSubmit runs one of the engagement page's forms on the path's
// engagement: save answers the flash for the page, or an error that keep
// shows beside the form's fields with its input kept.
func (s *Server) engagementSubmit(c *fiber.Ctx, prefix string, save func(ctx context.Context, a domain.Actor, id int64) (string, error),
	keep func(p *engagementPage, fields map[string]string)) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	flash, err := save(c.UserContext(), *actor(c), id)
	if err != nil {
		return s.engagementFormError(c, id, err, prefix, keep)
	}
	return s.redirectWithFlash(c, engagementURL(id), flash)
}

func (s *Server) sessionCreateSubmit(c *fiber.Ctx) error {
	f := readSessionForm(c)
	if c.FormValue("preview") != "" {
		if p, ok, err := s.sessionPreview(c, f); ok || err != nil {
			if err != nil {
				return err
			}
			return s.render(c, "engagement", p)
		}
	}
	return s.engagementSubmit(c, "s-", func(ctx context.Context, a domain.Actor, id int64) (string, error) {
		var v domain.ValidationError
		loc := a.Person.Location()
		in := f.parse(&v, loc)
		if err := v.Err(); err != nil {
			return "", err
		}
		m, err := s.svc.ScheduleSession(ctx, a, id, in)
		if err != nil {
			return "", err
		}
		w := s.words(c)
		if in.Status == domain.StatusCompleted {
			return w.T("flash.session_logged"), nil
		}
		when := whenText(w, m.ScheduledAt, loc)
		if people, err := s.meetingPeople(ctx, a, m.LeaderID, m.LearnerID); err == nil {
			when += alsoFor(m.ScheduledAt, loc, &a.Person, people)
		}
		return w.T("flash.session_scheduled", "When", when), nil
	}, func(p *engagementPage, fields map[string]string) { p.SessionForm, p.SessionErrors = f, fields })
}

// sessionPreview is the session form sent to see its time in both zones:
// the page again with the form kept and the time shown, nothing saved.
// ok is false when the time does not parse: the form is then saved, so
// its errors show as any other's.
func (s *Server) sessionPreview(c *fiber.Ctx, f sessionForm) (*engagementPage, bool, error) {
	loc := actor(c).Person.Location()
	at, err := parseLocalTime(f.Date, f.Time, loc)
	if err != nil {
		return nil, false, nil
	}
	id, err := paramID(c, "id")
	if err != nil {
		return nil, false, err
	}
	p, err := s.engagementPageData(c, id)
	if err != nil {
		return nil, false, err
	}
	p.SessionForm, p.Preview = f, whenText(s.words(c), at, loc)+alsoFor(at, loc, p.User, p.People)
	return p, true, nil
}

func (s *Server) engagementProgressSubmit(c *fiber.Ctx) error {
	f := progressForm{Percent: copyString(c.FormValue("progress_percent")), Comment: copyString(c.FormValue("progress_comment"))}
	return s.engagementSubmit(c, "p-", func(ctx context.Context, a domain.Actor, id int64) (string, error) {
		n, err := strconv.Atoi(strings.TrimSpace(f.Percent))
		if err != nil {
			return "", domain.InvalidText("progress_percent", "error.coaching.progress_percent")
		}
		_, err = s.svc.UpdateEngagement(ctx, a, id, domain.EngagementPatch{ProgressPercent: &n, ProgressComment: &f.Comment})
		return s.words(c).T("flash.progress_updated"), err
	}, func(p *engagementPage, fields map[string]string) { p.ProgressForm, p.ProgressErrors = f, fields })
}

func (s *Server) engagementCloseSubmit(c *fiber.Ctx) error {
	f := closeForm{Outcome: copyString(c.FormValue("outcome")), Summary: copyString(c.FormValue("summary"))}
	return s.engagementSubmit(c, "close-", func(ctx context.Context, a domain.Actor, id int64) (string, error) {
		_, err := s.svc.CloseEngagement(ctx, a, id, domain.CloseInput{Outcome: domain.Outcome(f.Outcome), Summary: f.Summary})
		return s.words(c).T("flash.engagement_closed"), err
	}, func(p *engagementPage, fields map[string]string) { p.CloseForm, p.CloseErrors = f, fields })
}

func (s *Server) engagementCancelSubmit(c *fiber.Ctx) error {
	reason := copyString(c.FormValue("reason"))
	return s.engagementSubmit(c, "cancel-", func(ctx context.Context, a domain.Actor, id int64) (string, error) {
		if c.FormValue("confirmed") == "" {
			return "", domain.InvalidText("confirmed", "error.coaching.confirm_cancel_engagement")
		}
		_, err := s.svc.CancelEngagement(ctx, a, id, reason)
		return s.words(c).T("flash.engagement_cancelled"), err
	}, func(p *engagementPage, fields map[string]string) { p.CancelReason, p.CancelErrors = reason, fields })
}

// The new-engagement form.

type engagementForm struct {
	ProgrammeID, CoachID, CoacheeID, GoalTitle, GoalDescription, GoalArea, SuccessMeasure string
	StartsOn, EndsOn, PlannedSessions, CapacityOverrideReason                             string
}

type engagementFormPage struct {
	Page
	Form       engagementForm
	Errors     map[string]string
	Programmes []domain.Programme
	People     []domain.Person
}

func (p *engagementFormPage) setErrors(fields map[string]string, _ string) { p.Errors = fields }

func (s *Server) engagementFormPage(c *fiber.Ctx, f engagementForm) (*engagementFormPage, error) {
	ctx, a := c.UserContext(), *actor(c)
	ps, err := s.svc.ListProgrammes(ctx, a, domain.ProgrammeFilter{Limit: 500})
	if err != nil {
		return nil, err
	}
	var coaching []domain.Programme
	for _, p := range ps {
		if p.Kind == domain.KindCoaching {
			coaching = append(coaching, p)
		}
	}
	people, err := s.svc.ListPeople(ctx, a, domain.PeopleFilter{ActiveOnly: true, Limit: 500})
	if err != nil {
		return nil, err
	}
	return &engagementFormPage{Page: s.page(c, s.words(c).T("title.new_engagement")), Form: f, Programmes: coaching, People: people}, nil
}

func (s *Server) engagementNewPage(c *fiber.Ctx) error {
	if err := s.svc.Authorize(*actor(c), domain.ActCreateEngagement); err != nil {
		return err
	}
	p, err := s.engagementFormPage(c, engagementForm{ProgrammeID: copyString(c.Query("programme_id")), GoalArea: string(domain.AreaWork),
		PlannedSessions: "6"})
	if err != nil {
		return err
	}
	return s.render(c, "engagement_form", p)
}

func (s *Server) engagementCreateSubmit(c *fiber.Ctx) error {
	if err := s.svc.Authorize(*actor(c), domain.ActCreateEngagement); err != nil {
		return err
	}
	f := engagementForm{}
	for dst, name := range map[*string]string{&f.ProgrammeID: "programme_id", &f.CoachID: "coach_id", &f.CoacheeID: "coachee_id",
		&f.GoalTitle: "goal_title", &f.GoalDescription: "goal_description", &f.GoalArea: "goal_area",
		&f.SuccessMeasure: "success_measure", &f.StartsOn: "starts_on", &f.EndsOn: "ends_on", &f.PlannedSessions: "planned_sessions",
		&f.CapacityOverrideReason: "capacity_override_reason"} {
		*dst = copyString(c.FormValue(name))
	}
	var v domain.ValidationError
	num := func(field, s string) int64 {
		if strings.TrimSpace(s) == "" {
			return 0
		}
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			v.AddText(field, "error.coaching.must_be_a_number")
		}
		return n
	}
	in := domain.EngagementInput{ProgrammeID: num("programme_id", f.ProgrammeID), CoachID: num("coach_id", f.CoachID),
		CoacheeID: num("coachee_id", f.CoacheeID), PlannedSessions: int(num("planned_sessions", f.PlannedSessions)),
		Goal:     domain.Goal{Title: f.GoalTitle, Description: f.GoalDescription, Area: domain.GoalArea(f.GoalArea), SuccessMeasure: f.SuccessMeasure},
		StartsOn: formDate(&v, "starts_on", f.StartsOn), EndsOn: formDate(&v, "ends_on", f.EndsOn),
		CapacityOverrideReason: f.CapacityOverrideReason}
	err := v.Err()
	var e domain.Engagement
	if err == nil {
		e, err = s.svc.CreateEngagement(c.UserContext(), *actor(c), in)
	}
	if err != nil {
		p, perr := s.engagementFormPage(c, f)
		if perr != nil {
			return perr
		}
		return s.formError(c, err, "engagement_form", p)
	}
	return s.redirectWithFlash(c, engagementURL(e.ID), s.words(c).T("flash.engagement_started", "Goal", e.Goal.Title))
}
