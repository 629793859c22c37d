package views

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

// sessionJSON is a coaching session as the API shows it. Notes are left
// out for a viewer who may see the metadata only (an admin), so they are
// never mistaken for empty notes.
type sessionJSON struct {
	ID              int64                `json:"id"`
	EngagementID    int64                `json:"engagement_id"`
	CoachID         int64                `json:"coach_id"`
	CoacheeID       int64                `json:"coachee_id"`
	Format          domain.MeetingFormat `json:"format"`
	ScheduledAt     time.Time            `json:"scheduled_at"`
	DurationMinutes int                  `json:"duration_minutes"`
	Location        string               `json:"location"`
	Status          domain.MeetingStatus `json:"status"`
	Notes           *string              `json:"notes,omitempty"`
	PrivateNotes    *string              `json:"private_notes,omitempty"`
	CreatedAt       time.Time            `json:"created_at"`
	UpdatedAt       time.Time            `json:"updated_at"`
}

func toSessionJSON(m domain.Meeting) sessionJSON {
	out := sessionJSON{ID: m.ID, CoachID: m.LeaderID, CoacheeID: m.LearnerID, Format: m.Format, ScheduledAt: m.ScheduledAt.UTC(),
		DurationMinutes: m.DurationMinutes, Location: m.Location, Status: m.Status, CreatedAt: m.CreatedAt.UTC(), UpdatedAt: m.UpdatedAt.UTC()}
	if m.EngagementID != nil {
		out.EngagementID = *m.EngagementID
	}
	if !m.ContentHidden {
		notes, private := m.Notes, m.PrivateNotes
		out.Notes, out.PrivateNotes = &notes, &private
	}
	return out
}

type sessionRequest struct {
	ScheduledAt     *time.Time            `json:"scheduled_at"`
	DurationMinutes *int                  `json:"duration_minutes"`
	Location        *string               `json:"location"`
	Status          *domain.MeetingStatus `json:"status"`
	Notes           *string               `json:"notes"`
	PrivateNotes    *string               `json:"private_notes"`
}

func (r sessionRequest) input() domain.SessionInput {
	in := domain.SessionInput{Location: str(r.Location), Notes: str(r.Notes), PrivateNotes: str(r.PrivateNotes)}
	if r.ScheduledAt != nil {
		in.ScheduledAt = *r.ScheduledAt
	}
	if r.DurationMinutes != nil {
		in.DurationMinutes = *r.DurationMinutes
	}
	if r.Status != nil {
		in.Status = *r.Status
	}
	return in
}

func (r sessionRequest) patch() domain.MeetingPatch {
	return domain.MeetingPatch{ScheduledAt: r.ScheduledAt, DurationMinutes: r.DurationMinutes, Location: r.Location,
		Status: r.Status, Notes: r.Notes, PrivateNotes: r.PrivateNotes}
}

func (s *Server) apiListSessions(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	limit, after, err := listParams(c)
	if err != nil {
		return err
	}
	ms, err := s.svc.ListSessions(c.UserContext(), *actor(c), id, limit, after)
	if err != nil {
		return err
	}
	out := make([]sessionJSON, len(ms))
	for i, m := range ms {
		out[i] = toSessionJSON(m)
	}
	return c.JSON(items(out))
}

func (s *Server) apiCreateSession(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	var req sessionRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	m, err := s.svc.ScheduleSession(c.UserContext(), *actor(c), id, req.input())
	if err != nil {
		return err
	}
	c.Location("/api/v1/sessions/" + strconv.FormatInt(m.ID, 10))
	return c.Status(fiber.StatusCreated).JSON(toSessionJSON(m))
}

func (s *Server) apiGetSession(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	m, err := s.svc.GetSession(c.UserContext(), *actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(toSessionJSON(m))
}

func (s *Server) apiUpdateSession(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	var req sessionRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	m, err := s.svc.UpdateSession(c.UserContext(), *actor(c), id, req.patch())
	if err != nil {
		return err
	}
	return c.JSON(toSessionJSON(m))
}

// Pages.

type sessionPage struct {
	Page
	S          domain.Meeting
	E          domain.Engagement
	CanEdit    bool // a participant
	Open       bool // the engagement still runs
	Form       sessionForm
	Errors     map[string]string
	StatusList []domain.MeetingStatus
}

func (p *sessionPage) setErrors(fields map[string]string, _ string) { p.Errors = fields }

func (s *Server) sessionPageData(c *fiber.Ctx, id int64) (*sessionPage, error) {
	ctx, a := c.UserContext(), *actor(c)
	m, err := s.svc.GetSession(ctx, a, id)
	if err != nil {
		return nil, err
	}
	e, err := s.svc.GetEngagement(ctx, a, *m.EngagementID)
	if err != nil {
		return nil, err
	}
	p := &sessionPage{Page: s.page(c, "Session: "+e.Goal.Title), S: m, E: e, CanEdit: m.HasParticipant(a.Person.ID), Open: e.IsOpen(),
		StatusList: []domain.MeetingStatus{domain.StatusScheduled, domain.StatusCompleted, domain.StatusCancelled, domain.StatusNoShow}}
	local := m.ScheduledAt.In(p.Loc)
	p.Form = sessionForm{Date: local.Format("2006-01-02"), Time: local.Format("15:04"), DurationMinutes: strconv.Itoa(m.DurationMinutes),
		Location: m.Location, Status: string(m.Status), Notes: m.Notes, PrivateNotes: m.PrivateNotes}
	return p, nil
}

func (s *Server) sessionPage(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	p, err := s.sessionPageData(c, id)
	if err != nil {
		return err
	}
	return s.render(c, "session", p)
}

// sessionEditSubmit saves the session form: only what changed is sent on,
// so a closed engagement's session still takes its notes.
func (s *Server) sessionEditSubmit(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	p, err := s.sessionPageData(c, id)
	if err != nil {
		return err
	}
	before := p.Form
	f := readSessionForm(c)
	var patch domain.MeetingPatch
	var v domain.ValidationError
	if f.Date != before.Date || f.Time != before.Time {
		t, err := parseLocalTime(f.Date, f.Time, p.Loc)
		if err != nil {
			v.Add("scheduled_at", localTimeError(err))
		}
		patch.ScheduledAt = &t
	}
	if strings.TrimSpace(f.DurationMinutes) != before.DurationMinutes {
		n, err := strconv.Atoi(strings.TrimSpace(f.DurationMinutes))
		if err != nil {
			v.Add("duration_minutes", "must be a number of minutes")
		}
		patch.DurationMinutes = &n
	}
	if f.Location != before.Location {
		patch.Location = &f.Location
	}
	if f.Status != before.Status {
		st := domain.MeetingStatus(f.Status)
		patch.Status = &st
	}
	if f.Notes != before.Notes {
		patch.Notes = &f.Notes
	}
	if f.PrivateNotes != before.PrivateNotes {
		patch.PrivateNotes = &f.PrivateNotes
	}
	err = v.Err()
	if err == nil && !patch.IsEmpty() {
		_, err = s.svc.UpdateSession(c.UserContext(), *actor(c), id, patch)
	}
	if err != nil {
		p.Form = f
		return s.formError(c, err, "session", p)
	}
	return s.redirectWithFlash(c, "/sessions/"+strconv.FormatInt(id, 10), "Session saved.")
}
