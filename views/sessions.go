package views

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

// sessionJSON is a coaching session as the API shows it. Notes are left
// out for a viewer who may see the metadata only (an admin), so they are
// never mistaken for empty notes.
type sessionJSON struct {
	ID              int64                   `json:"id"`
	EngagementID    int64                   `json:"engagement_id"`
	CoachID         int64                   `json:"coach_id"`
	CoacheeID       int64                   `json:"coachee_id"`
	Format          domain.MeetingFormat    `json:"format"`
	ScheduledAt     time.Time               `json:"scheduled_at"`
	DurationMinutes int                     `json:"duration_minutes"`
	Location        string                  `json:"location"`
	Status          domain.MeetingStatus    `json:"status"`
	Notes           *string                 `json:"notes,omitempty"`
	PrivateNotes    *string                 `json:"private_notes,omitempty"`
	CreatedAt       time.Time               `json:"created_at"`
	UpdatedAt       time.Time               `json:"updated_at"`
	SeriesID        *int64                  `json:"series_id,omitempty"`
	Can             domain.MeetingAbilities `json:"can"`
}

func toSessionJSON(m domain.Meeting) sessionJSON {
	out := sessionJSON{SeriesID: m.SeriesID, ID: m.ID, CoachID: m.LeaderID, CoacheeID: m.LearnerID, Format: m.Format, ScheduledAt: m.ScheduledAt.UTC(),
		DurationMinutes: m.DurationMinutes, Location: m.Location, Status: m.Status, CreatedAt: m.CreatedAt.UTC(), UpdatedAt: m.UpdatedAt.UTC(),
		Can: m.Can}
	if m.EngagementID != nil {
		out.EngagementID = *m.EngagementID
	}
	if !m.ContentHidden {
		notes, private := m.Notes, m.PrivateNotes
		out.Notes, out.PrivateNotes = &notes, &private
	}
	return out
}

// sessionRequest is the JSON body of POST /engagements/{id}/sessions and
// PATCH /sessions/{id}; progress_percent (the engagement's, by its coach)
// goes with an update only.
type sessionRequest struct {
	ScheduledAt     *time.Time            `json:"scheduled_at"`
	DurationMinutes *int                  `json:"duration_minutes"`
	Location        *string               `json:"location"`
	Status          *domain.MeetingStatus `json:"status"`
	Notes           *string               `json:"notes"`
	PrivateNotes    *string               `json:"private_notes"`
	ProgressPercent *int                  `json:"progress_percent"`
}

func (r sessionRequest) input() domain.SessionInput {
	return domain.SessionInput{ScheduledAt: orZero(r.ScheduledAt), DurationMinutes: orZero(r.DurationMinutes),
		Location: orZero(r.Location), Status: orZero(r.Status), Notes: orZero(r.Notes), PrivateNotes: orZero(r.PrivateNotes)}
}

func (r sessionRequest) patch() domain.MeetingPatch {
	return domain.MeetingPatch{ScheduledAt: r.ScheduledAt, DurationMinutes: r.DurationMinutes, Location: r.Location,
		Status: r.Status, Notes: r.Notes, PrivateNotes: r.PrivateNotes, ProgressPercent: r.ProgressPercent}
}

func (s *Server) apiListSessions(c *fiber.Ctx) error {
	return apiListMeetings(c, s.svc.ListSessions, toSessionJSON)
}

func (s *Server) apiCreateSession(c *fiber.Ctx) error {
	return createMeetingJSON(c, "/api/v1/sessions/", func(ctx context.Context, a domain.Actor, id int64, req sessionRequest) (domain.Meeting, error) {
		if req.ProgressPercent != nil {
			return domain.Meeting{}, domain.InvalidText("progress_percent", "error.views.progress_after_session")
		}
		return s.svc.ScheduleSession(ctx, a, id, req.input())
	}, toSessionJSON)
}

func (s *Server) apiGetSession(c *fiber.Ctx) error {
	return jsonByID(c, asJSON(s.svc.GetSession, toSessionJSON))
}

func (s *Server) apiUpdateSession(c *fiber.Ctx) error {
	return patchJSON(c, func(ctx context.Context, a domain.Actor, id int64, req sessionRequest) (sessionJSON, error) {
		m, err := s.svc.UpdateSession(ctx, a, id, req.patch())
		return toSessionJSON(m), err
	})
}

// Pages.

func (s *Server) sessionPage(c *fiber.Ctx) error { return s.meetingPage(c, domain.MeetingSession) }

// sessionEditSubmit saves the session form; completing a session and
// recording the engagement's progress are one submit and one transaction.
func (s *Server) sessionEditSubmit(c *fiber.Ctx) error {
	return s.meetingEditSubmit(c, domain.MeetingSession)
}
