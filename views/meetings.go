package views

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
	"cairn/domain/lang"
)

// What check-ins and sessions share in views: one page, one form reader,
// one save path. The domain decides what changed and what the viewer may
// do (Meeting.Can); the pages only show it.

// meetingForm is a meeting page's form as typed, in the viewer's zone.
type meetingForm struct {
	Date, Time, DurationMinutes, Location, Agenda, Notes, PrivateNotes, ProgressPercent string
}

// meetingPage is the page of one check-in (Pairing set) or session (E
// set).
type meetingPage struct {
	Page
	M       domain.Meeting
	Pairing *domain.Pairing
	E       *domain.Engagement
	Form    meetingForm
	Errors  map[string]string
	// People are the two participants, for the time in their zones;
	// ZoneNote names the others' zones beside the time field.
	People   []domain.Person
	ZoneNote string
	ZoneData string
	// Feedback is the learner's answer (or the form) for the two
	// participants of a completed meeting; nil for anyone else.
	Feedback       *domain.FeedbackView
	FeedbackForm   feedbackForm
	FeedbackErrors map[string]string
	Ratings        any
}

// meetingPageData loads the meeting of the path's id and its
// relationship for its page.
func (s *Server) meetingPageData(c *fiber.Ctx, kind domain.MeetingKind) (*meetingPage, error) {
	id, err := paramID(c, "id")
	if err != nil {
		return nil, err
	}
	ctx, a := c.UserContext(), *actor(c)
	p := &meetingPage{}
	if kind == domain.MeetingSession {
		if p.M, err = s.svc.GetSession(ctx, a, id); err != nil {
			return nil, err
		}
		e, err := s.svc.GetEngagement(ctx, a, *p.M.EngagementID)
		if err != nil {
			return nil, err
		}
		p.E, p.Page = &e, s.page(c, s.words(c).T("title.session", "Goal", e.Goal.Title))
	} else {
		if p.M, err = s.svc.GetCheckin(ctx, a, id); err != nil {
			return nil, err
		}
		pr, err := s.svc.GetPairing(ctx, a, *p.M.PairingID)
		if err != nil {
			return nil, err
		}
		p.Pairing, p.Page = &pr, s.page(c, s.words(c).T("title.checkin", "Mentor", pr.Mentor.Name, "Mentee", pr.Mentee.Name))
	}
	if p.E != nil {
		p.People = refPeople(p.E.Coach, p.E.Coachee)
	} else {
		p.People = refPeople(p.Pairing.Mentor, p.Pairing.Mentee)
	}
	p.ZoneNote, p.ZoneData = zoneNote(p.User, p.People, s.svc.Now()), zoneData(p.User, p.People)
	local := p.M.ScheduledAt.In(p.Loc)
	p.Form = meetingForm{Date: local.Format(domain.DateLayout), Time: local.Format("15:04"),
		DurationMinutes: strconv.Itoa(p.M.DurationMinutes), Location: p.M.Location, Agenda: p.M.Agenda, Notes: p.M.Notes,
		PrivateNotes: p.M.PrivateNotes}
	if p.E != nil {
		p.Form.ProgressPercent = strconv.Itoa(p.E.ProgressPercent)
	}
	if p.M.Status == domain.StatusCompleted && p.M.HasParticipant(a.Person.ID) {
		fb, err := s.svc.MeetingFeedbackOf(ctx, a, kind, id)
		if err != nil {
			return nil, err
		}
		p.Feedback, p.Ratings = &fb, ratingChoices
	}
	return p, nil
}

// formField is a posted form field and whether the form carried it at all:
// a field the page did not show is left out of the patch, not emptied.
func formField(c *fiber.Ctx, name string) (string, bool) {
	if args := c.Request().PostArgs(); args.Has(name) {
		return copyString(string(args.Peek(name))), true
	}
	if mf, err := c.MultipartForm(); err == nil {
		if v, ok := mf.Value[name]; ok && len(v) > 0 {
			return copyString(v[0]), true
		}
	}
	return "", false
}

// readMeetingForm is the one form reader of both meeting pages. Every
// field the form sent goes into the patch as typed; the domain keeps what
// did not change, so the form need not know what it showed. The status
// comes from the action's form (meetingactions); a cancellation must be
// confirmed with its box ticked.
func readMeetingForm(c *fiber.Ctx, loc *time.Location) (meetingForm, domain.MeetingPatch, error) {
	var f meetingForm
	var patch domain.MeetingPatch
	var v domain.ValidationError
	text := func(name string, dst *string) *string {
		val, ok := formField(c, name)
		*dst = val
		if !ok {
			return nil
		}
		return dst
	}
	date, clock := text("date", &f.Date), text("time", &f.Time)
	if date != nil && clock != nil {
		at, err := parseLocalTime(f.Date, f.Time, loc)
		if err != nil {
			addLocalTimeError(&v, "scheduled_at", err)
		}
		patch.ScheduledAt = &at
	}
	if text("duration_minutes", &f.DurationMinutes) != nil {
		n, err := strconv.Atoi(strings.TrimSpace(f.DurationMinutes))
		if err != nil {
			v.AddText("duration_minutes", "error.coaching.duration_minutes")
		}
		patch.DurationMinutes = &n
	}
	patch.Location = text("location", &f.Location)
	patch.Agenda = text("agenda", &f.Agenda)
	patch.Notes = text("notes", &f.Notes)
	patch.PrivateNotes = text("private_notes", &f.PrivateNotes)
	if text("progress_percent", &f.ProgressPercent) != nil {
		n, err := strconv.Atoi(strings.TrimSpace(f.ProgressPercent))
		if err != nil {
			v.AddText("progress_percent", "error.coaching.progress_percent")
		}
		patch.ProgressPercent = &n
	}
	if st, ok := formField(c, "status"); ok && st != "" {
		status := domain.MeetingStatus(st)
		patch.Status = &status
		if status == domain.StatusCancelled {
			if confirm, _ := formField(c, "confirmed"); confirm == "" {
				v.AddText("confirmed", "confirm.cancel_meeting")
			}
		}
	}
	return f, patch, v.Err()
}

// meetingPage shows a check-in or a session: the kind's page template
// is named after the kind.
func (s *Server) meetingPage(c *fiber.Ctx, kind domain.MeetingKind) error {
	p, err := s.meetingPageData(c, kind)
	if err != nil {
		return err
	}
	return s.render(c, string(kind), p)
}

// meetingEditSubmit saves a participant's changes from a meeting page.
func (s *Server) meetingEditSubmit(c *fiber.Ctx, kind domain.MeetingKind) error {
	p, err := s.meetingPageData(c, kind)
	if err != nil {
		return err
	}
	id := p.M.ID
	f, patch, err := readMeetingForm(c, p.Loc)
	if at := patch.ScheduledAt; at != nil && at.Equal(p.M.ScheduledAt.Truncate(time.Minute)) {
		// The form shows minutes only: the same minute keeps the stored
		// instant, seconds and all, rather than moving it.
		patch.ScheduledAt = &p.M.ScheduledAt
	}
	if err == nil {
		update, path := s.svc.UpdateCheckin, "/checkins/"
		if kind == domain.MeetingSession {
			update, path = s.svc.UpdateSession, "/sessions/"
		}
		var m domain.Meeting
		if m, err = update(c.UserContext(), *actor(c), id, patch); err == nil {
			return s.redirectWithFlash(c, path+strconv.FormatInt(id, 10), meetingFlash(s.words(c), kind, p.M, m, p.Loc, p.User, p.People))
		}
	}
	p.Form = f
	return s.failForm(c, err, string(kind), "m-", p, func(fields map[string]string) { p.Errors = fields })
}

// The API's shared handlers: list and read answer each kind in its own
// JSON shape.

type meetingLister func(ctx context.Context, a domain.Actor, parentID int64, limit int, after int64) ([]domain.Meeting, error)

func apiListMeetings[T any](c *fiber.Ctx, list meetingLister, toJSON func(domain.Meeting) T) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	limit, after, err := listParams(c)
	if err != nil {
		return err
	}
	ms, err := list(c.UserContext(), *actor(c), id, limit, after)
	if err != nil {
		return err
	}
	out := make([]T, len(ms))
	for i, m := range ms {
		out[i] = toJSON(m)
	}
	return c.JSON(items(out))
}

// createMeetingJSON answers POST …/{id}/checkins or …/{id}/sessions:
// create makes the meeting from the body for the path's relationship; the
// answer is 201, its address (path and its id) and the meeting in the
// kind's JSON shape.
func createMeetingJSON[R, T any](c *fiber.Ctx, path string, create withBody[R, domain.Meeting], toJSON func(domain.Meeting) T) error {
	return onBody(c, create, func(m domain.Meeting) error { return created(c, path, m.ID, toJSON(m)) })
}

// asJSON gives a meeting use case's answer in the kind's JSON shape.
func asJSON[T any](use byID[domain.Meeting], toJSON func(domain.Meeting) T) byID[T] {
	return func(ctx context.Context, a domain.Actor, id int64) (T, error) {
		m, err := use(ctx, a, id)
		return toJSON(m), err
	}
}

// meetingFlash says what a save did: held, missed, cancelled, moved (with
// the new time in every participant's zone) or saved.
func meetingFlash(w *lang.Words, kind domain.MeetingKind, before, after domain.Meeting, loc *time.Location, viewer *domain.Person, people []domain.Person) string {
	k := "flash." + string(kind) + "_"
	switch {
	case after.Status != before.Status && after.Status == domain.StatusCompleted:
		return w.T(k + "held")
	case after.Status != before.Status && after.Status == domain.StatusNoShow:
		return w.T(k + "missed")
	case after.Status != before.Status && after.Status == domain.StatusCancelled:
		return w.T(k + "cancelled")
	case !after.ScheduledAt.Equal(before.ScheduledAt):
		return w.T(k+"moved", "When", whenText(w, after.ScheduledAt, loc)+alsoFor(after.ScheduledAt, loc, viewer, people))
	}
	return w.T(k + "saved")
}
