package views

import (
	"github.com/gofiber/fiber/v2"

	"cairn/domain"
)

type homePage struct {
	Page
	Upcoming  []domain.AgendaDay
	MyMentees []pairingSummary // open pairings where the viewer mentors
	MyMentors []pairingSummary // open pairings where the viewer is mentored
	// Coaching: the engagements the viewer coaches, and those they are coached in.
	Coaching  []domain.Engagement
	CoachedIn []domain.Engagement
	Due       dueActions
	// Feedback lists the meetings waiting for the viewer's answer.
	Feedback feedbackDue
	Calendar calendarLinks
}

// home is an admin's starting point and a member's agenda and relationships.
func (s *Server) home(c *fiber.Ctx) error {
	ctx, a := c.UserContext(), *actor(c)
	if domain.OrgAbilitiesOf(a).SeeDashboard {
		return s.dashboard(c) // the programme dashboard
	}
	data := homePage{Page: s.page(c, s.words(c).T("title.home"))}
	days, err := s.upcoming(c, a)
	if err != nil {
		return err
	}
	data.Upcoming = days
	if data.Due, err = s.dueActionsFor(c, data.Page, "/"); err != nil {
		return err
	}
	if data.Calendar, err = s.calendarBlock(c, a, data.CSRF, "/"); err != nil {
		return err
	}
	if data.Feedback.Prompts, err = s.svc.FeedbackDue(ctx, a); err != nil {
		return err
	}
	data.Feedback.Loc = data.Loc
	open := []domain.PairingStatus{domain.PairingActive, domain.PairingPaused}
	// Both sides in one read (and one health query): the pairings where
	// the viewer mentors, then those where they are mentored.
	both, err := s.svc.ListPairings(ctx, a, domain.PairingFilter{PersonID: a.Person.ID, Statuses: open, Limit: 1000})
	if err != nil {
		return err
	}
	var mentees, mentors []domain.Pairing
	for _, p := range both {
		if p.MentorID == a.Person.ID {
			mentees = append(mentees, p)
		} else {
			mentors = append(mentors, p)
		}
	}
	data.MyMentees, data.MyMentors = s.summariseIn(s.words(c), mentees, data.Loc), s.summariseIn(s.words(c), mentors, data.Loc)
	mine, err := s.svc.MyEngagements(c.UserContext(), a)
	if err != nil {
		return err
	}
	for _, e := range mine {
		if e.CoachID == a.Person.ID {
			data.Coaching = append(data.Coaching, e)
		} else {
			data.CoachedIn = append(data.CoachedIn, e)
		}
	}
	return s.render(c, "home", data)
}
