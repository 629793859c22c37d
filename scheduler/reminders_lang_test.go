package scheduler_test

import (
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"cairn/domain"
	"cairn/domain/lang"
	"cairn/storage"
)

// A German mentor and a Spanish mentee of the same check-in each get its
// reminder in their own language and zone: the mail as delivered (subject,
// text, Content-Language, the invite's summary) and the in-app notice.
func TestReminderInEachRecipientsLanguage(t *testing.T) {
	cat, err := lang.Load(lang.Source)
	if err != nil {
		t.Fatal(err)
	}
	each(t, func(t *testing.T, s *storage.Store) {
		f := newFixture(t, s)
		mentor, mentee := f.person("Ada Mentor", "Europe/Berlin"), f.person("Bea Mentee", "America/Mexico_City")
		f.sql("UPDATE people SET language = ? WHERE id = ?", "de", mentor.ID)
		f.sql("UPDATE people SET language = ? WHERE id = ?", "es", mentee.ID)
		p := f.pairing(mentor, mentee, "2026-01-05", 14)
		at := start.Add(72 * time.Hour)
		m := f.checkin(p, mentor, mentee, at, domain.FormatFormal)
		f.clock.Set(at.Add(-24 * time.Hour))
		if r, d := f.sweep(); r.Queued != 2 || d.Sent != 2 {
			t.Fatalf("sweep: %+v %+v", r, d)
		}
		berlin, _ := time.LoadLocation("Europe/Berlin")
		mexico, _ := time.LoadLocation("America/Mexico_City")
		want := map[string]struct {
			lang, subject, summary string
			text                   []string
			notice                 string
			who                    domain.Person
		}{
			mentor.Email: {lang: "de", who: mentor,
				subject: "Erinnerung: Check-in mit Bea Mentee am " + cat.For("de").When(at, berlin) + " (Europe/Berlin)",
				summary: "Check-in: Ada Mentor und Bea Mentee",
				text: []string{"Hallo Ada Mentor,", "Ihr Check-in mit Bea Mentee beginnt in 24 Stunden.", "Dauer: 45 Minuten",
					"Ort:   Room 4.2", "Wir haben uns getroffen:"},
				notice: "Check-in mit Bea Mentee in 24 Stunden"},
			mentee.Email: {lang: "es", who: mentee,
				subject: "Recordatorio: reunión de seguimiento con Ada Mentor el " + cat.For("es").When(at, mexico) + " (America/Mexico_City)",
				summary: "Reunión de seguimiento: Ada Mentor y Bea Mentee",
				text: []string{"Hola, Bea Mentee:", "Tu reunión de seguimiento con Ada Mentor empieza dentro de 24 horas.",
					"Duración: 45 minutos", "Nos reunimos:"},
				notice: "Reunión de seguimiento con Ada Mentor dentro de 24 horas"},
		}
		got := f.smtp.messages()
		if len(got) != 2 {
			t.Fatalf("%d mails delivered, want 2", len(got))
		}
		for _, g := range got {
			w, ok := want[g.To]
			if !ok {
				t.Fatalf("a mail to %s", g.To)
			}
			if g.Language != w.lang || g.Subject != w.subject {
				t.Errorf("to %s: Content-Language %q, subject %q; want %q, %q", g.To, g.Language, g.Subject, w.lang, w.subject)
			}
			for _, line := range w.text {
				if !strings.Contains(g.Text, line) {
					t.Errorf("to %s: the text lacks %q:\n%s", g.To, line, g.Text)
				}
			}
			_, ev := invite(t, g)
			if s := eventProp(ev, ics.ComponentPropertySummary); s != w.summary {
				t.Errorf("to %s: invite summary %q, want %q", g.To, s, w.summary)
			}
			ns, err := f.svc.ListNotifications(f.ctx, domain.Actor{Person: w.who}, 50, 0)
			if err != nil || len(ns) != 1 || ns[0].Subject != w.notice || ns[0].Link != domain.MeetingPath(m.Kind, m.ID) {
				t.Errorf("%s's notification: %+v %v; want %q", w.who.Name, ns, err, w.notice)
			}
		}
	})
}
