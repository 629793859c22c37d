package main

import (
	"strconv"

	bt "cairn/views/browsertest"
)

// hrActsOnAFlag: a pairing went quiet in a programme without nudges, the
// flag sweep flagged it, and HR nudges the pair, snoozes the flag, finds it
// among the snoozed ones and resolves it, all from the flags page.
func hrActsOnAFlag(w *world) bt.Journey {
	prog := w.programme("Quiet mentoring", "mentoring")
	w.srv.api(w.t, "PATCH", "/api/v1/programmes/"+strconv.FormatInt(prog, 10), w.token,
		map[string]any{"nudges_enabled": false, "nudge_after_days": 3}, nil, 200)
	mentor := w.srv.seedPerson(w.t, w.token, map[string]any{"name": "Margaret Okafor", "email": "margaret.okafor@example.com",
		"seniority": 8, "timezone": "Europe/London"})
	mentee := w.srv.seedPerson(w.t, w.token, map[string]any{"name": "Leo Brandt", "email": "leo.brandt@example.com",
		"seniority": 2, "timezone": "Asia/Tokyo"})
	var pairing struct{ ID int64 }
	w.srv.api(w.t, "POST", "/api/v1/pairings", w.token, map[string]any{"programme_id": prog, "mentor_id": mentor, "mentee_id": mentee,
		"started_on": day("UTC", -40), "checkin_cadence_days": 14}, &pairing, 201)
	w.srv.api(w.t, "POST", "/api/v1/admin/jobs/flags/run", w.token, nil, nil, 200)
	var flags struct {
		Items []struct {
			ID        int64 `json:"id"`
			SubjectID int64 `json:"subject_id"`
		}
	}
	w.srv.api(w.t, "GET", "/api/v1/flags", w.token, nil, &flags, 200)
	var flag int64
	for _, f := range flags.Items {
		if f.SubjectID == pairing.ID {
			flag = f.ID
		}
	}
	if flag == 0 {
		w.t.Fatalf("no flag raised for the quiet pairing: %+v", flags)
	}
	id := strconv.FormatInt(flag, 10)
	act := "#act-" + id
	row := `tr:has(` + act + `)`
	return bt.Journey{Name: "HR acts on a flag", Steps: []bt.Step{
		bt.Do("sign in and open the flags",
			bt.SignIn(w.srv.AdminEmail, w.srv.AdminPassword), bt.Open("/flags"), bt.At("/flags"),
			bt.See(row, "Margaret Okafor mentoring Leo Brandt"), bt.See(row, "Quiet mentoring"),
			bt.See(row, "At risk"), bt.See(row, "none yet"), bt.FitsWidth()),
		bt.Do("nudge both with a message",
			bt.Click(act+" summary"), bt.Fill("#nudge-"+id, "Shall we find a slot this week?"),
			bt.Press(`form[action="/flags/`+id+`/nudge"] button[type=submit]`), bt.At("/flags"),
			bt.See("[role=status]", "sent a nudge"), bt.See(row, "Nudged by")),
		bt.Do("snooze it for a week",
			bt.Click(act+" summary"), bt.Choose("#until-"+id, day("UTC", 7)), bt.Fill("#reason-"+id, "Leo is on leave"),
			bt.Press(`form[action="/flags/`+id+`/snooze"] button[type=submit]`), bt.At("/flags"),
			bt.See("[role=status]", "snoozed until"), bt.DontSee("main", "Margaret Okafor mentoring Leo Brandt")),
		bt.Do("find it among the snoozed ones",
			bt.Open("/flags?snoozed=1"), bt.See(row, "Snoozed until"), bt.See(row, "Leo is on leave")),
		bt.Do("resolve it with a note",
			bt.Click(act+" summary"), bt.Fill("#note-"+id, "Spoke to both; monthly from now on"),
			bt.Press(`form[action="/flags/`+id+`/resolve"] button[type=submit]`), bt.At("/flags"),
			bt.See("[role=status]", "resolved"), bt.DontSee("main", "Margaret Okafor mentoring Leo Brandt")),
		bt.Do("the pairing's page says why it is at risk",
			bt.Open("/pairings/"+strconv.FormatInt(pairing.ID, 10)), bt.See(".health", "At risk"),
			bt.See(".health", "No check-in yet"), bt.See(".health", "every 14 days agreed")),
		bt.Do("sign out", bt.SignOut()),
	}}
}
