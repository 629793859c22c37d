package main

import (
	"fmt"
	"time"

	bt "cairn/views/browsertest"
)

func init() { journeys = append(journeys, coacheeRatesASession) }

// coacheeRatesASession: after a session the coach marked as held, the
// coachee's home page asks how useful it was; they rate it on the
// session's page with a comment shared with the programme, and the coach
// sees the rating and the comment on the engagement's page.
func coacheeRatesASession(w *world) bt.Journey {
	coach := w.srv.seedPerson(w.t, w.token, map[string]any{"name": "Nils Coach", "email": "nils.coach@example.com",
		"password": "nils's long password", "seniority": 8, "timezone": "Europe/Berlin"})
	coachee := w.member("Ola Coachee", "ola.coachee@example.com", "ola's long password")
	prog := w.programme("Coaching with feedback", "coaching")
	var eng, session struct{ ID int64 }
	w.srv.api(w.t, "POST", "/api/v1/engagements", w.token, map[string]any{"programme_id": prog, "coach_id": coach,
		"coachee_id": coachee, "goal": map[string]any{"title": "Chair the weekly review", "area": "work"},
		"starts_on": day("Europe/Berlin", -14), "ends_on": day("Europe/Berlin", 60), "planned_sessions": 4}, &eng, 201)
	w.srv.api(w.t, "POST", fmt.Sprintf("/api/v1/engagements/%d/sessions", eng.ID), w.signIn("nils.coach@example.com", "nils's long password"),
		map[string]any{"scheduled_at": time.Now().Add(-3 * time.Hour).UTC().Format(time.RFC3339), "duration_minutes": 60,
			"status": "completed"}, &session, 201)
	page, sessionPage := fmt.Sprintf("/engagements/%d", eng.ID), fmt.Sprintf("/sessions/%d", session.ID)
	return bt.Journey{Name: "the coachee rates a held session, the coach reads it", Steps: []bt.Step{
		bt.Do("the coachee is asked on the home page and rates the session",
			bt.SignIn("ola.coachee@example.com", "ola's long password"), bt.At("/"),
			bt.See("#fbdue-h", "How useful were your meetings?"), bt.See("main", "Your session with Nils Coach"),
			bt.Open(sessionPage), bt.At(sessionPage), bt.See("#fb-h", "How useful was this meeting?"),
			bt.PressExpecting(`form[action$="/feedback"] button[type=submit]`, 422), bt.At(sessionPage+"/feedback"),
			bt.See("main", "choose how useful it was"), bt.FitsWidth(),
			bt.Click(`input[name=rating][value="4"]`), bt.Fill("#fb-comment", "Clear next steps for the review"),
			bt.Click("#fb-share"),
			bt.Press(`form[action$="/feedback"] button[type=submit]`), bt.At(sessionPage),
			bt.See("[role=status]", "Thank you"), bt.See("#feedback", "You rated it 4 of 5"),
			bt.See("#feedback", "shared with the programme's admins"), bt.FitsWidth(),
			bt.Open("/"), bt.At("/"), bt.DontSee("main", "How useful were your meetings?"),
			bt.SignOut()),
		bt.Do("the coach sees the rating and the comment",
			bt.SignIn("nils.coach@example.com", "nils's long password"), bt.At("/"),
			bt.Open(page), bt.At(page), bt.See("#sessions-h", "Sessions"),
			bt.See(".timeline", "Rated 4 of 5"), bt.See(".timeline", "Clear next steps for the review"), bt.FitsWidth(),
			bt.Open(sessionPage), bt.At(sessionPage), bt.See("#feedback", "Rated 4 of 5"), bt.DontSee("#feedback", "Send my answer"),
			bt.SignOut()),
	}}
}
