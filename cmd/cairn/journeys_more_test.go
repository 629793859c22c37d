package main

import (
	"context"
	"fmt"
	"time"

	"github.com/chromedp/chromedp"

	bt "cairn/views/browsertest"
)

// The three journeys: the HR admin sets up both kinds of
// programme through the forms, a coach runs an engagement to its close, a
// mentee follows their mentoring. Each seeds what others would have done
// through the JSON API and names its people uniquely per server.

// day is a calendar date in zone, days from today.
func day(zone string, days int) string {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		panic(err)
	}
	return time.Now().In(loc).AddDate(0, 0, days).Format("2006-01-02")
}

// programme adds a programme through the API and returns its id.
func (w *world) programme(name, kind string) int64 {
	var out struct{ ID int64 }
	w.srv.api(w.t, "POST", "/api/v1/programmes", w.token, map[string]any{"name": name, "kind": kind}, &out, 201)
	return out.ID
}

// signIn returns a member's API token.
func (w *world) signIn(email, password string) string {
	var out struct{ Token string }
	w.srv.api(w.t, "POST", "/api/v1/tokens", "", map[string]string{"email": email, "password": password}, &out, 201)
	return out.Token
}

func hrSetsUpProgrammes(w *world) bt.Journey {
	w.srv.seedPerson(w.t, w.token, map[string]any{"name": "Petra Coachwell", "email": "petra.coachwell@example.com",
		"seniority": 9, "external": true, "timezone": "Europe/London"})
	addPerson := func(name, email, seniority string) bt.Step {
		return bt.Do("add "+name+" through the form",
			bt.Open("/people/new"), bt.See("h1", "New person"),
			bt.Fill("#name", name), bt.Fill("#email", email), bt.Fill("#department", "Engineering"),
			bt.Choose("#seniority", seniority), bt.Fill("#timezone", "Europe/Berlin"),
			bt.Press(`main form button[type=submit]`),
			bt.At("/people/*"), bt.See("[role=status]", name+" was added."), bt.See("dl.facts", email))
	}
	start, end := day("UTC", -1), day("UTC", 90)
	return bt.Journey{Name: "HR sets up programmes", Steps: []bt.Step{
		bt.Do("sign in as the HR admin and see the dashboard",
			bt.SignIn(w.srv.AdminEmail, w.srv.AdminPassword), bt.At("/"), bt.See("h1", "Welcome, Administrator"),
			bt.See("main", "Active programmes")),
		addPerson("Ravi Senior", "ravi.senior@example.com", "8"),
		addPerson("Mia Junior", "mia.junior@example.com", "2"),
		bt.Do("create a mentoring programme",
			bt.Press(`nav a[href="/programmes"]`), bt.At("/programmes"),
			bt.Press(`main a[href="/programmes/new"]`), bt.At("/programmes/new"),
			bt.Fill("#name", "Engineering mentoring 2026"), bt.Click(`input[name=kind][value=mentoring]`),
			bt.Fill("#description", "Seniors guide new engineers"),
			bt.Press(`main form button[type=submit]`), bt.At("/programmes/*"),
			bt.See("[role=status]", "was created"), bt.See("h1", "Engineering mentoring 2026"),
			bt.See("dl.facts", "Only colleagues more senior than their mentee")),
		bt.Do("pair Ravi with Mia",
			bt.Press(`main a[href^="/pairings/new"]`), bt.At("/pairings/new"),
			bt.ChooseLabel("#mentor_id", "Ravi Senior"), bt.ChooseLabel("#mentee_id", "Mia Junior"),
			bt.Choose("#started_on", start), bt.Fill("#focus", "Code review and design"),
			bt.Press(`main form button[type=submit]`), bt.At("/pairings/*"),
			bt.See("[role=status]", "Ravi Senior now mentors Mia Junior."), bt.See("h1", "Ravi Senior mentoring Mia Junior")),
		bt.Do("create a coaching programme",
			bt.Open("/programmes/new?kind=coaching"),
			bt.Fill("#name", "Leadership coaching 2026"), bt.Click(`input[name=kind][value=coaching]`),
			bt.Press(`main form button[type=submit]`), bt.At("/programmes/*"),
			bt.See("[role=status]", "was created"), bt.See("h1", "Leadership coaching 2026")),
		bt.Do("start an engagement with the outside coach",
			bt.Press(`main a[href^="/engagements/new"]`), bt.At("/engagements/new"),
			bt.ChooseLabel("#coach_id", "Petra Coachwell"), bt.ChooseLabel("#coachee_id", "Ravi Senior"),
			bt.Fill("#goal_title", "Lead the platform team"), bt.Click(`input[name=goal_area][value=work]`),
			bt.Fill("#success_measure", "Runs quarterly planning alone"),
			bt.Choose("#starts_on", start), bt.Choose("#ends_on", end), bt.Fill("#planned_sessions", "6"),
			bt.Press(`main form button[type=submit]`), bt.At("/engagements/*"),
			bt.See("[role=status]", "was started"), bt.See("h1", "Lead the platform team"), bt.See("main", "Petra Coachwell")),
		bt.Do("the dashboard shows both programmes",
			bt.Press(`nav a[href="/"]`), bt.At("/"),
			bt.See(".dashboard-cards", "Engineering mentoring 2026"), bt.See(".dashboard-cards", "Leadership coaching 2026"),
			bt.See(".dashboard-cards", "Sessions completed"), bt.FitsWidth()),
		bt.Do("list the pairings across programmes and filter them",
			bt.Press(`nav a[href="/pairings"]`), bt.At("/pairings"), bt.See("h1", "Pairings"),
			bt.See("table", "Ravi Senior and Mia Junior"), bt.See("table", "Engineering mentoring 2026"), bt.FitsWidth(),
			bt.ChooseLabel("#f-status", "Ended"), bt.Press(`form[action="/pairings"] button[type=submit]`),
			bt.At("/pairings"), bt.See("main", "No pairings match."), bt.DontSee("main", "Ravi Senior and Mia Junior")),
		bt.Do("list the engagements across programmes",
			bt.Press(`nav a[href="/engagements"]`), bt.At("/engagements"), bt.See("h1", "Engagements"),
			bt.See("table", "Lead the platform team"), bt.See("table", "Petra Coachwell coaching Ravi Senior"), bt.FitsWidth()),
		bt.Do("a person's page shows their relationships",
			bt.Press(`table tbody td:nth-child(3) a[href^="/people/"]`), bt.At("/people/*"), bt.See("h1", "Ravi Senior"),
			bt.See("main", "Relationships"), bt.See("table", "Mia Junior"), bt.See("table", "Petra Coachwell"),
			bt.See("dl.facts", "1 mentee now"), bt.FitsWidth()),
	}}
}

func coachRunsAnEngagement(w *world) bt.Journey {
	const zone = "America/New_York"
	coach := w.srv.seedPerson(w.t, w.token, map[string]any{"name": "Olu Coach", "email": "olu.coach@example.com",
		"password": "olu's long password", "seniority": 9, "external": true, "timezone": zone})
	coachee := w.member("Ines Coachee", "ines.coachee@example.com", "ines's long password")
	prog := w.programme("Coaching for leads", "coaching")
	var eng struct{ ID int64 }
	w.srv.api(w.t, "POST", "/api/v1/engagements", w.token, map[string]any{"programme_id": prog, "coach_id": coach,
		"coachee_id": coachee, "goal": map[string]any{"title": "Give clear feedback", "area": "work", "success_measure": "Team survey"},
		"starts_on": day(zone, -7), "ends_on": day(zone, 60), "planned_sessions": 4}, &eng, 201)
	page := fmt.Sprintf("/engagements/%d", eng.ID)
	yesterday := day(zone, -1)
	return bt.Journey{Name: "coach runs an engagement", Steps: []bt.Step{
		bt.Do("sign in as the coach",
			bt.SignIn("olu.coach@example.com", "olu's long password"), bt.At("/"),
			bt.See("h1", "Welcome, Olu Coach"), bt.See("main", "My coaching"), bt.See("main", "Give clear feedback")),
		bt.Do("open the engagement",
			bt.Press(`main a[href="`+page+`"]`), bt.At(page), bt.See("h1", "Give clear feedback"), bt.See("main", "Ines Coachee")),
		bt.Do("the page leads with what the coach can do",
			bt.See("nav[aria-labelledby=next-h]", "Schedule or log a session"), bt.DontSee("main", "Why it was cancelled")),
		bt.Do("schedule a session: the form names both zones and shows the time for both",
			bt.See("#s-zones", "Ines Coachee is in Europe/Berlin"),
			bt.See("#s-also", "for Ines"), // the script's live preview of the time shown
			bt.Choose("#s-date", yesterday), bt.Choose("#s-time", "10:00"), bt.Fill("#s-duration_minutes", "60"),
			bt.Fill("#s-location", "https://video.example/olu-ines"),
			bt.Press(`form[action$="/sessions"] button[name=preview]`), bt.At(page+"/sessions"),
			bt.See("#s-preview", "10:00"), bt.See("#s-preview", "for Ines"), bt.HasValue("#s-location", "https://video.example/olu-ines"),
			bt.Press(`form[action$="/sessions"] button[type=submit]:not([name])`), bt.At(page),
			bt.See("[role=status]", "Session scheduled for"), bt.See("[role=status]", "for Ines"), bt.FitsWidth(),
			bt.See("main", "10:00"), bt.See(`main a[href="https://video.example/olu-ines"]`, "video.example")),
		bt.Do("hold it with notes and progress",
			bt.Press(`main a[href^="/sessions/"]`), bt.At("/sessions/*"), bt.See("h1", "Session: Give clear feedback"),
			bt.See("dl.facts", "for Ines"), bt.HasValue("#m-time", "10:00"),
			bt.Fill("#m-notes", "Practised the feedback model on two real cases"),
			bt.Press(`form[action^="/sessions/"]:has(#m-notes) button[type=submit]`), bt.At("/sessions/*"),
			bt.See("[role=status]", "The session was saved."),
			bt.Fill("#m-held-progress", "40"),
			bt.Press(`form:has(input[name=status][value=completed]) button[type=submit]`), bt.At("/sessions/*"),
			bt.See("[role=status]", "The session is marked as held."), bt.See("dl.facts", "Completed"),
			bt.DontSee("main", "Mark as held"), bt.DontSee("main", "Cancel this session"),
			bt.HasValue("#m-notes", "Practised the feedback model on two real cases"), bt.HasValue("#m-progress_percent", "40")),
		bt.Do("update progress",
			bt.Press(`main a[href="`+page+`"]`), bt.At(page),
			bt.Fill("#p-progress_percent", "60"), bt.Fill("#p-progress_comment", "Gives feedback weekly now"),
			bt.Press(`form[action$="/progress"] button[type=submit]`), bt.At(page),
			bt.See("[role=status]", "Progress updated."), bt.See("main", "60")),
		bt.Do("close without an outcome: the problem shows at the top, the text is kept",
			bt.Click(`details#close > summary`), bt.Fill("#close-summary", "Feedback is now part of every 1:1"),
			bt.PressExpecting(`form[action$="/close"] button[type=submit]`, 422), bt.At(page+"/close"),
			bt.See("main > #error-summary:first-of-type", "Outcome"), focused("error-summary"),
			bt.HasValue("#close-summary", "Feedback is now part of every 1:1")),
		bt.Do("follow the summary's link to the outcome and close",
			bt.Click(`#error-summary a[href="#close-outcome"]`),
			bt.Click(`input[name=outcome][value=achieved]`),
			bt.Press(`form[action$="/close"] button[type=submit]`), bt.At(page),
			bt.See("[role=status]", "Engagement closed."), bt.See("main", "chieved"), bt.FitsWidth()),
	}}
}

func menteeFollowsTheirMentoring(w *world) bt.Journey {
	const zone = "Europe/Berlin"
	mentor := w.srv.seedPerson(w.t, w.token, map[string]any{"name": "Hana Mentor", "email": "hana.mentor@example.com",
		"password": "hana's long password", "seniority": 8, "timezone": zone})
	mentee := w.member("Leo Mentee", "leo.mentee@example.com", "leo's long password")
	prog := w.programme("Mentoring for new hires", "mentoring")
	var pairing struct{ ID int64 }
	w.srv.api(w.t, "POST", "/api/v1/pairings", w.token, map[string]any{"programme_id": prog, "mentor_id": mentor,
		"mentee_id": mentee, "started_on": day(zone, -30)}, &pairing, 201)
	// The mentor schedules a check-in in two days, through the API.
	at := time.Now().Add(48 * time.Hour).Truncate(time.Hour)
	w.srv.api(w.t, "POST", fmt.Sprintf("/api/v1/pairings/%d/checkins", pairing.ID), w.signIn("hana.mentor@example.com", "hana's long password"),
		map[string]any{"format": "formal", "scheduled_at": at.Format(time.RFC3339), "duration_minutes": 45, "location": "Cafe Lumen"}, nil, 201)
	page := fmt.Sprintf("/pairings/%d", pairing.ID)
	return bt.Journey{Name: "mentee follows their mentoring", Steps: []bt.Step{
		bt.Do("sign in as the mentee",
			bt.SignIn("leo.mentee@example.com", "leo's long password"), bt.At("/"),
			bt.See("h1", "Welcome, Leo Mentee"), bt.See("main", "Check-in with Hana Mentor"), bt.See("main", "My mentor")),
		bt.Do("see the agenda",
			bt.Press(`nav a[href="/agenda"]`), bt.At("/agenda"), bt.See("h1", "Agenda"),
			bt.See("main", "Check-in with Hana Mentor"), bt.See("main", "Cafe Lumen"), bt.See("main", at.In(mustZone(zone)).Format("15:04"))),
		bt.Do("add the agenda to their calendar from the agenda",
			bt.See("#addcal-h", "Add to my calendar"), bt.Press(`form[action="/settings/calendar"] button[type=submit]`), bt.At("/agenda"),
			bt.See("[role=status]", "Your calendar link is ready"), bt.See(".calendar-block", "Google Calendar"),
			bt.See(".calendar-block", "Outlook"), bt.See(".calendar-block", "Apple Calendar"),
			bt.See(`.calendar-block a[href^="webcal://"]`, "Subscribe"),
			bt.FetchLink(`.calendar-block a[href^="http"][href$=".ics"]`, 200, "BEGIN:VCALENDAR"), bt.FitsWidth()),
		bt.Do("log an informal check-in",
			bt.Press(`nav a[href="/"]`), bt.Press(`main a[href="`+page+`"]`), bt.At(page),
			bt.See("h1", "Hana Mentor mentoring Leo Mentee"),
			bt.Choose("#log-date", day(zone, -1)), bt.Choose("#log-time", "16:30"), bt.Fill("#log-duration_minutes", "20"),
			bt.Fill("#log-notes", "Coffee chat about the first sprint"),
			bt.Press(`form:has(input[name=format][value=informal]) button[type=submit]`), bt.At(page),
			bt.See("[role=status]", "The check-in was logged."), bt.See("main", "16:30")),
		bt.Do("their lists hold only their own relationships",
			bt.Press(`nav a[href="/pairings"]`), bt.At("/pairings"), bt.See("table", "Hana Mentor and Leo Mentee"),
			bt.DontSee("main", "New pairing"), bt.Press(`nav a[href="/engagements"]`), bt.At("/engagements"),
			bt.See("main", "No engagements match."), bt.FitsWidth()),
		bt.Do("open the calendar link from settings",
			bt.Press("header a.who"), bt.At("/settings"), bt.See("h2#calendar", "alendar"),
			bt.FetchLink(`main a[href$=".ics"]`, 200, "BEGIN:VCALENDAR"), bt.FitsWidth()),
	}}
}

// focused checks that the element with this id has the keyboard focus.
func focused(id string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		got, err := chromedp.Evaluate[string](`document.activeElement ? document.activeElement.id : ""`)(ctx, t)
		if err != nil {
			return chromedp.Void{}, err
		}
		if got != id {
			return chromedp.Void{}, fmt.Errorf("the focus is on %q; want #%s", got, id)
		}
		return chromedp.Void{}, nil
	}
}

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}
