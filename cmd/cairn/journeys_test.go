package main

import (
	"testing"

	"cairn/storage/storagetest"
	bt "cairn/views/browsertest"
)

// Browser journeys: what a person does in Cairn, in headless Chromium
// against a real `cairn serve`. Every journey runs on SQLite and PostgreSQL,
// at 1280 px and on a 390 px wide phone screen, and every page a journey
// lands on passes axe-core, html-validate and the layout checks (see
// views/browsertest/checks.go). runPageVisits (journeys_pages_test.go)
// opens every page each role reaches.
//
// To add a journey, write a func that seeds what it needs through w (the
// JSON API, as an admin) and returns its steps, and list it in journeys.
// Steps are bt.Do(name, actions...); see views/browsertest for the actions.
var journeys = []func(w *world) bt.Journey{
	adminAddsAPerson,
	memberSeesTheirHome,
	wrongPasswordIsRefused,
	// The three role journeys (journeys_more_test.go).
	hrSetsUpProgrammes,
	coachRunsAnEngagement,
	menteeFollowsTheirMentoring,
	adminUploadsATooLargeFile, // journeys_upload_test.go
	hrActsOnAFlag,             // journeys_health_test.go
	mentorSetsARegularTime,    // journeys_series_test.go
	menteeAsksForAMentor,      // journeys_requests_test.go
}

// world is one running server and an admin token to seed data with. Each
// journey seeds its own people (distinct emails), so journeys do not depend
// on one another's order.
type world struct {
	t     *testing.T
	srv   *e2eServer
	token string
}

// member adds an active member who can sign in.
func (w *world) member(name, email, password string) int64 {
	return w.srv.seedPerson(w.t, w.token, map[string]any{
		"name": name, "email": email, "password": password, "seniority": 3,
		"timezone": "Europe/Berlin", "department": "Operations",
	})
}

func adminAddsAPerson(w *world) bt.Journey {
	return bt.Journey{Name: "admin adds a person", Steps: []bt.Step{
		bt.Do("sign in as the HR admin",
			bt.SignIn(w.srv.AdminEmail, w.srv.AdminPassword), bt.At("/"), bt.See("h1", "Welcome, Administrator")),
		bt.Do("open the add-person form",
			bt.Press(`nav a[href="/people"]`), bt.Press(`main a[href="/people/new"]`), bt.At("/people/new"), bt.See("h1", "New person")),
		bt.Do("fill in the form and save",
			bt.Fill("#name", "Noor Haddad"), bt.Fill("#email", "noor.haddad@example.com"),
			bt.Fill("#job_title", "Data analyst"), bt.Fill("#department", "Research"),
			bt.Choose("#seniority", "3"), bt.Fill("#timezone", "Europe/Amsterdam"),
			bt.Press(`main form button[type=submit]`),
			bt.At("/people/*"), bt.See("[role=status]", "Noor Haddad was added."), bt.See("dl.facts", "noor.haddad@example.com")),
		bt.Do("search the people list",
			bt.Press(`nav a[href="/people"]`), bt.At("/people"),
			bt.Fill("#q", "Research"), bt.Press(`form[role=search] button`),
			bt.See("table", "Noor Haddad"), bt.DontSee("table", w.srv.AdminEmail), bt.FitsWidth()),
		bt.Do("open the profile",
			bt.Press(`table tbody a[href^="/people/"]`), bt.At("/people/*"),
			bt.See("h1", "Noor Haddad"), bt.See("dl.facts", "Data analyst"), bt.See("dl.facts", "Europe/Amsterdam")),
		bt.Do("sign out", bt.SignOut()),
	}}
}

func memberSeesTheirHome(w *world) bt.Journey {
	w.member("Sam Okafor", "sam.okafor@example.com", "sam's long password")
	return bt.Journey{Name: "member sees their home", Steps: []bt.Step{
		bt.Do("sign in as a member",
			bt.SignIn("sam.okafor@example.com", "sam's long password"), bt.At("/"),
			bt.See("h1", "Welcome, Sam Okafor"), bt.See("header", "Sam Okafor"), bt.FitsWidth()),
		bt.Do("their home is their agenda and relationships, no admin actions",
			bt.See("main", "Coming up"), bt.See("main", "not in a mentoring or coaching relationship yet"),
			bt.DontSee("main", "Add a person"), bt.DontSee("main", "Active programmes")),
		bt.Do("open their own profile",
			bt.Press(`nav a[href="/people"]`), bt.Fill("#q", "Okafor"), bt.Press(`form[role=search] button`),
			bt.Press(`table a[href^="/people/"]`), bt.At("/people/*"),
			bt.See("h1", "Sam Okafor"), bt.See("dl.facts", "Operations"),
			// Their own mentoring profile is theirs to edit; the person
			// record (name, role, places) is HR's.
			bt.DontSee("main > .heading", "Edit"), bt.See("#profile-h + a", "Edit the profile")),
		bt.Do("sign out", bt.SignOut()),
	}}
}

func wrongPasswordIsRefused(w *world) bt.Journey {
	w.member("Lee Park", "lee.park@example.com", "lee's long password")
	return bt.Journey{Name: "wrong password is refused", Steps: []bt.Step{
		bt.Do("sign in with a wrong password",
			bt.Open("/login"), bt.Fill("#email", "lee.park@example.com"), bt.Fill("#password", "not the password"),
			bt.PressExpecting(`form[action="/login"] button[type=submit]`, 401),
			bt.At("/login"), bt.See("[role=alert]", "email or password is wrong"), bt.HasValue("#email", "lee.park@example.com")),
		bt.Do("the protected home still sends to sign-in",
			bt.Open("/"), bt.At("/login"), bt.See("h1", "Sign in")),
	}}
}

// runJourneys starts a server on the database and walks every journey in
// one browser.
func runJourneys(t *testing.T, databaseURL string, opts ...bt.Option) {
	bt.Require(t)
	srv := startServer(t, databaseURL, nil)
	w := &world{t: t, srv: srv, token: srv.adminToken(t)}
	b := bt.New(t, srv.URL, opts...)
	for _, j := range journeys {
		b.Run(j(w))
	}
}

func TestJourneys(t *testing.T) {
	for _, d := range storagetest.Dialects {
		t.Run(d, func(t *testing.T) {
			runJourneys(t, storagetest.URL(t, d))
			runPageVisits(t, storagetest.URL(t, d))
		})
	}
	t.Run("phone-390px", func(t *testing.T) {
		for _, d := range storagetest.Dialects {
			t.Run(d, func(t *testing.T) {
				runJourneys(t, storagetest.URL(t, d), bt.Viewport(390, 844))
				runPageVisits(t, storagetest.URL(t, d), bt.Viewport(390, 844))
			})
		}
	})
}
