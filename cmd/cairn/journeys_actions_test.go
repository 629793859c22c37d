package main

import (
	"fmt"

	bt "cairn/views/browsertest"
)

func init() { journeys = append(journeys, coachAddsAnActionItem) }

// coachAddsAnActionItem: after a session the coach writes down what the
// coachee agreed to do by a date; the coachee finds it on their home page
// among the items due this week and marks it done, and the coach sees it
// done on the engagement's page.
func coachAddsAnActionItem(w *world) bt.Journey {
	coach := w.member("Tomas Coach", "tomas.coach@example.com", "tomas's long password")
	coachee := w.member("Rita Coachee", "rita.coachee@example.com", "rita's long password")
	prog := w.programme("Coaching with actions", "coaching")
	var eng struct{ ID int64 }
	w.srv.api(w.t, "POST", "/api/v1/engagements", w.token, map[string]any{"programme_id": prog, "coach_id": coach,
		"coachee_id": coachee, "goal": map[string]any{"title": "Run the planning meeting", "area": "work"},
		"starts_on": day("Europe/Berlin", -7), "ends_on": day("Europe/Berlin", 60), "planned_sessions": 4}, &eng, 201)
	page := fmt.Sprintf("/engagements/%d", eng.ID)
	return bt.Journey{Name: "coach adds an action item, the coachee marks it done", Steps: []bt.Step{
		bt.Do("the coach adds an item for the coachee",
			bt.SignIn("tomas.coach@example.com", "tomas's long password"), bt.At("/"),
			bt.Open(page), bt.At(page), bt.See("#actions-h", "Action items"), bt.See("#actions", "No action items yet."),
			bt.Fill("#a-title", "Draft the agenda for the planning meeting"),
			bt.Fill("#a-detail", "Three topics at most"),
			bt.ChooseLabel("#a-owner_id", "Rita Coachee"), bt.Choose("#a-due_on", day("Europe/Berlin", 2)),
			bt.Press(`form[action$="/actions"] button[type=submit]`), bt.At(page),
			bt.See("[role=status]", "Action item added."), bt.See("#actions", "Draft the agenda for the planning meeting"),
			bt.See("#actions", "Rita Coachee"), bt.DontSee("#actions", "Mark done"), bt.FitsWidth(),
			bt.SignOut()),
		bt.Do("the coachee finds it due this week and marks it done",
			bt.SignIn("rita.coachee@example.com", "rita's long password"), bt.At("/"),
			bt.See("main", "Your action items due this week"), bt.See("main", "Draft the agenda for the planning meeting"),
			bt.See("main", "with Tomas Coach"),
			bt.Press(`form[action$="/done"] button[type=submit]`), bt.At("/"),
			bt.See("[role=status]", "Marked done."), bt.DontSee("main", "Draft the agenda for the planning meeting"),
			bt.Open(page), bt.At(page), bt.See("#actions", "Done"), bt.See("#actions", "Open again"), bt.FitsWidth(),
			bt.SignOut()),
	}}
}
