package domain_test

import (
	"strings"
	"testing"
	"time"

	"cairn/domain"
)

// TestMailsSpeakTheRecipientsLanguage: the invitation, a nudge (mail and
// notice) and an action item's reminder go out in each recipient's
// language, whoever caused them.
func TestMailsSpeakTheRecipientsLanguage(t *testing.T) {
	w := newWorld(t)
	w.patchPerson(w.mentee, domain.PersonPatch{Language: ptr("de")})
	w.patchPerson(w.mentor, domain.PersonPatch{Language: ptr("fr")})
	mails := func(kind domain.OutboxKind) map[string]domain.OutboxMessage {
		ms, err := w.mem.Ports().Outbox.ListOutbox(w.ctx, domain.OutboxFilter{Limit: 50})
		w.must(err)
		out := map[string]domain.OutboxMessage{}
		for _, m := range ms {
			if m.Kind == kind {
				out[m.To] = m
			}
		}
		return out
	}

	_, _, err := w.svc.InvitePerson(w.ctx, w.admin, w.mentee.Person.ID)
	w.must(err)
	inv := mails("invite")["mentee@example.org"]
	if inv.Subject != "Ihre Einladung zu Cairn" || !strings.HasPrefix(inv.Text, "Hallo Milo Mentee,\n\nSie wurden zu Cairn eingeladen") ||
		!strings.HasSuffix(inv.Text, "\n\n-- Cairn\n") {
		t.Errorf("invitation: %q\n%s", inv.Subject, inv.Text)
	}

	w.must(w.svc.NudgePairing(w.ctx, w.admin, w.pairing.ID, "Bis bald"))
	nudges := mails(domain.OutboxNudge)
	for to, want := range map[string][2]string{
		"mentee@example.org": {"Zeit für einen Check-in mit Mona Mentor", "Planen Sie einen Check-in:\nhttps://cairn.test/pairings/"},
		"mentor@example.org": {"Il est temps de prévoir un point d'étape avec Milo Mentee", "Planifiez un point d'étape :\nhttps://cairn.test/pairings/"},
	} {
		if m := nudges[to]; m.Subject != want[0] || !strings.Contains(m.Text, want[1]) || !strings.Contains(m.Text, "Bis bald") {
			t.Errorf("nudge to %s: %q\n%s", to, m.Subject, m.Text)
		}
	}
	if ns := w.notices(w.mentor); len(ns) == 0 || ns[0].Subject != "Il est temps de prévoir un point d'étape avec Milo Mentee" ||
		!strings.HasSuffix(ns[0].Body, "Planifiez un point d'étape. Ada Admin écrit : Bis bald") {
		t.Errorf("the mentor's nudge notice: %+v", ns)
	}

	x := w.action(false) // the mentee's, due on Monday 9 March
	w.clock.Set(x.DueOn.Start(time.UTC).Add(9 * time.Hour))
	if _, err := w.svc.QueueDueReminders(w.ctx); err != nil {
		t.Fatal(err)
	}
	due := mails(domain.OutboxReminder)["mentee@example.org"]
	if due.Subject != "Heute fällig: Draft the team charter" ||
		!strings.Contains(due.Text, "Eine Aufgabe aus Ihrem Mentoring mit Mona Mentor ist heute fällig (Mo., 9. März 2026):\n\n  Draft the team charter\n") {
		t.Errorf("action item reminder: %q\n%s", due.Subject, due.Text)
	}
}

// The admins' daily flag digest, mail and notice, is in each admin's
// language.
func TestDigestSpeaksTheAdminsLanguage(t *testing.T) {
	w := newWorld(t)
	w.patchPerson(w.admin, domain.PersonPatch{Language: ptr("es")})
	w.clock.Set(start.Add(60 * 24 * time.Hour))
	if _, err := w.svc.SweepFlags(w.ctx); err != nil {
		t.Fatal(err)
	}
	ms, err := w.mem.Ports().Outbox.ListOutbox(w.ctx, domain.OutboxFilter{Limit: 50})
	w.must(err)
	var digest domain.OutboxMessage
	for _, m := range ms {
		if m.Kind == domain.OutboxDigest {
			digest = m
		}
	}
	if !strings.HasPrefix(digest.Subject, "Cairn: 1 alerta nueva por revisar (") ||
		!strings.HasPrefix(digest.Text, "Hola, Ada Admin:\n\nLa revisión diaria ha encontrado 1 alerta nueva:\n\n- ") ||
		!strings.Contains(digest.Text, "Todas las alertas abiertas: https://cairn.test/flags\n") ||
		!strings.Contains(digest.Text, ": Sesiones realizadas: 0 de 6, con el 50 % del tiempo transcurrido\n") {
		t.Errorf("digest: %q\n%s", digest.Subject, digest.Text)
	}
	if ns := w.notices(w.admin); len(ns) != 1 || ns[0].Subject != "1 alerta nueva por revisar" ||
		!strings.Contains(ns[0].Body, "Cora Coach y Cody Coachee") {
		t.Errorf("digest notice: %+v", ns)
	}
}
