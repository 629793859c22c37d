package views_test

import (
	"net/url"
	"time"

	"cairn/domain"
)

// Feedback's rows of the access matrix: the learner answers once a
// meeting took place, the leader reads the answer, admins know the
// meeting but see feedback only in the reports (403), outsiders and a
// coach who is a stranger to the pairing get 404. The coachee gives their
// view of a closed engagement; its coach may not (403).
func init() {
	for route, entry := range map[string]accessEntry{
		"GET /api/v1/checkins/:id/feedback":   {object: aHeldCheckin, want: expect{401, 404, 200, 403, 404}},
		"POST /api/v1/checkins/:id/feedback":  {object: aHeldCheckin, body: feedbackJSON, want: expect{401, 404, 201, 403, 404}},
		"GET /api/v1/sessions/:id/feedback":   {object: aHeldSession, want: expect{401, 404, 200, 403, 200}},
		"POST /api/v1/sessions/:id/feedback":  {object: aHeldSession, body: feedbackJSON, want: expect{401, 404, 201, 403, 403}},
		"POST /api/v1/engagements/:id/review": {object: aClosedEngagement, body: reviewJSON, want: expect{401, 404, 200, 403, 403}},
		"POST /checkins/:id/feedback":         {object: aHeldCheckin, body: feedbackForm, want: expect{401, 404, 303, 403, 404}},
		"POST /sessions/:id/feedback":         {object: aHeldSession, body: feedbackForm, want: expect{401, 404, 303, 403, 403}},
		"POST /engagements/:id/review":        {object: aClosedEngagement, body: reviewForm, want: expect{401, 404, 303, 403, 403}},
	} {
		accessMatrix[route] = entry
	}
}

// aHeldCheckin is an informal check-in the mentor logged an hour ago
// (completed); its participant is the mentee.
func aHeldCheckin(w *world) object {
	p, mentor, mentee := w.pairing()
	m, err := w.e.svc.CreateCheckin(w.ctx(), domain.Actor{Person: mentor}, p.ID, domain.CheckinInput{
		Format: domain.FormatInformal, ScheduledAt: w.e.clock.Now().Add(-time.Hour)})
	w.must(err)
	return object{params: map[string]string{"id": itoa(m.ID)}, participant: &mentee}
}

// aHeldSession is a session the coach logged as held an hour ago; the
// participant is the coachee, the coach role its coach.
func aHeldSession(w *world) object {
	e, coach, coachee := w.engagement()
	m, err := w.e.svc.ScheduleSession(w.ctx(), domain.Actor{Person: coach}, e.ID, domain.SessionInput{
		ScheduledAt: w.e.clock.Now().Add(-2 * time.Hour), DurationMinutes: 60, Status: domain.StatusCompleted})
	w.must(err)
	return object{params: map[string]string{"id": itoa(m.ID)}, participant: &coachee, coach: &coach}
}

// aClosedEngagement is an engagement its coach closed.
func aClosedEngagement(w *world) object {
	e, coach, coachee := w.engagement()
	_, err := w.e.svc.CloseEngagement(w.ctx(), domain.Actor{Person: coach}, e.ID, domain.CloseInput{
		Outcome: domain.OutcomeAchieved, Summary: "Runs planning now"})
	w.must(err)
	return object{params: map[string]string{"id": itoa(e.ID)}, participant: &coachee, coach: &coach}
}

func feedbackJSON(*world, object) any {
	return map[string]any{"rating": 4, "comment": "Clear next steps", "share_with_programme": true}
}

func feedbackForm(*world, object) any {
	return url.Values{"rating": {"4"}, "comment": {"Clear next steps"}, "share_with_programme": {"yes"}}
}

func reviewJSON(*world, object) any {
	return map[string]any{"rating": 5, "goal_outcome": "partially_achieved"}
}

func reviewForm(*world, object) any {
	return url.Values{"rating": {"5"}, "goal_outcome": {"partially_achieved"}}
}
