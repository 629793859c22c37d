package main

import (
	"fmt"

	bt "cairn/views/browsertest"
)

func init() { journeys = append(journeys, coachAndCoacheeAgreeAnExtension) }

// coachAndCoacheeAgreeAnExtension: the coach adds a milestone toward the
// goal and marks it reached, then proposes to end the engagement a month
// later; the coachee sees both, accepts the new end date, and the
// engagement's history keeps the proposal as accepted.
func coachAndCoacheeAgreeAnExtension(w *world) bt.Journey {
	coach := w.member("Greta Coach", "greta.coach@example.com", "greta's long password")
	coachee := w.member("Hugo Coachee", "hugo.coachee@example.com", "hugo's long password")
	prog := w.programme("Coaching with milestones", "coaching")
	var eng struct{ ID int64 }
	w.srv.api(w.t, "POST", "/api/v1/engagements", w.token, map[string]any{"programme_id": prog, "coach_id": coach,
		"coachee_id": coachee, "goal": map[string]any{"title": "Lead the quarterly review", "area": "work"},
		"starts_on": day("Europe/Berlin", -30), "ends_on": day("Europe/Berlin", 20), "planned_sessions": 4}, &eng, 201)
	page := fmt.Sprintf("/engagements/%d", eng.ID)
	return bt.Journey{Name: "coach completes a milestone and proposes an extension, the coachee accepts it", Steps: []bt.Step{
		bt.Do("the coach adds a milestone and marks it reached",
			bt.SignIn("greta.coach@example.com", "greta's long password"), bt.At("/"),
			bt.Open(page), bt.At(page), bt.See("#milestones-h", "Milestones"), bt.See("#milestones", "No milestones yet."),
			bt.Fill("#m-title", "Draft the review's agenda"), bt.Choose("#m-target_on", day("Europe/Berlin", 5)),
			bt.Press(`form[action$="/milestones"] button[type=submit]`), bt.At(page),
			bt.See("[role=status]", "Milestone added."), bt.See("#milestones", "Draft the review's agenda"),
			bt.Press(`#milestones form.inline button[type=submit]`), bt.At(page),
			bt.See("[role=status]", "Milestone reached."), bt.See("#milestones", "Reached on")),
		bt.Do("the coach proposes a later end date",
			bt.See("#extensions", "No extension was proposed."),
			bt.Choose("#x-ends_on", day("Europe/Berlin", 50)), bt.Fill("#x-planned_sessions", "6"),
			bt.Fill("#x-reason", "Two sessions fell to the reorganisation"),
			bt.Press(`form[action$="/extensions"] button[type=submit]`), bt.At(page),
			bt.See("[role=status]", "Extension proposed"), bt.See("#extensions", "Waiting for an answer"),
			bt.DontSee("#extensions", "Accept the new end date"), bt.FitsWidth(),
			bt.SignOut()),
		bt.Do("the coachee sees the milestone and accepts the extension",
			bt.SignIn("hugo.coachee@example.com", "hugo's long password"), bt.At("/"),
			bt.Open(page), bt.At(page), bt.See("#milestones", "Draft the review's agenda"), bt.See("#milestones", "Reached on"),
			bt.DontSee("#milestones", "Mark reached"),
			bt.See("#extensions", "Two sessions fell to the reorganisation"),
			bt.Press(`form[action$="/accept"] button[type=submit]`), bt.At(page),
			bt.See("[role=status]", "Extension accepted"), bt.See("#extensions", "Accepted by Hugo Coachee"),
			bt.See(".pace", "of 6 planned"), bt.FitsWidth(),
			bt.SignOut()),
	}}
}
