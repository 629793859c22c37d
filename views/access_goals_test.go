package views_test

import (
	"net/url"

	"cairn/domain"
)

// The milestones' and extensions' rows of the access matrix: the coach
// keeps the milestones and proposes extensions, the coachee (the
// participant) reads them and answers proposals, admins read the counts
// and dates and change nothing (403) but how progress is set, outsiders
// get 404.
func init() {
	for route, entry := range map[string]accessEntry{
		"GET /api/v1/engagements/:id/milestones":        {object: anEngagement, want: expect{401, 404, 200, 200, 200}},
		"POST /api/v1/engagements/:id/milestones":       {object: anEngagement, body: milestoneJSON, want: expect{401, 404, 403, 403, 201}},
		"PATCH /api/v1/milestones/:id":                  {object: aMilestone, body: milestoneDoneJSON, want: expect{401, 404, 403, 403, 200}},
		"DELETE /api/v1/milestones/:id":                 {object: aMilestone, want: expect{401, 404, 403, 403, 204}},
		"GET /api/v1/engagements/:id/extensions":        {object: anEngagement, want: expect{401, 404, 200, 200, 200}},
		"POST /api/v1/engagements/:id/extensions":       {object: anEngagement, body: extensionJSON, want: expect{401, 404, 403, 403, 201}},
		"POST /api/v1/extensions/:id/accept":            {object: anExtension, want: expect{401, 404, 200, 403, 403}},
		"POST /api/v1/extensions/:id/decline":           {object: anExtension, body: declineJSON, want: expect{401, 404, 200, 403, 403}},
		"POST /engagements/:id/milestones":              {object: anEngagement, body: milestoneForm, want: expect{401, 404, 403, 403, 303}},
		"POST /engagements/:id/milestones/:mid":         {object: anEngagementMilestone, body: milestoneDoneForm, want: expect{401, 404, 403, 403, 303}},
		"POST /engagements/:id/progress-mode":           {object: anEngagement, body: progressModeForm, want: expect{401, 404, 403, 303, 303}},
		"POST /engagements/:id/extensions":              {object: anEngagement, body: extensionForm, want: expect{401, 404, 403, 403, 303}},
		"POST /engagements/:id/extensions/:xid/:answer": {object: anEngagementExtension, want: expect{401, 404, 303, 403, 403}},
	} {
		accessMatrix[route] = entry
	}
}

// aMilestone is one the engagement's coach added (id: the milestone).
func aMilestone(w *world) object {
	_, m, coach, coachee := w.milestone()
	return object{params: map[string]string{"id": itoa(m.ID)}, participant: &coachee, coach: &coach}
}

// anEngagementMilestone is the same, as the page's form names it (id:
// the engagement, mid: the milestone).
func anEngagementMilestone(w *world) object {
	e, m, coach, coachee := w.milestone()
	return object{params: map[string]string{"id": itoa(e.ID), "mid": itoa(m.ID)}, participant: &coachee, coach: &coach}
}

func (w *world) milestone() (domain.Engagement, domain.Milestone, domain.Person, domain.Person) {
	e, coach, coachee := w.engagement()
	m, err := w.e.svc.CreateMilestone(w.ctx(), domain.Actor{Person: coach}, e.ID, domain.MilestoneInput{
		Title: "Present the charter", TargetOn: domain.NewDate(2026, 4, 15)})
	w.must(err)
	return e, m, coach, coachee
}

// anExtension is a proposal the coach made, waiting for the coachee (id:
// the proposal).
func anExtension(w *world) object {
	_, x, coach, coachee := w.extension()
	return object{params: map[string]string{"id": itoa(x.ID)}, participant: &coachee, coach: &coach}
}

// anEngagementExtension is the same, as the page's answer form names it
// (id: the engagement, xid: the proposal), accepted.
func anEngagementExtension(w *world) object {
	e, x, coach, coachee := w.extension()
	return object{params: map[string]string{"id": itoa(e.ID), "xid": itoa(x.ID), "answer": "accept"}, participant: &coachee, coach: &coach}
}

func (w *world) extension() (domain.Engagement, domain.Extension, domain.Person, domain.Person) {
	e, coach, coachee := w.engagement()
	x, err := w.e.svc.ProposeExtension(w.ctx(), domain.Actor{Person: coach}, e.ID, domain.ExtensionInput{
		EndsOn: domain.NewDate(2026, 8, 31), Reason: "time lost to the reorganisation"})
	w.must(err)
	return e, x, coach, coachee
}

func milestoneJSON(*world, object) any {
	return map[string]any{"title": "Run the first retro", "target_on": "2026-04-01"}
}

func milestoneDoneJSON(*world, object) any { return map[string]any{"done_on": "2026-03-02"} }

func extensionJSON(*world, object) any {
	return map[string]any{"ends_on": "2026-08-31", "planned_sessions": 8, "reason": "two sessions lost"}
}

func declineJSON(*world, object) any { return map[string]any{"reason": "we will finish in time"} }

func milestoneForm(*world, object) any {
	return url.Values{"title": {"Run the first retro"}, "target_on": {"2026-04-01"}}
}

func milestoneDoneForm(*world, object) any { return url.Values{"op": {"done"}} }

func progressModeForm(*world, object) any { return url.Values{"progress_mode": {"milestones"}} }

func extensionForm(*world, object) any {
	return url.Values{"ends_on": {"2026-08-31"}, "planned_sessions": {"8"}, "reason": {"two sessions lost"}}
}
