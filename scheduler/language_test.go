package scheduler_test

import (
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"cairn/domain"
	"cairn/storage"
)

// A German mentor in Berlin and a Spanish mentee in Bogotá get the same
// reminder, each in their own language and zone, and the mail says which
// language it is in.
func TestRemindersSpeakTheRecipientsLanguage(t *testing.T) {
	each(t, func(t *testing.T, s *storage.Store) {
		f := newFixture(t, s)
		mentor, mentee := f.person("Ada Mentor", "Europe/Berlin"), f.person("Bo Mentee", "America/Bogota")
		for _, p := range []struct {
			who  *domain.Person
			lang string
		}{{&mentor, "de"}, {&mentee, "es"}} {
			tag := p.lang
			updated, err := f.svc.UpdatePerson(f.ctx, f.adminActor(), p.who.ID, domain.PersonPatch{Language: &tag})
			if err != nil || updated.Language != tag {
				t.Fatalf("language %s: %+v %v", tag, updated, err)
			}
			*p.who = updated
		}
		pairing := f.pairing(mentor, mentee, "2026-01-05", 14)
		at := time.Date(2026, 3, 5, 8, 0, 0, 0, time.UTC) // a Thursday: 09:00 in Berlin, 03:00 in Bogotá
		m := f.checkin(pairing, mentor, mentee, at, domain.FormatFormal)
		f.clock.Set(at.Add(-24 * time.Hour))
		if _, d := f.sweep(); d.Sent != 2 {
			t.Fatalf("sent %d, want 2", d.Sent)
		}
		want := map[string]struct {
			lang, subject, summary string
			lines                  []string
		}{
			mentor.Email: {"de", "Erinnerung: Check-in mit Bo Mentee am Do., 5. März 2026, 09:00 CET (Europe/Berlin)",
				"Check-in: Ada Mentor und Bo Mentee", []string{
					"Hallo Ada Mentor,\n\nIhr Check-in mit Bo Mentee beginnt in 24 Stunden.\n",
					"Wer:   Ada Mentor und Bo Mentee\n",
					"Wann:  Do., 5. März 2026, 09:00 CET (Europe/Berlin) (bei Bo 03:00 -05)\n",
					"Dauer: 45 Minuten\n",
					"Ort:   Room 4.2\n",
					"\n  Wir haben uns getroffen:         http://cairn.test/",
					"\n  Wir haben uns nicht getroffen:   http://cairn.test/",
				}},
			mentee.Email: {"es", "Recordatorio: reunión de seguimiento con Ada Mentor el jue, 5 mar 2026, 3:00 -05 (America/Bogota)",
				"Reunión de seguimiento: Ada Mentor y Bo Mentee", []string{
					"Hola, Bo Mentee:\n\nTu reunión de seguimiento con Ada Mentor empieza dentro de 24 horas.\n",
					"Quién:  Ada Mentor y Bo Mentee\n",
					"Cuándo: jue, 5 mar 2026, 3:00 -05 (America/Bogota) (9:00 CET para Ada)\n",
					"Duración: 45 minutos\n",
					"Dónde:  Room 4.2\n",
				}},
		}
		got := f.smtp.messages()
		for _, g := range got {
			g.Text = strings.ReplaceAll(g.Text, "\r\n", "\n") // as sent over SMTP
			w, ok := want[g.To]
			if !ok {
				t.Fatalf("a reminder to %s", g.To)
			}
			if g.Language != w.lang || g.Subject != w.subject {
				t.Errorf("to %s: Content-Language %q, subject %q; want %q, %q", g.To, g.Language, g.Subject, w.lang, w.subject)
			}
			for _, line := range w.lines {
				if !strings.Contains(g.Text, line) {
					t.Errorf("to %s: the text lacks %q:\n%s", g.To, line, g.Text)
				}
			}
			if strings.Contains(g.Text, "Hello") || strings.Contains(g.Text, "Details:") && w.lang == "es" {
				t.Errorf("to %s: English left in the text:\n%s", g.To, g.Text)
			}
			_, ev := invite(t, g)
			if s := eventProp(ev, ics.ComponentPropertySummary); s != w.summary {
				t.Errorf("to %s: invite summary %q, want %q", g.To, s, w.summary)
			}
		}
		notes := map[string]string{mentor.Email: "Check-in mit Bo Mentee in 24 Stunden", mentee.Email: "Reunión de seguimiento con Ada Mentor dentro de 24 horas"}
		for _, p := range []domain.Person{mentor, mentee} {
			ns, err := f.svc.ListNotifications(f.ctx, domain.Actor{Person: p}, 50, 0)
			if err != nil || len(ns) != 1 || ns[0].Subject != notes[p.Email] {
				t.Errorf("%s's notices: %+v %v", p.Name, ns, err)
			}
		}

		// The cancellation, too, goes out in each one's language.
		before := len(got)
		f.change(m, func(m *domain.Meeting) { m.Status = domain.StatusCancelled })
		if _, d := f.sweep(); d.Sent != 2 {
			t.Fatalf("cancellation: sent %d, want 2", d.Sent)
		}
		subjects := map[string]string{
			mentor.Email: "Abgesagt: Check-in mit Bo Mentee am Do., 5. März 2026, 09:00 CET (Europe/Berlin)",
			mentee.Email: "Cancelada: reunión de seguimiento con Ada Mentor el jue, 5 mar 2026, 3:00 -05 (America/Bogota)",
		}
		for _, g := range f.smtp.messages()[before:] {
			if g.Subject != subjects[g.To] || g.Language != want[g.To].lang {
				t.Errorf("cancellation to %s: %q in %q", g.To, g.Subject, g.Language)
			}
		}
	})
}

// Whoever chose no language reads the server's default, and the mail says
// so.
func TestRemindersWithoutALanguageAreInTheDefault(t *testing.T) {
	each(t, func(t *testing.T, s *storage.Store) {
		f := newFixture(t, s)
		mentor, mentee := f.person("Ada Mentor", "UTC"), f.person("Bo Mentee", "UTC")
		at := time.Date(2026, 3, 5, 8, 0, 0, 0, time.UTC)
		f.checkin(f.pairing(mentor, mentee, "2026-01-05", 14), mentor, mentee, at, domain.FormatFormal)
		f.clock.Set(at.Add(-time.Hour))
		if _, d := f.sweep(); d.Sent != 2 {
			t.Fatalf("sent %d, want 2", d.Sent)
		}
		for _, g := range f.smtp.messages() {
			if g.Language != "en" || !strings.HasPrefix(g.Subject, "Reminder: check-in with ") || !strings.Contains(g.Text, "is in 1 hour.") {
				t.Errorf("to %s: %q in %q\n%s", g.To, g.Subject, g.Language, g.Text)
			}
		}
	})
}
