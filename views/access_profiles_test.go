package views_test

import (
	"net/url"

	"cairn/domain"
)

// The profiles' and tags' rows of the access matrix: whoever may read a
// person reads their profile; the person and admins change it (other
// members 403, an external coach who does not know the person 404);
// admins curate the tags, which everyone signed in reads.
func init() {
	for route, entry := range map[string]accessEntry{
		"GET /people/:id/profile":          {object: aPerson, want: expect{303, 403, 200, 200, 404}},
		"POST /people/:id/profile":         {object: aPerson, body: mentoringProfileForm, want: expect{401, 403, 303, 303, 404}},
		"GET /api/v1/people/:id/profile":   {object: aPerson, want: expect{401, 200, 200, 200, 404}},
		"PATCH /api/v1/people/:id/profile": {object: aPerson, body: mentoringProfileJSON, want: expect{401, 403, 200, 200, 404}},
		"GET /api/v1/me/profile":           {want: expect{401, 200, notApplicable, 200, 200}},
		"PATCH /api/v1/me/profile":         {body: mentoringProfileJSON, want: expect{401, 200, notApplicable, 200, 200}},
		"GET /api/v1/tags":                 {want: expect{401, 200, notApplicable, 200, 200}},
		"POST /api/v1/tags":                {body: tagJSON, want: expect{401, 403, notApplicable, 201, 403}},
		"DELETE /api/v1/tags/:id":          {object: aTag, want: expect{401, 403, notApplicable, 204, 403}},
		"GET /admin/tags":                  {want: expect{303, 403, notApplicable, 200, 403}},
		"POST /admin/tags":                 {body: tagForm, want: expect{401, 403, notApplicable, 303, 403}},
		"POST /admin/tags/:id/delete":      {object: aTag, body: confirmedForm, want: expect{401, 403, notApplicable, 303, 403}},
	} {
		accessMatrix[route] = entry
	}
}

// aTag is one tag of the organisation's list.
func aTag(w *world) object {
	t, err := w.e.svc.CreateTag(w.ctx(), domain.Actor{Person: w.e.admin}, "Negotiation "+w.unique())
	w.must(err)
	return object{params: map[string]string{"id": itoa(t.ID)}}
}

func tagJSON(w *world, _ object) any { return map[string]any{"name": "Budgeting " + w.unique()} }

func tagForm(w *world, _ object) any { return url.Values{"name": {"Budgeting " + w.unique()}} }

func mentoringProfileForm(*world, object) any {
	return url.Values{"bio": {"Ten years in sales."}, "offers[]": {"Negotiation"}, "wants_other": {"Public speaking, Go"},
		"languages": {"en, de"}, "work_start": {"09:00"}, "work_end": {"17:00"}}
}

func mentoringProfileJSON(*world, object) any {
	return map[string]any{"bio": "Ten years in sales.", "offers": []string{"Negotiation"}, "languages": []string{"en"},
		"work_start": "08:30", "work_end": "16:30"}
}
