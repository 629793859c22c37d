package domain

import (
	"context"
	"sort"
	"strings"
	"time"
)

// In-app notifications are written for the screen, not copied from the
// email: a short headline (Subject), one line of detail (Body) and the
// path of the object they are about (Link), which the page turns into a
// link. No greeting, no signature, no address to copy. Nobody is notified
// of their own action: the person whose change caused a notice gets no
// in-app entry for it.

// actingKey carries, inside a use case's transaction, who made the change
// the meeting hooks are reacting to.
type actingKey struct{}

// withActing marks ctx as carrying a change made by person id.
func withActing(ctx context.Context, id int64) context.Context {
	return context.WithValue(ctx, actingKey{}, id)
}

// actingPerson is the person whose change ctx carries, 0 when none (the
// scheduler, the system).
func actingPerson(ctx context.Context) int64 {
	id, _ := ctx.Value(actingKey{}).(int64)
	return id
}

// cancellationNotice is the in-app entry telling to, in their language
// w, that their meeting with other was cancelled; by is who cancelled it
// (0 or neither of them: an admin, or the relationship ending).
func cancellationNotice(w words, m Meeting, to, other Person, by int64) Notification {
	session := m.Kind == MeetingSession
	subject := w.T("inapp.cancelled", "Session", session, "Name", other.Name)
	if by == other.ID {
		subject = w.T("inapp.cancelled_by", "Session", session, "Name", other.Name)
	}
	return Notification{RecipientID: to.ID, Kind: string(OutboxCancellation), Subject: subject,
		Body: w.T("inapp.cancelled.body", "When", w.When(m.ScheduledAt, to.Location())+w.otherClockNote(m.ScheduledAt, to, other)),
		Link: MeetingPath(m.Kind, m.ID)}
}

// reminderNotice is the in-app entry reminding to, in their language w,
// of their meeting with other, offset before it.
func reminderNotice(w words, m Meeting, to, other Person, offset time.Duration) Notification {
	when := w.When(m.ScheduledAt, to.Location()) + w.otherClockNote(m.ScheduledAt, to, other)
	body := w.N("inapp.reminder.body", m.DurationMinutes, "When", when)
	if m.Location != "" {
		body = w.N("inapp.reminder.body_where", m.DurationMinutes, "When", when, "Where", m.Location)
	}
	return Notification{RecipientID: to.ID, Kind: string(OutboxReminder),
		Subject: w.T("inapp.reminder.subject", "Session", m.Kind == MeetingSession, "Name", other.Name, "In", w.duration(offset)),
		Body:    body, Link: MeetingPath(m.Kind, m.ID)}
}

// digestNotice is the in-app entry of an admin's daily flag summary, in
// their language w: how many, and each kind with the relationships it is
// about.
func digestNotice(w words, admin Person, fs []Flag) Notification {
	byKind := map[FlagKind][]string{}
	var kinds []FlagKind
	for _, f := range fs {
		if _, ok := byKind[f.Kind]; !ok {
			kinds = append(kinds, f.Kind)
		}
		byKind[f.Kind] = append(byKind[f.Kind], w.flagSubject(f))
	}
	sort.Slice(kinds, func(i, j int) bool { return kinds[i] < kinds[j] })
	parts := make([]string, 0, len(kinds))
	for _, k := range kinds {
		parts = append(parts, w.flagTitle(k)+": "+strings.Join(byKind[k], "; "))
	}
	return Notification{RecipientID: admin.ID, Kind: "flags",
		Subject: w.N("inapp.digest.subject", len(fs)), Body: strings.Join(parts, ". ") + ".", Link: "/flags"}
}
