package views

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
	"cairn/domain/lang"
)

// pairingRequest is the JSON body of POST and PATCH /api/v1/pairings.
type pairingRequest struct {
	ProgrammeID             *int64                `json:"programme_id"`
	MentorID                *int64                `json:"mentor_id"`
	MenteeID                *int64                `json:"mentee_id"`
	StartedOn               optDate               `json:"started_on"`
	Status                  *domain.PairingStatus `json:"status"`
	CheckinCadenceDays      *int                  `json:"checkin_cadence_days"`
	Focus                   *string               `json:"focus"`
	SeniorityOverrideReason *string               `json:"seniority_override_reason"`
	CapacityOverrideReason  *string               `json:"capacity_override_reason"`
	EndedOn                 optDate               `json:"ended_on"`
	EndReason               *string               `json:"end_reason"`
	LastCheckinAt           *time.Time            `json:"last_checkin_at"`
}

func (r pairingRequest) input() (domain.PairingInput, error) {
	var v domain.ValidationError
	if r.Status != nil && *r.Status != domain.PairingActive {
		v.Add("status", "a new pairing is active")
	}
	if r.EndedOn.Set {
		v.Add("ended_on", "is only set when ending a pairing")
	}
	if r.EndReason != nil {
		v.Add("end_reason", "is only set when ending a pairing")
	}
	if r.LastCheckinAt != nil {
		v.Add("last_checkin_at", "is read only: completed check-ins set it")
	}
	return domain.PairingInput{ProgrammeID: orZero(r.ProgrammeID), MentorID: orZero(r.MentorID), MenteeID: orZero(r.MenteeID),
		StartedOn: r.StartedOn.Value, CheckinCadenceDays: r.CheckinCadenceDays, Focus: orZero(r.Focus),
		SeniorityOverrideReason: orZero(r.SeniorityOverrideReason), CapacityOverrideReason: orZero(r.CapacityOverrideReason)}, v.Err()
}

func (r pairingRequest) patch() (domain.PairingPatch, error) {
	var v domain.ValidationError
	for field, set := range map[string]bool{"programme_id": r.ProgrammeID != nil, "mentor_id": r.MentorID != nil,
		"mentee_id": r.MenteeID != nil, "started_on": r.StartedOn.Set, "seniority_override_reason": r.SeniorityOverrideReason != nil,
		"capacity_override_reason": r.CapacityOverrideReason != nil} {
		if set {
			v.Add(field, "cannot be changed; end this pairing and create another")
		}
	}
	if r.LastCheckinAt != nil {
		v.Add("last_checkin_at", "is read only: completed check-ins set it")
	}
	return domain.PairingPatch{Status: r.Status, EndedOn: r.EndedOn.patch(), EndReason: r.EndReason, Focus: r.Focus,
		CheckinCadenceDays: r.CheckinCadenceDays}, v.Err()
}

func queryID(c *fiber.Ctx, name string) (int64, error) {
	v := c.Query(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, badRequest(name + " must be an id")
	}
	return n, nil
}

func (s *Server) apiListPairings(c *fiber.Ctx) error {
	f, err := pairingFilterOf(c)
	if err != nil {
		return err
	}
	return listJSON(c, func(ctx context.Context, a domain.Actor, limit int, after int64) ([]domain.Pairing, error) {
		f.Limit, f.After = limit, after
		return s.svc.ListPairings(ctx, a, f)
	})
}

func (s *Server) apiCreatePairing(c *fiber.Ctx) error {
	return createJSON(s, c, domain.ActCreatePairing, "/api/v1/pairings/",
		func(ctx context.Context, a domain.Actor, req pairingRequest) (domain.Pairing, int64, error) {
			in, err := req.input()
			if err != nil {
				return domain.Pairing{}, 0, err
			}
			p, err := s.svc.CreatePairing(ctx, a, in)
			return p, p.ID, err
		})
}

func (s *Server) apiGetPairing(c *fiber.Ctx) error { return jsonByID(c, s.svc.GetPairing) }

func (s *Server) apiUpdatePairing(c *fiber.Ctx) error {
	return patchJSON(c, func(ctx context.Context, a domain.Actor, id int64, req pairingRequest) (domain.Pairing, error) {
		patch, err := req.patch()
		if err != nil {
			return domain.Pairing{}, err
		}
		return s.svc.UpdatePairing(ctx, a, id, patch)
	})
}

// Pages.

// pairingSummary is a pairing as listed on the programme and home pages.
type pairingSummary struct {
	domain.Pairing
	SinceCheckin string
}

func (s *Server) summarise(w *lang.Words, ps []domain.Pairing) []pairingSummary {
	return s.summariseIn(w, ps, s.svc.Config().OrgLocation)
}

// summariseIn is summarise for a viewer in zone loc: the last check-in is
// "today", "yesterday" or "N days ago" by calendar days in that zone.
func (s *Server) summariseIn(w *lang.Words, ps []domain.Pairing, loc *time.Location) []pairingSummary {
	now := s.svc.Now()
	out := make([]pairingSummary, len(ps))
	for i, p := range ps {
		out[i] = pairingSummary{Pairing: p, SinceCheckin: w.T("pairing.no_checkin_yet")}
		if p.LastCheckinAt != nil {
			out[i].SinceCheckin = relativeDay(w, *p.LastCheckinAt, now, loc)
		}
	}
	return out
}

type pairingForm struct {
	ProgrammeID, MentorID, MenteeID, StartedOn, CheckinCadenceDays, Focus, SeniorityOverrideReason string
	CapacityOverrideReason                                                                         string
}

type pairingFormPage struct {
	Page
	Form       pairingForm
	Errors     map[string]string
	Programmes []domain.Programme
	People     []domain.Person
	Mentors    []domain.MentorChoice // who may be picked as the mentor, with their load
}

func (s *Server) pairingFormData(c *fiber.Ctx, title string, f pairingForm) (*pairingFormPage, error) {
	ctx, a := c.UserContext(), *actor(c)
	progs, err := s.svc.ListProgrammes(ctx, a, domain.ProgrammeFilter{Limit: 500})
	if err != nil {
		return nil, err
	}
	var mentoring []domain.Programme
	for _, p := range progs {
		if p.Kind == domain.KindMentoring {
			mentoring = append(mentoring, p)
		}
	}
	people, err := s.svc.ListPeople(ctx, a, domain.PeopleFilter{ActiveOnly: true, Limit: 500})
	if err != nil {
		return nil, err
	}
	// The picker narrows to the programme and the mentee once chosen; an
	// id that does not parse narrows nothing.
	programmeID, _ := strconv.ParseInt(strings.TrimSpace(f.ProgrammeID), 10, 64)
	menteeID, _ := strconv.ParseInt(strings.TrimSpace(f.MenteeID), 10, 64)
	mentors, err := s.svc.MentorChoices(ctx, a, max(programmeID, 0), max(menteeID, 0))
	if err != nil {
		return nil, err
	}
	return &pairingFormPage{Page: s.page(c, title), Form: f, Programmes: mentoring, People: people, Mentors: mentors}, nil
}

func (s *Server) pairingNewPage(c *fiber.Ctx) error {
	if err := s.svc.Authorize(*actor(c), domain.ActCreatePairing); err != nil {
		return err
	}
	// mentee_id and mentor_id come from a picked mentor suggestion.
	f := pairingForm{ProgrammeID: copyString(c.Query("programme_id")), MenteeID: copyString(c.Query("mentee_id")),
		MentorID:  copyString(c.Query("mentor_id")),
		StartedOn: domain.DateOf(s.svc.Now(), s.svc.Config().OrgLocation).String()}
	data, err := s.pairingFormData(c, s.words(c).T("title.new_pairing"), f)
	if err != nil {
		return err
	}
	for _, p := range data.Programmes {
		if strconv.FormatInt(p.ID, 10) == f.ProgrammeID {
			data.Form.CheckinCadenceDays = strconv.Itoa(p.Cadence())
		}
	}
	return s.render(c, "pairing_form", data)
}

func formID(v *domain.ValidationError, field, s string) int64 {
	s = strings.TrimSpace(s)
	if s == "" {
		v.AddText(field, "error.field.required")
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		v.AddText(field, "error.views.choose_from_list")
		return 0
	}
	return n
}

func (s *Server) pairingCreateSubmit(c *fiber.Ctx) error {
	if err := s.svc.Authorize(*actor(c), domain.ActCreatePairing); err != nil {
		return err
	}
	f := pairingForm{ProgrammeID: copyString(c.FormValue("programme_id")), MentorID: copyString(c.FormValue("mentor_id")),
		MenteeID: copyString(c.FormValue("mentee_id")), StartedOn: copyString(c.FormValue("started_on")),
		CheckinCadenceDays: copyString(c.FormValue("checkin_cadence_days")), Focus: copyString(c.FormValue("focus")),
		SeniorityOverrideReason: copyString(c.FormValue("seniority_override_reason")),
		CapacityOverrideReason:  copyString(c.FormValue("capacity_override_reason"))}
	var v domain.ValidationError
	in := domain.PairingInput{ProgrammeID: formID(&v, "programme_id", f.ProgrammeID), MentorID: formID(&v, "mentor_id", f.MentorID),
		MenteeID: formID(&v, "mentee_id", f.MenteeID), StartedOn: formDate(&v, "started_on", f.StartedOn), Focus: f.Focus,
		SeniorityOverrideReason: f.SeniorityOverrideReason, CapacityOverrideReason: f.CapacityOverrideReason}
	if cd := strings.TrimSpace(f.CheckinCadenceDays); cd != "" {
		n, err := strconv.Atoi(cd)
		if err != nil {
			v.AddText("checkin_cadence_days", "error.views.days")
		} else {
			in.CheckinCadenceDays = &n
		}
	}
	err := v.Err()
	var p domain.Pairing
	if err == nil {
		p, err = s.svc.CreatePairing(c.UserContext(), *actor(c), in)
	}
	if err != nil {
		return refill(s, c, err, "pairing_form", func() (*pairingFormPage, error) { return s.pairingFormData(c, s.words(c).T("title.new_pairing"), f) },
			func(p *pairingFormPage, fields map[string]string) { p.Errors = fields })
	}
	return s.redirectWithFlash(c, "/pairings/"+strconv.FormatInt(p.ID, 10),
		s.words(c).T("flash.pairing_created", "Mentor", p.Mentor.Name, "Mentee", p.Mentee.Name))
}

// checkinForm is a check-in form's values as typed, in the viewer's zone.
type checkinForm struct {
	Date, Time, DurationMinutes, Location, Agenda, Notes, PrivateNotes string
}

type endForm struct{ EndedOn, EndReason string }

// pairingPage shows a pairing's overview; Pairing.Can says which forms the
// viewer gets.
type pairingPage struct {
	Page
	Pairing   pairingSummary
	Programme domain.Programme
	Checkins  []domain.Meeting // newest first
	Log       checkinForm
	Schedule  checkinForm
	End       endForm
	Errors    map[string]map[string]string // by form: "log", "schedule", "status"
	Actions   actionsBlock
	// People are the mentor and the mentee, for times in their zones;
	// ZoneNote names the others' zones beside the schedule form's time, and
	// Preview is a chosen time in every zone before it is saved.
	People   []domain.Person
	ZoneNote string
	ZoneData string
	Preview  string
	Regular  regularTimes
}

// pairingFormPrefix is the id prefix of each of the pairing page's forms.
var pairingFormPrefix = map[string]string{"log": "log-", "schedule": "sch-", "status": "end-"}

// pairingFormError re-renders the pairing page with the errors of one of
// its forms (which: "log", "schedule" or "status"); keep puts back what was
// typed.
func (s *Server) pairingFormError(c *fiber.Ctx, id int64, err error, which string, keep func(p *pairingPage)) error {
	return refillForm(s, c, err, "pairing", pairingFormPrefix[which], func() (*pairingPage, error) { return s.pairingPageData(c, id) },
		func(p *pairingPage, fields map[string]string) {
			keep(p)
			p.Errors = map[string]map[string]string{which: fields}
		})
}

func (s *Server) pairingPageData(c *fiber.Ctx, id int64) (*pairingPage, error) {
	o, err := s.svc.PairingOverview(c.UserContext(), *actor(c), id)
	if err != nil {
		return nil, err
	}
	p, prog, cs := o.Pairing, o.Programme, o.Checkins
	slices.Reverse(cs)
	page := s.page(c, s.words(c).T("title.pairing", "Mentor", p.Mentor.Name, "Mentee", p.Mentee.Name))
	people := refPeople(p.Mentor, p.Mentee)
	now := s.svc.Now().In(page.Loc)
	today := domain.DateOf(now, page.Loc).String()
	next := now.Add(7 * 24 * time.Hour)
	actions := s.actionsFor(c, page, domain.SubjectPairing, id, p.Mentor, p.Mentee, cs, o.Actions)
	reg := regularTimesOf(o.Series, domain.SeriesOf{PairingID: p.ID}, page, domain.MaySetPairingSeries(*actor(c), p))
	return &pairingPage{Regular: reg, Page: page, Pairing: s.summariseIn(s.words(c), []domain.Pairing{p}, page.Loc)[0], Programme: prog, Checkins: cs, Actions: actions,
		Log: checkinForm{Date: today, Time: now.Format("15:04"), DurationMinutes: strconv.Itoa(domain.DefaultCheckinMinutes)},
		Schedule: checkinForm{Date: next.Format(domain.DateLayout), Time: "10:00",
			DurationMinutes: strconv.Itoa(domain.DefaultCheckinMinutes)},
		End: endForm{EndedOn: today}, People: people, ZoneNote: zoneNote(page.User, people, s.svc.Now()),
		ZoneData: zoneData(page.User, people)}, nil
}

func (s *Server) pairingPage(c *fiber.Ctx) error {
	return pageByID(s, c, "pairing", func(id int64) (*pairingPage, error) { return s.pairingPageData(c, id) })
}

// pairingStatusSubmit is an admin's pause, resume or end button.
func (s *Server) pairingStatusSubmit(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	var patch domain.PairingPatch
	var st domain.PairingStatus
	end := endForm{EndedOn: copyString(c.FormValue("ended_on")), EndReason: copyString(c.FormValue("end_reason"))}
	var v domain.ValidationError
	switch c.FormValue("action") {
	case "pause":
		st = domain.PairingPaused
	case "resume":
		st = domain.PairingActive
	case "end":
		st = domain.PairingEnded
		d := formDate(&v, "ended_on", end.EndedOn)
		patch.EndedOn, patch.EndReason = &d, &end.EndReason
		confirmed(c, &v, "confirm.end_pairing")
	default:
		return badRequest("action must be pause, resume or end")
	}
	patch.Status = &st
	err = v.Err()
	if err == nil {
		_, err = s.svc.UpdatePairing(c.UserContext(), *actor(c), id, patch)
	}
	if err != nil {
		return s.pairingFormError(c, id, err, "status", func(p *pairingPage) { p.End = end })
	}
	msg := s.words(c).T("flash.pairing_" + string(st))
	return s.redirectWithFlash(c, "/pairings/"+strconv.FormatInt(id, 10), msg)
}

func readCheckinForm(c *fiber.Ctx) checkinForm {
	return checkinForm{Date: copyString(c.FormValue("date")), Time: copyString(c.FormValue("time")),
		DurationMinutes: copyString(c.FormValue("duration_minutes")), Location: copyString(c.FormValue("location")),
		Agenda: copyString(c.FormValue("agenda")), Notes: copyString(c.FormValue("notes")),
		PrivateNotes: copyString(c.FormValue("private_notes"))}
}

func formDuration(v *domain.ValidationError, s string) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		v.AddText("duration_minutes", "error.coaching.duration_minutes")
	}
	return n
}

// checkinCreateSubmit is the pairing page's two forms: "log a check-in we
// just had" (informal) and "schedule a formal check-in".
func (s *Server) checkinCreateSubmit(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	f := readCheckinForm(c)
	format := domain.MeetingFormat(c.FormValue("format"))
	which := "log"
	if format == domain.FormatFormal {
		which = "schedule"
	}
	loc := actor(c).Person.Location()
	var m domain.Meeting
	at, err := parseLocalTime(f.Date, f.Time, loc)
	if err == nil && c.FormValue("preview") != "" {
		// Show the chosen time in both zones; nothing is saved.
		p, err := s.pairingPageData(c, id)
		if err != nil {
			return err
		}
		p.Schedule, p.Preview = f, whenText(s.words(c), at, loc)+alsoFor(at, loc, p.User, p.People)
		return s.render(c, "pairing", p)
	}
	if err == nil {
		var v domain.ValidationError
		in := domain.CheckinInput{Format: format, ScheduledAt: at, DurationMinutes: formDuration(&v, f.DurationMinutes),
			Location: f.Location, Agenda: f.Agenda, Notes: f.Notes, PrivateNotes: f.PrivateNotes}
		err = v.Err()
		if err == nil {
			m, err = s.svc.CreateCheckin(c.UserContext(), *actor(c), id, in)
		}
	}
	if err != nil {
		return s.pairingFormError(c, id, err, which, func(p *pairingPage) {
			if which == "log" {
				p.Log = f
			} else {
				p.Schedule = f
			}
		})
	}
	w := s.words(c)
	msg := w.T("flash.checkin_logged")
	if m.Status == domain.StatusScheduled {
		when := whenText(w, m.ScheduledAt, loc)
		if people, err := s.meetingPeople(c.UserContext(), *actor(c), m.LeaderID, m.LearnerID); err == nil {
			when += alsoFor(m.ScheduledAt, loc, &actor(c).Person, people)
		}
		msg = w.T("flash.checkin_scheduled", "When", when)
	}
	return s.redirectWithFlash(c, "/pairings/"+strconv.FormatInt(id, 10), msg)
}
