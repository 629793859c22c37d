package views

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

// checkinJSON is how a check-in is answered. The content fields (agenda,
// notes, private_notes) are left out entirely for a viewer who may see the
// metadata only, so an empty string never stands for "hidden".
type checkinJSON struct {
	ID              int64                   `json:"id"`
	PairingID       int64                   `json:"pairing_id"`
	MentorID        int64                   `json:"mentor_id"`
	MenteeID        int64                   `json:"mentee_id"`
	Format          domain.MeetingFormat    `json:"format"`
	ScheduledAt     time.Time               `json:"scheduled_at"`
	DurationMinutes int                     `json:"duration_minutes"`
	Location        string                  `json:"location"`
	Status          domain.MeetingStatus    `json:"status"`
	Agenda          *string                 `json:"agenda,omitempty"`
	Notes           *string                 `json:"notes,omitempty"`
	PrivateNotes    *string                 `json:"private_notes,omitempty"`
	ContentHidden   bool                    `json:"content_hidden,omitempty"`
	CreatedBy       int64                   `json:"created_by"`
	CreatedAt       time.Time               `json:"created_at"`
	UpdatedAt       time.Time               `json:"updated_at"`
	SeriesID        *int64                  `json:"series_id,omitempty"`
	Can             domain.MeetingAbilities `json:"can"`
}

func toCheckinJSON(m domain.Meeting) checkinJSON {
	out := checkinJSON{SeriesID: m.SeriesID, ID: m.ID, MentorID: m.LeaderID, MenteeID: m.LearnerID, Format: m.Format,
		ScheduledAt: m.ScheduledAt.UTC(), DurationMinutes: m.DurationMinutes, Location: m.Location, Status: m.Status,
		ContentHidden: m.ContentHidden, CreatedBy: m.CreatedBy, CreatedAt: m.CreatedAt.UTC(), UpdatedAt: m.UpdatedAt.UTC(), Can: m.Can}
	if m.PairingID != nil {
		out.PairingID = *m.PairingID
	}
	if !m.ContentHidden {
		out.Agenda, out.Notes, out.PrivateNotes = &m.Agenda, &m.Notes, &m.PrivateNotes
	}
	return out
}

// checkinRequest is the JSON body of POST /pairings/{id}/checkins and
// PATCH /checkins/{id}.
type checkinRequest struct {
	Format          *domain.MeetingFormat `json:"format"`
	ScheduledAt     *time.Time            `json:"scheduled_at"`
	DurationMinutes *int                  `json:"duration_minutes"`
	Location        *string               `json:"location"`
	Agenda          *string               `json:"agenda"`
	Status          *domain.MeetingStatus `json:"status"`
	Notes           *string               `json:"notes"`
	PrivateNotes    *string               `json:"private_notes"`
}

func (s *Server) apiListCheckins(c *fiber.Ctx) error {
	return apiListMeetings(c, s.svc.ListCheckins, toCheckinJSON)
}

func (s *Server) apiCreateCheckin(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	// The pairing comes before the body: who may not see it learns nothing
	// from how a body is refused.
	if _, err := s.svc.GetPairing(c.UserContext(), *actor(c), id); err != nil {
		return err
	}
	return createMeetingJSON(c, "/api/v1/checkins/", func(ctx context.Context, a domain.Actor, id int64, req checkinRequest) (domain.Meeting, error) {
		if req.DurationMinutes != nil && *req.DurationMinutes == 0 {
			// Absent means the default length; a zero sent on purpose is not.
			return domain.Meeting{}, domain.InvalidText("duration_minutes", "error.views.duration_range")
		}
		return s.svc.CreateCheckin(ctx, a, id, domain.CheckinInput{Format: orZero(req.Format), ScheduledAt: orZero(req.ScheduledAt),
			DurationMinutes: orZero(req.DurationMinutes), Location: orZero(req.Location), Agenda: orZero(req.Agenda),
			Status: orZero(req.Status), Notes: orZero(req.Notes), PrivateNotes: orZero(req.PrivateNotes)})
	}, toCheckinJSON)
}

func (s *Server) apiGetCheckin(c *fiber.Ctx) error {
	return jsonByID(c, asJSON(s.svc.GetCheckin, toCheckinJSON))
}

func (s *Server) apiUpdateCheckin(c *fiber.Ctx) error {
	return patchJSON(c, func(ctx context.Context, a domain.Actor, id int64, req checkinRequest) (checkinJSON, error) {
		if req.Format != nil {
			before, err := s.svc.GetCheckin(ctx, a, id)
			if err != nil {
				return checkinJSON{}, err
			}
			if *req.Format != before.Format {
				return checkinJSON{}, domain.Invalid("format", "cannot be changed")
			}
		}
		m, err := s.svc.UpdateCheckin(ctx, a, id, domain.MeetingPatch{ScheduledAt: req.ScheduledAt,
			DurationMinutes: req.DurationMinutes, Location: req.Location, Agenda: req.Agenda, Status: req.Status,
			Notes: req.Notes, PrivateNotes: req.PrivateNotes})
		return toCheckinJSON(m), err
	})
}

// Pages.

func (s *Server) checkinPage(c *fiber.Ctx) error { return s.meetingPage(c, domain.MeetingCheckin) }

// checkinEditSubmit saves a participant's changes to a check-in.
func (s *Server) checkinEditSubmit(c *fiber.Ctx) error {
	return s.meetingEditSubmit(c, domain.MeetingCheckin)
}
