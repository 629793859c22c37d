package views_test

import (
	"context"
	"net/url"
	"strings"
	"time"

	"cairn/domain"
)

// Fixtures and bodies for the access matrix rows of the features built after
// the foundation: programmes, pairings and check-ins, engagements and
// sessions, notifications and the outbox, imports, tokens and links. Each
// fixture makes fresh people, so no two requests share a relationship or
// clash in time.

// csvBody is a request body sent as text/csv.
type csvBody string

func (w *world) ctx() context.Context { return context.Background() }

func (w *world) asAdmin() domain.Actor { return domain.Actor{Person: w.e.admin} }

func (w *world) must(err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatal(err)
	}
}

// personAt adds a member of a seniority who can sign in.
func (w *world) personAt(prefix string, seniority int, external bool) domain.Person {
	w.t.Helper()
	n := w.seq.Add(1)
	p, err := w.e.svc.CreatePerson(w.ctx(), w.asAdmin(), domain.PersonInput{
		Name: prefix + " " + itoa(n), Email: prefix + itoa(n) + "@example.com", Seniority: seniority,
		Timezone: "Europe/Berlin", External: external, Password: worldPassword,
	})
	w.must(err)
	return p
}

func (w *world) programme(kind domain.ProgrammeKind) domain.Programme {
	w.t.Helper()
	p, err := w.e.svc.CreateProgramme(w.ctx(), w.asAdmin(), domain.Programme{Name: string(kind) + " " + w.unique(), Kind: kind})
	w.must(err)
	return p
}

// pairing is a fresh mentoring pairing of a fresh mentor and mentee.
func (w *world) pairing() (domain.Pairing, domain.Person, domain.Person) {
	w.t.Helper()
	prog := w.programme(domain.KindMentoring)
	mentor, mentee := w.personAt("mentor", 7, false), w.personAt("mentee", 3, false)
	p, err := w.e.svc.CreatePairing(w.ctx(), w.asAdmin(), domain.PairingInput{
		ProgrammeID: prog.ID, MentorID: mentor.ID, MenteeID: mentee.ID, StartedOn: domain.NewDate(2026, 2, 1)})
	w.must(err)
	return p, mentor, mentee
}

// checkin schedules a formal check-in of a fresh pairing, by its mentor, in
// after from the world's now.
func (w *world) checkin(after time.Duration) (domain.Meeting, domain.Person, domain.Person) {
	w.t.Helper()
	p, mentor, mentee := w.pairing()
	m, err := w.e.svc.CreateCheckin(w.ctx(), domain.Actor{Person: mentor}, p.ID, domain.CheckinInput{
		Format: domain.FormatFormal, ScheduledAt: w.e.clock.Now().Add(after), DurationMinutes: 30,
		Location: "Room 1", Agenda: "growth", Notes: "shared note"})
	w.must(err)
	return m, mentor, mentee
}

// engagement is a fresh coaching engagement whose coach is a fresh
// external coach.
func (w *world) engagement() (domain.Engagement, domain.Person, domain.Person) {
	w.t.Helper()
	prog := w.programme(domain.KindCoaching)
	coach, coachee := w.personAt("extcoach", 8, true), w.personAt("coachee", 3, false)
	e, err := w.e.svc.CreateEngagement(w.ctx(), w.asAdmin(), domain.EngagementInput{
		ProgrammeID: prog.ID, CoachID: coach.ID, CoacheeID: coachee.ID,
		Goal:     domain.Goal{Title: "Lead the team", Area: domain.AreaWork, SuccessMeasure: "runs planning"},
		StartsOn: domain.NewDate(2026, 3, 1), EndsOn: domain.NewDate(2026, 6, 30), PlannedSessions: 6})
	w.must(err)
	return e, coach, coachee
}

// aProgramme is a mentoring programme; its participant is the mentee of
// a pairing in it.
func aProgramme(w *world) object {
	p, _, mentee := w.pairing()
	return object{params: map[string]string{"id": itoa(p.ProgrammeID)}, participant: &mentee}
}

// aReport is the CSV report of a programme with a pairing.
func aReport(w *world) object {
	p, _, _ := w.pairing()
	return object{params: map[string]string{"file": itoa(p.ProgrammeID) + ".csv"}}
}

// aPairing's participant is its mentee.
func aPairing(w *world) object {
	p, _, mentee := w.pairing()
	return object{params: map[string]string{"id": itoa(p.ID)}, participant: &mentee}
}

// aCheckin is a formal check-in the mentor scheduled; its participant is
// the mentee.
func aCheckin(w *world) object {
	m, _, mentee := w.checkin(5 * 24 * time.Hour)
	return object{params: map[string]string{"id": itoa(m.ID)}, participant: &mentee}
}

// anEngagement's participant is its coachee; the coach role is its coach.
func anEngagement(w *world) object {
	e, coach, coachee := w.engagement()
	return object{params: map[string]string{"id": itoa(e.ID)}, participant: &coachee, coach: &coach}
}

// aSession is a session the coach scheduled; participant the coachee, the
// coach role its coach.
func aSession(w *world) object {
	e, coach, coachee := w.engagement()
	m, err := w.e.svc.ScheduleSession(w.ctx(), domain.Actor{Person: coach}, e.ID, domain.SessionInput{
		ScheduledAt: w.e.clock.Now().Add(3 * 24 * time.Hour), DurationMinutes: 60, Location: "Zoom", Notes: "session note"})
	w.must(err)
	return object{params: map[string]string{"id": itoa(m.ID)}, participant: &coachee, coach: &coach}
}

// reminded schedules a check-in 30 hours ahead and, 7 hours on, runs the
// reminder sweep and delivery, so its mentee has a notification, the outbox
// a row and the reminder mail "we met" links. The clock goes back after.
func (w *world) reminded() (mentee domain.Person, mail domain.Mail) {
	w.t.Helper()
	_, _, mentee = w.checkin(30 * time.Hour)
	now := w.e.clock.Now()
	w.e.clock.Advance(7 * time.Hour)
	_, err := w.e.svc.QueueDueReminders(w.ctx())
	w.must(err)
	w.e.deliver()
	w.e.clock.Set(now)
	mails := w.e.mail.to(mentee.Email)
	if len(mails) == 0 {
		w.t.Fatalf("no reminder mail to %s", mentee.Email)
	}
	return mentee, mails[len(mails)-1]
}

// aNotification is the mentee's reminder notification.
func aNotification(w *world) object {
	mentee, _ := w.reminded()
	ns, err := w.e.svc.ListNotifications(w.ctx(), domain.Actor{Person: mentee}, 10, 0)
	w.must(err)
	if len(ns) == 0 {
		w.t.Fatal("the reminder made no notification")
	}
	return object{params: map[string]string{"id": itoa(ns[0].ID)}, participant: &mentee}
}

// anOutboxRow is a delivered reminder (the outbox is the admins' only).
func anOutboxRow(w *world) object {
	w.reminded()
	ms, err := w.e.svc.ListOutbox(w.ctx(), w.asAdmin(), domain.OutboxFilter{Limit: 1})
	w.must(err)
	if len(ms) == 0 {
		w.t.Fatal("empty outbox")
	}
	return object{params: map[string]string{"id": itoa(ms[0].ID)}}
}

// aMeetingLink is the "we met" link of a reminder; whoever holds it may
// use it, signed in or not.
func aMeetingLink(w *world) object {
	_, mail := w.reminded()
	for _, line := range strings.Split(mail.Text, "\n") {
		if m := linkRe.FindStringSubmatch(line); m != nil && strings.Contains(line, "We met") {
			return object{params: map[string]string{"token": strings.TrimPrefix(m[1], "/m/")}}
		}
	}
	w.t.Fatalf("no we-met link in %q", mail.Text)
	return object{}
}

// anInvite is a fresh person's invitation token.
func anInvite(w *world) object {
	p := w.person("invitee", false)
	link, _, err := w.e.svc.InvitePerson(w.ctx(), w.asAdmin(), p.ID)
	w.must(err)
	return object{params: map[string]string{"token": link[strings.LastIndex(link, "/")+1:]}, participant: &p}
}

// aReset is a fresh person's password-reset token, read from the mail.
func aReset(w *world) object {
	p := w.person("resetter", false)
	w.must(w.e.svc.RequestPasswordReset(w.ctx(), p.Email))
	w.e.deliver()
	mails := w.e.mail.to(p.Email)
	if len(mails) == 0 {
		w.t.Fatal("no reset mail")
	}
	m := linkRe.FindStringSubmatch(mails[len(mails)-1].Text)
	if m == nil {
		w.t.Fatalf("no reset link in %q", mails[len(mails)-1].Text)
	}
	return object{params: map[string]string{"token": strings.TrimPrefix(m[1], "/reset/")}, participant: &p}
}

// aCalendarFeed is a person's private feed file; the token is the key.
func aCalendarFeed(w *world) object {
	_, _, mentee := w.checkin(4 * 24 * time.Hour)
	u, err := w.e.svc.CalendarURL(w.ctx(), domain.Actor{Person: mentee})
	w.must(err)
	return object{params: map[string]string{"file": u[strings.LastIndex(u, "/")+1:]}, participant: &mentee}
}

// unknownToken is a token no one was given.
func unknownToken(*world) object {
	return object{params: map[string]string{"token": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "file": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics"}}
}

// anAPIToken is a fresh person's API token; the participant is its owner.
func anAPIToken(w *world) object {
	p := w.person("holder", false)
	_, tok, err := w.e.svc.IssueAPIToken(w.ctx(), p, "laptop")
	w.must(err)
	return object{params: map[string]string{"id": itoa(tok.ID)}, participant: &p}
}

// aJob is the flag sweep.
func aJob(*world) object { return object{params: map[string]string{"job": "flags"}} }

// Bodies.

func programmeForm(w *world, _ object) any {
	return url.Values{"name": {"Form programme " + w.unique()}, "kind": {"mentoring"}, "description": {"d"}}
}

func programmeJSON(w *world, _ object) any {
	return map[string]any{"name": "Api programme " + w.unique(), "kind": "coaching"}
}

func descriptionJSON(*world, object) any { return map[string]any{"description": "changed"} }

// pairingIDs are a fresh programme, mentor and mentee for a new pairing.
func pairingIDs(w *world) (prog, mentor, mentee int64) {
	return w.programme(domain.KindMentoring).ID, w.personAt("mentor", 7, false).ID, w.personAt("mentee", 3, false).ID
}

func pairingForm(w *world, _ object) any {
	prog, mentor, mentee := pairingIDs(w)
	return url.Values{"programme_id": {itoa(prog)}, "mentor_id": {itoa(mentor)}, "mentee_id": {itoa(mentee)}, "started_on": {"2026-02-01"}}
}

func pairingJSON(w *world, _ object) any {
	prog, mentor, mentee := pairingIDs(w)
	return map[string]any{"programme_id": prog, "mentor_id": mentor, "mentee_id": mentee, "started_on": "2026-02-01"}
}

func focusJSON(*world, object) any { return map[string]any{"focus": "public speaking"} }

func pauseForm(*world, object) any { return url.Values{"action": {"pause"}} }

func checkinForm(*world, object) any {
	return url.Values{"format": {"formal"}, "date": {"2026-03-12"}, "time": {"10:00"}, "duration_minutes": {"30"}, "location": {"Cafe"}}
}

func checkinJSON(*world, object) any {
	return map[string]any{"format": "formal", "scheduled_at": "2026-03-12T10:00:00Z", "duration_minutes": 30}
}

func agendaForm(*world, object) any {
	// The time as the check-in has it (aCheckin: in five days, 10:00 in
	// Berlin), so only the text changes.
	return url.Values{"date": {"2026-03-07"}, "time": {"10:00"}, "duration_minutes": {"30"},
		"location": {"Room 2"}, "agenda": {"next steps"}, "notes": {"n"}, "private_notes": {"p"}}
}

func agendaJSON(*world, object) any { return map[string]any{"agenda": "next steps"} }

// engagementIDs are a fresh coaching programme, coach and coachee.
func engagementIDs(w *world) (prog, coach, coachee int64) {
	return w.programme(domain.KindCoaching).ID, w.personAt("extcoach", 8, true).ID, w.personAt("coachee", 3, false).ID
}

func engagementForm(w *world, _ object) any {
	prog, coach, coachee := engagementIDs(w)
	return url.Values{"programme_id": {itoa(prog)}, "coach_id": {itoa(coach)}, "coachee_id": {itoa(coachee)},
		"goal_title": {"Delegate"}, "goal_area": {"work"}, "success_measure": {"m"}, "starts_on": {"2026-03-01"},
		"ends_on": {"2026-06-30"}, "planned_sessions": {"6"}}
}

func engagementJSON(w *world, _ object) any {
	prog, coach, coachee := engagementIDs(w)
	return map[string]any{"programme_id": prog, "coach_id": coach, "coachee_id": coachee,
		"goal":      map[string]any{"title": "Delegate", "area": "work", "success_measure": "m"},
		"starts_on": "2026-03-01", "ends_on": "2026-06-30", "planned_sessions": 6}
}

func progressJSON(*world, object) any { return map[string]any{"progress_percent": 40} }

func progressForm(*world, object) any {
	return url.Values{"progress_percent": {"40"}, "progress_comment": {"steady"}}
}

func closeForm(*world, object) any { return url.Values{"outcome": {"achieved"}, "summary": {"done"}} }

func closeJSON(*world, object) any { return map[string]any{"outcome": "achieved", "summary": "done"} }

func cancelForm(*world, object) any {
	return url.Values{"reason": {"left the company"}, "confirmed": {"yes"}}
}

// confirmedForm ticks the box a rare action is confirmed with.
func confirmedForm(*world, object) any { return url.Values{"confirmed": {"yes"}} }

func cancelJSON(*world, object) any { return map[string]any{"reason": "left the company"} }

func sessionForm(*world, object) any {
	return url.Values{"date": {"2026-03-12"}, "time": {"15:00"}, "duration_minutes": {"60"}, "location": {"Zoom"}}
}

func sessionJSON(*world, object) any {
	return map[string]any{"scheduled_at": "2026-03-12T15:00:00Z", "duration_minutes": 60}
}

func locationJSON(*world, object) any { return map[string]any{"location": "Room 3"} }

func sessionEditForm(*world, object) any {
	// The time as the session has it (aSession: in three days, 10:00 in
	// Berlin), so only the text changes.
	return url.Values{"date": {"2026-03-05"}, "time": {"10:00"}, "duration_minutes": {"60"}, "status": {"scheduled"},
		"location": {"Room 3"}, "notes": {"n"}}
}

func profileForm(*world, object) any {
	return url.Values{"name": {"Renamed"}, "timezone": {"Europe/Paris"}}
}

func profileJSON(*world, object) any { return map[string]any{"timezone": "Europe/Paris"} }

// passwordForm changes the signed-in person's password; its current
// password depends on who that is.
func passwordForm(w *world, _ object, p *domain.Person) any {
	current := worldPassword
	if p != nil && p.ID == w.e.admin.ID {
		current = adminPassword
	}
	return url.Values{"current_password": {current}, "new_password": {"a new password 1"}, "confirm_password": {"a new password 1"}}
}

func tokenNameForm(*world, object) any { return url.Values{"name": {"script"}} }

func emailForm(w *world, _ object) any {
	return url.Values{"email": {w.person("forgetful", false).Email}}
}

func emailJSON(w *world, _ object) any {
	return map[string]any{"email": w.person("forgetful", false).Email}
}

func newPasswordForm(*world, object) any {
	return url.Values{"password": {"chosen password 1"}, "confirm_password": {"chosen password 1"}, "timezone": {"Europe/Berlin"}}
}

func peopleCSVBody(w *world, _ object) any {
	u := w.unique()
	return csvBody("name,email,job_title,department,seniority,timezone,external\nCsv " + u + ",csv" + u + "@example.com,Analyst,Ops,3,UTC,false\n")
}

func pairingsCSVBody(w *world, _ object) any {
	prog := w.programme(domain.KindMentoring)
	mentor, mentee := w.personAt("mentor", 7, false), w.personAt("mentee", 3, false)
	return csvBody(strings.Join(domain.PairingsCSVHeader, ",") + "\n" +
		itoa(prog.ID) + "," + mentor.Email + "," + mentee.Email + ",2026-02-01,,,\n")
}

func engagementsCSVBody(w *world, _ object) any {
	prog := w.programme(domain.KindCoaching)
	coach, coachee := w.personAt("extcoach", 8, true), w.personAt("coachee", 3, false)
	return csvBody(strings.Join(domain.EngagementsCSVHeader, ",") + "\n" +
		itoa(prog.ID) + "," + coach.Email + "," + coachee.Email + ",Delegate,,work,m,2026-03-01,2026-06-30,6\n")
}

// csvForm is an import preview form with the file pasted.
func csvForm(body func(*world, object) any) func(*world, object) any {
	return func(w *world, o object) any { return url.Values{"csv": {string(body(w, o).(csvBody))}} }
}

// heldImport is an import confirm form: the admin previewed the file.
func heldImport(kind string, body func(*world, object) any) func(*world, object) any {
	return func(w *world, o object) any {
		id, err := w.e.svc.HoldImport(w.ctx(), w.asAdmin(), kind, string(body(w, o).(csvBody)))
		w.must(err)
		return url.Values{"hold": {id}}
	}
}
