package views_test

import (
	"context"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"cairn/domain"
)

// Script in a note or a name is shown as text outside the pages too: in
// emails (plain text only, headers on one line), in the .ics feed (escaped
// so no line can start a new property or event, no note text at all) and
// in CSV reports (formula cells neutralised, served as a download).

const (
	hostileNote    = `<script>alert("secret note")</script>`
	hostilePrivate = `<script>private secret</script>`
	// hostileLocation tries to end the LOCATION property and add others
	// with the separators a content line has (a line break is refused on
	// the way in: a location is one line).
	hostileLocation = "Room <b>1</b>; floor 2, \\ east:BEGIN:VEVENT;SUMMARY=injected"
)

// rename gives a person a name.
func (w *world) rename(p *domain.Person, name string) {
	w.t.Helper()
	up, err := w.e.svc.UpdatePerson(w.ctx(), w.asAdmin(), p.ID, domain.PersonPatch{Name: &name})
	w.must(err)
	*p = up
}

func TestScriptInNotesAndNamesIsTextInMailsFeedsAndCSV(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		w := newWorld(t, e)
		ctx := w.ctx()
		prog, err := e.svc.CreateProgramme(ctx, w.asAdmin(), domain.Programme{Name: "-2+3 mentoring", Kind: domain.KindMentoring})
		w.must(err)
		mentor, mentee := w.personAt("mentor", 7, false), w.personAt("mentee", 3, false)
		w.rename(&mentor, hostileName)
		w.rename(&mentee, `=HYPERLINK("http://evil.example","x")`)
		pairing, err := e.svc.CreatePairing(ctx, w.asAdmin(), domain.PairingInput{
			ProgrammeID: prog.ID, MentorID: mentor.ID, MenteeID: mentee.ID, StartedOn: domain.NewDate(2026, 2, 1), Focus: hostileNote})
		w.must(err)
		checkin, err := e.svc.CreateCheckin(ctx, domain.Actor{Person: mentor}, pairing.ID, domain.CheckinInput{
			Format: domain.FormatFormal, ScheduledAt: e.clock.Now().Add(30 * time.Hour), DurationMinutes: 30,
			Location: hostileLocation, Agenda: hostileNote, Notes: hostileNote, PrivateNotes: hostilePrivate})
		w.must(err)

		t.Run("reminder and invitation mails", func(t *testing.T) {
			start := e.clock.Now()
			e.clock.Advance(7 * time.Hour)
			_, err := e.svc.QueueDueReminders(ctx)
			w.must(err)
			e.deliver()
			e.clock.Set(start)
			invitee := w.person("invitee", false)
			w.rename(&invitee, hostileName)
			_, _, err = e.svc.InvitePerson(ctx, w.asAdmin(), invitee.ID)
			w.must(err)
			e.deliver()
			mails := append(e.mail.to(mentee.Email), e.mail.to(invitee.Email)...)
			if len(mails) < 2 {
				t.Fatalf("%d mails to the mentee and the invitee; want a reminder and an invitation", len(mails))
			}
			for _, m := range mails {
				if strings.ContainsAny(m.Subject, "\r\n") || strings.ContainsAny(m.ToName, "\r\n") {
					t.Errorf("a header spans lines: subject %q, to %q", m.Subject, m.ToName)
				}
				// Plain text: the name is there as typed, never a private note.
				if !strings.Contains(m.Text, hostileName) {
					t.Errorf("mail %q does not name the person as typed: %s", m.Subject, m.Text)
				}
				if strings.Contains(m.Text, "private secret") || strings.Contains(m.ICS, "private secret") {
					t.Errorf("mail %q carries a private note", m.Subject)
				}
				if m.ICS != "" {
					assertOneSafeEvent(t, "the mail's invite", m.ICS)
				}
			}
		})

		t.Run("calendar feed", func(t *testing.T) {
			u, err := e.svc.CalendarURL(ctx, domain.Actor{Person: mentee})
			w.must(err)
			resp, body := e.do(w.request("GET", u[strings.Index(u, "/calendar/"):], nil, nil))
			wantStatus(t, "feed", resp, body, 200)
			ev := assertOneSafeEvent(t, "the feed", body)
			if got := ev.GetProperty(ics.ComponentPropertySummary).Value; got != "Check-in with "+hostileName {
				t.Errorf("SUMMARY %q", got)
			}
			if want, err := e.svc.MeetingUID(context.Background(), checkin.ID); err != nil || ev.GetProperty(ics.ComponentPropertyUniqueId).Value != want {
				uid := ev.GetProperty(ics.ComponentPropertyUniqueId).Value
				t.Errorf("UID %q", uid)
			}
		})

		t.Run("pages", func(t *testing.T) {
			resp, body := e.do(w.request("GET", "/checkins/"+itoa(checkin.ID), &mentee, nil))
			wantStatus(t, "check-in page", resp, body, 200)
			if strings.Contains(body, "<script>alert") || strings.Contains(body, "<b>1</b>") {
				t.Errorf("the check-in page renders a note or location as markup: %.800s", body)
			}
			if !strings.Contains(body, "&lt;script&gt;alert(&#34;secret note&#34;)&lt;/script&gt;") {
				t.Errorf("the check-in page does not show the note as text")
			}
			if strings.Contains(body, "private secret") {
				t.Errorf("the mentee sees the mentor's private note")
			}
		})

		t.Run("CSV report", func(t *testing.T) {
			cprog, err := e.svc.CreateProgramme(ctx, w.asAdmin(), domain.Programme{Name: "@SUM(1+1) coaching", Kind: domain.KindCoaching})
			w.must(err)
			coach, coachee := w.personAt("extcoach", 8, true), w.personAt("coachee", 3, false)
			w.rename(&coach, "+cmd|' /C calc'!A0")
			w.rename(&coachee, "\t=1+1")
			_, err = e.svc.CreateEngagement(ctx, w.asAdmin(), domain.EngagementInput{
				ProgrammeID: cprog.ID, CoachID: coach.ID, CoacheeID: coachee.ID,
				Goal:     domain.Goal{Title: "=cmd()", Description: hostileNote, Area: domain.AreaWork, SuccessMeasure: "-1"},
				StartsOn: domain.NewDate(2026, 3, 1), EndsOn: domain.NewDate(2026, 6, 30), PlannedSessions: 4})
			w.must(err)
			for _, p := range []domain.Programme{prog, cprog} {
				resp, body := e.do(w.request("GET", "/api/v1/reports/programmes/"+itoa(p.ID)+".csv", &e.admin, nil))
				wantStatus(t, "report", resp, body, 200)
				if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
					t.Errorf("report served as %q", ct)
				}
				if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") {
					t.Errorf("report is not a download: %q", cd)
				}
				if strings.Contains(body, "secret note") || strings.Contains(body, "private secret") {
					t.Errorf("the report carries note text: %s", body)
				}
				rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
				if err != nil {
					t.Fatalf("report %d: %v", p.ID, err)
				}
				if len(rows) != 2 {
					t.Fatalf("report %d: %d rows, want a header and one relationship: %s", p.ID, len(rows), body)
				}
				for _, row := range rows {
					for _, cell := range row {
						if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
							t.Errorf("report %d: cell %q would run as a formula", p.ID, cell)
						}
					}
				}
				if !strings.Contains(body, "'"+p.Name) {
					t.Errorf("report %d: the programme name is not kept, neutralised: %s", p.ID, body)
				}
			}
		})
	})
}

// assertOneSafeEvent parses an iCalendar text and checks it holds exactly
// one event, that the hostile location came back as typed (escaped on the
// wire, so no line of it starts a property) and no note text is in it.
func assertOneSafeEvent(t *testing.T, where, text string) *ics.VEvent {
	t.Helper()
	cal, err := ics.ParseCalendar(strings.NewReader(text))
	if err != nil {
		t.Fatalf("%s does not parse: %v\n%s", where, err, text)
	}
	if n := len(cal.Events()); n != 1 {
		t.Fatalf("%s has %d events, want 1:\n%s", where, n, text)
	}
	for _, line := range strings.Split(text, "\r\n") {
		if strings.HasPrefix(line, "SUMMARY:injected") {
			t.Errorf("%s: the location started a property: %q", where, line)
		}
	}
	if strings.Contains(text, "secret note") || strings.Contains(text, "private secret") {
		t.Errorf("%s carries note text", where)
	}
	ev := cal.Events()[0]
	if loc := ev.GetProperty(ics.ComponentPropertyLocation); loc == nil || loc.Value != hostileLocation {
		t.Errorf("%s: LOCATION %v, want %q", where, loc, hostileLocation)
	}
	return ev
}
