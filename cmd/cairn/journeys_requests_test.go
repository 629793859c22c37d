package main

import (
	"fmt"

	bt "cairn/views/browsertest"
)

// menteeAsksForAMentor: in a programme where mentees ask, a mentee finds a
// mentor from their requests page (a sign-up they get wrong comes back
// with its error and what they typed), asks them with a message; the
// mentor sees it, accepts, and the pairing exists; both are told in the
// app.
func menteeAsksForAMentor(w *world) bt.Journey {
	mentor := w.srv.seedPerson(w.t, w.token, map[string]any{"name": "Ines Guide", "email": "ines.guide@example.com",
		"password": "ines's long password", "seniority": 8, "timezone": "Europe/Lisbon", "department": "Engineering"})
	w.srv.seedPerson(w.t, w.token, map[string]any{"name": "Tom Learner", "email": "tom.learner@example.com",
		"password": "tom's long password", "seniority": 2, "timezone": "Europe/Berlin", "department": "Sales"})
	var prog struct{ ID int64 }
	w.srv.api(w.t, "POST", "/api/v1/programmes", w.token, map[string]any{"name": "Find your mentor", "kind": "mentoring",
		"matching": "mentee_request", "request_expiry_days": 10}, &prog, 201)
	browse := fmt.Sprintf("/programmes/%d/mentors", prog.ID)
	ask := fmt.Sprintf(`form:has(input[name=mentor_id][value="%d"])`, mentor)
	return bt.Journey{Name: "mentee asks for a mentor", Steps: []bt.Step{
		bt.Do("sign in as the mentee and open their requests",
			bt.SignIn("tom.learner@example.com", "tom's long password"), bt.At("/"),
			bt.Press(`main a[href="/requests"]`), bt.At("/requests"), bt.See("h1", "Mentor requests"),
			bt.See("main", "You have not asked anyone yet.")),
		bt.Do("browse the mentors of the programme",
			bt.Press(`main a[href="`+browse+`"]`), bt.At(browse), bt.See("h1", "Find a mentor in Find your mentor"),
			bt.See("main", "Ines Guide"), bt.See("main", "a different department: an outside view"), bt.FitsWidth()),
		bt.Do("a sign-up whose capacity is no number comes back with what was typed",
			bt.Click(`input[name=as][value=mentor]`), bt.Fill("#join-capacity", "a few"),
			bt.PressExpecting(`form[action$="/join"] button[type=submit]`, 422), bt.At(fmt.Sprintf("/programmes/%d/join", prog.ID)),
			bt.See("#error-summary", "Mentees you take here: must be a number of mentees"), bt.HasValue("#join-capacity", "a few"),
			bt.See("main", "Ines Guide")),
		bt.Do("ask Ines with a message",
			bt.Fill(fmt.Sprintf("#ask-%d-message", mentor), "I would like to learn how to plan a quarter."),
			bt.Press(ask+" button[type=submit]"), bt.At("/requests"),
			bt.See("[role=status]", "Your request went to Ines Guide"), bt.See("main", "To Ines Guide"),
			bt.See("main", "Waiting for the mentor")),
		bt.Do("sign out", bt.SignOut()),
		bt.Do("the mentor is told and sees the request",
			bt.SignIn("ines.guide@example.com", "ines's long password"), bt.At("/"),
			bt.Press("header a.bell"), bt.At("/notifications"), bt.See("main", "Tom Learner asks you to mentor them"),
			bt.Press(`main a[href="/requests"]`), bt.At("/requests"), bt.See("main", "From Tom Learner"),
			bt.See("main", "I would like to learn how to plan a quarter.")),
		bt.Do("accept, and the pairing exists",
			bt.Press(`form[action$="/accept"] button[type=submit]`), bt.At("/requests"),
			bt.See("[role=status]", "The request is now: accepted"), bt.See("main", "Accepted"),
			bt.Press(`main a[href^="/pairings/"]`), bt.At("/pairings/*"), bt.See("h1", "Ines Guide mentoring Tom Learner")),
		bt.Do("sign out", bt.SignOut()),
		bt.Do("the mentee is told and has a mentor",
			bt.SignIn("tom.learner@example.com", "tom's long password"), bt.At("/"),
			bt.See("main", "My mentor"), bt.See("main", "Ines Guide"),
			bt.Press("header a.bell"), bt.At("/notifications"), bt.See("main", "Ines Guide is now your mentor")),
		bt.Do("sign out", bt.SignOut()),
	}}
}
