package main

import (
	"fmt"
	"time"

	bt "cairn/views/browsertest"
)

// mentorSetsARegularTime: a mentor in Berlin sets a weekly time with a
// mentee in New York through "Set a regular time", previews the next five
// dates in both zones, saves it, and sees it on the pairing page and the
// agenda.
func mentorSetsARegularTime(w *world) bt.Journey {
	mentor := w.srv.seedPerson(w.t, w.token, map[string]any{"name": "Greta Regular", "email": "greta.regular@example.com",
		"password": "greta's long password", "seniority": 8, "timezone": "Europe/Berlin"})
	mentee := w.srv.seedPerson(w.t, w.token, map[string]any{"name": "Noah Faraway", "email": "noah.faraway@example.com",
		"password": "noah's long password", "seniority": 2, "timezone": "America/New_York"})
	prog := w.programme("Mentoring across the ocean", "mentoring")
	var pairing struct{ ID int64 }
	w.srv.api(w.t, "POST", "/api/v1/pairings", w.token, map[string]any{"programme_id": prog, "mentor_id": mentor,
		"mentee_id": mentee, "started_on": day("Europe/Berlin", -10)}, &pairing, 201)
	page := fmt.Sprintf("/pairings/%d", pairing.ID)
	first := day("Europe/Berlin", 8)
	d, _ := time.ParseInLocation("2006-01-02", first, mustZone("Europe/Berlin"))
	at := time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, mustZone("Europe/Berlin"))
	berlin := at.Format("Mon 2 Jan 2006, 15:04") + " (Europe/Berlin)"
	newYork := at.In(mustZone("America/New_York")).Format("Mon 2 Jan 2006, 15:04") + " (America/New_York)"
	return bt.Journey{Name: "mentor sets a regular time", Steps: []bt.Step{
		bt.Do("sign in as the mentor and open the pairing",
			bt.SignIn("greta.regular@example.com", "greta's long password"), bt.At("/"),
			bt.Open(page), bt.See("h2#series-heading", "Regular time"), bt.See("main", "No regular time yet.")),
		bt.Do("preview the next dates in both zones",
			bt.Press(`main a[href="`+page+`/series/new"]`), bt.At(page+"/series/new"), bt.See("h1", "Set a regular time"),
			bt.Choose("#series-date", first), bt.Choose("#series-time", "10:00"), bt.HasValue("#series-zone", "Europe/Berlin"),
			bt.Choose("#series-repeat", "weekly"), bt.Fill("#series-location", "Video call"),
			bt.Press(`button[name=action][value=preview]`),
			bt.See("h2#preview-heading", "The next five dates: every "+at.Weekday().String()+" at 10:00 (Europe/Berlin)"),
			bt.See("main table", "For Greta Regular"), bt.See("main table", "For Noah Faraway"),
			bt.See("main table", berlin), bt.See("main table", newYork), bt.FitsWidth()),
		bt.Do("set it and see it on the pairing page",
			bt.Press(`button[name=action][value=save]`), bt.At(page),
			bt.See("[role=status]", "The regular time is set."),
			bt.See("main", "every "+at.Weekday().String()+" at 10:00"), bt.See("main", "Skip this one"), bt.See("main", "Move this one")),
		bt.Do("see its dates marked on the agenda",
			bt.Press(`nav a[href="/agenda"]`), bt.At("/agenda"), bt.See("main", "Regular time"), bt.See("main", "Noah Faraway")),
	}}
}
