package views_test

import (
	"net/url"

	"cairn/domain"
)

// The action items' rows of the access matrix: the participants work on
// them, admins read the counts and change nothing (403), outsiders and a
// coach who is a stranger to the pairing get 404; an engagement's coach is
// one of its two participants. Only the owner (the coachee here) marks an
// item done.
func init() {
	for route, entry := range map[string]accessEntry{
		"GET /api/v1/pairings/:id/actions":     {object: aPairing, want: expect{401, 404, 200, 200, 404}},
		"POST /api/v1/pairings/:id/actions":    {object: aPairing, body: actionJSON, want: expect{401, 404, 201, 403, 404}},
		"GET /api/v1/engagements/:id/actions":  {object: anEngagement, want: expect{401, 404, 200, 200, 200}},
		"POST /api/v1/engagements/:id/actions": {object: anEngagement, body: actionJSON, want: expect{401, 404, 201, 403, 201}},
		"PATCH /api/v1/actions/:id":            {object: anActionItem, body: actionTitleJSON, want: expect{401, 404, 200, 403, 200}},
		"DELETE /api/v1/actions/:id":           {object: anActionItem, want: expect{401, 404, 204, 403, 204}},
		"GET /api/v1/me/actions":               {want: expect{401, 200, notApplicable, 200, 200}},
		"POST /pairings/:id/actions":           {object: aPairing, body: actionForm, want: expect{401, 404, 303, 403, 404}},
		"POST /engagements/:id/actions":        {object: anEngagement, body: actionForm, want: expect{401, 404, 303, 403, 303}},
		"POST /actions/:id/done":               {object: anActionItem, body: doneForm, want: expect{401, 404, 303, 403, 403}},
	} {
		accessMatrix[route] = entry
	}
}

// anActionItem is an engagement's item owned by its coachee (the
// participant), added by its coach (the coach role).
func anActionItem(w *world) object {
	e, coach, coachee := w.engagement()
	x, err := w.e.svc.CreateAction(w.ctx(), domain.Actor{Person: coach}, domain.SubjectEngagement, e.ID, domain.ActionInput{
		Title: "Draft the charter", OwnerID: coachee.ID, DueOn: domain.NewDate(2026, 3, 20)})
	w.must(err)
	return object{params: map[string]string{"id": itoa(x.ID)}, participant: &coachee, coach: &coach}
}

// actionJSON is an item owned by the object's participant.
func actionJSON(_ *world, o object) any {
	return map[string]any{"title": "Read two chapters", "owner_id": o.participant.ID, "due_on": "2026-03-20"}
}

func actionTitleJSON(*world, object) any { return map[string]any{"title": "Read three chapters"} }

func actionForm(_ *world, o object) any {
	return url.Values{"title": {"Read two chapters"}, "owner_id": {itoa(o.participant.ID)}, "due_on": {"2026-03-20"}}
}

func doneForm(*world, object) any { return url.Values{"done": {"1"}, "back": {"/"}} }
